#include "analysis/diff.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "analysis/condition_text.hpp"
#include "analysis/model_text.hpp"

namespace proviso::analysis {
namespace {

constexpr std::uint32_t missing = UINT32_MAX;

// The leaves of one vocabulary across both versions, matched by path.
struct LeafMap {
  std::vector<std::string> names;
  std::vector<std::uint32_t> before;  // leaf index in the old version, or missing
  std::vector<std::uint32_t> after;

  LeafMap(const model::Vocabulary& old_vocabulary, const model::Vocabulary& new_vocabulary) {
    std::unordered_map<std::string, std::size_t> index;
    const auto add = [&](const model::Vocabulary& vocabulary, bool is_new) {
      for (std::uint32_t leaf = 0; leaf < vocabulary.leaf_count(); ++leaf) {
        const std::string& name = vocabulary.node(vocabulary.leaf_node(leaf)).path;
        auto [it, inserted] = index.try_emplace(name, names.size());
        if (inserted) {
          names.push_back(name);
          before.push_back(missing);
          after.push_back(missing);
        }
        (is_new ? after : before)[it->second] = leaf;
      }
    };
    add(new_vocabulary, true);
    add(old_vocabulary, false);
  }
};

// What a version's rules say about one (data, purpose) cell, as text keys;
// equal keys in both versions mean equal decisions there.
class CellKeys {
 public:
  CellKeys(const model::Model& model, const CellIndex& cells) : model_(model), cells_(cells) {
    for (const model::Rule& rule : model.rules) rule_hashes_.push_back(hash_(rule_text(model, rule)));
    std::vector<std::size_t> retention_hashes;
    for (const model::Retention& r : model.retentions) retention_hashes.push_back(hash_(retention_text(model, r)));
    leaf_hashes_.assign(model.data().leaf_count(), 0);
    for (std::uint32_t leaf = 0; leaf < model.data().leaf_count(); ++leaf) {
      std::vector<std::size_t> hashes;
      for (const std::uint32_t i : cells.retentions(leaf)) hashes.push_back(retention_hashes[i]);
      std::sort(hashes.begin(), hashes.end());
      leaf_hashes_[leaf] = combine(hashes);
    }
  }

  std::size_t key(std::uint32_t data, std::uint32_t purpose) const {
    std::vector<std::size_t> hashes;
    for (const model::RuleIndex r : cells_.processing(data, purpose)) hashes.push_back(rule_hashes_[r]);
    for (const model::RuleIndex r : cells_.sharing(data, purpose)) hashes.push_back(rule_hashes_[r] * 31 + 7);
    std::sort(hashes.begin(), hashes.end());
    hashes.push_back(leaf_hashes_[data]);
    return combine(hashes);
  }

  bool has_sharing(std::uint32_t data, std::uint32_t purpose) const { return !cells_.sharing(data, purpose).empty(); }

 private:
  static std::size_t combine(const std::vector<std::size_t>& hashes) {
    std::size_t h = 0xcbf29ce484222325ull;
    for (const std::size_t x : hashes) h = (h ^ x) * 0x100000001b3ull;
    return h;
  }
  const model::Model& model_;
  const CellIndex& cells_;
  std::hash<std::string> hash_;
  std::vector<std::size_t> rule_hashes_;
  std::vector<std::size_t> leaf_hashes_;
};

// Rules are matched across versions by `@id`, else by their text: a rule
// whose text is found in the other version is unchanged wherever it moved.
// An edited rule has one label everywhere in the report: the new version's
// when it is there (changed or added), the old version's when removed.
struct Edited {
  std::vector<std::string> before;  // per old item: its label when edited or removed, else empty
  std::vector<std::string> after;   // per new item: its label when edited or added, else empty
};

struct RuleMatch {
  Edited rules;
  Edited retentions;
  std::vector<RuleChange> changes;
};

std::string retention_label(const model::Model& model, std::uint32_t index) {
  const model::Provenance& p = model.retentions[index].provenance;
  std::string label = p.id.empty() ? "retention rule" : "retention rule `" + p.id + "`";
  if (!p.section.empty()) label += " (\xC2\xA7" + p.section + ")";
  return label + " at " + model.sources->describe(p.location);
}

std::string erasure_label(const model::Model& model, std::uint32_t index) {
  const model::Provenance& p = model.erasures[index].provenance;
  std::string label = p.id.empty() ? "erasure rule" : "erasure rule `" + p.id + "`";
  if (!p.section.empty()) label += " (\xC2\xA7" + p.section + ")";
  return label + " at " + model.sources->describe(p.location);
}

std::string erasure_text(const model::Model& model, const model::Erasure& e) {
  std::string text = "erase " + selection_text(model.data(), e.data) + " within " + e.within + " after " +
                     model.events().node(e.event).path;
  if (!e.store.empty()) text += " in " + e.store;
  const std::string guard = guard_text(model, e.guard);
  return guard.empty() ? text : text + " " + guard;
}

std::string rule_kind(const model::Rule& rule) {
  if (rule.sharing) return rule.effect == Effect::allow ? "share" : "deny share";
  return rule.effect == Effect::allow ? "allow" : "deny";
}

// Matches items of two versions by `@id`, else by text; reports the
// changed, added and removed ones and labels them.
template <typename Items, typename Text, typename Label, typename Kind>
void match_items(const model::Model& before, const Items& old_items, const model::Model& after,
                 const Items& new_items, Text text, Label label, Kind kind, Edited& edited,
                 std::vector<RuleChange>& changes) {
  edited.before.assign(old_items.size(), {});
  edited.after.assign(new_items.size(), {});
  const auto at = [](const model::Model& m, const auto& item) { return m.sources->describe(item.provenance.location); };
  std::multimap<std::string, std::size_t> new_by_text;
  std::map<std::string, std::size_t> new_by_id;
  for (std::size_t i = 0; i < new_items.size(); ++i) {
    new_by_text.emplace(text(after, new_items[i]), i);
    if (!new_items[i].provenance.id.empty()) new_by_id.emplace(new_items[i].provenance.id, i);
  }
  std::vector<bool> matched(new_items.size(), false);
  for (std::size_t i = 0; i < old_items.size(); ++i) {
    const std::string old_text = text(before, old_items[i]);
    const std::string& id = old_items[i].provenance.id;
    if (!id.empty()) {
      if (const auto found = new_by_id.find(id); found != new_by_id.end()) {
        const std::size_t j = found->second;
        matched[j] = true;
        const std::string now = text(after, new_items[j]);
        if (now != old_text) {
          edited.before[i] = edited.after[j] = label(after, j);
          changes.push_back({RuleChange::Kind::changed, edited.after[j], old_text, now, kind(new_items[j]),
                             at(before, old_items[i]), at(after, new_items[j])});
        }
        continue;
      }
    }
    bool found_text = false;
    for (auto [it, end] = new_by_text.equal_range(old_text); it != end; ++it) {
      if (!matched[it->second]) {
        matched[it->second] = true;
        found_text = true;
        break;
      }
    }
    if (!found_text) {
      edited.before[i] = label(before, i);
      changes.push_back({RuleChange::Kind::removed, edited.before[i], old_text, {}, kind(old_items[i]),
                         at(before, old_items[i]), {}});
    }
  }
  for (std::size_t i = 0; i < new_items.size(); ++i) {
    if (matched[i]) continue;
    edited.after[i] = label(after, i);
    changes.push_back({RuleChange::Kind::added, edited.after[i], {}, text(after, new_items[i]), kind(new_items[i]), {},
                       at(after, new_items[i])});
  }
}

RuleMatch match_rules(const model::Model& before, const model::Model& after) {
  RuleMatch match;
  match_items(before, before.rules, after, after.rules,
              [](const model::Model& m, const model::Rule& r) { return rule_text(m, r); },
              [](const model::Model& m, std::size_t i) { return rule_label(m, static_cast<model::RuleIndex>(i)); },
              [](const model::Rule& r) { return rule_kind(r); }, match.rules, match.changes);
  match_items(before, before.retentions, after, after.retentions,
              [](const model::Model& m, const model::Retention& r) { return retention_text(m, r); },
              [](const model::Model& m, std::size_t i) { return retention_label(m, static_cast<std::uint32_t>(i)); },
              [](const model::Retention&) { return std::string("retain"); }, match.retentions, match.changes);
  Edited erasures;
  match_items(before, before.erasures, after, after.erasures,
              [](const model::Model& m, const model::Erasure& e) { return erasure_text(m, e); },
              [](const model::Model& m, std::size_t i) { return erasure_label(m, static_cast<std::uint32_t>(i)); },
              [](const model::Erasure&) { return std::string("erase"); }, erasures, match.changes);
  return match;
}

void vocabulary_changes(const model::Model& before, const model::Model& after, DiffResult& result) {
  static const char* nouns[] = {"data category", "purpose", "recipient", "consent", "obligation", "event"};
  for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) {
    const model::Vocabulary& a = before.vocabularies[k];
    const model::Vocabulary& b = after.vocabularies[k];
    for (const model::Node& node : b.nodes()) {
      if (!a.find(node.path) && !node.builtin) result.vocabulary.push_back({nouns[k], node.path, true});
    }
    for (const model::Node& node : a.nodes()) {
      if (!b.find(node.path) && !node.builtin) result.vocabulary.push_back({nouns[k], node.path, false});
    }
  }
  for (const model::Attribute& attribute : after.attributes) {
    if (!before.attribute(attribute.name)) result.vocabulary.push_back({"subject attribute", attribute.name, true});
  }
  for (const model::Attribute& attribute : before.attributes) {
    if (!after.attribute(attribute.name)) result.vocabulary.push_back({"subject attribute", attribute.name, false});
  }
}

}  // namespace

bool DiffResult::broadening() const {
  return std::any_of(groups.begin(), groups.end(), [](const ChangeGroup& g) { return g.broadening(); });
}

DiffResult diff(const model::Model& before, const model::Model& after, const DiffOptions& options) {
  DiffResult result;
  result.before_name = before.name;
  result.after_name = after.name;
  vocabulary_changes(before, after, result);
  const RuleMatch match = match_rules(before, after);
  result.rules = match.changes;

  const CellIndex before_cells(before);
  const CellIndex after_cells(after);
  const CellKeys before_keys(before, before_cells);
  const CellKeys after_keys(after, after_cells);
  const LeafMap data(before.data(), after.data());
  const LeafMap purposes(before.purposes(), after.purposes());
  const LeafMap recipients(before.recipients(), after.recipients());

  Bdd bdd;
  const std::vector<const model::Model*> versions{&before, &after};
  Encoding encoding(versions, bdd);

  // Groups are keyed by what changed (effect and basis, before and after)
  // and why (the edited rules involved); each keeps the union of affected
  // subjects, the shapes, and the full outcomes seen.
  struct Accumulator {
    Bdd::Ref where = Bdd::zero;
    std::set<ShapeName> shapes;
    std::set<std::string> variants;
  };
  using GroupKey = std::tuple<int, int, int, int, std::vector<std::string>>;
  std::map<GroupKey, std::size_t> index;
  std::vector<Accumulator> accumulators;

  // The edited rules behind a change of one shape (`shapes[v]` in version
  // v's leaves, or nullopt where the version does not know the shape).
  const auto causes = [&](const Region& a, const Region& b, std::uint32_t d0, std::uint32_t d1,
                          const std::array<std::optional<Shape>, 2>& shapes) {
    std::set<std::string> labels;
    for (const model::RuleIndex r : a.rules) {
      if (!match.rules.before[r].empty()) labels.insert(match.rules.before[r]);
    }
    for (const model::RuleIndex r : b.rules) {
      if (!match.rules.after[r].empty()) labels.insert(match.rules.after[r]);
    }
    // A changed retention: the edited retention rules about this data.
    if (a.outcome.retention != b.outcome.retention) {
      if (d0 != missing) {
        for (const std::uint32_t i : before_cells.retentions(d0)) {
          if (!match.retentions.before[i].empty()) labels.insert(match.retentions.before[i]);
        }
      }
      if (d1 != missing) {
        for (const std::uint32_t i : after_cells.retentions(d1)) {
          if (!match.retentions.after[i].empty()) labels.insert(match.retentions.after[i]);
        }
      }
    }
    // No edited rule decides either side: the edited rules the shape
    // considers (an allow that does not decide still adds its obligations).
    if (labels.empty()) {
      if (shapes[0]) {
        for (const model::RuleIndex r : considered_rules(before, before_cells, *shapes[0])) {
          if (!match.rules.before[r].empty()) labels.insert(match.rules.before[r]);
        }
      }
      if (shapes[1]) {
        for (const model::RuleIndex r : considered_rules(after, after_cells, *shapes[1])) {
          if (!match.rules.after[r].empty()) labels.insert(match.rules.after[r]);
        }
      }
    }
    if (labels.empty()) labels.insert("changes elsewhere (vocabulary, precedence or retention)");
    return std::vector<std::string>(labels.begin(), labels.end());
  };

  // Outcomes of a shape in one version; a shape the version does not know
  // (a name it does not declare) is denied there: no request can be allowed.
  const auto version_outcomes = [&](const model::Model& model, const CellIndex& cells, std::size_t version,
                                    std::uint32_t d, std::uint32_t p, std::uint32_t r, bool sharing) {
    if (d == missing || p == missing || (sharing && r == missing)) {
      return std::vector<Region>{Region{Outcome{}, encoding.valid(), {}}};
    }
    return outcomes(encoding, model, cells, Shape{d, p, sharing ? r : Binding::none}, version);
  };

  for (std::size_t di = 0; di < data.names.size(); ++di) {
    const std::uint32_t d0 = data.before[di];
    const std::uint32_t d1 = data.after[di];
    for (std::size_t pi = 0; pi < purposes.names.size(); ++pi) {
      const std::uint32_t p0 = purposes.before[pi];
      const std::uint32_t p1 = purposes.after[pi];
      const bool known0 = d0 != missing && p0 != missing;
      const bool known1 = d1 != missing && p1 != missing;
      // A cell both versions know, with the same rules, decides the same.
      if (known0 && known1 && before_keys.key(d0, p0) == after_keys.key(d1, p1)) continue;
      // A cell neither version has rules for decides nothing either way.
      const bool rules0 = known0 && (!before_cells.processing(d0, p0).empty() || before_keys.has_sharing(d0, p0));
      const bool rules1 = known1 && (!after_cells.processing(d1, p1).empty() || after_keys.has_sharing(d1, p1));
      if (!rules0 && !rules1) continue;

      // The processing question, then the sharing question for every recipient.
      for (std::size_t ri = 0; ri <= recipients.names.size(); ++ri) {
        const bool sharing = ri < recipients.names.size();
        const std::uint32_t r0 = sharing ? recipients.before[ri] : missing;
        const std::uint32_t r1 = sharing ? recipients.after[ri] : missing;
        const ShapeName shape{data.names[di], purposes.names[pi], sharing ? recipients.names[ri] : std::string()};
        ++result.shapes_compared;
        const auto known = [&](std::uint32_t d, std::uint32_t p, std::uint32_t r) -> std::optional<Shape> {
          if (d == missing || p == missing || (sharing && r == missing)) return std::nullopt;
          return Shape{d, p, sharing ? r : Binding::none};
        };
        const std::array<std::optional<Shape>, 2> shapes{known(d0, p0, r0), known(d1, p1, r1)};
        const auto old_regions = version_outcomes(before, before_cells, 0, d0, p0, r0, sharing);
        const auto new_regions = version_outcomes(after, after_cells, 1, d1, p1, r1, sharing);
        bool changed = false;
        for (const Region& a : old_regions) {
          for (const Region& b : new_regions) {
            if (a.outcome == b.outcome) continue;
            const Bdd::Ref where = bdd.conjoin(a.where, b.where);
            if (!encoding.possible(where)) continue;
            changed = true;
            const auto basis_key = [](const Outcome& o) { return o.basis ? static_cast<int>(*o.basis) : -1; };
            GroupKey key{static_cast<int>(a.outcome.effect), basis_key(a.outcome), static_cast<int>(b.outcome.effect),
                         basis_key(b.outcome), causes(a, b, d0, d1, shapes)};
            auto [it, inserted] = index.try_emplace(key, result.groups.size());
            if (inserted) {
              ChangeGroup group;
              group.before_effect = a.outcome.effect;
              group.after_effect = b.outcome.effect;
              group.before_basis = a.outcome.basis;
              group.after_basis = b.outcome.basis;
              group.causes = std::get<4>(key);
              result.groups.push_back(std::move(group));
              accumulators.emplace_back();
            }
            Accumulator& accumulator = accumulators[it->second];
            accumulator.where = bdd.disjoin(accumulator.where, where);
            accumulator.shapes.insert(shape);
            accumulator.variants.insert(a.outcome.text() + "  ->  " + b.outcome.text());
            if (options.details) {
              result.groups[it->second].details.push_back({shape, a.outcome, b.outcome, describe_condition(encoding, where, versions)});
            }
          }
        }
        if (changed) ++result.shapes_changed;
      }
    }
  }
  for (std::size_t g = 0; g < result.groups.size(); ++g) {
    // Exactly the subjects (and forms) for whom some of the group's
    // requests change so: what the edited rules test and what the other
    // rules involved require (a deny for the under-16s, a consent), which
    // the details give shape by shape.
    result.groups[g].condition = describe_condition(encoding, accumulators[g].where, versions);
    result.groups[g].shapes.assign(accumulators[g].shapes.begin(), accumulators[g].shapes.end());
    result.groups[g].variants.assign(accumulators[g].variants.begin(), accumulators[g].variants.end());
  }
  // Broadening first: it is what a reviewer must see; then narrowing.
  std::stable_sort(result.groups.begin(), result.groups.end(), [](const ChangeGroup& a, const ChangeGroup& b) {
    const auto rank = [](const ChangeGroup& g) { return g.broadening() ? 0 : g.narrowing() ? 1 : 2; };
    return rank(a) < rank(b);
  });
  return result;
}

}  // namespace proviso::analysis
