// Rendering a diff for people (text, Markdown) and for tools (JSON).
// A reviewer should read a page, not a dump: each change is said once, with
// the request shapes it affects summarised.
#include <set>

#include "analysis/diff.hpp"

namespace proviso::analysis {
namespace {

constexpr std::size_t shown_names = 6;

std::string names_text(const std::set<std::string>& names) {
  std::string text;
  std::size_t count = 0;
  for (const std::string& name : names) {
    if (count == shown_names) break;
    text += (count++ ? ", " : "") + name;
  }
  if (names.size() > shown_names) text += " (+" + std::to_string(names.size() - shown_names) + " more)";
  return text;
}

}  // namespace

std::vector<std::string> summarize_shapes(const std::vector<ShapeName>& shapes) {
  std::vector<std::string> lines;
  for (const bool sharing : {false, true}) {
    std::set<std::string> data;
    std::set<std::string> purposes;
    std::set<std::string> recipients;
    std::size_t count = 0;
    for (const ShapeName& s : shapes) {
      if (s.recipient.empty() == sharing) continue;
      data.insert(s.data);
      purposes.insert(s.purpose);
      if (sharing) recipients.insert(s.recipient);
      ++count;
    }
    if (count == 0) continue;
    std::string line = std::to_string(count) + (sharing ? " sharing" : " processing") +
                       (count == 1 ? " request" : " requests") + ": " + names_text(data);
    if (sharing) line += " shared with " + names_text(recipients);
    line += " for " + names_text(purposes);
    lines.push_back(std::move(line));
  }
  return lines;
}

namespace {

std::string kind_of(const ChangeGroup& g) {
  if (g.broadening()) return "BROADENS";
  if (g.narrowing()) return "NARROWS";
  return "CHANGES";
}

std::string headline(Effect effect, const std::optional<Basis>& basis) {
  return effect == Effect::allow ? "allow under " + std::string(name_of(*basis)) : "deny";
}

// Where the old version had a changed rule, when that is not where the new
// version has it (the label says the new place).
std::string old_place(const RuleChange& change) {
  if (change.kind != RuleChange::Kind::changed || change.before_location == change.after_location) return {};
  return " (old version: " + change.before_location + ")";
}

std::string rule_change_kind(const RuleChange& change) {
  switch (change.kind) {
    case RuleChange::Kind::changed: return "changed";
    case RuleChange::Kind::added: return "added";
    case RuleChange::Kind::removed: return "removed";
  }
  return "changed";
}

constexpr std::size_t shown_variants = 4;

}  // namespace

std::string diff_summary(const DiffResult& result) {
  std::set<ShapeName> broadened;
  std::set<ShapeName> narrowed;
  for (const ChangeGroup& g : result.groups) {
    if (g.broadening()) broadened.insert(g.shapes.begin(), g.shapes.end());
    if (g.narrowing()) narrowed.insert(g.shapes.begin(), g.shapes.end());
  }
  if (result.groups.empty()) {
    return result.rules.empty() ? "no changes" : "rules were edited, but no decision changes";
  }
  return std::to_string(result.shapes_changed) +
         (result.shapes_changed == 1 ? " kind of request decides" : " kinds of request decide") +
         " differently for some subjects: " +
         std::to_string(broadened.size()) + " are now allowed where they were denied, " +
         std::to_string(narrowed.size()) + " denied where they were allowed";
}

std::string render_text(const DiffResult& result) {
  std::string out = "proviso diff: " + diff_summary(result) + "\n";
  if (!result.rules.empty()) out += "\nrules edited:\n";
  for (const RuleChange& change : result.rules) {
    out += "  " + rule_change_kind(change) + " " + change.label + old_place(change) + "\n";
    if (!change.before_text.empty()) out += "    - " + change.before_text + "\n";
    if (!change.after_text.empty()) out += "    + " + change.after_text + "\n";
  }
  if (!result.vocabulary.empty()) out += "\nvocabulary:\n";
  for (const VocabularyChange& v : result.vocabulary) {
    out += std::string(v.added ? "  + " : "  - ") + v.kind + " `" + v.name + "`\n";
  }
  for (const ChangeGroup& g : result.groups) {
    out += "\n" + kind_of(g) + "  " + headline(g.before_effect, g.before_basis) + "  ->  " +
           headline(g.after_effect, g.after_basis) + "  (" + std::to_string(g.shapes.size()) +
           (g.shapes.size() == 1 ? " kind" : " kinds") + " of request)\n";
    for (std::size_t i = 0; i < g.causes.size(); ++i) out += std::string(i ? "           " : "  because  ") + g.causes[i] + "\n";
    out += "  when     " + g.condition + "\n";
    const auto lines = summarize_shapes(g.shapes);
    for (std::size_t i = 0; i < lines.size(); ++i) out += std::string(i ? "           " : "  for      ") + lines[i] + "\n";
    for (std::size_t i = 0; i < g.variants.size() && i < shown_variants; ++i) {
      out += std::string(i ? "           " : "  as       ") + g.variants[i] + "\n";
    }
    if (g.variants.size() > shown_variants) {
      out += "           (+" + std::to_string(g.variants.size() - shown_variants) + " more variants; --format json lists them all)\n";
    }
  }
  return out;
}

std::string render_markdown(const DiffResult& result) {
  std::string out = "### Policy changes: " + diff_summary(result) + "\n\n";
  if (!result.rules.empty()) {
    out += "**Rules edited**\n\n";
    for (const RuleChange& change : result.rules) {
      out += "- " + rule_change_kind(change) + " " + change.label + old_place(change) + "\n";
      if (!change.before_text.empty() || !change.after_text.empty()) {
        out += "  ```diff\n";
        if (!change.before_text.empty()) out += "  - " + change.before_text + "\n";
        if (!change.after_text.empty()) out += "  + " + change.after_text + "\n";
        out += "  ```\n";
      }
    }
    out += "\n";
  }
  if (!result.vocabulary.empty()) {
    out += "**Vocabulary:** ";
    for (std::size_t i = 0; i < result.vocabulary.size(); ++i) {
      const VocabularyChange& v = result.vocabulary[i];
      out += (i ? ", " : "") + std::string(v.added ? "added " : "removed ") + v.kind + " `" + v.name + "`";
    }
    out += "\n\n";
  }
  for (const ChangeGroup& g : result.groups) {
    const std::string icon = g.broadening() ? "⚠️ " : "";
    out += "#### " + icon + kind_of(g) + ": " + headline(g.before_effect, g.before_basis) + " → " +
           headline(g.after_effect, g.after_basis) + " (" + std::to_string(g.shapes.size()) +
           (g.shapes.size() == 1 ? " kind" : " kinds") + " of request)\n\n";
    out += "- **Because:** ";
    for (std::size_t i = 0; i < g.causes.size(); ++i) out += (i ? "; " : "") + g.causes[i];
    out += "\n- **When:** `" + g.condition + "`\n";
    for (const std::string& line : summarize_shapes(g.shapes)) out += "- **For:** " + line + "\n";
    for (std::size_t i = 0; i < g.variants.size() && i < shown_variants; ++i) out += "- **As:** " + g.variants[i] + "\n";
    if (g.variants.size() > shown_variants) {
      out += "- (+" + std::to_string(g.variants.size() - shown_variants) + " more variants)\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace proviso::analysis
