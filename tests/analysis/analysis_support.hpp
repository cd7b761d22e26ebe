// Shared by the analysis tests (diff, why-not, impact): reading a compiled
// decision as an analysis::Outcome, moving a request between two versions of
// a policy by names, and reading back the conditions the analyses print
// (analysis::describe_condition) so a test can evaluate them on a concrete
// request — and build a request that meets one. Compiling policies from text
// is in tests/support/policy_text.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/outcomes.hpp"
#include "compile/policy_data.hpp"
#include "eval/reference.hpp"
#include "model/model.hpp"
#include "proviso/policy.hpp"
#include "tests/support/policy_generator.hpp"

namespace proviso::testing {

/// How much work the property tests do: 1 normally, less under sanitizers;
/// PROVISO_ANALYSIS_SCALE (a number, e.g. 0.1 or 4) overrides it.
double analysis_scale();
/// `count` scaled, at least `minimum`.
std::uint64_t scaled(std::uint64_t count, std::uint64_t minimum = 1);

/// The model a compiled policy was built from.
inline const model::Model& model_of(const Policy& policy) { return policy.compiled().model; }

/// The compiled decision in the analyses' terms (effect, basis, sorted
/// obligation paths, the retention as analysis::Outcome words it).
analysis::Outcome outcome_of(const Decision& decision);

/// A subject, set by set, as leaf memberships: every set value expanded to
/// the leaves it covers (a set naming `c0` covers `c0.n0` and `c0.n1`), so
/// one leaf can be added or taken out.
struct PlainSubject {
  std::map<std::string, bool> flags;
  std::map<std::string, std::int64_t> integers;
  std::map<std::string, std::string> values;                 ///< enumerations
  std::map<std::string, std::set<std::string>> sets;         ///< leaf paths
  Form form = Form::identified;
};

/// A request by names: the shape and the subject.
struct PlainRequest {
  std::string data;
  std::string purpose;
  std::string recipient;  ///< empty: processing
  PlainSubject subject;   ///< every attribute given (defaults filled in)
};

/// The request in names, every attribute filled in (defaults included).
PlainRequest plain_request(const model::Model& model, const eval::ReferenceRequest& request);

/// The same request against `policy` (same names): compiled and reference
/// forms. Throws when a name is unknown there.
struct BoundRequest {
  Request compiled;
  std::unique_ptr<Subject> subject;
  eval::ReferenceRequest reference;
};
BoundRequest bind_request(const Policy& policy, const PlainRequest& request);

/// Sometimes (each with chance 0.3) puts the request's own data, purpose or
/// recipient into the sets of that kind, so `has this ...` tests are met.
void sometimes_this(const model::Model& model, Random& random, PlainRequest& request);

/// Decides a plain request against a policy.
Decision decide(const Policy& policy, const PlainRequest& request);

/// The request as the interface's JSON, for reproducers.
std::string plain_json(const PlainRequest& request);

/// A condition as describe_condition prints it, parsed.
class DescribedCondition {
 public:
  /// Parses the text; throws std::runtime_error when it cannot be read.
  explicit DescribedCondition(const std::string& text);

  /// True when some printed alternatives were cut short ("... or 3 other cases").
  bool truncated() const { return truncated_; }
  /// True when the request meets the condition; unknown when that depends
  /// on alternatives that were cut short.
  std::optional<bool> holds(const model::Model& model, const PlainRequest& request) const;
  /// Changes the request so it meets the first alternative (leaving what the
  /// alternative does not mention alone). False when it cannot.
  bool satisfy(const model::Model& model, PlainRequest& request) const;

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  bool truncated_ = false;
};

/// The leaves under a node of a vocabulary, as paths.
std::vector<std::string> leaves_under(const model::Vocabulary& vocabulary, const std::string& path);

// ---- mutating generated rules ------------------------------------------------

/// One access rule of a generated policy, in parts (see policy_generator.cpp).
struct AccessRuleText {
  std::string annotations;  ///< `@section("3") @id("r3")\n`
  std::string kind;         ///< allow, deny, share, deny share
  std::string data;
  std::string recipients;  ///< sharing rules
  std::string purposes;
  std::string basis;  ///< allow and share
  std::string when;
  std::string unless;
  std::string requiring;  ///< obligations, as written after `requiring`
  std::string text() const;
};

/// Splits a generated access rule; empty for retain / erase statements.
std::optional<AccessRuleText> parse_access_rule(const std::string& text);

}  // namespace proviso::testing
