#include "analysis/impact.hpp"

#include <map>
#include <set>

#include "analysis/cells.hpp"
#include "analysis/condition_text.hpp"
#include "analysis/encoding.hpp"
#include "analysis/outcomes.hpp"

namespace proviso::analysis {
namespace {

// The impact of setting the set-leaf variables of `leaves` (for every
// attribute holding `kind`) to `value`, for subjects whose variables are
// currently not all at that value.
Impact impact_of(const model::Model& model, model::VocabularyKind kind, model::NodeId node, bool value, std::string change) {
  Impact impact;
  impact.change = std::move(change);
  Bdd bdd;
  Encoding encoding(model, bdd);
  const CellIndex cells(model);
  const model::Node& target = model.vocabulary(kind).node(node);
  std::map<std::pair<std::string, std::vector<std::string>>, std::size_t> index;
  std::vector<Bdd::Ref> where;

  for (std::uint32_t d = 0; d < cells.data_leaves(); ++d) {
    for (std::uint32_t p = 0; p < cells.purpose_leaves(); ++p) {
      const bool any_sharing = !cells.sharing(d, p).empty();
      if (cells.processing(d, p).empty() && !any_sharing) continue;
      for (std::uint32_t r = 0; r <= model.recipients().leaf_count(); ++r) {
        const bool sharing = r < model.recipients().leaf_count();
        // Without sharing rules every sharing question is denied before and
        // after; the processing question (r == recipients) is still asked.
        if (sharing && !any_sharing) continue;
        const Shape shape{d, p, sharing ? r : Binding::none};
        const std::vector<Region> regions = outcomes(encoding, model, cells, shape);
        Bdd::Ref allow = Bdd::zero;
        std::vector<model::RuleIndex> allow_rules;
        for (const Region& region : regions) {
          if (region.outcome.effect != Effect::allow) continue;
          allow = bdd.disjoin(allow, region.where);
          allow_rules.insert(allow_rules.end(), region.rules.begin(), region.rules.end());
        }
        // The choice's variables, in every attribute that holds such names.
        std::vector<Bdd::Var> vars;
        for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
          const model::Attribute& attribute = model.attributes[a];
          if (attribute.type != model::AttributeType::set || attribute.element != kind) continue;
          for (std::uint32_t leaf = target.first_leaf; leaf < target.end_leaf; ++leaf) {
            if (const auto v = encoding.set_leaf_var(a, leaf)) vars.push_back(*v);
          }
        }
        if (vars.empty()) continue;
        Bdd::Ref after = allow;
        Bdd::Ref before_choice = Bdd::one;  // not already made
        for (const Bdd::Var v : vars) after = bdd.restrict(after, v, value);
        if (after == allow) continue;  // the choice changes nothing here
        Bdd::Ref already = Bdd::one;
        for (const Bdd::Var v : vars) already = bdd.conjoin(already, value ? bdd.var(v) : bdd.not_var(v));
        before_choice = bdd.negate(already);
        const Bdd::Ref flips = bdd.conjoin(bdd.conjoin(allow, before_choice), bdd.negate(after));
        if (!encoding.possible(flips)) continue;
        // Say who it affects without the choice's own variables, which it sets.
        std::vector<bool> drop(encoding.variable_count(), false);
        for (const Bdd::Var v : vars) drop[v] = true;
        const std::string condition = describe_condition(encoding, bdd.exists(flips, drop), {&model});
        std::set<std::string> labels;
        for (const model::RuleIndex rule : allow_rules) labels.insert(rule_label(model, rule));
        const std::vector<std::string> rules(labels.begin(), labels.end());
        auto [it, inserted] = index.try_emplace({condition, rules}, impact.groups.size());
        if (inserted) impact.groups.push_back({condition, {}, rules});
        impact.groups[it->second].shapes.push_back({model.data().node(model.data().leaf_node(d)).path,
                                                    model.purposes().node(model.purposes().leaf_node(p)).path,
                                                    sharing ? model.recipients().node(model.recipients().leaf_node(r)).path
                                                            : std::string()});
        ++impact.shapes;
      }
    }
  }
  return impact;
}

}  // namespace

Impact impact_of_withdrawal(const model::Model& model, model::NodeId consent) {
  return impact_of(model, model::VocabularyKind::consent, consent, false,
                   "withdrawing the consent `" + model.consents().node(consent).path + "`");
}

Impact impact_of_objection(const model::Model& model, model::NodeId purpose) {
  return impact_of(model, model::VocabularyKind::purpose, purpose, true,
                   "objecting to `" + model.purposes().node(purpose).path + "`");
}

std::string render_impact(const Impact& impact) {
  std::string out = "proviso impact: " + impact.change + " denies " + std::to_string(impact.shapes) +
                    (impact.shapes == 1 ? " kind of request that was allowed\n" : " kinds of request that were allowed\n");
  for (const ImpactGroup& group : impact.groups) {
    const bool everyone = group.condition == "every subject";
    out += "\nALLOW -> DENY  for " + (everyone ? group.condition : "subjects with " + group.condition) + "\n";
    const auto lines = summarize_shapes(group.shapes);
    for (std::size_t i = 0; i < lines.size(); ++i) out += std::string(i ? "               " : "  requests     ") + lines[i] + "\n";
    for (std::size_t i = 0; i < group.rules.size(); ++i) {
      out += std::string(i ? "               " : "  allowed by   ") + group.rules[i] + "\n";
    }
  }
  return out;
}

}  // namespace proviso::analysis
