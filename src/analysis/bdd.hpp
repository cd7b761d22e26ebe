// Reduced ordered binary decision diagrams: the exact-analysis engine.
//
// Proviso's questions about a policy ("can these two rules apply to the same
// request?", "which subjects does this change affect?") are questions about
// boolean functions of a few dozen variables that encode the subject. A BDD
// answers them exactly, and its paths read back as conditions. This is a
// small, single-threaded manager: hash-consed nodes, a memoised if-then-else,
// no garbage collection (analyses are short-lived; build a new manager per
// analysis when memory matters).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace proviso::analysis {

class Bdd {
 public:
  /// A function, as an index into this manager's nodes.
  using Ref = std::uint32_t;
  /// A variable index; smaller indices are nearer the root.
  using Var = std::uint32_t;

  static constexpr Ref zero = 0;  ///< the constant false
  static constexpr Ref one = 1;   ///< the constant true

  Bdd();

  /// The function that is true exactly when `v` is.
  Ref var(Var v);
  /// The function that is true exactly when `v` is false.
  Ref not_var(Var v);

  Ref ite(Ref f, Ref g, Ref h);
  Ref conjoin(Ref f, Ref g) { return ite(f, g, zero); }
  Ref disjoin(Ref f, Ref g) { return ite(f, one, g); }
  Ref negate(Ref f) { return ite(f, zero, one); }
  Ref differ(Ref f, Ref g) { return ite(f, negate(g), g); }

  /// `f` with variable `v` fixed to `value`.
  Ref restrict(Ref f, Var v, bool value);

  /// `f` with every variable for which `drop(v)` is true quantified away
  /// (existentially): true wherever some value of those variables makes `f` true.
  Ref exists(Ref f, const std::vector<bool>& drop);

  /// True when some assignment makes `f` true.
  static bool satisfiable(Ref f) noexcept { return f != zero; }

  /// One satisfying assignment of `f`, as (variable, value) pairs along a
  /// path; variables not listed may take either value.
  std::optional<std::vector<std::pair<Var, bool>>> any_path(Ref f) const;

  /// Every path from `f` to true, each as (variable, value) pairs. The paths
  /// are disjoint and together are exactly `f`. Stops after `limit` paths.
  std::vector<std::vector<std::pair<Var, bool>>> paths(Ref f, std::size_t limit) const;

  /// The variable tested at the root of `f` (only for a non-constant `f`).
  Var top(Ref f) const { return nodes_[f].var; }
  Ref low(Ref f) const { return nodes_[f].low; }
  Ref high(Ref f) const { return nodes_[f].high; }
  static bool is_constant(Ref f) noexcept { return f <= one; }

  /// The number of nodes created so far (a measure of work).
  std::size_t size() const noexcept { return nodes_.size(); }

 private:
  struct Node {
    Var var;
    Ref low;
    Ref high;
  };
  struct Triple {
    std::uint32_t a, b, c;
    friend bool operator==(const Triple&, const Triple&) = default;
  };
  struct TripleHash {
    std::size_t operator()(const Triple& t) const noexcept {
      std::uint64_t h = t.a * 0x9E3779B97F4A7C15ull;
      h ^= (t.b + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
      h ^= (t.c + 0x85EBCA77C2B2AE63ull) * 0x165667B19E3779F9ull;
      return static_cast<std::size_t>(h ^ (h >> 29));
    }
  };

  Ref make(Var v, Ref low, Ref high);
  Var var_of(Ref f) const { return is_constant(f) ? no_var : nodes_[f].var; }

  static constexpr Var no_var = UINT32_MAX;
  std::vector<Node> nodes_;
  std::unordered_map<Triple, Ref, TripleHash> unique_;
  std::unordered_map<Triple, Ref, TripleHash> ite_cache_;
  std::unordered_map<Triple, Ref, TripleHash> restrict_cache_;
};

}  // namespace proviso::analysis
