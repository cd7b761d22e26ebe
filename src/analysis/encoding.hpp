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
//
// One encoding can serve several versions of a policy at once (the diff):
// attributes are matched by name and type, enumeration values and leaves by
// name, and integer cut points are merged, so a subject means the same
// thing in every version.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/bdd.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// The leaves a `this ...` test refers to, for one request cell.
struct Binding {
  static constexpr std::uint32_t none = UINT32_MAX;
  /// Some leaf, left open: each `S has this ...` becomes a variable of its
  /// own. A function built so is the function for any leaf with that
  /// variable renamed, so if it can never hold, it never holds for any leaf.
  static constexpr std::uint32_t open = UINT32_MAX - 1;
  std::uint32_t data = none;
  std::uint32_t purpose = none;
  std::uint32_t recipient = none;
};

/// An attribute as the encoding sees it, shared by every version that declares it.
struct EncodedAttribute {
  std::string name;
  model::AttributeType type = model::AttributeType::boolean;
  model::VocabularyKind element = model::VocabularyKind::consent;  ///< sets
  std::vector<std::string> values;  ///< enumerations: every version's values, in order of first appearance
  std::vector<std::int64_t> cuts;   ///< integers: sorted interval boundaries (value < cuts[i])
  Bdd::Var first_var = 0;           ///< flag, enumeration or interval bits (MSB first)
  std::uint32_t bits = 0;
};

/// What a BDD variable stands for, to read a function back as a condition.
struct VariableMeaning {
  enum class Kind : std::uint8_t { flag, enum_bit, interval_bit, set_leaf, form_bit };
  Kind kind = Kind::flag;
  std::uint32_t attribute = 0;  ///< index into Encoding::attributes(); not for form bits
  std::uint32_t index = 0;      ///< the bit (MSB = 0)
  std::string leaf;             ///< set leaves: the leaf's path
};

class Encoding {
 public:
  /// An encoding for one policy.
  Encoding(const model::Model& model, Bdd& bdd) : Encoding(std::vector<const model::Model*>{&model}, bdd) {}
  /// An encoding shared by several versions of a policy.
  Encoding(std::vector<const model::Model*> versions, Bdd& bdd);

  /// `when W unless U` for the cell `binding`, in version `version`.
  Bdd::Ref guard(const model::Guard& guard, const Binding& binding, std::size_t version = 0);
  Bdd::Ref expr(const model::Expr& expr, const Binding& binding, std::size_t version = 0);
  Bdd::Ref test(const model::Test& test, const Binding& binding, std::size_t version = 0);

  /// The assignments that stand for a real subject (an enumeration bit
  /// pattern beyond its last value does not); conjoin before asking if
  /// something is satisfiable.
  Bdd::Ref valid() const { return valid_; }

  /// True when `f` holds for some real subject.
  bool possible(Bdd::Ref f) { return Bdd::satisfiable(bdd_.conjoin(f, valid_)); }

  /// The request's data is in `form`.
  Bdd::Ref form_is(Form form);
  /// A set attribute of a version holds the leaf (a leaf index of that version).
  Bdd::Ref set_holds(model::AttributeId attribute, std::uint32_t leaf, std::size_t version = 0);
  /// The variable of a set leaf, if it was ever made.
  std::optional<Bdd::Var> set_leaf_var(model::AttributeId attribute, std::uint32_t leaf,
                                       std::size_t version = 0) const;

  /// The encoded attribute a version's attribute shares.
  std::uint32_t encoded(model::AttributeId attribute, std::size_t version = 0) const {
    return attribute_of_[version][attribute];
  }
  /// An encoded attribute holds the value (flag 0/1, enumeration value, integer interval) with this index.
  Bdd::Ref value_is(std::uint32_t encoded_attribute, std::uint32_t index);
  /// The encoded enumeration value of a version's value index.
  std::uint32_t encoded_value(model::AttributeId attribute, std::uint32_t value, std::size_t version = 0) const {
    return value_of_[version][attribute][value];
  }

  /// What a variable stands for.
  const VariableMeaning& meaning(Bdd::Var v) const { return meanings_[v]; }
  /// How many variables exist so far.
  std::size_t variable_count() const { return meanings_.size(); }
  /// Every attribute, across versions.
  const std::vector<EncodedAttribute>& attributes() const { return attributes_; }
  /// The two form bits.
  Bdd::Var form_var() const { return form_var_; }

  Bdd& bdd() { return bdd_; }

 private:
  Bdd::Var new_var(VariableMeaning meaning);
  Bdd::Ref index_is(Bdd::Var first, std::uint32_t bits, std::uint32_t value);
  Bdd::Ref index_below(Bdd::Var first, std::uint32_t bits, std::uint32_t bound);
  Bdd::Ref less_than(std::uint32_t attribute, std::int64_t bound);
  Bdd::Ref enum_is(std::uint32_t attribute, std::uint32_t value);

  std::vector<const model::Model*> versions_;
  Bdd& bdd_;
  std::vector<EncodedAttribute> attributes_;
  std::vector<std::vector<std::uint32_t>> attribute_of_;                  // [version][attribute] → encoded
  std::vector<std::vector<std::vector<std::uint32_t>>> value_of_;       // [version][attribute][value] → encoded value
  std::vector<VariableMeaning> meanings_;
  std::map<std::pair<std::uint32_t, std::string>, Bdd::Var> set_vars_;  // (encoded attribute, leaf path)
  std::vector<std::map<std::pair<model::AttributeId, std::uint32_t>, Bdd::Var>> set_var_cache_;  // per version
  Bdd::Var form_var_ = 0;
  Bdd::Ref valid_ = Bdd::one;
};

/// Every constant an integer attribute is compared with, normalised to "x < c"
/// cut points, for each attribute (empty for other types).
std::vector<std::vector<std::int64_t>> integer_cut_points(const model::Model& model);

}  // namespace proviso::analysis
