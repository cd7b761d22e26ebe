// The exact semantic diff of two versions of a policy: every request shape
// (data, purpose, recipient, form) whose decision differs, for exactly which
// subjects, old → new, with the rules responsible in each version. Not a
// text diff: reordering, reformatting or rewording a rule changes nothing
// here; a one-word change to a condition shows the subjects it affects.
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "analysis/outcomes.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// A request shape by name: data, purpose, and recipient (empty for processing).
struct ShapeName {
  std::string data;
  std::string purpose;
  std::string recipient;
  friend auto operator<=>(const ShapeName&, const ShapeName&) = default;
};

/// A rule that differs between the versions (matched by `@id`, else by its text).
struct RuleChange {
  enum class Kind : std::uint8_t { changed, added, removed };
  Kind kind = Kind::changed;
  /// "rule `no-children` (§12) at file:40:1": where the new version has it,
  /// unless removed; the groups' causes name the rule by this label too.
  std::string label;
  std::string before_text;      ///< empty when added
  std::string after_text;       ///< empty when removed
  std::string rule_kind;        ///< allow, deny, share, deny share, retain or erase
  std::string before_location;  ///< "file:40:1" in the old version; empty when added
  std::string after_location;   ///< in the new version; empty when removed
};

/// One request shape's change, exactly: for these subjects, this outcome became that.
struct ShapeChange {
  ShapeName shape;
  Outcome before;
  Outcome after;
  std::string condition;  ///< filled when the diff was asked for details
};

/// Changes of one kind, caused by the same rule changes, over every request
/// shape they reach.
struct ChangeGroup {
  Effect before_effect = Effect::deny;
  Effect after_effect = Effect::deny;
  std::optional<Basis> before_basis;
  std::optional<Basis> after_basis;
  std::vector<std::string> causes;  ///< labels of the changed rules behind it (or "vocabulary changes")
  std::string condition;            ///< exactly the subjects (and forms) for whom some of its shapes change so
  std::vector<ShapeName> shapes;    ///< each request shape affected, once
  std::vector<std::string> variants;  ///< distinct "before -> after" outcomes in full (obligations, retention)
  std::vector<ShapeChange> details;   ///< per shape, when asked for

  /// Something denied before is allowed now.
  bool broadening() const { return before_effect == Effect::deny && after_effect == Effect::allow; }
  /// Something allowed before is denied now.
  bool narrowing() const { return before_effect == Effect::allow && after_effect == Effect::deny; }
};

/// Names declared in one version and not the other.
struct VocabularyChange {
  std::string kind;  ///< "data category", "purpose", "attribute", ...
  std::string name;
  bool added = true;
};

struct DiffResult {
  std::string before_name;
  std::string after_name;
  std::vector<RuleChange> rules;    ///< what was edited
  std::vector<ChangeGroup> groups;  ///< what it does: broadening first, then narrowing, then the rest
  std::vector<VocabularyChange> vocabulary;
  std::size_t shapes_compared = 0;  ///< request shapes whose rules differ and were analysed
  std::size_t shapes_changed = 0;   ///< of those, shapes with some changed decision

  bool broadening() const;
  bool empty() const { return groups.empty(); }
};

struct DiffOptions {
  bool details = false;  ///< describe every shape's change exactly (slower; for JSON)
};

/// Compares two checked versions of a policy.
DiffResult diff(const model::Model& before, const model::Model& after, const DiffOptions& options = {});

/// Request shapes summarised for people, one line per kind of question:
/// "140 processing requests: a, b (+3 more) for x, y".
std::vector<std::string> summarize_shapes(const std::vector<ShapeName>& shapes);

/// One line: how many changes, how many broaden, narrow or change terms.
std::string diff_summary(const DiffResult& result);

/// The diff as text for a terminal, or Markdown for a pull-request comment
/// (JSON is in json/diff_json.hpp).
std::string render_text(const DiffResult& result);
std::string render_markdown(const DiffResult& result);

}  // namespace proviso::analysis
