// Hash-consing of short sequences of 32-bit numbers: equal sequences get the
// same dense id, in order of first appearance. The compiler interns millions
// of them on large policies (one per cell), so sequences live in one arena
// and the table is open-addressed: a lookup allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace proviso::compile {

class SequenceInterner {
 public:
  /// The id of `sequence`, and whether it was seen for the first time.
  std::pair<std::uint32_t, bool> intern(std::span<const std::uint32_t> sequence) {
    if ((count() + 1) * 4 > slots_.size() * 3) grow();
    const std::uint64_t h = hash(sequence);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.id == empty) {
        slot = {h, count()};
        starts_.push_back(static_cast<std::uint32_t>(arena_.size()));
        arena_.insert(arena_.end(), sequence.begin(), sequence.end());
        return {slot.id, true};
      }
      if (slot.hash == h && equal(slot.id, sequence)) return {slot.id, false};
    }
  }

  /// The sequence interned as `id`.
  std::span<const std::uint32_t> sequence(std::uint32_t id) const {
    const std::uint32_t end = id + 1 < starts_.size() ? starts_[id + 1] : static_cast<std::uint32_t>(arena_.size());
    return {arena_.data() + starts_[id], arena_.data() + end};
  }

  std::uint32_t count() const noexcept { return static_cast<std::uint32_t>(starts_.size()); }

 private:
  static constexpr std::uint32_t empty = UINT32_MAX;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = empty;
  };

  static std::uint64_t hash(std::span<const std::uint32_t> sequence) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ sequence.size();
    for (const std::uint32_t x : sequence) {
      h = (h ^ x) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 29;
    }
    return h ^ (h >> 32);
  }

  bool equal(std::uint32_t id, std::span<const std::uint32_t> sequence) const noexcept {
    const auto stored = this->sequence(id);
    if (stored.size() != sequence.size()) return false;
    for (std::size_t i = 0; i < stored.size(); ++i) {
      if (stored[i] != sequence[i]) return false;
    }
    return true;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id == empty) continue;
      std::size_t i = static_cast<std::size_t>(slot.hash) & mask;
      while (slots_[i].id != empty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> arena_;
  std::vector<std::uint32_t> starts_;  ///< id → its first number in arena_
};

}  // namespace proviso::compile
