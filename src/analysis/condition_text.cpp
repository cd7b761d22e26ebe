#include "analysis/condition_text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace proviso::analysis {
namespace {

// The values one attribute may take in a cube, as a set of value indices
// (flags: 0 false, 1 true; enumerations: values; integers: intervals;
// forms: forms; set leaves: 0 absent, 1 present).
using Values = std::set<std::uint32_t>;

// An attribute of a cube: which "slot" it is (an encoded attribute, a set
// leaf, or the form) and the values it may take.
struct SlotKey {
  int kind;  // 0 attribute value, 1 set leaf, 2 form
  std::uint32_t attribute;
  std::string leaf;
  friend bool operator<(const SlotKey& a, const SlotKey& b) {
    return std::tie(a.kind, a.attribute, a.leaf) < std::tie(b.kind, b.attribute, b.leaf);
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

// Merges cubes that differ in the values of one slot only, until none do.
void merge(std::vector<Cube>& cubes) {
  bool merged = true;
  while (merged) {
    merged = false;
    for (std::size_t i = 0; i < cubes.size() && !merged; ++i) {
      for (std::size_t j = i + 1; j < cubes.size() && !merged; ++j) {
        if (cubes[i].size() != cubes[j].size()) continue;
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
        if (!mergeable) continue;
        if (differing != nullptr) {
          const SlotKey key = *differing;
          cubes[i][key].insert(cubes[j][key].begin(), cubes[j][key].end());
        }
        cubes.erase(cubes.begin() + static_cast<std::ptrdiff_t>(j));
        merged = true;
      }
    }
  }
}

}  // namespace

std::string describe_condition(Encoding& encoding, Bdd::Ref f, std::size_t max_terms) {
  Bdd& bdd = encoding.bdd();
  const Bdd::Ref real = bdd.conjoin(f, encoding.valid());
  if (real == Bdd::zero) return "no subject";
  if (!encoding.possible(bdd.negate(f))) return "every subject";
  constexpr std::size_t path_limit = 256;
  const auto paths = bdd.paths(real, path_limit);
  std::vector<Cube> cubes;
  for (const auto& path : paths) {
    Cube cube = cube_of(encoding, path);
    // Slots that allow every value say nothing.
    for (auto it = cube.begin(); it != cube.end();) {
      it = it->second.size() >= domain_size(encoding, it->first) ? cube.erase(it) : std::next(it);
    }
    cubes.push_back(std::move(cube));
  }
  merge(cubes);
  std::vector<std::string> alternatives;
  for (const Cube& cube : cubes) {
    std::string text;
    std::size_t parts = 0;
    for (const auto& [key, values] : cube) {
      const std::string part = slot_text(encoding, key, values);
      if (part.empty()) continue;
      text += (parts++ ? " and " : "") + part;
    }
    if (text.empty()) return "every subject";
    alternatives.push_back(cubes.size() > 1 && parts > 1 ? "(" + text + ")" : text);
  }
  std::string out;
  const std::size_t shown = std::min(alternatives.size(), max_terms);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? " or " : "") + alternatives[i];
  if (alternatives.size() > shown || paths.size() == path_limit) {
    out += " or " + std::string(paths.size() == path_limit ? "more" : std::to_string(alternatives.size() - shown)) +
           " other cases";
  }
  return out;
}

}  // namespace proviso::analysis
