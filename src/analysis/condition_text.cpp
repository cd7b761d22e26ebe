#include "analysis/condition_text.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace proviso::analysis {
namespace {

// The values one attribute may take in a cube, as a set of value indices
// (flags: 0 false, 1 true; enumerations: values; integers: intervals;
// forms: forms; set leaves: 0 absent, 1 present).
using Values = std::set<std::uint32_t>;

// An attribute of a cube: which "slot" it is (an encoded attribute, a set
// leaf, or the form) and the values it may take. A set slot may also stand
// for a node with parts (`consents has cookies`: every leaf under it held).
struct SlotKey {
  int kind;  // 0 attribute value, 1 set leaf (or node), 2 form
  std::uint32_t attribute;
  std::string leaf;
  bool node = false;  // set slots: `leaf` is a node with parts
  friend bool operator<(const SlotKey& a, const SlotKey& b) {
    return std::tie(a.kind, a.attribute, a.leaf, a.node) < std::tie(b.kind, b.attribute, b.leaf, b.node);
  }
  friend bool operator==(const SlotKey& a, const SlotKey& b) = default;
};

using Cube = std::map<SlotKey, Values>;

std::uint32_t domain_size(const Encoding& encoding, const SlotKey& key) {
  if (key.kind == 1) return 2;
  if (key.kind == 2) return 4;
  const EncodedAttribute& a = encoding.attributes()[key.attribute];
  switch (a.type) {
    case model::AttributeType::boolean: return 2;
    case model::AttributeType::enumeration: return static_cast<std::uint32_t>(a.values.size());
    case model::AttributeType::integer: return static_cast<std::uint32_t>(a.cuts.size() + 1);
    case model::AttributeType::set: return 1;
  }
  return 1;
}

// The values of an index of `bits` bits (MSB first) consistent with some of its bits fixed.
Values consistent(std::uint32_t bits, std::uint32_t domain, const std::map<std::uint32_t, bool>& fixed) {
  Values values;
  for (std::uint32_t value = 0; value < domain; ++value) {
    bool ok = true;
    for (const auto& [bit, set] : fixed) {
      if ((((value >> (bits - 1 - bit)) & 1u) != 0) != set) ok = false;
    }
    if (ok) values.insert(value);
  }
  return values;
}

Cube cube_of(const Encoding& encoding, const std::vector<std::pair<Bdd::Var, bool>>& path) {
  std::map<std::uint32_t, std::map<std::uint32_t, bool>> attribute_bits;
  std::map<std::uint32_t, bool> form_bits;
  Cube cube;
  for (const auto& [var, value] : path) {
    const VariableMeaning& m = encoding.meaning(var);
    switch (m.kind) {
      case VariableMeaning::Kind::flag:
      case VariableMeaning::Kind::enum_bit:
      case VariableMeaning::Kind::interval_bit: attribute_bits[m.attribute][m.index] = value; break;
      case VariableMeaning::Kind::form_bit: form_bits[m.index] = value; break;
      case VariableMeaning::Kind::set_leaf: cube[{1, m.attribute, m.leaf}] = {value ? 1u : 0u}; break;
    }
  }
  for (const auto& [attribute, bits] : attribute_bits) {
    const EncodedAttribute& a = encoding.attributes()[attribute];
    const SlotKey key{0, attribute, {}};
    cube[key] = consistent(a.bits, domain_size(encoding, key), bits);
  }
  if (!form_bits.empty()) cube[{2, 0, {}}] = consistent(2, 4, form_bits);
  return cube;
}

std::string integer_text(const std::string& name, const std::vector<std::int64_t>& cuts, const Values& intervals) {
  // Runs of consecutive intervals become ranges.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;
  for (const std::uint32_t i : intervals) {
    if (!runs.empty() && runs.back().second + 1 == i) {
      runs.back().second = i;
    } else {
      runs.push_back({i, i});
    }
  }
  std::vector<std::string> parts;
  const std::uint32_t last = static_cast<std::uint32_t>(cuts.size());
  for (const auto& [first, end] : runs) {
    const bool from_min = first == 0;
    const bool to_max = end == last;
    if (from_min && to_max) continue;
    if (from_min) {
      parts.push_back(name + " < " + std::to_string(cuts[end]));
    } else if (to_max) {
      parts.push_back(name + " >= " + std::to_string(cuts[first - 1]));
    } else if (first == end && cuts[first - 1] + 1 == cuts[end]) {
      parts.push_back(name + " = " + std::to_string(cuts[first - 1]));
    } else {
      parts.push_back(std::to_string(cuts[first - 1]) + " <= " + name + " < " + std::to_string(cuts[end]));
    }
  }
  if (parts.size() == 1) return parts.front();
  std::string text = "(";
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? " or " : "") + parts[i];
  return text + ")";
}

std::string list_text(const std::vector<std::string>& names, const Values& values) {
  std::string text;
  for (const std::uint32_t v : values) text += (text.empty() ? "" : ", ") + names[v];
  return "{" + text + "}";
}

// One attribute's constraint in words; empty when it does not constrain.
std::string slot_text(const Encoding& encoding, const SlotKey& key, const Values& values) {
  const std::uint32_t domain = domain_size(encoding, key);
  if (values.size() >= domain) return {};
  if (key.kind == 1) {
    const std::string& name = encoding.attributes()[key.attribute].name;
    return (values.contains(1) ? "" : "not ") + name + " has " + key.leaf;
  }
  if (key.kind == 2) {
    static const std::vector<std::string> forms = {"identified", "pseudonymized", "aggregated", "anonymized"};
    if (values.size() == 1) return "form is " + forms[*values.begin()];
    if (values.size() == 3) {
      for (std::uint32_t f = 0; f < 4; ++f) {
        if (!values.contains(f)) return "form is not " + forms[f];
      }
    }
    return "form in " + list_text(forms, values);
  }
  const EncodedAttribute& a = encoding.attributes()[key.attribute];
  switch (a.type) {
    case model::AttributeType::boolean: return (values.contains(1) ? "" : "not ") + a.name;
    case model::AttributeType::enumeration: {
      if (values.size() == 1) return a.name + " is " + a.values[*values.begin()];
      if (values.size() + 1 == domain) {
        for (std::uint32_t v = 0; v < domain; ++v) {
          if (!values.contains(v)) return a.name + " is not " + a.values[v];
        }
      }
      return a.name + " in " + list_text(a.values, values);
    }
    case model::AttributeType::integer: return integer_text(a.name, a.cuts, values);
    case model::AttributeType::set: return {};
  }
  return {};
}

// True when every subject of cube `a` is in cube `b`.
bool within(const Cube& a, const Cube& b) {
  for (const auto& [key, values] : b) {
    const auto found = a.find(key);
    if (found == a.end()) return false;  // `a` leaves the slot free, `b` does not (b's slots are never full)
    if (!std::includes(values.begin(), values.end(), found->second.begin(), found->second.end())) return false;
  }
  return true;
}

// Simplifies a list of cubes without changing what they cover: cubes that
// differ in the values of one slot only are merged (a slot that then allows
// every value is dropped), and a cube inside another is dropped, until
// nothing changes.
void merge(const Encoding& encoding, std::vector<Cube>& cubes) {
  const auto sweep = [&](std::vector<bool>& gone) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < cubes.size(); ++i) {
      if (gone[i]) continue;
      if (kept != i) cubes[kept] = std::move(cubes[i]);
      ++kept;
    }
    const bool any = kept < cubes.size();
    cubes.resize(kept);
    return any;
  };
  bool changed = true;
  while (changed) {  // a pass at a time: each is quadratic, and few are needed
    std::vector<bool> gone(cubes.size(), false);
    for (std::size_t i = 0; i < cubes.size(); ++i) {
      for (std::size_t j = 0; j < cubes.size() && !gone[i]; ++j) {
        if (i != j && !gone[j] && within(cubes[i], cubes[j])) gone[i] = true;
      }
    }
    changed = sweep(gone);
    gone.assign(cubes.size(), false);
    for (std::size_t i = 0; i < cubes.size(); ++i) {
      for (std::size_t j = i + 1; j < cubes.size() && !gone[i]; ++j) {
        if (gone[j] || cubes[i].size() != cubes[j].size()) continue;
        const SlotKey* differing = nullptr;
        bool mergeable = true;
        for (auto a = cubes[i].begin(), b = cubes[j].begin(); a != cubes[i].end(); ++a, ++b) {
          if (!(a->first == b->first)) {
            mergeable = false;
            break;
          }
          if (a->second != b->second) {
            if (differing != nullptr) {
              mergeable = false;
              break;
            }
            differing = &a->first;
          }
        }
        if (!mergeable || differing == nullptr) continue;
        const SlotKey key = *differing;
        Values& values = cubes[i][key];
        values.insert(cubes[j][key].begin(), cubes[j][key].end());
        if (values.size() >= domain_size(encoding, key)) cubes[i].erase(key);
        gone[j] = true;
      }
    }
    changed = sweep(gone) || changed;
  }
}

using Literals = std::vector<std::pair<Bdd::Var, bool>>;

// An irredundant sum of products for some function between `lower` and
// `upper` (Minato–Morreale): every cube lies within `upper`, together they
// cover `lower`, and no literal or cube can be dropped. With `upper` the
// function or anything that is no real subject, the cubes read as short
// conditions: `not objections has marketing` rather than the four paths of
// a diagram that tests other variables first. Gives up (empty optional)
// after `limit` cubes.
class Isop {
 public:
  Isop(Bdd& bdd, std::size_t limit) : bdd_(bdd), limit_(limit) {}

  std::optional<std::vector<Literals>> operator()(Bdd::Ref lower, Bdd::Ref upper) {
    std::vector<Literals> cubes;
    go(lower, upper, cubes);
    if (cubes.size() > limit_) return std::nullopt;
    return cubes;
  }

 private:
  struct Result {
    Bdd::Ref cover;
    std::vector<Literals> cubes;
  };

  Bdd::Ref cofactor(Bdd::Ref f, Bdd::Var v, bool high) const {
    if (Bdd::is_constant(f) || bdd_.top(f) != v) return f;
    return high ? bdd_.high(f) : bdd_.low(f);
  }

  // Appends the cubes of an ISOP of [lower, upper] to `out`; returns their union.
  Bdd::Ref go(Bdd::Ref lower, Bdd::Ref upper, std::vector<Literals>& out) {
    if (lower == Bdd::zero || out.size() > limit_) return Bdd::zero;
    if (upper == Bdd::one) {
      out.emplace_back();
      return Bdd::one;
    }
    if (const auto found = memo_.find({lower, upper}); found != memo_.end()) {
      out.insert(out.end(), found->second.cubes.begin(), found->second.cubes.end());
      return found->second.cover;
    }
    const Bdd::Var v = Bdd::is_constant(upper) ? bdd_.top(lower) : std::min(bdd_.top(lower), bdd_.top(upper));
    const Bdd::Ref l0 = cofactor(lower, v, false);
    const Bdd::Ref l1 = cofactor(lower, v, true);
    const Bdd::Ref u0 = cofactor(upper, v, false);
    const Bdd::Ref u1 = cofactor(upper, v, true);
    std::vector<Literals> low_cubes;
    std::vector<Literals> high_cubes;
    std::vector<Literals> both_cubes;
    // What must be covered where `v` is false (resp. true) and cannot be
    // covered by a cube free of `v`.
    const Bdd::Ref r0 = go(bdd_.conjoin(l0, bdd_.negate(u1)), u0, low_cubes);
    const Bdd::Ref r1 = go(bdd_.conjoin(l1, bdd_.negate(u0)), u1, high_cubes);
    const Bdd::Ref rest = bdd_.disjoin(bdd_.conjoin(l0, bdd_.negate(r0)), bdd_.conjoin(l1, bdd_.negate(r1)));
    const Bdd::Ref rd = go(rest, bdd_.conjoin(u0, u1), both_cubes);
    Result result;
    result.cover = bdd_.disjoin(bdd_.ite(bdd_.var(v), r1, r0), rd);
    for (Literals& c : low_cubes) {
      c.insert(c.begin(), {v, false});
      result.cubes.push_back(std::move(c));
    }
    for (Literals& c : high_cubes) {
      c.insert(c.begin(), {v, true});
      result.cubes.push_back(std::move(c));
    }
    for (Literals& c : both_cubes) result.cubes.push_back(std::move(c));
    out.insert(out.end(), result.cubes.begin(), result.cubes.end());
    const Bdd::Ref cover = result.cover;
    if (out.size() <= limit_) memo_.emplace(std::make_pair(lower, upper), std::move(result));
    return cover;
  }

  Bdd& bdd_;
  std::size_t limit_;
  std::map<std::pair<Bdd::Ref, Bdd::Ref>, Result> memo_;
};

// The leaves of set nodes with parts, as every version of the policy
// declares them: a node whose leaves differ between versions is not used.
class SetNodes {
 public:
  SetNodes(const Encoding& encoding, const std::vector<const model::Model*>& versions)
      : encoding_(encoding), versions_(versions) {}

  // The nodes with parts above `leaf` in the attribute's vocabulary, the
  // largest first, each with its leaves.
  std::vector<std::pair<std::string, std::set<std::string>>> above(std::uint32_t attribute, const std::string& leaf) {
    std::vector<std::pair<std::string, std::set<std::string>>> out;
    for (std::size_t dot = leaf.find('.'); dot != std::string::npos; dot = leaf.find('.', dot + 1)) {
      const std::string path = leaf.substr(0, dot);
      if (const auto* leaves = leaves_of(attribute, path)) out.emplace_back(path, *leaves);
    }
    return out;
  }

 private:
  const std::set<std::string>* leaves_of(std::uint32_t attribute, const std::string& path) {
    const auto key = std::make_pair(attribute, path);
    if (const auto found = cache_.find(key); found != cache_.end()) return found->second ? &*found->second : nullptr;
    std::optional<std::set<std::string>> leaves;
    const EncodedAttribute& a = encoding_.attributes()[attribute];
    bool everywhere = !versions_.empty();
    for (const model::Model* model : versions_) {
      const auto declared = model->attribute(a.name);
      if (!declared || model->attributes[*declared].type != model::AttributeType::set) continue;
      const model::Vocabulary& vocabulary = model->vocabulary(a.element);
      const auto node = vocabulary.find(path);
      if (!node) {
        everywhere = false;
        break;
      }
      std::set<std::string> these;
      for (std::uint32_t l = vocabulary.node(*node).first_leaf; l < vocabulary.node(*node).end_leaf; ++l) {
        these.insert(vocabulary.node(vocabulary.leaf_node(l)).path);
      }
      if (leaves && *leaves != these) {
        everywhere = false;
        break;
      }
      leaves = std::move(these);
    }
    if (!everywhere || !leaves || leaves->size() < 2) leaves.reset();
    auto& slot = cache_[key];
    slot = std::move(leaves);
    return slot ? &*slot : nullptr;
  }

  const Encoding& encoding_;
  const std::vector<const model::Model*>& versions_;
  std::map<std::pair<std::uint32_t, std::string>, std::optional<std::set<std::string>>> cache_;
};

// Says a node for its parts, without changing what the cubes cover: in a
// cube, every leaf of a node held is `S has node`; cubes alike but for one
// leaf of a node missing each, one per leaf, are `not S has node`.
void name_nodes(SetNodes& nodes, std::vector<Cube>& cubes) {
  // Within a cube: every part held.
  for (Cube& cube : cubes) {
    bool changed = true;
    while (changed) {
      changed = false;
      for (const auto& [key, values] : cube) {
        if (key.kind != 1 || key.node || values != Values{1}) continue;
        for (const auto& [node, leaves] : nodes.above(key.attribute, key.leaf)) {
          const bool all = std::all_of(leaves.begin(), leaves.end(), [&](const std::string& leaf) {
            const auto found = cube.find(SlotKey{1, key.attribute, leaf});
            return found != cube.end() && found->second == Values{1};
          });
          if (!all) continue;
          const std::uint32_t attribute = key.attribute;
          for (const std::string& leaf : leaves) cube.erase(SlotKey{1, attribute, leaf});
          cube[SlotKey{1, attribute, node, true}] = {1};
          changed = true;
          break;
        }
        if (changed) break;
      }
    }
  }
  // Across cubes: some part missing.
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t i = 0; i < cubes.size() && !changed; ++i) {
      for (const auto& [key, values] : cubes[i]) {
        if (key.kind != 1 || key.node || values != Values{0}) continue;
        Cube rest = cubes[i];
        rest.erase(key);
        for (const auto& [node, leaves] : nodes.above(key.attribute, key.leaf)) {
          // The other cubes must be this one but for the missing leaf: alike in every other leaf of the node.
          const bool other_leaves = std::any_of(leaves.begin(), leaves.end(), [&](const std::string& leaf) {
            return rest.contains(SlotKey{1, key.attribute, leaf});
          });
          if (other_leaves) continue;
          std::vector<std::size_t> found;
          for (const std::string& leaf : leaves) {
            Cube wanted = rest;
            wanted[SlotKey{1, key.attribute, leaf}] = {0};
            const auto at = std::find(cubes.begin(), cubes.end(), wanted);
            if (at == cubes.end()) break;
            found.push_back(static_cast<std::size_t>(at - cubes.begin()));
          }
          if (found.size() != leaves.size()) continue;
          rest[SlotKey{1, key.attribute, node, true}] = {0};
          std::sort(found.rbegin(), found.rend());
          for (const std::size_t f : found) cubes.erase(cubes.begin() + static_cast<std::ptrdiff_t>(f));
          cubes.push_back(std::move(rest));
          changed = true;
          break;
        }
        if (changed) break;
      }
    }
  }
}

}  // namespace

std::string describe_condition(Encoding& encoding, Bdd::Ref f, std::size_t max_terms) {
  return describe_condition(encoding, f, {}, max_terms);
}

std::string describe_condition(Encoding& encoding, Bdd::Ref f, const std::vector<const model::Model*>& versions,
                               std::size_t max_terms) {
  Bdd& bdd = encoding.bdd();
  const Bdd::Ref real = bdd.conjoin(f, encoding.valid());
  if (real == Bdd::zero) return "no subject";
  if (!encoding.possible(bdd.negate(f))) return "every subject";
  // Prime, irredundant cubes where they are cheap to find; the diagram's
  // own (disjoint) paths otherwise.
  constexpr std::size_t path_limit = 256;
  const Bdd::Ref upper = bdd.disjoin(f, bdd.negate(encoding.valid()));
  auto paths = Isop(bdd, path_limit)(real, upper);
  const bool cut_short = !paths.has_value() && bdd.paths(real, path_limit).size() == path_limit;
  if (!paths) paths = bdd.paths(real, path_limit);
  std::vector<Cube> cubes;
  for (const auto& path : *paths) {
    Cube cube = cube_of(encoding, path);
    // Slots that allow every value say nothing.
    for (auto it = cube.begin(); it != cube.end();) {
      it = it->second.size() >= domain_size(encoding, it->first) ? cube.erase(it) : std::next(it);
    }
    if (cube.empty()) return "every subject";
    cubes.push_back(std::move(cube));
  }
  merge(encoding, cubes);
  if (!versions.empty() && !cut_short) {
    SetNodes nodes(encoding, versions);
    name_nodes(nodes, cubes);
  }
  // What every alternative says is said once, in front: `13 <= age < 16 and
  // not restricted and (A or B)` rather than both in each of A and B.
  Cube common;
  if (cubes.size() > 1 && !cut_short) {  // (a cut-short list does not show what all have in common)
    for (const auto& [key, values] : cubes.front()) {
      const bool everywhere = std::all_of(cubes.begin(), cubes.end(), [&](const Cube& cube) {
        const auto found = cube.find(key);
        return found != cube.end() && found->second == values;
      });
      if (everywhere) common.emplace(key, values);
    }
    for (Cube& cube : cubes) {
      for (const auto& [key, values] : common) cube.erase(key);
    }
  }
  const auto conjunction = [&](const Cube& cube, std::size_t& parts) {
    std::string text;
    for (const auto& [key, values] : cube) {
      const std::string part = slot_text(encoding, key, values);
      if (part.empty()) continue;
      text += (parts++ ? " and " : "") + part;
    }
    return text;
  };
  std::size_t common_parts = 0;
  std::string out = conjunction(common, common_parts);
  std::vector<std::string> alternatives;
  for (const Cube& cube : cubes) {
    std::size_t parts = 0;
    const std::string text = conjunction(cube, parts);
    if (text.empty()) return out.empty() ? "every subject" : out;  // (cannot happen after merging)
    alternatives.push_back(cubes.size() > 1 && parts > 1 ? "(" + text + ")" : text);
  }
  std::string any;
  const std::size_t shown = std::min(alternatives.size(), max_terms);
  for (std::size_t i = 0; i < shown; ++i) any += (i ? " or " : "") + alternatives[i];
  if (alternatives.size() > shown || cut_short) {
    const std::size_t hidden = alternatives.size() - shown;
    any += cut_short ? " or more other cases" : " or " + std::to_string(hidden) + (hidden == 1 ? " other case" : " other cases");
  }
  if (out.empty()) return any;
  return out + " and " + (alternatives.size() > 1 || cut_short ? "(" + any + ")" : any);
  return out;
}

}  // namespace proviso::analysis
