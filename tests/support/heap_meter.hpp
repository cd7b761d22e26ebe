// Counts what a program takes from the heap. Linking heap_meter.cpp into an
// executable replaces the global operator new and delete with versions that,
// while a measurement runs, keep three tallies: allocations made, bytes held,
// and the most bytes held at once. Two users: the allocation test (deciding
// must allocate nothing) and the benchmarks (peak memory of parsing,
// checking, compiling). Outside a measurement the operators cost a flag test.
//
// A measurement counts the allocations of the thread that runs it; another
// thread allocating at the same time would make the figures approximate
// (never a crash), so neither user does that.
#pragma once

#include <cstdint>

namespace proviso::testing::heap {

/// Records a block just allocated (nullptr passes through); used by the
/// replaced operator new.
void* recorded(void* memory) noexcept;

/// Forgets and frees a block; used by the replaced operator delete.
void released(void* memory) noexcept;

/// Starts a measurement: tallies follow every allocation until stop(), and
/// the high-water mark restarts at the bytes held now.
void start() noexcept;

/// Ends a measurement; the tallies keep their values.
void stop() noexcept;

/// Allocations counted by all measurements so far.
std::uint64_t allocations();

/// Bytes held, as far as measurements saw allocations and frees.
std::int64_t bytes_held();

/// The most bytes held at once since the last start().
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
  start();
  body();
  stop();
  return Usage{allocations() - allocations_before, peak_bytes_held() - held_before};
}

}  // namespace proviso::testing::heap
