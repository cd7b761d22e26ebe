// Lowering conditions to the compiled form: a disjunction of terms, each a
// few mask tests on the subject's words. `has this purpose` is bound to the
// cell's leaf here, at compile time, so no test depends on the request.
#pragma once

#include <map>
#include <vector>

#include "analysis/encoding.hpp"
#include "compile/policy_data.hpp"

namespace proviso::compile {

class ConditionCompiler {
 public:
  ConditionCompiler(const model::Model& model, detail::PolicyData& out);

  /// The condition index of `when W unless U` bound to `binding` (0 when always true).
  std::uint32_t compile(const model::Guard& guard, const analysis::Binding& binding);

 private:
  // A term under construction: tests sorted by word, at most one per word.
  using TermTests = std::vector<Test>;
  // A disjunction of terms; an empty vector is false, a vector holding one
  // empty term is true.
  using Dnf = std::vector<TermTests>;

  Dnf lower(const model::Expr& expr, bool positive, const analysis::Binding& binding);
  Dnf lower(const model::Test& test, bool positive, const analysis::Binding& binding);
  Dnf lower_compare(const model::Test& test, model::CompareOp op);
  Dnf conjoin(const Dnf& a, const Dnf& b);
  static Dnf disjoin(Dnf a, const Dnf& b);
  static Dnf bit(std::uint32_t bit, bool set);
  /// The position of a bit of the request word, after the subject's words.
  std::uint32_t request_word_bit(std::uint32_t index) const;
  static Dnf constant(bool value);
  std::uint32_t intern(Dnf dnf);

  const model::Model& model_;
  detail::PolicyData& out_;
  std::map<std::vector<std::uint64_t>, std::uint32_t> interned_;
};

}  // namespace proviso::compile
