#include "report/matrix.hpp"

#include <algorithm>
#include <map>

#include "analysis/condition_text.hpp"
#include "analysis/outcomes.hpp"

namespace proviso::report {

std::string_view name_of(CellState state) noexcept {
  switch (state) {
    case CellState::silent: return "silent";
    case CellState::denied: return "denied";
    case CellState::allowed: return "allowed";
  }
  return "silent";
}

std::string_view name_of(Reach reach) noexcept {
  switch (reach) {
    case Reach::none: return "none";
    case Reach::conditional: return "conditional";
    case Reach::exceptions: return "exceptions";
    case Reach::always: return "always";
  }
  return "none";
}

std::size_t Matrix::count(CellState state) const {
  return static_cast<std::size_t>(
      std::count_if(cells.begin(), cells.end(), [&](const MatrixCell& c) { return c.state == state; }));
}

model::NodeId top_level(const model::Vocabulary& vocabulary, model::NodeId node) {
  while (vocabulary.node(node).parent != model::no_node) node = vocabulary.node(node).parent;
  return node;
}

namespace {

void add_unique(std::vector<model::RuleIndex>& rules, model::RuleIndex rule) {
  if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
}

MatrixCell cell_of(analysis::Encoding& encoding, const model::Model& model, const analysis::CellIndex& cells,
                   std::uint32_t data, std::uint32_t purpose) {
  using analysis::Bdd;
  Bdd& bdd = encoding.bdd();
  MatrixCell cell;
  cell.data = data;
  cell.purpose = purpose;
  const auto covering = cells.processing(data, purpose);
  cell.rules.assign(covering.begin(), covering.end());
  if (cell.rules.empty()) {
    cell.denied_condition = "every subject";
    return cell;
  }
  const analysis::Shape shape{data, purpose, analysis::Binding::none};
  Bdd::Ref allowed = Bdd::zero;
  for (const analysis::Region& region : analysis::outcomes(encoding, model, cells, shape)) {
    if (region.outcome.effect == Effect::deny) {
      for (const model::RuleIndex r : region.rules) add_unique(cell.denying_rules, r);
      continue;
    }
    allowed = bdd.disjoin(allowed, region.where);
    const Basis basis = *region.outcome.basis;
    auto grant = std::find_if(cell.grants.begin(), cell.grants.end(), [&](const Grant& g) { return g.basis == basis; });
    if (grant == cell.grants.end()) {
      cell.grants.push_back(Grant{basis, Bdd::zero, {}, {}});
      grant = cell.grants.end() - 1;
    }
    grant->where = bdd.disjoin(grant->where, region.where);
    for (const model::RuleIndex r : region.rules) add_unique(grant->rules, r);
  }
  std::sort(cell.denying_rules.begin(), cell.denying_rules.end());
  if (cell.grants.empty()) {
    cell.state = CellState::denied;
    cell.denied_condition = "every subject";
    return cell;
  }
  cell.state = CellState::allowed;
  std::sort(cell.grants.begin(), cell.grants.end(), [](const Grant& a, const Grant& b) { return a.basis < b.basis; });
  for (Grant& grant : cell.grants) {
    std::sort(grant.rules.begin(), grant.rules.end());
    grant.condition = analysis::describe_condition(encoding, grant.where);
  }
  const Bdd::Ref denied = bdd.conjoin(encoding.valid(), bdd.negate(allowed));
  cell.denied_condition = analysis::describe_condition(encoding, denied);
  if (!encoding.possible(denied)) {
    cell.reach = Reach::always;
    return cell;
  }
  // Does some allow apply to every request, before denies are considered?
  const analysis::Binding binding{data, purpose, analysis::Binding::none};
  Bdd::Ref some_allow = Bdd::zero;
  for (const model::RuleIndex r : cell.rules) {
    if (model.rules[r].effect == Effect::allow) {
      some_allow = bdd.disjoin(some_allow, encoding.guard(model.rules[r].guard, binding));
    }
  }
  cell.reach = encoding.possible(bdd.negate(some_allow)) ? Reach::conditional : Reach::exceptions;
  return cell;
}

}  // namespace

Matrix decision_matrix(analysis::Encoding& encoding, const model::Model& model, const analysis::CellIndex& cells) {
  Matrix matrix;
  matrix.data_leaves = cells.data_leaves();
  matrix.purpose_leaves = cells.purpose_leaves();
  matrix.cells.reserve(std::size_t{matrix.data_leaves} * matrix.purpose_leaves);
  for (std::uint32_t d = 0; d < matrix.data_leaves; ++d) {
    for (std::uint32_t p = 0; p < matrix.purpose_leaves; ++p) matrix.cells.push_back(cell_of(encoding, model, cells, d, p));
  }
  return matrix;
}

Matrix decision_matrix(const model::Model& model) {
  analysis::Bdd bdd;
  analysis::Encoding encoding(model, bdd);
  const analysis::CellIndex cells(model);
  return decision_matrix(encoding, model, cells);
}

Silences silences(const model::Model& model, const analysis::CellIndex& cells) {
  Silences result;
  const model::Vocabulary& data = model.data();
  const model::Vocabulary& purposes = model.purposes();
  const model::Vocabulary& recipients = model.recipients();
  const auto leaves_of = [](const model::Vocabulary& v, model::NodeId node) {
    return std::size_t{v.node(node).end_leaf} - v.node(node).first_leaf;
  };
  std::map<std::pair<model::NodeId, model::NodeId>, SilenceGroup> processing;
  std::map<std::pair<model::NodeId, model::NodeId>, SilenceGroup> sharing;
  const auto group = [&](auto& groups, model::NodeId row, std::size_t total, model::NodeId purpose) -> SilenceGroup& {
    auto [it, inserted] = groups.try_emplace({row, purpose});
    if (inserted) {
      it->second.row = row;
      it->second.purpose = purpose;
      it->second.total = total;
      it->second.data.assign(data.leaf_count(), false);
      it->second.purposes.assign(purposes.leaf_count(), false);
      it->second.recipients.assign(recipients.leaf_count(), false);
    }
    return it->second;
  };
  for (std::uint32_t d = 0; d < cells.data_leaves(); ++d) {
    const model::NodeId data_top = top_level(data, data.leaf_node(d));
    for (std::uint32_t p = 0; p < cells.purpose_leaves(); ++p) {
      const model::NodeId purpose_top = top_level(purposes, purposes.leaf_node(p));
      const auto covering = cells.processing(d, p);
      if (covering.empty()) {
        SilenceGroup& g = group(processing, data_top, leaves_of(data, data_top) * leaves_of(purposes, purpose_top), purpose_top);
        ++g.silent;
        g.data[d] = true;
        g.purposes[p] = true;
        ++result.processing_cells;
      }
      const bool denied_somewhere = std::any_of(covering.begin(), covering.end(), [&](model::RuleIndex r) {
        return model.rules[r].effect == Effect::deny;
      });
      if (denied_somewhere) continue;
      const auto shares = cells.sharing(d, p);
      for (std::uint32_t r = 0; r < recipients.leaf_count(); ++r) {
        const bool addressed =
            std::any_of(shares.begin(), shares.end(), [&](model::RuleIndex rule) { return analysis::contains(cells.recipients(rule), r); });
        if (addressed) continue;
        const model::NodeId recipient_top = top_level(recipients, recipients.leaf_node(r));
        SilenceGroup& g = group(sharing, recipient_top,
                                leaves_of(recipients, recipient_top) * leaves_of(purposes, purpose_top) * data.leaf_count(),
                                purpose_top);
        ++g.silent;
        g.data[d] = true;
        g.purposes[p] = true;
        g.recipients[r] = true;
        ++result.sharing_cells;
      }
    }
  }
  for (auto& [key, g] : processing) result.processing.push_back(std::move(g));
  for (auto& [key, g] : sharing) result.sharing.push_back(std::move(g));
  return result;
}

}  // namespace proviso::report
