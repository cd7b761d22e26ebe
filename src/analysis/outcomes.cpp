#include "analysis/outcomes.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace proviso::analysis {
namespace {

std::string retention_text(const model::Model& model, const model::Retention& r) {
  std::string text = r.kind == model::RetentionKind::indefinitely ? "indefinitely" : r.period;
  text += " from " + model.events().node(r.event).path;
  for (const model::RetentionEnd& end : r.ends) {
    text += end.consent_withdrawal ? ", ending on withdrawal of " + model.consents().node(end.node).path
                                   : ", ending on " + model.events().node(end.node).path;
  }
  if (r.then != model::EndAction::delete_data) text += ", then " + std::string(model::name_of(r.then));
  return text;
}

}  // namespace

std::string Outcome::text() const {
  if (effect == Effect::deny) return "deny";
  std::string out = "allow under " + std::string(name_of(*basis));
  if (!obligations.empty()) {
    out += ", requiring ";
    for (std::size_t i = 0; i < obligations.size(); ++i) out += (i ? ", " : "") + obligations[i];
  }
  if (!retention.empty()) out += ", kept " + retention;
  return out;
}

std::string rule_label(const model::Model& model, model::RuleIndex rule) {
  const model::Provenance& p = model.rules[rule].provenance;
  std::string label = p.id.empty() ? "rule" : "rule `" + p.id + "`";
  if (!p.section.empty()) label += " (\xC2\xA7" + p.section + ")";
  return label + " at " + model.sources->describe(p.location);
}

std::vector<model::RuleIndex> considered_rules(const model::Model& model, const CellIndex& cells, const Shape& shape) {
  std::vector<model::RuleIndex> rules;
  const auto processing = cells.processing(shape.data, shape.purpose);
  if (shape.recipient == Binding::none) {
    rules.assign(processing.begin(), processing.end());
  } else {
    for (const model::RuleIndex r : processing) {
      if (model.rules[r].effect == Effect::deny) rules.push_back(r);
    }
    for (const model::RuleIndex r : cells.sharing(shape.data, shape.purpose)) {
      if (contains(cells.recipients(r), shape.recipient)) rules.push_back(r);
    }
  }
  const model::NodeId data = model.data().leaf_node(shape.data);
  const model::NodeId purpose = model.purposes().leaf_node(shape.purpose);
  const model::NodeId recipient =
      shape.recipient == Binding::none ? model::no_node : model.recipients().leaf_node(shape.recipient);
  const auto key = [&](model::RuleIndex r) {
    const model::Rule& rule = model.rules[r];
    const std::uint32_t recipient_spec =
        recipient == model::no_node || !rule.sharing ? 0 : rule.recipients.specificity(model.recipients(), recipient);
    return std::make_tuple(rule.effect == Effect::deny ? 0 : 1, ~rule.data.specificity(model.data(), data),
                           ~rule.purposes.specificity(model.purposes(), purpose), ~recipient_spec,
                           rule.effect == Effect::allow ? static_cast<int>(*rule.basis) : 0, r);
  };
  std::sort(rules.begin(), rules.end(), [&](auto a, auto b) { return key(a) < key(b); });
  return rules;
}

std::vector<Region> outcomes(Encoding& encoding, const model::Model& model, const CellIndex& cells,
                             const Shape& shape, std::size_t version) {
  Bdd& bdd = encoding.bdd();
  const Binding binding{shape.data, shape.purpose, shape.recipient};
  const std::vector<model::RuleIndex> rules = considered_rules(model, cells, shape);
  std::map<Outcome, Region> merged;
  const auto add = [&](Outcome outcome, Bdd::Ref where, std::optional<model::RuleIndex> rule) {
    if (!encoding.possible(where)) return;
    auto [it, inserted] = merged.try_emplace(outcome);
    Region& region = it->second;
    if (inserted) region.outcome = std::move(outcome);
    region.where = bdd.disjoin(region.where, where);
    if (rule && std::find(region.rules.begin(), region.rules.end(), *rule) == region.rules.end()) {
      region.rules.push_back(*rule);
    }
  };

  // Denies first: the first that applies decides.
  Bdd::Ref remaining = encoding.valid();
  std::vector<std::pair<model::RuleIndex, Bdd::Ref>> allows;
  for (const model::RuleIndex r : rules) {
    const Bdd::Ref g = encoding.guard(model.rules[r].guard, binding, version);
    if (model.rules[r].effect == Effect::deny) {
      add(Outcome{}, bdd.conjoin(remaining, g), r);
      remaining = bdd.conjoin(remaining, bdd.negate(g));
    } else {
      allows.push_back({r, g});
    }
  }

  // Obligations: each obligation leaf is required where some applying allow requires it.
  std::map<model::NodeId, Bdd::Ref> required;
  for (const auto& [r, g] : allows) {
    for (const model::ObligationUse& use : model.rules[r].obligations) {
      const Bdd::Ref where = bdd.conjoin(g, encoding.guard(use.guard, binding, version));
      auto [it, inserted] = required.try_emplace(use.obligation, Bdd::zero);
      it->second = bdd.disjoin(it->second, where);
    }
  }

  // Retention candidates of the data leaf, in the order the engine picks them.
  const std::span<const std::uint32_t> retentions = cells.retentions(shape.data);
  std::vector<std::pair<std::string, Bdd::Ref>> retention_regions;  // text, where chosen
  Bdd::Ref unchosen = Bdd::one;
  for (const std::uint32_t i : retentions) {
    const Bdd::Ref h = encoding.guard(model.retentions[i].guard, binding, version);
    retention_regions.push_back({retention_text(model, model.retentions[i]), bdd.conjoin(unchosen, h)});
    unchosen = bdd.conjoin(unchosen, bdd.negate(h));
  }
  retention_regions.push_back({std::string(), unchosen});

  // Allows in precedence order: the first that applies decides; then the
  // region is cut by obligations and by retention.
  for (const auto& [r, g] : allows) {
    const Bdd::Ref decided = bdd.conjoin(remaining, g);
    remaining = bdd.conjoin(remaining, bdd.negate(g));
    if (!encoding.possible(decided)) continue;
    std::vector<std::pair<std::vector<std::string>, Bdd::Ref>> pieces{{{}, decided}};
    for (const auto& [obligation, where] : required) {
      std::vector<std::pair<std::vector<std::string>, Bdd::Ref>> split;
      for (auto& [names, piece] : pieces) {
        const Bdd::Ref with = bdd.conjoin(piece, where);
        const Bdd::Ref without = bdd.conjoin(piece, bdd.negate(where));
        if (encoding.possible(with)) {
          auto more = names;
          more.push_back(model.obligations().node(obligation).path);
          split.push_back({std::move(more), with});
        }
        if (encoding.possible(without)) split.push_back({names, without});
      }
      pieces = std::move(split);
    }
    for (auto& [names, piece] : pieces) {
      std::sort(names.begin(), names.end());
      for (const auto& [text, chosen] : retention_regions) {
        Outcome outcome;
        outcome.effect = Effect::allow;
        outcome.basis = model.rules[r].basis;
        outcome.obligations = names;
        outcome.retention = text;
        add(std::move(outcome), bdd.conjoin(piece, chosen), r);
      }
    }
  }
  add(Outcome{}, remaining, std::nullopt);  // the default deny

  std::vector<Region> result;
  for (auto& [outcome, region] : merged) result.push_back(std::move(region));
  return result;
}

}  // namespace proviso::analysis
