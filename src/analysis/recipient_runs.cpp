#include "analysis/recipient_runs.hpp"

#include <algorithm>

namespace proviso::analysis {

void RecipientRuns::build(const CellIndex& cells, std::span<const model::RuleIndex> shares) {
  edges_.clear();
  runs_.clear();
  group_words_.clear();
  groups_ = 0;
  words_ = (shares.size() + 63) / 64;
  cover_.assign(words_, 0);
  // A rule's ranges are disjoint, so each edge toggles its rule in or out.
  for (std::uint32_t i = 0; i < shares.size(); ++i) {
    for (const auto& [begin, end] : cells.recipients(shares[i])) {
      edges_.push_back({begin, i});
      edges_.push_back({end, i});
    }
  }
  std::sort(edges_.begin(), edges_.end(), [](const Edge& a, const Edge& b) { return a.leaf < b.leaf; });
  std::size_t covering = 0;  // how many shares cover the current leaf
  for (std::size_t e = 0; e < edges_.size();) {
    const std::uint32_t leaf = edges_[e].leaf;
    for (; e < edges_.size() && edges_[e].leaf == leaf; ++e) {
      std::uint64_t& word = cover_[edges_[e].share / 64];
      const std::uint64_t bit = std::uint64_t{1} << (edges_[e].share % 64);
      if (word & bit) {
        --covering;
      } else {
        ++covering;
      }
      word ^= bit;
    }
    if (covering == 0 || e == edges_.size()) continue;
    runs_.push_back({leaf, edges_[e].leaf, group_of(cover_.data())});
  }
}

std::uint32_t RecipientRuns::group_of(const std::uint64_t* cover) {
  // A cell has few groups; a linear search beats hashing them.
  for (std::uint32_t g = 0; g < groups_; ++g) {
    if (std::equal(cover, cover + words_, group_words_.begin() + static_cast<std::ptrdiff_t>(g * words_)))
      return g;
  }
  group_words_.insert(group_words_.end(), cover, cover + words_);
  return groups_++;
}

}  // namespace proviso::analysis
