// The reference interpreter: decides a request from the checked Model
// directly, exactly as docs/language.md states the semantics, written to be
// obviously right rather than fast. It shares no code with the compiler or
// the hot path (not the tables, not the bit layout, not the precedence
// sort), so when the two agree on millions of random requests, both are
// right. `proviso explain` uses it too, to say why each rule did or did not
// apply.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <variant>
#include <vector>

#include "model/model.hpp"
#include "proviso/decision.hpp"

namespace proviso::eval {

/// A subject as plain values (defined with the Model, which tests also use).
using SubjectValues = model::SubjectValues;

/// A request in the Model's terms.
struct ReferenceRequest {
  model::NodeId data = model::no_node;       ///< a data leaf node
  model::NodeId purpose = model::no_node;    ///< a purpose leaf node
  model::NodeId recipient = model::no_node;  ///< a recipient leaf node, or no_node for processing
  Form form = Form::identified;
  SubjectValues subject;
};

/// What the reference interpreter decided.
struct ReferenceDecision {
  Effect effect = Effect::deny;
  Reason reason = Reason::default_deny;
  std::optional<model::RuleIndex> rule;
  std::optional<Basis> basis;
  std::set<model::NodeId> obligations;   ///< obligation leaf nodes
  std::optional<std::uint32_t> retention;  ///< index into Model::retentions (allows only)
};

/// Decides a request. The subject must give every attribute without a default.
ReferenceDecision reference_decide(const model::Model& model, const ReferenceRequest& request);

/// True when `guard` holds for the request.
bool guard_holds(const model::Model& model, const model::Guard& guard, const ReferenceRequest& request);

/// True when `expr` holds for the request.
bool expr_holds(const model::Model& model, const model::Expr& expr, const ReferenceRequest& request);

/// True when the rule's data, purposes (and recipients, for a sharing rule) cover the request.
bool rule_covers(const model::Model& model, const model::Rule& rule, const ReferenceRequest& request);

/// True when the rule is considered for this question: processing rules for
/// processing; share rules and every processing deny for sharing.
bool rule_considered(const model::Rule& rule, const ReferenceRequest& request);

/// The retention rule that applies to a datum, if any.
std::optional<std::uint32_t> reference_retention(const model::Model& model, const ReferenceRequest& request);

}  // namespace proviso::eval
