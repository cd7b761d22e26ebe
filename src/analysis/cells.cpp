#include "analysis/cells.hpp"

#include <algorithm>
#include <tuple>

namespace proviso::analysis {

LeafRanges leaf_ranges(const model::Vocabulary& vocabulary, const model::Selection& selection) {
  LeafRanges included;
  if (selection.all) {
    if (vocabulary.leaf_count() > 0) included.push_back({0, static_cast<std::uint32_t>(vocabulary.leaf_count())});
  } else {
    for (const model::NodeId node : selection.included) {
      included.push_back({vocabulary.node(node).first_leaf, vocabulary.node(node).end_leaf});
    }
  }
  // Merge overlapping or touching ranges.
  std::sort(included.begin(), included.end());
  LeafRanges merged;
  for (const auto& range : included) {
    if (!merged.empty() && range.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  // Cut out the exceptions.
  for (const model::NodeId node : selection.excluded) {
    const std::uint32_t cut_begin = vocabulary.node(node).first_leaf;
    const std::uint32_t cut_end = vocabulary.node(node).end_leaf;
    LeafRanges kept;
    for (const auto& [begin, end] : merged) {
      if (end <= cut_begin || begin >= cut_end) {
        kept.push_back({begin, end});
        continue;
      }
      if (begin < cut_begin) kept.push_back({begin, cut_begin});
      if (end > cut_end) kept.push_back({cut_end, end});
    }
    merged = std::move(kept);
  }
  return merged;
}

bool contains(const LeafRanges& ranges, std::uint32_t leaf) {
  for (const auto& [begin, end] : ranges) {
    if (leaf >= begin && leaf < end) return true;
  }
  return false;
}

CellIndex::CellIndex(const model::Model& model)
    : data_leaves_(static_cast<std::uint32_t>(model.data().leaf_count())),
      purpose_leaves_(static_cast<std::uint32_t>(model.purposes().leaf_count())) {
  const std::size_t cells = std::size_t{data_leaves_} * purpose_leaves_;
  data_ranges_.reserve(model.rules.size());
  for (const model::Rule& rule : model.rules) {
    data_ranges_.push_back(leaf_ranges(model.data(), rule.data));
    purpose_ranges_.push_back(leaf_ranges(model.purposes(), rule.purposes));
    recipient_ranges_.push_back(rule.sharing ? leaf_ranges(model.recipients(), rule.recipients) : LeafRanges{});
  }
  // Compressed sparse rows, per kind: the count of rules per cell, then the
  // rules. A rule covers rectangles of cells (a data range by a purpose
  // range), so the counts come from a table of differences at the corners
  // of the rectangles, summed along both axes: no pass over every cell of
  // every rule.
  const auto build = [&](bool sharing, std::vector<std::uint32_t>& offsets, std::vector<model::RuleIndex>& rules) {
    const std::size_t width = std::size_t{purpose_leaves_} + 1;
    std::vector<std::int32_t> corners((std::size_t{data_leaves_} + 1) * width, 0);
    for (const model::Rule& rule : model.rules) {
      if (rule.sharing != sharing) continue;
      for (const auto& [d_begin, d_end] : data_ranges_[rule.index]) {
        for (const auto& [p_begin, p_end] : purpose_ranges_[rule.index]) {
          ++corners[d_begin * width + p_begin];
          --corners[d_begin * width + p_end];
          --corners[d_end * width + p_begin];
          ++corners[d_end * width + p_end];
        }
      }
    }
    offsets.assign(cells + 1, 0);
    std::vector<std::int32_t> column(purpose_leaves_, 0);  // corners summed down each column so far
    std::uint32_t total = 0;
    for (std::uint32_t d = 0; d < data_leaves_; ++d) {
      std::int32_t count = 0;  // and along the row
      for (std::uint32_t p = 0; p < purpose_leaves_; ++p) {
        column[p] += corners[d * width + p];
        count += column[p];
        offsets[std::size_t{d} * purpose_leaves_ + p] = total;
        total += static_cast<std::uint32_t>(count);
      }
    }
    offsets[cells] = total;
    const auto each_cell = [&](const model::Rule& rule, auto&& visit) {
      for (const auto& [d_begin, d_end] : data_ranges_[rule.index]) {
        for (std::uint32_t d = d_begin; d < d_end; ++d) {
          const std::size_t row = std::size_t{d} * purpose_leaves_;
          for (const auto& [p_begin, p_end] : purpose_ranges_[rule.index]) {
            for (std::uint32_t p = p_begin; p < p_end; ++p) visit(row + p);
          }
        }
      }
    };
    rules.resize(total);
    std::vector<std::uint32_t> cursor(offsets.begin(), offsets.end() - 1);
    for (const model::Rule& rule : model.rules) {
      if (rule.sharing == sharing) each_cell(rule, [&](std::size_t cell) { rules[cursor[cell]++] = rule.index; });
    }
  };
  build(false, processing_offsets_, processing_rules_);
  build(true, sharing_offsets_, sharing_rules_);
  index_retentions(model);
}

void CellIndex::index_retentions(const model::Model& model) {
  const model::Vocabulary& data = model.data();
  std::vector<LeafRanges> ranges;
  ranges.reserve(model.retentions.size());
  retention_offsets_.assign(std::size_t{data_leaves_} + 1, 0);
  for (const model::Retention& retention : model.retentions) {
    ranges.push_back(leaf_ranges(data, retention.data));
    for (const auto& [begin, end] : ranges.back()) {
      for (std::uint32_t d = begin; d < end; ++d) ++retention_offsets_[d + 1];
    }
  }
  for (std::uint32_t d = 0; d < data_leaves_; ++d) retention_offsets_[d + 1] += retention_offsets_[d];
  retention_rules_.resize(retention_offsets_[data_leaves_]);
  std::vector<std::uint32_t> cursor(retention_offsets_.begin(), retention_offsets_.end() - 1);
  for (std::uint32_t i = 0; i < ranges.size(); ++i) {
    for (const auto& [begin, end] : ranges[i]) {
      for (std::uint32_t d = begin; d < end; ++d) retention_rules_[cursor[d]++] = i;
    }
  }
  for (std::uint32_t d = 0; d < data_leaves_; ++d) {
    const model::NodeId node = data.leaf_node(d);
    const auto key = [&](std::uint32_t i) {
      const model::Retention& r = model.retentions[i];
      return std::make_tuple(~r.data.specificity(data, node), r.guard.always() ? 1 : 0, i);
    };
    std::sort(retention_rules_.begin() + retention_offsets_[d], retention_rules_.begin() + retention_offsets_[d + 1],
              [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  }
}

}  // namespace proviso::analysis
