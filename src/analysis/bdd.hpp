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

  /// True when `f`, `g` and `h` — or `f`, `g` and not `h` — hold together
  /// for some assignment. The satisfiability of a conjunction, found
  /// without building it: no node is made, and the walk stops at the first
  /// satisfying path.
  bool meet(Ref f, Ref g, Ref h = one, bool not_h = false);

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
  Ref make(Var v, Ref low, Ref high);
  Var var_of(Ref f) const { return is_constant(f) ? no_var : nodes_[f].var; }
  void grow_unique();

  // The unique table: open addressing over node indices (empty = no_ref).
  // The computed caches are lossy and direct-mapped, as in every BDD
  // package: a miss only costs recomputation, never a wrong answer.
  struct CacheEntry {
    Ref f = no_ref;
    Ref g = 0;
    Ref h = 0;
    Ref result = 0;
  };
  static std::size_t hash3(std::uint32_t a, std::uint32_t b, std::uint32_t c) noexcept {
    std::uint64_t h = a * 0x9E3779B97F4A7C15ull;
    h ^= (b + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    h ^= (c + 0x85EBCA77C2B2AE63ull) * 0x165667B19E3779F9ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
  CacheEntry& cache_slot(std::vector<CacheEntry>& cache, Ref f, Ref g, Ref h) {
    return cache[hash3(f, g, h) & (cache.size() - 1)];
  }

  static constexpr Var no_var = UINT32_MAX;
  static constexpr Ref no_ref = UINT32_MAX;
  std::vector<Node> nodes_;
  std::vector<Ref> unique_;
  std::vector<CacheEntry> ite_cache_;
  std::vector<CacheEntry> restrict_cache_;
  std::vector<CacheEntry> meet_cache_;  // h holds `not_h` in its top bit; result 0 or 1
};

}  // namespace proviso::analysis
