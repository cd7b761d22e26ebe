#include "analysis/why_not.hpp"

#include <algorithm>
#include <functional>

#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "analysis/outcomes.hpp"

namespace proviso::analysis {
namespace {

// One thing about the subject (or the request's form) that could differ: an
// attribute's value, one leaf's membership of a set, or the form.
struct Slot {
  enum class Kind : std::uint8_t { attribute, set_leaf, form } kind = Kind::attribute;
  model::AttributeId attribute = 0;
  std::uint32_t encoded = 0;
  std::uint32_t current = 0;       // the current value index (flag 0/1, enum, interval, form, membership)
  std::uint32_t values = 2;        // how many values it can take
  Bdd::Var leaf_var = 0;           // set leaves
  std::string leaf;                // set leaves: the leaf's path
  Bdd::Ref is(Encoding& encoding, std::uint32_t value) const {
    switch (kind) {
      case Kind::attribute: return encoding.value_is(encoded, value);
      case Kind::set_leaf: return value ? encoding.bdd().var(leaf_var) : encoding.bdd().not_var(leaf_var);
      case Kind::form: return encoding.form_is(all_forms[value]);
    }
    return Bdd::zero;
  }
};

std::string interval_words(const std::string& name, const std::vector<std::int64_t>& cuts, std::uint32_t i) {
  if (i == 0) return "`" + name + "` is below " + std::to_string(cuts.front());
  if (i == cuts.size()) return "`" + name + "` is " + std::to_string(cuts.back()) + " or more";
  if (cuts[i - 1] + 1 == cuts[i]) return "`" + name + "` is " + std::to_string(cuts[i - 1]);
  return "`" + name + "` is from " + std::to_string(cuts[i - 1]) + " to " + std::to_string(cuts[i] - 1);
}

// True when the subject has more than one set that holds names of this kind
// (`consents` and `parental_consents`): a change must then say which.
bool several_sets_of(const model::Model& model, model::VocabularyKind kind) {
  return std::count_if(model.attributes.begin(), model.attributes.end(), [&](const model::Attribute& a) {
           return a.type == model::AttributeType::set && a.element == kind;
         }) > 1;
}

std::string change_words(const model::Model& model, const Encoding& encoding, const Slot& slot, std::uint32_t value) {
  switch (slot.kind) {
    case Slot::Kind::form: return "the data is " + std::string(name_of(all_forms[value])) + " instead";
    case Slot::Kind::set_leaf: {
      const model::Attribute& a = model.attributes[slot.attribute];
      if (a.element == model::VocabularyKind::consent && !several_sets_of(model, a.element)) {
        return value ? "the person gives the consent `" + slot.leaf + "`"
                     : "the person withdraws the consent `" + slot.leaf + "`";
      }
      return value ? "`" + slot.leaf + "` is added to `" + a.name + "`"
                   : "`" + slot.leaf + "` is taken out of `" + a.name + "`";
    }
    case Slot::Kind::attribute: {
      const EncodedAttribute& e = encoding.attributes()[slot.encoded];
      switch (e.type) {
        case model::AttributeType::boolean: return "`" + e.name + "` is " + (value ? "true" : "false");
        case model::AttributeType::enumeration: return "`" + e.name + "` is `" + e.values[value] + "`";
        case model::AttributeType::integer: return interval_words(e.name, e.cuts, value);
        case model::AttributeType::set: break;
      }
    }
  }
  return "?";
}

SubjectChange change_of(const model::Model& model, const Encoding& encoding, const Slot& slot, std::uint32_t value) {
  SubjectChange change;
  switch (slot.kind) {
    case Slot::Kind::form:
      change.kind = SubjectChange::Kind::form;
      change.value = name_of(all_forms[value]);
      break;
    case Slot::Kind::set_leaf:
      change.kind = value ? SubjectChange::Kind::add : SubjectChange::Kind::remove;
      change.attribute = model.attributes[slot.attribute].name;
      change.value = slot.leaf;
      break;
    case Slot::Kind::attribute: {
      const EncodedAttribute& e = encoding.attributes()[slot.encoded];
      change.attribute = e.name;
      switch (e.type) {
        case model::AttributeType::boolean: change.value = value ? "true" : "false"; break;
        case model::AttributeType::enumeration: change.value = e.values[value]; break;
        case model::AttributeType::integer:
          if (value > 0) change.at_least = e.cuts[value - 1];
          if (value < e.cuts.size()) change.below = e.cuts[value];
          break;
        case model::AttributeType::set: break;
      }
      break;
    }
  }
  return change;
}

std::uint32_t leaf_index(const model::Vocabulary& vocabulary, model::NodeId node) { return vocabulary.node(node).first_leaf; }

}  // namespace

WhyNot why_not(const model::Model& model, const eval::ReferenceRequest& request) {
  WhyNot answer;
  Bdd bdd;
  Encoding encoding(model, bdd);
  const CellIndex cells(model);
  const Shape shape{leaf_index(model.data(), request.data), leaf_index(model.purposes(), request.purpose),
                    request.recipient == model::no_node ? Binding::none
                                                        : leaf_index(model.recipients(), request.recipient)};
  const std::vector<Region> regions = outcomes(encoding, model, cells, shape);
  Bdd::Ref allow = Bdd::zero;
  for (const Region& region : regions) {
    if (region.outcome.effect == Effect::allow) allow = bdd.disjoin(allow, region.where);
  }

  if (!encoding.possible(allow)) {
    const Binding binding{shape.data, shape.purpose, shape.recipient};
    Bdd::Ref any_allow = Bdd::zero;
    std::vector<model::RuleIndex> denies;
    for (const model::RuleIndex r : considered_rules(model, cells, shape)) {
      const Bdd::Ref g = encoding.guard(model.rules[r].guard, binding);
      if (model.rules[r].effect == Effect::allow) any_allow = bdd.disjoin(any_allow, g);
      else denies.push_back(r);
    }
    if (!encoding.possible(any_allow)) {
      std::string forbidding;
      for (const model::RuleIndex r : denies) {
        if (!encoding.possible(bdd.negate(encoding.guard(model.rules[r].guard, binding)))) {
          forbidding += (forbidding.empty() ? "" : "; ") + rule_label(model, r);
        }
      }
      answer.impossible = "no subject can ever be allowed this: no rule allows it" +
                          (forbidding.empty() ? std::string(" (the default deny decides)")
                                              : ", and " + forbidding + " forbids it for every subject");
      return answer;
    }
    std::string blockers;
    for (const model::RuleIndex r : denies) {
      if (encoding.possible(bdd.conjoin(any_allow, encoding.guard(model.rules[r].guard, binding)))) {
        blockers += (blockers.empty() ? "" : "; ") + rule_label(model, r);
      }
    }
    answer.impossible = "no subject can ever be allowed this: whenever an allow applies, a deny applies too (" +
                        blockers + ")";
    return answer;
  }
  answer.possible = true;

  // The current subject, slot by slot.
  std::vector<Slot> slots;
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    const auto& given = a < request.subject.values.size() ? request.subject.values[a] : std::nullopt;
    Slot slot;
    slot.attribute = a;
    slot.encoded = encoding.encoded(a);
    const EncodedAttribute& code = encoding.attributes()[slot.encoded];
    switch (attribute.type) {
      case model::AttributeType::boolean:
        slot.current = (given ? std::get<bool>(*given) : attribute.default_boolean) ? 1 : 0;
        break;
      case model::AttributeType::enumeration:
        slot.values = static_cast<std::uint32_t>(code.values.size());
        slot.current = encoding.encoded_value(a, given ? std::get<std::uint32_t>(*given) : attribute.default_value);
        break;
      case model::AttributeType::integer: {
        const std::int64_t value = given ? std::get<std::int64_t>(*given) : attribute.default_integer;
        slot.values = static_cast<std::uint32_t>(code.cuts.size() + 1);
        slot.current = static_cast<std::uint32_t>(std::upper_bound(code.cuts.begin(), code.cuts.end(), value) - code.cuts.begin());
        break;
      }
      case model::AttributeType::set: {
        // One slot per leaf the policy tests for this request.
        const auto& set = given ? std::get<model::SubjectValues::Set>(*given) : attribute.default_set;
        const model::Vocabulary& vocabulary = model.vocabulary(attribute.element);
        for (std::uint32_t leaf = 0; leaf < vocabulary.leaf_count(); ++leaf) {
          const auto var = encoding.set_leaf_var(a, leaf);
          if (!var) continue;
          Slot member;
          member.kind = Slot::Kind::set_leaf;
          member.attribute = a;
          member.leaf_var = *var;
          member.leaf = vocabulary.node(vocabulary.leaf_node(leaf)).path;
          const model::NodeId node = vocabulary.leaf_node(leaf);
          member.current = std::any_of(set.begin(), set.end(), [&](model::NodeId e) { return vocabulary.covers(e, node); }) ? 1 : 0;
          slots.push_back(member);
        }
        continue;
      }
    }
    if (slot.values > 1) slots.push_back(slot);
  }
  Slot form;
  form.kind = Slot::Kind::form;
  form.values = 4;
  form.current = static_cast<std::uint32_t>(request.form);
  slots.push_back(form);

  std::vector<Bdd::Ref> same;
  for (const Slot& slot : slots) same.push_back(slot.is(encoding, slot.current));

  // The fewest slots to change: try every set of 1, then 2, then 3 slots.
  constexpr std::size_t wanted = 3;
  for (std::size_t k = 1; k <= std::min<std::size_t>(3, slots.size()) && answer.alternatives.empty(); ++k) {
    std::vector<std::size_t> chosen(k);
    std::function<void(std::size_t, std::size_t)> search = [&](std::size_t start, std::size_t depth) {
      if (answer.alternatives.size() >= wanted) return;
      if (depth == k) {
        Bdd::Ref f = allow;
        for (std::size_t i = 0; i < slots.size(); ++i) {
          if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) f = bdd.conjoin(f, same[i]);
        }
        // Every chosen slot must really change.
        for (const std::size_t i : chosen) f = bdd.conjoin(f, bdd.negate(same[i]));
        if (!encoding.possible(f)) return;
        Alternative alternative;
        for (const std::size_t i : chosen) {
          for (std::uint32_t value = 0; value < slots[i].values; ++value) {
            if (value == slots[i].current) continue;
            const Bdd::Ref with = bdd.conjoin(f, slots[i].is(encoding, value));
            if (!encoding.possible(with)) continue;
            f = with;
            alternative.changes.push_back(change_words(model, encoding, slots[i], value));
            alternative.edits.push_back(change_of(model, encoding, slots[i], value));
            break;
          }
        }
        for (const Region& region : regions) {
          if (region.outcome.effect == Effect::allow && encoding.possible(bdd.conjoin(f, region.where))) {
            alternative.outcome = region.outcome.text();
            break;
          }
        }
        answer.alternatives.push_back(std::move(alternative));
        return;
      }
      for (std::size_t i = start; i < slots.size(); ++i) {
        chosen[depth] = i;
        search(i + 1, depth + 1);
      }
    };
    search(0, 0);
  }
  if (answer.alternatives.empty()) {
    answer.alternatives.push_back({{"more than three things about the person would have to change"}, {}, {}});
  }
  return answer;
}

}  // namespace proviso::analysis
