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

Encoding::Encoding(const model::Model& model, Bdd& bdd) : model_(model), bdd_(bdd) {
  const auto cuts = integer_cut_points(model);
  attributes_.resize(model.attributes.size());
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    AttributeCode& code = attributes_[a];
    code.first_var = static_cast<Bdd::Var>(meanings_.size());
    std::size_t values = 0;
    VariableMeaning::Kind kind = VariableMeaning::Kind::flag;
    switch (attribute.type) {
      case AttributeType::boolean: values = 2; break;
      case AttributeType::enumeration:
        values = attribute.values.size();
        kind = VariableMeaning::Kind::enum_bit;
        break;
      case AttributeType::integer:
        code.cuts = cuts[a];
        values = code.cuts.size() + 1;
        kind = VariableMeaning::Kind::interval_bit;
        break;
      case AttributeType::set: values = 1; break;  // set leaves are made on demand
    }
    code.bits = bits_for(values);
    for (std::uint32_t bit = 0; bit < code.bits; ++bit) new_var({kind, a, bit});
    if (values > 1 && (std::size_t{1} << code.bits) != values) {
      valid_ = bdd_.conjoin(valid_, index_below(code.first_var, code.bits, static_cast<std::uint32_t>(values)));
    }
  }
  form_var_ = new_var({VariableMeaning::Kind::form_bit, 0, 0});
  new_var({VariableMeaning::Kind::form_bit, 0, 1});
}

Bdd::Var Encoding::new_var(VariableMeaning meaning) {
  meanings_.push_back(meaning);
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

Bdd::Ref Encoding::set_holds(model::AttributeId attribute, std::uint32_t leaf) {
  const auto key = std::make_pair(attribute, leaf);
  auto found = set_vars_.find(key);
  if (found == set_vars_.end()) {
    found = set_vars_.emplace(key, new_var({VariableMeaning::Kind::set_leaf, attribute, leaf})).first;
  }
  return bdd_.var(found->second);
}

std::optional<Bdd::Var> Encoding::set_leaf_var(model::AttributeId attribute, std::uint32_t leaf) const {
  const auto found = set_vars_.find({attribute, leaf});
  if (found == set_vars_.end()) return std::nullopt;
  return found->second;
}

Bdd::Ref Encoding::less_than(model::AttributeId attribute, std::int64_t bound) {
  const AttributeCode& code = attributes_[attribute];
  // Interval j holds x with cuts[j-1] <= x < cuts[j]; x < bound is j <= position of bound.
  const auto position = std::lower_bound(code.cuts.begin(), code.cuts.end(), bound) - code.cuts.begin();
  return index_below(code.first_var, code.bits, static_cast<std::uint32_t>(position + 1));
}

Bdd::Ref Encoding::enum_is(model::AttributeId attribute, std::uint32_t value) {
  const AttributeCode& code = attributes_[attribute];
  return index_is(code.first_var, code.bits, value);
}

Bdd::Ref Encoding::test(const Test& test, const Binding& binding) {
  switch (test.kind) {
    case Test::Kind::boolean: return bdd_.var(attributes_[test.attribute].first_var);
    case Test::Kind::compare: {
      const std::int64_t k = test.value;
      const bool has_next = k != max_int;
      const Bdd::Ref below_k = less_than(test.attribute, k);
      const Bdd::Ref at_most_k = has_next ? less_than(test.attribute, k + 1) : Bdd::one;
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
      const auto& values = model_.attributes[test.attribute].values;
      for (std::uint32_t v = 0; v < values.size(); ++v) {
        if ((test.mask >> v) & 1u) result = bdd_.disjoin(result, enum_is(test.attribute, v));
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
      const model::Attribute& attribute = model_.attributes[test.attribute];
      const model::Node& node = model_.vocabulary(attribute.element).node(test.node);
      Bdd::Ref result = Bdd::one;
      for (std::uint32_t leaf = node.end_leaf; leaf-- > node.first_leaf;) {
        result = bdd_.conjoin(set_holds(test.attribute, leaf), result);
      }
      return result;
    }
    case Test::Kind::set_has_request: {
      const std::uint32_t leaf = test.part == model::RequestPart::data      ? binding.data
                                 : test.part == model::RequestPart::purpose ? binding.purpose
                                                                            : binding.recipient;
      if (leaf == Binding::none) return Bdd::zero;
      return set_holds(test.attribute, leaf);
    }
  }
  return Bdd::zero;
}

Bdd::Ref Encoding::expr(const Expr& expr, const Binding& binding) {
  switch (expr.op) {
    case Expr::Op::test: return test(expr.test, binding);
    case Expr::Op::negate: return bdd_.negate(this->expr(expr.operands.front(), binding));
    case Expr::Op::all_of: {
      Bdd::Ref result = Bdd::one;
      for (const Expr& operand : expr.operands) result = bdd_.conjoin(result, this->expr(operand, binding));
      return result;
    }
    case Expr::Op::any_of: {
      Bdd::Ref result = Bdd::zero;
      for (const Expr& operand : expr.operands) result = bdd_.disjoin(result, this->expr(operand, binding));
      return result;
    }
  }
  return Bdd::zero;
}

Bdd::Ref Encoding::guard(const model::Guard& guard, const Binding& binding) {
  Bdd::Ref result = Bdd::one;
  if (guard.when) result = expr(*guard.when, binding);
  if (guard.unless) result = bdd_.conjoin(result, bdd_.negate(expr(*guard.unless, binding)));
  return result;
}

}  // namespace proviso::analysis
