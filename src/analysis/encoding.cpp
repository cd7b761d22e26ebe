#include "analysis/encoding.hpp"

#include <algorithm>
#include <limits>

namespace proviso::analysis {
namespace {

using model::AttributeType;
using model::CompareOp;
using model::Expr;
using model::Test;

constexpr std::int64_t max_int = std::numeric_limits<std::int64_t>::max();

std::uint32_t bits_for(std::size_t values) {
  std::uint32_t bits = 0;
  while ((std::size_t{1} << bits) < values) ++bits;
  return bits;
}

// `x < c` cut points a comparison needs; `x <= MAX` needs none (always true).
void add_cuts(const Test& test, std::vector<std::int64_t>& cuts) {
  const std::int64_t k = test.value;
  const bool next_exists = k != max_int;
  switch (test.op) {
    case CompareOp::less:
    case CompareOp::greater_equal: cuts.push_back(k); break;
    case CompareOp::less_equal:
    case CompareOp::greater:
      if (next_exists) cuts.push_back(k + 1);
      break;
    case CompareOp::equal:
    case CompareOp::not_equal:
      cuts.push_back(k);
      if (next_exists) cuts.push_back(k + 1);
      break;
  }
}

void collect_cuts(const Expr& expr, std::vector<std::vector<std::int64_t>>& cuts) {
  if (expr.op == Expr::Op::test) {
    if (expr.test.kind == Test::Kind::compare) add_cuts(expr.test, cuts[expr.test.attribute]);
    return;
  }
  for (const Expr& operand : expr.operands) collect_cuts(operand, cuts);
}

void collect_cuts(const model::Guard& guard, std::vector<std::vector<std::int64_t>>& cuts) {
  if (guard.when) collect_cuts(*guard.when, cuts);
  if (guard.unless) collect_cuts(*guard.unless, cuts);
}

}  // namespace

std::vector<std::vector<std::int64_t>> integer_cut_points(const model::Model& model) {
  std::vector<std::vector<std::int64_t>> cuts(model.attributes.size());
  for (const model::Rule& rule : model.rules) {
    collect_cuts(rule.guard, cuts);
    for (const model::ObligationUse& use : rule.obligations) collect_cuts(use.guard, cuts);
  }
  for (const model::Retention& retention : model.retentions) collect_cuts(retention.guard, cuts);
  for (const model::Erasure& erasure : model.erasures) collect_cuts(erasure.guard, cuts);
  for (auto& list : cuts) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return cuts;
}

Encoding::Encoding(std::vector<const model::Model*> versions, Bdd& bdd)
    : versions_(std::move(versions)), bdd_(bdd), attribute_of_(versions_.size()), value_of_(versions_.size()),
      set_var_cache_(versions_.size()) {
  // Match attributes across versions by name and type; merge their values
  // and cut points.
  for (std::size_t v = 0; v < versions_.size(); ++v) {
    const model::Model& model = *versions_[v];
    const auto cuts = integer_cut_points(model);
    for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
      const model::Attribute& attribute = model.attributes[a];
      std::uint32_t encoded = static_cast<std::uint32_t>(attributes_.size());
      for (std::uint32_t e = 0; e < attributes_.size(); ++e) {
        const EncodedAttribute& existing = attributes_[e];
        if (existing.name == attribute.name && existing.type == attribute.type &&
            (attribute.type != model::AttributeType::set || existing.element == attribute.element)) {
          encoded = e;
        }
      }
      if (encoded == attributes_.size()) {
        EncodedAttribute fresh;
        fresh.name = attribute.name;
        fresh.type = attribute.type;
        fresh.element = attribute.element;
        attributes_.push_back(std::move(fresh));
      }
      EncodedAttribute& target = attributes_[encoded];
      attribute_of_[v].push_back(encoded);
      std::vector<std::uint32_t> value_map;
      for (const std::string& value : attribute.values) {
        auto found = std::find(target.values.begin(), target.values.end(), value);
        if (found == target.values.end()) found = target.values.insert(target.values.end(), value);
        value_map.push_back(static_cast<std::uint32_t>(found - target.values.begin()));
      }
      value_of_[v].push_back(std::move(value_map));
      target.cuts.insert(target.cuts.end(), cuts[a].begin(), cuts[a].end());
    }
  }
  for (std::uint32_t e = 0; e < attributes_.size(); ++e) {
    EncodedAttribute& attribute = attributes_[e];
    std::sort(attribute.cuts.begin(), attribute.cuts.end());
    attribute.cuts.erase(std::unique(attribute.cuts.begin(), attribute.cuts.end()), attribute.cuts.end());
    attribute.first_var = static_cast<Bdd::Var>(meanings_.size());
    std::size_t values = 0;
    VariableMeaning::Kind kind = VariableMeaning::Kind::flag;
    switch (attribute.type) {
      case AttributeType::boolean: values = 2; break;
      case AttributeType::enumeration:
        values = attribute.values.size();
        kind = VariableMeaning::Kind::enum_bit;
        break;
      case AttributeType::integer:
        values = attribute.cuts.size() + 1;
        kind = VariableMeaning::Kind::interval_bit;
        break;
      case AttributeType::set: values = 1; break;  // set leaves are made on demand
    }
    attribute.bits = bits_for(values);
    for (std::uint32_t bit = 0; bit < attribute.bits; ++bit) new_var({kind, e, bit, {}});
    if (values > 1 && (std::size_t{1} << attribute.bits) != values) {
      valid_ = bdd_.conjoin(valid_, index_below(attribute.first_var, attribute.bits, static_cast<std::uint32_t>(values)));
    }
  }
  form_var_ = new_var({VariableMeaning::Kind::form_bit, 0, 0, {}});
  new_var({VariableMeaning::Kind::form_bit, 0, 1, {}});
}

Bdd::Var Encoding::new_var(VariableMeaning meaning) {
  meanings_.push_back(std::move(meaning));
  return static_cast<Bdd::Var>(meanings_.size() - 1);
}

Bdd::Ref Encoding::index_is(Bdd::Var first, std::uint32_t bits, std::uint32_t value) {
  Bdd::Ref result = Bdd::one;
  // Build bottom-up (least significant bit last in the order) for a chain.
  for (std::uint32_t bit = bits; bit-- > 0;) {
    const bool set = ((value >> (bits - 1 - bit)) & 1u) != 0;
    const Bdd::Ref literal = set ? bdd_.var(first + bit) : bdd_.not_var(first + bit);
    result = bdd_.conjoin(literal, result);
  }
  return result;
}

Bdd::Ref Encoding::index_below(Bdd::Var first, std::uint32_t bits, std::uint32_t bound) {
  if (bound >= (std::uint32_t{1} << bits)) return Bdd::one;
  // index < bound, comparing from the most significant bit.
  Bdd::Ref result = Bdd::zero;  // equal so far and no bits left: not below
  for (std::uint32_t bit = bits; bit-- > 0;) {
    const bool bound_bit = ((bound >> (bits - 1 - bit)) & 1u) != 0;
    const Bdd::Ref x = bdd_.var(first + bit);
    // If the bound has 1 here: x=0 → below; x=1 → continue. Else: x=1 → not below; x=0 → continue.
    result = bound_bit ? bdd_.ite(x, result, Bdd::one) : bdd_.ite(x, Bdd::zero, result);
  }
  return result;
}

Bdd::Ref Encoding::form_is(Form form) { return index_is(form_var_, 2, static_cast<std::uint32_t>(form)); }

Bdd::Ref Encoding::set_holds(model::AttributeId attribute, std::uint32_t leaf, std::size_t version) {
  auto& cache = set_var_cache_[version];
  const auto key = std::make_pair(attribute, leaf);
  auto found = cache.find(key);
  if (found == cache.end()) {
    // Leaves are matched across versions by their path.
    const model::Model& model = *versions_[version];
    const model::Attribute& a = model.attributes[attribute];
    const model::Vocabulary& vocabulary = model.vocabulary(a.element);
    // An open leaf is not a path, so its variable is shared with no leaf.
    const std::string path = leaf == Binding::open ? "(open leaf)" : vocabulary.node(vocabulary.leaf_node(leaf)).path;
    const std::uint32_t encoded = attribute_of_[version][attribute];
    auto shared = set_vars_.find({encoded, path});
    if (shared == set_vars_.end()) {
      shared = set_vars_.emplace(std::make_pair(encoded, path),
                                 new_var({VariableMeaning::Kind::set_leaf, encoded, leaf, path})).first;
    }
    found = cache.emplace(key, shared->second).first;
  }
  return bdd_.var(found->second);
}

std::optional<Bdd::Var> Encoding::set_leaf_var(model::AttributeId attribute, std::uint32_t leaf,
                                               std::size_t version) const {
  const auto& cache = set_var_cache_[version];
  const auto found = cache.find({attribute, leaf});
  if (found == cache.end()) return std::nullopt;
  return found->second;
}

Bdd::Ref Encoding::less_than(std::uint32_t attribute, std::int64_t bound) {
  const EncodedAttribute& code = attributes_[attribute];
  // Interval j holds x with cuts[j-1] <= x < cuts[j]; x < bound is j <= position of bound.
  const auto position = std::lower_bound(code.cuts.begin(), code.cuts.end(), bound) - code.cuts.begin();
  return index_below(code.first_var, code.bits, static_cast<std::uint32_t>(position + 1));
}

Bdd::Ref Encoding::value_is(std::uint32_t encoded_attribute, std::uint32_t index) {
  const EncodedAttribute& code = attributes_[encoded_attribute];
  return index_is(code.first_var, code.bits, index);
}

Bdd::Ref Encoding::enum_is(std::uint32_t attribute, std::uint32_t value) {
  const EncodedAttribute& code = attributes_[attribute];
  return index_is(code.first_var, code.bits, value);
}

Bdd::Ref Encoding::test(const Test& test, const Binding& binding, std::size_t version) {
  const model::Model& model = *versions_[version];
  const std::uint32_t encoded = test.kind == Test::Kind::form_in ? 0 : attribute_of_[version][test.attribute];
  switch (test.kind) {
    case Test::Kind::boolean: return bdd_.var(attributes_[encoded].first_var);
    case Test::Kind::compare: {
      const std::int64_t k = test.value;
      const bool has_next = k != max_int;
      const Bdd::Ref below_k = less_than(encoded, k);
      const Bdd::Ref at_most_k = has_next ? less_than(encoded, k + 1) : Bdd::one;
      switch (test.op) {
        case CompareOp::less: return below_k;
        case CompareOp::less_equal: return at_most_k;
        case CompareOp::greater: return bdd_.negate(at_most_k);
        case CompareOp::greater_equal: return bdd_.negate(below_k);
        case CompareOp::equal: return bdd_.conjoin(at_most_k, bdd_.negate(below_k));
        case CompareOp::not_equal: return bdd_.negate(bdd_.conjoin(at_most_k, bdd_.negate(below_k)));
      }
      return Bdd::zero;
    }
    case Test::Kind::enum_in: {
      Bdd::Ref result = Bdd::zero;
      const auto& values = model.attributes[test.attribute].values;
      for (std::uint32_t v = 0; v < values.size(); ++v) {
        if ((test.mask >> v) & 1u) result = bdd_.disjoin(result, enum_is(encoded, value_of_[version][test.attribute][v]));
      }
      return result;
    }
    case Test::Kind::form_in: {
      Bdd::Ref result = Bdd::zero;
      for (const Form form : all_forms) {
        if ((test.mask >> static_cast<unsigned>(form)) & 1u) result = bdd_.disjoin(result, form_is(form));
      }
      return result;
    }
    case Test::Kind::set_has: {
      const model::Attribute& attribute = model.attributes[test.attribute];
      const model::Node& node = model.vocabulary(attribute.element).node(test.node);
      Bdd::Ref result = Bdd::one;
      for (std::uint32_t leaf = node.end_leaf; leaf-- > node.first_leaf;) {
        result = bdd_.conjoin(set_holds(test.attribute, leaf, version), result);
      }
      return result;
    }
    case Test::Kind::set_has_request: {
      const std::uint32_t leaf = test.part == model::RequestPart::data      ? binding.data
                                 : test.part == model::RequestPart::purpose ? binding.purpose
                                                                            : binding.recipient;
      if (leaf == Binding::none) return Bdd::zero;
      return set_holds(test.attribute, leaf, version);
    }
  }
  return Bdd::zero;
}

Bdd::Ref Encoding::expr(const Expr& expr, const Binding& binding, std::size_t version) {
  switch (expr.op) {
    case Expr::Op::test: return test(expr.test, binding, version);
    case Expr::Op::negate: return bdd_.negate(this->expr(expr.operands.front(), binding, version));
    case Expr::Op::all_of: {
      Bdd::Ref result = Bdd::one;
      for (const Expr& operand : expr.operands) result = bdd_.conjoin(result, this->expr(operand, binding, version));
      return result;
    }
    case Expr::Op::any_of: {
      Bdd::Ref result = Bdd::zero;
      for (const Expr& operand : expr.operands) result = bdd_.disjoin(result, this->expr(operand, binding, version));
      return result;
    }
  }
  return Bdd::zero;
}

Bdd::Ref Encoding::guard(const model::Guard& guard, const Binding& binding, std::size_t version) {
  Bdd::Ref result = Bdd::one;
  if (guard.when) result = expr(*guard.when, binding, version);
  if (guard.unless) result = bdd_.conjoin(result, bdd_.negate(expr(*guard.unless, binding, version)));
  return result;
}

}  // namespace proviso::analysis
