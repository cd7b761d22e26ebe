#include "tests/support/heap_meter.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace proviso::testing::heap {
namespace {

// Outside a measurement the replaced operators only test this flag, so the
// meter costs the benchmarks' timed loops (which never measure) nothing
// worth mentioning.
std::atomic<bool> active{false};
std::atomic<std::uint64_t> allocation_count{0};
std::atomic<std::int64_t> held{0};
std::atomic<std::int64_t> peak{0};

// The allocator's own size of a block, so that freeing subtracts exactly
// what allocating added, with no header of our own.
std::int64_t block_size(void* memory) noexcept { return static_cast<std::int64_t>(malloc_usable_size(memory)); }

// Loads and stores rather than read-modify-writes: a measurement has one
// thread allocating (see heap_meter.hpp).
void add(std::atomic<std::int64_t>& tally, std::int64_t amount) noexcept {
  tally.store(tally.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}

}  // namespace

void* recorded(void* memory) noexcept {
  if (memory == nullptr || !active.load(std::memory_order_relaxed)) return memory;
  allocation_count.store(allocation_count.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  add(held, block_size(memory));
  if (held.load(std::memory_order_relaxed) > peak.load(std::memory_order_relaxed)) {
    peak.store(held.load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
  return memory;
}

void released(void* memory) noexcept {
  if (memory != nullptr && active.load(std::memory_order_relaxed)) add(held, -block_size(memory));
  std::free(memory);
}

void start() noexcept {
  peak.store(held.load(std::memory_order_relaxed), std::memory_order_relaxed);
  active.store(true, std::memory_order_seq_cst);
}

void stop() noexcept { active.store(false, std::memory_order_seq_cst); }

std::uint64_t allocations() { return allocation_count.load(std::memory_order_relaxed); }
std::int64_t bytes_held() { return held.load(std::memory_order_relaxed); }
std::int64_t peak_bytes_held() { return peak.load(std::memory_order_relaxed); }

}  // namespace proviso::testing::heap

// ---- the replaced operators ----------------------------------------------------

namespace {

using proviso::testing::heap::recorded;
using proviso::testing::heap::released;

void* allocate(std::size_t size) noexcept { return recorded(std::malloc(size == 0 ? 1 : size)); }

void* allocate_aligned(std::size_t size, std::align_val_t alignment) noexcept {
  void* memory = nullptr;
  const std::size_t align = std::max(static_cast<std::size_t>(alignment), sizeof(void*));
  if (posix_memalign(&memory, align, size == 0 ? 1 : size) != 0) return nullptr;
  return recorded(memory);
}

void* or_throw(void* memory) {
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}

}  // namespace

void* operator new(std::size_t size) { return or_throw(allocate(size)); }
void* operator new[](std::size_t size) { return or_throw(allocate(size)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) { return or_throw(allocate_aligned(size, alignment)); }
void* operator new[](std::size_t size, std::align_val_t alignment) { return or_throw(allocate_aligned(size, alignment)); }
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, alignment);
}

void operator delete(void* memory) noexcept { released(memory); }
void operator delete[](void* memory) noexcept { released(memory); }
void operator delete(void* memory, std::size_t) noexcept { released(memory); }
void operator delete[](void* memory, std::size_t) noexcept { released(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { released(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { released(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { released(memory); }
void operator delete[](void* memory, std::align_val_t) noexcept { released(memory); }
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { released(memory); }
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { released(memory); }
void operator delete(void* memory, std::align_val_t, const std::nothrow_t&) noexcept { released(memory); }
void operator delete[](void* memory, std::align_val_t, const std::nothrow_t&) noexcept { released(memory); }
