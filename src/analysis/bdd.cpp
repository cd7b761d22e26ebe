#include "analysis/bdd.hpp"

#include <algorithm>

namespace proviso::analysis {

Bdd::Bdd() : unique_(1 << 12, no_ref), ite_cache_(1 << 14), restrict_cache_(1 << 10), meet_cache_(1 << 12) {
  nodes_.push_back({no_var, zero, zero});  // false
  nodes_.push_back({no_var, one, one});    // true
}

void Bdd::grow_unique() {
  std::vector<Ref> bigger(unique_.size() * 2, no_ref);
  for (Ref r = 2; r < nodes_.size(); ++r) {
    const Node& n = nodes_[r];
    std::size_t slot = hash3(n.var, n.low, n.high) & (bigger.size() - 1);
    while (bigger[slot] != no_ref) slot = (slot + 1) & (bigger.size() - 1);
    bigger[slot] = r;
  }
  unique_ = std::move(bigger);
  // The computed caches grow with the diagram, so hit rates hold up.
  if (ite_cache_.size() < unique_.size() * 2 && ite_cache_.size() < (std::size_t{1} << 22)) {
    ite_cache_.assign(ite_cache_.size() * 2, CacheEntry{});
  }
  if (meet_cache_.size() < unique_.size() && meet_cache_.size() < (std::size_t{1} << 20)) {
    meet_cache_.assign(meet_cache_.size() * 2, CacheEntry{});
  }
}

Bdd::Ref Bdd::make(Var v, Ref low, Ref high) {
  if (low == high) return low;
  const std::size_t mask = unique_.size() - 1;
  std::size_t slot = hash3(v, low, high) & mask;
  while (unique_[slot] != no_ref) {
    const Node& n = nodes_[unique_[slot]];
    if (n.var == v && n.low == low && n.high == high) return unique_[slot];
    slot = (slot + 1) & mask;
  }
  const auto ref = static_cast<Ref>(nodes_.size());
  nodes_.push_back({v, low, high});
  unique_[slot] = ref;
  if (nodes_.size() * 2 > unique_.size()) grow_unique();
  return ref;
}

Bdd::Ref Bdd::var(Var v) { return make(v, zero, one); }

Bdd::Ref Bdd::not_var(Var v) { return make(v, one, zero); }

Bdd::Ref Bdd::ite(Ref f, Ref g, Ref h) {
  if (f == one) return g;
  if (f == zero) return h;
  if (g == h) return g;
  if (g == one && h == zero) return f;
  if (const CacheEntry& cached = cache_slot(ite_cache_, f, g, h); cached.f == f && cached.g == g && cached.h == h) {
    return cached.result;
  }
  const Var v = std::min({var_of(f), var_of(g), var_of(h)});
  const auto cofactor = [&](Ref x, bool high_side) {
    if (var_of(x) != v) return x;
    return high_side ? nodes_[x].high : nodes_[x].low;
  };
  const Ref high_result = ite(cofactor(f, true), cofactor(g, true), cofactor(h, true));
  const Ref low_result = ite(cofactor(f, false), cofactor(g, false), cofactor(h, false));
  const Ref result = make(v, low_result, high_result);
  cache_slot(ite_cache_, f, g, h) = {f, g, h, result};
  return result;
}

bool Bdd::meet(Ref f, Ref g, Ref h, bool not_h) {
  if (is_constant(h)) {
    if ((h == one) == not_h) return false;
    h = one;
    not_h = false;
  }
  if (f == zero || g == zero) return false;
  if (f > g) std::swap(f, g);  // the conjunction is symmetric in f and g
  if (f == one && g == one) return true;  // h is one, or a function neither always true nor always false
  if (f == one && h == one) return true;  // g is not constant, so not always false
  if (f == g && h == one) return true;
  const Ref tag = not_h ? h | (Ref{1} << 31) : h;  // node counts stay far below 2^31
  const CacheEntry& cached = cache_slot(meet_cache_, f, g, tag);
  if (cached.f == f && cached.g == g && cached.h == tag) return cached.result != 0;
  const Var v = std::min({var_of(f), var_of(g), var_of(h)});
  const auto cofactor = [&](Ref x, bool high_side) {
    if (var_of(x) != v) return x;
    return high_side ? nodes_[x].high : nodes_[x].low;
  };
  const bool result = meet(cofactor(f, false), cofactor(g, false), cofactor(h, false), not_h) ||
                      meet(cofactor(f, true), cofactor(g, true), cofactor(h, true), not_h);
  // The recursion may have replaced the slot; write it again.
  cache_slot(meet_cache_, f, g, tag) = {f, g, tag, result ? 1u : 0u};
  return result;
}

Bdd::Ref Bdd::restrict(Ref f, Var v, bool value) {
  if (is_constant(f) || nodes_[f].var > v) return f;
  if (nodes_[f].var == v) return value ? nodes_[f].high : nodes_[f].low;
  const Ref tag = value ? 1u : 0u;
  if (const CacheEntry& cached = cache_slot(restrict_cache_, f, v, tag); cached.f == f && cached.g == v && cached.h == tag) {
    return cached.result;
  }
  const Node node = nodes_[f];
  const Ref result = make(node.var, restrict(node.low, v, value), restrict(node.high, v, value));
  cache_slot(restrict_cache_, f, v, tag) = {f, v, tag, result};
  return result;
}

Bdd::Ref Bdd::exists(Ref f, const std::vector<bool>& drop) {
  std::unordered_map<Ref, Ref> memo;
  // Recursion depth is bounded by the number of variables on a path.
  const auto go = [&](const auto& self, Ref g) -> Ref {
    if (is_constant(g)) return g;
    if (const auto found = memo.find(g); found != memo.end()) return found->second;
    const Node node = nodes_[g];
    const Ref low = self(self, node.low);
    const Ref high = self(self, node.high);
    const bool dropped = node.var < drop.size() && drop[node.var];
    const Ref result = dropped ? disjoin(low, high) : make(node.var, low, high);
    memo.emplace(g, result);
    return result;
  };
  return go(go, f);
}

std::optional<std::vector<std::pair<Bdd::Var, bool>>> Bdd::any_path(Ref f) const {
  if (f == zero) return std::nullopt;
  std::vector<std::pair<Var, bool>> path;
  while (f != one) {
    const Node& node = nodes_[f];
    // Prefer the low branch: "false" is the simpler witness for most atoms.
    if (node.low != zero) {
      path.emplace_back(node.var, false);
      f = node.low;
    } else {
      path.emplace_back(node.var, true);
      f = node.high;
    }
  }
  return path;
}

std::vector<std::vector<std::pair<Bdd::Var, bool>>> Bdd::paths(Ref f, std::size_t limit) const {
  std::vector<std::vector<std::pair<Var, bool>>> result;
  std::vector<std::pair<Var, bool>> current;
  // Iterative depth-first walk: (node, next branch to try).
  struct Frame {
    Ref node;
    int branch;
  };
  std::vector<Frame> stack{{f, 0}};
  while (!stack.empty() && result.size() < limit) {
    Frame& frame = stack.back();
    if (frame.node == zero) {
      stack.pop_back();
      if (!current.empty() && !stack.empty()) current.pop_back();
      continue;
    }
    if (frame.node == one) {
      result.push_back(current);
      stack.pop_back();
      if (!current.empty() && !stack.empty()) current.pop_back();
      continue;
    }
    if (frame.branch == 2) {
      stack.pop_back();
      if (!current.empty() && !stack.empty()) current.pop_back();
      continue;
    }
    const Node& node = nodes_[frame.node];
    const bool high = frame.branch == 1;
    ++frame.branch;
    current.emplace_back(node.var, high);
    stack.push_back({high ? node.high : node.low, 0});
  }
  return result;
}

}  // namespace proviso::analysis
