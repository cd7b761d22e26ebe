// The recipients of one cell's sharing rules, cut into runs of consecutive
// leaves that the same rules cover. A cell may name forty recipients but
// only a handful of distinct situations: analyses that look at sharing
// recipient by recipient (the lints) look at each situation once instead.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/cells.hpp"

namespace proviso::analysis {

class RecipientRuns {
 public:
  /// Leaves [begin, end), each covered by exactly the rules of `group`.
  struct Run {
    std::uint32_t begin;
    std::uint32_t end;
    std::uint32_t group;  ///< equal for runs covered by the same rules; numbered in order of first run
  };

  /// Cuts the recipients of `shares` (the sharing rules of one cell, as
  /// CellIndex::sharing gives them). Reuses its buffers from call to call.
  void build(const CellIndex& cells, std::span<const model::RuleIndex> shares);

  /// The runs in leaf order; leaves no rule covers are in none.
  const std::vector<Run>& runs() const noexcept { return runs_; }
  /// How many distinct groups the runs have.
  std::uint32_t groups() const noexcept { return groups_; }
  /// True when `shares[i]` covers the leaves of `group`.
  bool covers(std::uint32_t group, std::size_t i) const {
    return (group_words_[group * words_ + i / 64] >> (i % 64)) & 1u;
  }

 private:
  std::uint32_t group_of(const std::uint64_t* cover);

  struct Edge {
    std::uint32_t leaf;
    std::uint32_t share;  // index into `shares`
  };
  std::vector<Edge> edges_;                 // where each share's ranges begin or end (a toggle)
  std::vector<std::uint64_t> cover_;        // the shares covering the current leaf, as bits
  std::vector<std::uint64_t> group_words_;  // each group's cover, words_ words each
  std::vector<Run> runs_;
  std::size_t words_ = 0;
  std::uint32_t groups_ = 0;
};

}  // namespace proviso::analysis
