// How specifically each rule names each leaf it covers: the first keys of
// the precedence order (a rule naming `contact.email` beats one naming
// `contact` beats one naming `all`). The compiler asks this for every rule
// in every cell, and the evaluator when a processing deny and a sharing deny
// both apply, so it is kept as flat leaf ranges rather than found by walking
// the vocabulary.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.hpp"

namespace proviso::compile {

/// The axes a rule names leaves on.
enum class Axis : std::uint8_t { data, purpose, recipient };

class SpecificityTable {
 public:
  SpecificityTable() = default;
  explicit SpecificityTable(const model::Model& model);

  /// Model::Selection::specificity of `rule`'s selection on `axis` for the
  /// node of `leaf`: 0 for `all`, else 1 + the depth of the deepest included
  /// node above it. Only meaningful for a leaf the rule covers.
  std::uint32_t of(std::uint32_t rule, Axis axis, std::uint32_t leaf) const noexcept {
    const std::size_t slot = std::size_t{rule} * axes + static_cast<std::size_t>(axis);
    std::uint32_t best = 0;
    for (std::uint32_t i = offsets_[slot]; i < offsets_[slot + 1]; ++i) {
      const Range& r = ranges_[i];
      if (leaf >= r.first && leaf < r.end && r.specificity > best) best = r.specificity;
    }
    return best;
  }

  /// True when `rule` names every leaf it covers on `axis` equally
  /// specifically, so two cells it covers differ only by the leaves' other axes.
  bool uniform(std::uint32_t rule, Axis axis) const noexcept {
    return uniform_[std::size_t{rule} * axes + static_cast<std::size_t>(axis)] != 0;
  }

  struct Range {
    std::uint32_t first = 0;
    std::uint32_t end = 0;
    std::uint32_t specificity = 0;
  };
  /// The raw table, for the fingerprint.
  const std::vector<Range>& ranges() const noexcept { return ranges_; }
  const std::vector<std::uint32_t>& offsets() const noexcept { return offsets_; }

 private:
  static constexpr std::size_t axes = 3;
  std::vector<Range> ranges_;
  std::vector<std::uint32_t> offsets_;  ///< rule * axes + axis → first range; one past the end last
  std::vector<std::uint8_t> uniform_;
};

}  // namespace proviso::compile
