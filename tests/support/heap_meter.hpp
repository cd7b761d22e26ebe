// Counts what a program takes from the heap. Linking heap_meter.cpp into an
// executable replaces the global operator new and delete with versions that
// keep three tallies: allocations made, bytes held now, and the most bytes
// held at once. Two users: the allocation test (deciding must allocate
// nothing) and the benchmarks (peak memory of parsing, checking, compiling).
//
// The tallies are relaxed atomics: exact for the thread that reads them,
// which is all either user needs.
#pragma once

#include <cstdint>

namespace proviso::testing::heap {

/// Records a block just allocated (nullptr passes through); used by the
/// replaced operator new.
void* recorded(void* memory) noexcept;

/// Forgets and frees a block; used by the replaced operator delete.
void released(void* memory) noexcept;

/// Allocations made through operator new since the program started.
std::uint64_t allocations();

/// Bytes held by live allocations (as the allocator sized them).
std::int64_t bytes_held();

/// Restarts the high-water mark at the bytes held now.
void reset_peak();

/// The most bytes held at once since the last reset_peak().
std::int64_t peak_bytes_held();

/// What running a piece of code took from the heap.
struct Usage {
  std::uint64_t allocations = 0;  ///< operator new calls it made
  std::int64_t peak_bytes = 0;    ///< the most bytes it held at once, above what was held before
};

/// Runs `body` and reports its heap use. Nothing else may allocate meanwhile.
template <typename Body>
Usage measure(Body&& body) {
  const std::uint64_t allocations_before = allocations();
  const std::int64_t held_before = bytes_held();
  reset_peak();
  body();
  return Usage{allocations() - allocations_before, peak_bytes_held() - held_before};
}

}  // namespace proviso::testing::heap
