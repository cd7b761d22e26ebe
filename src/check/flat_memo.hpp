// A memo table for the lints: fixed-size integer keys to small values, in
// one open-addressing array. The access lints ask millions of cached
// questions ("is this guard possible in this cell?"); a node-based map would
// spend more time allocating than answering.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace proviso::check {

template <std::size_t N, typename Value>
class FlatMemo {
 public:
  using Key = std::array<std::uint32_t, N>;

  /// The value stored for `key`, or the one `compute()` returns, stored.
  /// `compute` may use other memos, never this one.
  template <typename Compute>
  Value get(const Key& key, Compute&& compute) {
    if (const Entry* found = find(key)) return found->value;
    const Value value = compute();
    insert(key, value);
    return value;
  }

 private:
  struct Entry {
    Key key{};
    Value value{};
    bool used = false;
  };

  static std::size_t hash(const Key& key) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;
    for (const std::uint32_t part : key) h = (h ^ part) * 0xBF58476D1CE4E5B9ull;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }

  const Entry* find(const Key& key) const {
    if (entries_.empty()) return nullptr;
    const std::size_t mask = entries_.size() - 1;
    for (std::size_t slot = hash(key) & mask;; slot = (slot + 1) & mask) {
      const Entry& entry = entries_[slot];
      if (!entry.used) return nullptr;
      if (entry.key == key) return &entry;
    }
  }

  void insert(const Key& key, const Value& value) {
    // At most half full, so a probe soon meets an empty slot.
    if ((count_ + 1) * 2 > entries_.size()) grow();
    const std::size_t mask = entries_.size() - 1;
    std::size_t slot = hash(key) & mask;
    while (entries_[slot].used) slot = (slot + 1) & mask;
    entries_[slot] = {key, value, true};
    ++count_;
  }

  void grow() {
    std::vector<Entry> old(entries_.empty() ? 1024 : entries_.size() * 2);
    old.swap(entries_);
    count_ = 0;
    for (const Entry& entry : old) {
      if (entry.used) insert(entry.key, entry.value);
    }
  }

  std::vector<Entry> entries_;
  std::size_t count_ = 0;
};

}  // namespace proviso::check
