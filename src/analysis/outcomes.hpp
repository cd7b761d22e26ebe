// The decision for one request shape — a data leaf, a purpose leaf and
// perhaps a recipient leaf — as a function of the subject and the form: the
// subject space cut into regions, each with one outcome (allow or deny, the
// basis, the obligations, the retention) and the rules that produce it.
// Exact: built from the same BDD encoding as the lints. The diff, the
// why-not answers and the review report all read decisions this way.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/bdd.hpp"
#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// What a decision says, in names, so versions of a policy can be compared.
struct Outcome {
  Effect effect = Effect::deny;
  std::optional<Basis> basis;
  std::vector<std::string> obligations;  ///< obligation paths, sorted
  std::string retention;                 ///< e.g. "P7Y from collection"; empty when none applies

  friend bool operator==(const Outcome&, const Outcome&) = default;
  friend auto operator<=>(const Outcome&, const Outcome&) = default;

  /// "allow under consent, requiring pseudonymize, kept P3Y from collection", or "deny".
  std::string text() const;
};

/// Part of the subject space with one outcome.
struct Region {
  Outcome outcome;
  Bdd::Ref where = Bdd::zero;
  std::vector<model::RuleIndex> rules;  ///< the rules that decide it (none: the default deny)
};

/// A request shape in one version's terms (leaf indices).
struct Shape {
  std::uint32_t data = 0;
  std::uint32_t purpose = 0;
  std::uint32_t recipient = Binding::none;  ///< none: a processing question
};

/// The rules a request shape considers, in the order the engine decides by:
/// denies first, then allows; the most specific first; allows by basis; then as written.
std::vector<model::RuleIndex> considered_rules(const model::Model& model, const CellIndex& cells, const Shape& shape);

/// The outcomes of a request shape. Regions are disjoint, cover every
/// subject, and have distinct outcomes.
std::vector<Region> outcomes(Encoding& encoding, const model::Model& model, const CellIndex& cells,
                             const Shape& shape, std::size_t version = 0);

/// How a rule is named in reports: "rule `no-children` (§12) at file:12:1".
std::string rule_label(const model::Model& model, model::RuleIndex rule);

}  // namespace proviso::analysis
