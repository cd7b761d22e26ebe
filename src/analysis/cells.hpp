// The cell index: for every (data leaf, purpose leaf) pair, the rules whose
// data and purposes cover it; for every data leaf, its retention rules. Every later stage that reasons per request
// shape — the compiler's dense table, the lints, the diff — starts here.
// Stored compressed (CSR): one offsets array per kind, one flat rule array.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace proviso::analysis {

/// Sorted, disjoint leaf ranges [begin, end) that a Selection covers.
using LeafRanges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

/// The leaves a selection covers, as ranges.
LeafRanges leaf_ranges(const model::Vocabulary& vocabulary, const model::Selection& selection);

/// True when `leaf` is in one of `ranges`.
bool contains(const LeafRanges& ranges, std::uint32_t leaf);

class CellIndex {
 public:
  explicit CellIndex(const model::Model& model);

  std::uint32_t data_leaves() const noexcept { return data_leaves_; }
  std::uint32_t purpose_leaves() const noexcept { return purpose_leaves_; }

  /// `allow` and `deny` rules covering the cell, in rule order.
  std::span<const model::RuleIndex> processing(std::uint32_t data, std::uint32_t purpose) const {
    return slice(processing_offsets_, processing_rules_, data, purpose);
  }
  /// `share` and `deny share` rules covering the cell, in rule order; their
  /// recipients still have to be checked (see recipients()).
  std::span<const model::RuleIndex> sharing(std::uint32_t data, std::uint32_t purpose) const {
    return slice(sharing_offsets_, sharing_rules_, data, purpose);
  }
  /// The recipient leaves a sharing rule covers.
  const LeafRanges& recipients(model::RuleIndex rule) const { return recipient_ranges_[rule]; }
  /// The data leaves a rule covers.
  const LeafRanges& data(model::RuleIndex rule) const { return data_ranges_[rule]; }
  /// The purpose leaves a rule covers.
  const LeafRanges& purposes(model::RuleIndex rule) const { return purpose_ranges_[rule]; }
  /// The retention rules whose data covers a data leaf, in the order the
  /// engine tries them: most specific data first; at equal specificity a
  /// rule with a condition (an exception) before one without; then as written.
  std::span<const std::uint32_t> retentions(std::uint32_t data) const {
    return {retention_rules_.data() + retention_offsets_[data], retention_rules_.data() + retention_offsets_[data + 1]};
  }

 private:
  std::span<const model::RuleIndex> slice(const std::vector<std::uint32_t>& offsets,
                                          const std::vector<model::RuleIndex>& rules, std::uint32_t data,
                                          std::uint32_t purpose) const {
    const std::size_t cell = std::size_t{data} * purpose_leaves_ + purpose;
    return {rules.data() + offsets[cell], rules.data() + offsets[cell + 1]};
  }
  void index_retentions(const model::Model& model);

  std::uint32_t data_leaves_ = 0;
  std::uint32_t purpose_leaves_ = 0;
  std::vector<LeafRanges> data_ranges_;
  std::vector<LeafRanges> purpose_ranges_;
  std::vector<LeafRanges> recipient_ranges_;
  std::vector<std::uint32_t> processing_offsets_;
  std::vector<model::RuleIndex> processing_rules_;
  std::vector<std::uint32_t> sharing_offsets_;
  std::vector<model::RuleIndex> sharing_rules_;
  std::vector<std::uint32_t> retention_offsets_;  // per data leaf, into retention_rules_
  std::vector<std::uint32_t> retention_rules_;
};

}  // namespace proviso::analysis
