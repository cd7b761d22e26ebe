// Explanations: for one request, every rule about its data and purpose and
// what became of it — decided, applied but lost (and to what), or did not
// apply (and which condition failed, with the subject's values). Computed
// with the reference interpreter, so an explanation is the semantics of
// docs/language.md spelled out, and checked against the compiled decision.
#pragma once

#include <string>
#include <vector>

#include "analysis/why_not.hpp"
#include "eval/reference.hpp"
#include "proviso/policy.hpp"

namespace proviso::eval {

/// What happened to one rule.
struct RuleOutcome {
  enum class Status : std::uint8_t {
    decided,          ///< the rule that decided
    applied,          ///< applied but another rule decided (an allow beaten by a deny, or a less specific one)
    not_applicable,   ///< covers the request but its condition did not hold
  };
  model::RuleIndex rule = 0;
  Status status = Status::not_applicable;
  std::string detail;  ///< one sentence: why
};

/// Everything `proviso explain` says about a request.
struct Explanation {
  Decision decision;                  ///< from the compiled policy
  std::string reason;                 ///< Policy::explain
  std::vector<RuleOutcome> rules;     ///< rules whose data, purposes (and recipients) cover the request
  std::size_t other_rules = 0;        ///< rules about other data, purposes or recipients
  std::vector<std::string> subject;   ///< "age = 34", "consents = {marketing} (default)", ...
  std::optional<analysis::WhyNot> why_not;  ///< on a deny: what would have to change
};

/// Explains how `policy` answers `request` (both forms of the same request).
Explanation explain(const Policy& policy, const Request& request, const ReferenceRequest& reference);

/// The explanation as text for legal staff: the decision, then each rule
/// with its outcome and its source line.
std::string render_explanation(const Policy& policy, const Request& request, const Explanation& explanation);

/// The source text of a location, on one line (whitespace runs collapsed).
std::string source_text(const source::SourceManager& sources, const source::Location& location);

/// Describes the value an attribute has in the request, e.g. "age = 34".
std::string describe_value(const model::Model& model, const ReferenceRequest& request, model::AttributeId attribute);

}  // namespace proviso::eval
