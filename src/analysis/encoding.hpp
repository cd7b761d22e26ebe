// How a subject (and the form of the requested data) is encoded as BDD
// variables, so conditions become boolean functions.
//
// Each attribute gets the fewest variables that tell apart everything the
// policy can tell apart: a flag is one variable; an enumeration of k values
// is ceil(log2 k) bits; an integer is the index of the interval it falls in,
// cut at every constant the policy compares it with (so `age < 16` and
// `age >= 18` make three classes: below 16, 16-17, 18 and over); a set is
// one variable per vocabulary leaf, made when first needed. The form is two
// bits. The encoding is exact: two subjects with the same encoding get the
// same answer from every rule of the policy.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/bdd.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// The leaves a `this ...` test refers to, for one request cell.
struct Binding {
  static constexpr std::uint32_t none = UINT32_MAX;
  std::uint32_t data = none;
  std::uint32_t purpose = none;
  std::uint32_t recipient = none;
};

/// What a BDD variable stands for, to read a function back as a condition.
struct VariableMeaning {
  enum class Kind : std::uint8_t { flag, enum_bit, interval_bit, set_leaf, form_bit };
  Kind kind = Kind::flag;
  model::AttributeId attribute = 0;  ///< not for form bits
  std::uint32_t index = 0;           ///< the bit (MSB = 0), or the leaf
};

class Encoding {
 public:
  Encoding(const model::Model& model, Bdd& bdd);

  /// `when W unless U` for the cell `binding`.
  Bdd::Ref guard(const model::Guard& guard, const Binding& binding);
  Bdd::Ref expr(const model::Expr& expr, const Binding& binding);
  Bdd::Ref test(const model::Test& test, const Binding& binding);

  /// The assignments that stand for a real subject (an enumeration bit
  /// pattern beyond its last value does not); conjoin before asking if
  /// something is satisfiable.
  Bdd::Ref valid() const { return valid_; }

  /// True when `f` holds for some real subject.
  bool possible(Bdd::Ref f) { return Bdd::satisfiable(bdd_.conjoin(f, valid_)); }

  /// The request's data is in `form`.
  Bdd::Ref form_is(Form form);
  /// The set attribute holds the leaf.
  Bdd::Ref set_holds(model::AttributeId attribute, std::uint32_t leaf);
  /// The integer attribute is below `bound`.
  Bdd::Ref less_than(model::AttributeId attribute, std::int64_t bound);
  /// The enumeration attribute has value `value`.
  Bdd::Ref enum_is(model::AttributeId attribute, std::uint32_t value);

  /// What a variable stands for.
  const VariableMeaning& meaning(Bdd::Var v) const { return meanings_[v]; }
  /// The integer classes of an attribute: the sorted cut points.
  const std::vector<std::int64_t>& cut_points(model::AttributeId attribute) const {
    return attributes_[attribute].cuts;
  }
  /// The variables of an attribute's value (flag, enumeration or interval bits).
  std::pair<Bdd::Var, std::uint32_t> value_bits(model::AttributeId attribute) const {
    return {attributes_[attribute].first_var, attributes_[attribute].bits};
  }
  /// The variable of a set leaf, if it was ever made.
  std::optional<Bdd::Var> set_leaf_var(model::AttributeId attribute, std::uint32_t leaf) const;
  /// The two form bits.
  Bdd::Var form_var() const { return form_var_; }

  Bdd& bdd() { return bdd_; }
  const model::Model& model() const { return model_; }

 private:
  struct AttributeCode {
    Bdd::Var first_var = 0;
    std::uint32_t bits = 0;
    std::vector<std::int64_t> cuts;  // integers: sorted interval boundaries
  };

  Bdd::Var new_var(VariableMeaning meaning);
  Bdd::Ref index_is(Bdd::Var first, std::uint32_t bits, std::uint32_t value);
  Bdd::Ref index_below(Bdd::Var first, std::uint32_t bits, std::uint32_t bound);

  const model::Model& model_;
  Bdd& bdd_;
  std::vector<AttributeCode> attributes_;
  std::vector<VariableMeaning> meanings_;
  std::map<std::pair<model::AttributeId, std::uint32_t>, Bdd::Var> set_vars_;
  Bdd::Var form_var_ = 0;
  Bdd::Ref valid_ = Bdd::one;
};

/// Every constant an integer attribute is compared with, normalised to "x < c"
/// cut points, for each attribute (empty for other types).
std::vector<std::vector<std::int64_t>> integer_cut_points(const model::Model& model);

}  // namespace proviso::analysis
