#include "report/tables.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "analysis/condition_text.hpp"
#include "analysis/outcomes.hpp"

namespace proviso::report {
namespace {

// A condition about one request shape, with the shape's own leaves named as
// `this data` / `this purpose` / `this recipient` ("not objections has this
// purpose"), so that shapes which differ only in those leaves read alike.
// Exact: for the shape, `A has <its purpose>` and `A has this purpose` are
// the same test.
std::string generalize(const model::Model& model, std::string text, std::uint32_t d, std::uint32_t p, std::uint32_t r) {
  for (const model::Attribute& attribute : model.attributes) {
    if (attribute.type != model::AttributeType::set) continue;
    std::string leaf;
    std::string part;
    switch (attribute.element) {
      case model::VocabularyKind::data:
        leaf = model.data().node(model.data().leaf_node(d)).path;
        part = "data";
        break;
      case model::VocabularyKind::purpose:
        leaf = model.purposes().node(model.purposes().leaf_node(p)).path;
        part = "purpose";
        break;
      case model::VocabularyKind::recipient:
        if (r == analysis::Binding::none) continue;
        leaf = model.recipients().node(model.recipients().leaf_node(r)).path;
        part = "recipient";
        break;
      default: continue;
    }
    const std::string from = attribute.name + " has " + leaf;
    const std::string to = attribute.name + " has this " + part;
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      const std::size_t end = at + from.size();
      const bool starts = at == 0 || text[at - 1] == ' ' || text[at - 1] == '(';
      const bool ends = end == text.size() || text[end] == ' ' || text[end] == ')';
      if (starts && ends) {
        text.replace(at, from.size(), to);
        at += to.size();
      } else {
        at = end;
      }
    }
  }
  return text;
}

}  // namespace

std::vector<SharingRow> sharing_table(analysis::Encoding& encoding, const model::Model& model,
                                      const analysis::CellIndex& cells) {
  using analysis::Bdd;
  Bdd& bdd = encoding.bdd();
  const std::size_t data_leaves = model.data().leaf_count();
  const std::size_t purpose_leaves = model.purposes().leaf_count();
  const std::uint32_t recipient_leaves = static_cast<std::uint32_t>(model.recipients().leaf_count());

  // Per recipient: (basis, condition, rules) → purpose leaf → data leaves.
  using Key = std::tuple<Basis, std::string, std::vector<model::RuleIndex>>;
  std::vector<std::map<Key, std::map<std::uint32_t, LeafSet>>> grants(recipient_leaves);
  for (std::uint32_t d = 0; d < cells.data_leaves(); ++d) {
    for (std::uint32_t p = 0; p < cells.purpose_leaves(); ++p) {
      const auto shares = cells.sharing(d, p);
      for (std::uint32_t r = 0; r < recipient_leaves; ++r) {
        const bool some_share = std::any_of(shares.begin(), shares.end(), [&](model::RuleIndex rule) {
          return model.rules[rule].effect == Effect::allow && analysis::contains(cells.recipients(rule), r);
        });
        if (!some_share) continue;
        std::map<Basis, std::pair<Bdd::Ref, std::vector<model::RuleIndex>>> by_basis;
        for (const analysis::Region& region : analysis::outcomes(encoding, model, cells, analysis::Shape{d, p, r})) {
          if (region.outcome.effect != Effect::allow) continue;
          auto& [where, rules] = by_basis.try_emplace(*region.outcome.basis, Bdd::zero, std::vector<model::RuleIndex>{})
                                     .first->second;
          where = bdd.disjoin(where, region.where);
          for (const model::RuleIndex rule : region.rules) {
            if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
          }
        }
        for (auto& [basis, found] : by_basis) {
          std::sort(found.second.begin(), found.second.end());
          Key key{basis, generalize(model, analysis::describe_condition(encoding, found.first), d, p, r), found.second};
          LeafSet& set = grants[r][std::move(key)][p];
          if (set.empty()) set.assign(data_leaves, false);
          set[d] = true;
        }
      }
    }
  }

  std::vector<SharingRow> rows;
  for (std::uint32_t r = 0; r < recipient_leaves; ++r) {
    std::vector<SharingRow> mine;
    for (const auto& [key, by_purpose] : grants[r]) {
      // Purposes that share the same data make one row.
      std::map<LeafSet, LeafSet> purposes_by_data;
      for (const auto& [p, data] : by_purpose) {
        LeafSet& purposes = purposes_by_data[data];
        if (purposes.empty()) purposes.assign(purpose_leaves, false);
        purposes[p] = true;
      }
      for (const auto& [data, purposes] : purposes_by_data) {
        SharingRow row;
        row.recipient = r;
        row.basis = std::get<0>(key);
        row.condition = std::get<1>(key);
        row.rules = std::get<2>(key);
        row.data = data;
        row.purposes = purposes;
        mine.push_back(std::move(row));
      }
    }
    const auto first = [](const LeafSet& set) {
      return static_cast<std::size_t>(std::find(set.begin(), set.end(), true) - set.begin());
    };
    std::stable_sort(mine.begin(), mine.end(), [&](const SharingRow& a, const SharingRow& b) {
      return std::make_tuple(first(a.purposes), a.basis, first(a.data)) < std::make_tuple(first(b.purposes), b.basis, first(b.data));
    });
    for (SharingRow& row : mine) rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<LeafRetention> retention_table(analysis::Encoding& encoding, const model::Model& model,
                                           const analysis::CellIndex& cells) {
  using analysis::Bdd;
  Bdd& bdd = encoding.bdd();
  std::vector<LeafRetention> table;
  const model::Vocabulary& data = model.data();
  for (std::uint32_t leaf = 0; leaf < data.leaf_count(); ++leaf) {
    LeafRetention entry;
    entry.leaf = leaf;
    const model::NodeId node = data.leaf_node(leaf);
    const std::span<const std::uint32_t> candidates = cells.retentions(leaf);  // in the engine's order
    const analysis::Binding binding{leaf, analysis::Binding::none, analysis::Binding::none};
    Bdd::Ref unchosen = encoding.valid();
    for (const std::uint32_t i : candidates) {
      const Bdd::Ref holds = encoding.guard(model.retentions[i].guard, binding);
      const Bdd::Ref chosen = bdd.conjoin(unchosen, holds);
      unchosen = bdd.conjoin(unchosen, bdd.negate(holds));
      if (!encoding.possible(chosen)) continue;
      entry.choices.push_back({i, analysis::describe_condition(encoding, chosen)});
    }
    if (encoding.possible(unchosen)) entry.choices.push_back({std::nullopt, analysis::describe_condition(encoding, unchosen)});
    for (std::uint32_t i = 0; i < model.erasures.size(); ++i) {
      if (model.erasures[i].data.covers(data, node)) entry.erasures.push_back(i);
    }
    table.push_back(std::move(entry));
  }
  return table;
}

}  // namespace proviso::report
