#include "compile/conditions.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace proviso::compile {
namespace {

using model::CompareOp;

constexpr std::int64_t max_int = std::numeric_limits<std::int64_t>::max();

// Terms beyond this are a sign of a condition written in a way that
// multiplies out badly; real policies stay in single digits.
constexpr std::size_t max_terms = 4096;

CompareOp negated(CompareOp op) {
  switch (op) {
    case CompareOp::less: return CompareOp::greater_equal;
    case CompareOp::less_equal: return CompareOp::greater;
    case CompareOp::greater: return CompareOp::less_equal;
    case CompareOp::greater_equal: return CompareOp::less;
    case CompareOp::equal: return CompareOp::not_equal;
    case CompareOp::not_equal: return CompareOp::equal;
  }
  return op;
}

// Tests are kept sorted by word; tests of the same word merge.
bool key_less(const Test& a, const Test& b) { return a.bit < b.bit; }

// Adds a test to a term; false when the term becomes contradictory.
bool add_test(std::vector<Test>& term, const Test& test) {
  auto it = std::lower_bound(term.begin(), term.end(), test, key_less);
  if (it != term.end() && it->bit == test.bit) {
    it->set |= test.set;
    it->clear |= test.clear;
    return (it->set & it->clear) == 0;
  }
  term.insert(it, test);
  return (test.set & test.clear) == 0;
}

bool subsumes(const std::vector<Test>& general, const std::vector<Test>& specific) {
  // `general` holds whenever `specific` does: each of its tests is implied.
  for (const Test& g : general) {
    const auto it = std::find_if(specific.begin(), specific.end(),
                                 [&](const Test& s) { return s.bit == g.bit; });
    if (it == specific.end()) return false;
    if ((it->set & g.set) != g.set || (it->clear & g.clear) != g.clear) return false;
  }
  return true;
}

}  // namespace

ConditionCompiler::ConditionCompiler(const model::Model& model, detail::PolicyData& out) : model_(model), out_(out) {
  if (out_.conditions.empty()) out_.conditions.push_back({0, 0});  // "always": see evaluation
}

ConditionCompiler::Dnf ConditionCompiler::constant(bool value) { return value ? Dnf{TermTests{}} : Dnf{}; }

std::uint32_t ConditionCompiler::request_word_bit(std::uint32_t index) const {
  return out_.layout.word_count * 64 + index;
}

ConditionCompiler::Dnf ConditionCompiler::bit(std::uint32_t bit, bool set) {
  Test test;
  test.bit = bit / 64 * 64;
  (set ? test.set : test.clear) = std::uint64_t{1} << (bit % 64);
  return Dnf{TermTests{test}};
}

ConditionCompiler::Dnf ConditionCompiler::disjoin(Dnf a, const Dnf& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

ConditionCompiler::Dnf ConditionCompiler::conjoin(const Dnf& a, const Dnf& b) {
  Dnf result;
  for (const TermTests& x : a) {
    for (const TermTests& y : b) {
      TermTests term = x;
      bool possible = true;
      for (const Test& test : y) possible = possible && add_test(term, test);
      if (possible) result.push_back(std::move(term));
    }
  }
  if (result.size() > max_terms) throw std::length_error("condition too large to compile");
  return result;
}

ConditionCompiler::Dnf ConditionCompiler::lower_compare(const model::Test& test, CompareOp op) {
  const AttributeLayout& code = out_.layout.attributes[test.attribute];
  // `x < c` is one bit of the encoding (set when the value is below the cut).
  const auto below = [&](std::int64_t cut, bool truth) -> Dnf {
    const auto it = std::lower_bound(code.cuts.begin(), code.cuts.end(), cut);
    return bit(code.first_bit + static_cast<std::uint32_t>(it - code.cuts.begin()), truth);
  };
  const std::int64_t k = test.value;
  const bool has_next = k != max_int;
  switch (op) {
    case CompareOp::less: return below(k, true);
    case CompareOp::greater_equal: return below(k, false);
    case CompareOp::less_equal: return has_next ? below(k + 1, true) : constant(true);
    case CompareOp::greater: return has_next ? below(k + 1, false) : constant(false);
    case CompareOp::equal: return has_next ? conjoin(below(k + 1, true), below(k, false)) : below(k, false);
    case CompareOp::not_equal: return has_next ? disjoin(below(k + 1, false), below(k, true)) : below(k, true);
  }
  return constant(false);
}

ConditionCompiler::Dnf ConditionCompiler::lower(const model::Test& test, bool positive,
                                                const analysis::Binding& binding) {
  using Kind = model::Test::Kind;
  switch (test.kind) {
    case Kind::boolean: return bit(out_.layout.attributes[test.attribute].first_bit, positive);
    case Kind::compare: return lower_compare(test, positive ? test.op : negated(test.op));
    case Kind::enum_in:
    case Kind::form_in: {
      // Exactly one bit of the group is set, so "in S" is "no bit outside S".
      // The form's bits are the first of the request word.
      const std::uint32_t first = test.kind == Kind::form_in ? request_word_bit(0)
                                                             : out_.layout.attributes[test.attribute].first_bit;
      const std::uint32_t count = test.kind == Kind::form_in ? Layout::form_bits
                                                             : out_.layout.attributes[test.attribute].bit_count;
      TermTests term;
      for (std::uint32_t v = 0; v < count; ++v) {
        const bool in_set = ((test.mask >> v) & 1u) != 0;
        if (in_set != positive) add_test(term, bit(first + v, false).front().front());
      }
      return Dnf{term};
    }
    case Kind::set_has: {
      const model::Attribute& attribute = model_.attributes[test.attribute];
      const model::Node& node = model_.vocabulary(attribute.element).node(test.node);
      const std::uint32_t base = out_.layout.attributes[test.attribute].first_bit;
      if (positive) {
        TermTests term;
        for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
          add_test(term, bit(base + leaf, true).front().front());
        }
        return Dnf{term};
      }
      Dnf any_missing;
      for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
        any_missing.push_back(bit(base + leaf, false).front());
      }
      return any_missing;
    }
    case Kind::set_has_request: {
      // The subject's bit for the request's own leaf: computed per request
      // into the request word, so one condition serves every cell.
      (void)binding;
      const RequestPart part = test.part == model::RequestPart::data      ? RequestPart::data
                               : test.part == model::RequestPart::purpose ? RequestPart::purpose
                                                                          : RequestPart::recipient;
      const std::uint32_t base = out_.layout.attributes[test.attribute].first_bit;
      auto& bits = out_.layout.request_bits;
      auto found = std::find_if(bits.begin(), bits.end(), [&](const RequestBit& b) { return b.base == base && b.part == part; });
      if (found == bits.end()) {
        if (bits.size() == Layout::max_request_bits) {
          throw std::length_error("more than 60 different `has this ...` tests");
        }
        found = bits.insert(bits.end(), RequestBit{base, part});
      }
      return bit(request_word_bit(Layout::form_bits + static_cast<std::uint32_t>(found - bits.begin())), positive);
    }
  }
  return constant(false);
}

ConditionCompiler::Dnf ConditionCompiler::lower(const model::Expr& expr, bool positive,
                                                const analysis::Binding& binding) {
  using Op = model::Expr::Op;
  switch (expr.op) {
    case Op::test: return lower(expr.test, positive, binding);
    case Op::negate: return lower(expr.operands.front(), !positive, binding);
    case Op::all_of:
    case Op::any_of: {
      // De Morgan: under negation, "all of" becomes "any of" the negations.
      const bool conjunction = (expr.op == Op::all_of) == positive;
      Dnf result = constant(conjunction);
      for (const model::Expr& operand : expr.operands) {
        Dnf lowered = lower(operand, positive, binding);
        result = conjunction ? conjoin(result, lowered) : disjoin(std::move(result), lowered);
      }
      return result;
    }
  }
  return constant(false);
}

std::uint32_t ConditionCompiler::compile(const model::Guard& guard, const analysis::Binding& binding) {
  if (guard.always()) return always;
  Dnf dnf = constant(true);
  if (guard.when) dnf = lower(*guard.when, true, binding);
  if (guard.unless) dnf = conjoin(dnf, lower(*guard.unless, false, binding));
  return intern(std::move(dnf));
}

std::uint32_t ConditionCompiler::intern(Dnf dnf) {
  // Drop terms implied by others (x or (x and y) is x), then sort for a canonical form.
  // Decide every term first, then move: a moved-from term would look empty,
  // and an empty term subsumes everything.
  std::vector<bool> redundant(dnf.size(), false);
  for (std::size_t i = 0; i < dnf.size(); ++i) {
    for (std::size_t j = 0; j < dnf.size() && !redundant[i]; ++j) {
      if (i == j) continue;
      // Of two equal terms keep the first.
      redundant[i] = subsumes(dnf[j], dnf[i]) && (!subsumes(dnf[i], dnf[j]) || j < i);
    }
  }
  Dnf kept;
  for (std::size_t i = 0; i < dnf.size(); ++i) {
    if (!redundant[i]) kept.push_back(std::move(dnf[i]));
  }
  std::vector<std::vector<std::uint64_t>> canonical;
  for (const TermTests& term : kept) {
    std::vector<std::uint64_t> t;
    for (const Test& test : term) {
      t.insert(t.end(), {test.bit, test.set, test.clear});
    }
    canonical.push_back(std::move(t));
  }
  std::sort(canonical.begin(), canonical.end());
  // A true term makes the whole condition "always".
  if (!canonical.empty() && canonical.front().empty()) return always;
  std::vector<std::uint64_t> key;
  for (const auto& t : canonical) {
    key.push_back(t.size());
    key.insert(key.end(), t.begin(), t.end());
  }
  key.push_back(UINT64_MAX);  // distinguishes "never" from "always"
  if (const auto found = interned_.find(key); found != interned_.end()) return found->second;
  Condition condition{static_cast<std::uint32_t>(out_.terms.size()), static_cast<std::uint32_t>(canonical.size())};
  for (const auto& t : canonical) {
    out_.terms.push_back({static_cast<std::uint32_t>(out_.tests.size()), static_cast<std::uint32_t>(t.size() / 3)});
    for (std::size_t i = 0; i < t.size(); i += 3) {
      out_.tests.push_back({static_cast<std::uint32_t>(t[i]), t[i + 1], t[i + 2]});
    }
  }
  const auto index = static_cast<std::uint32_t>(out_.conditions.size());
  out_.conditions.push_back(condition);
  interned_.emplace(std::move(key), index);
  return index;
}

}  // namespace proviso::compile
