#include "tests/support/heap_meter.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace proviso::testing::heap {
namespace {

std::atomic<std::uint64_t> allocation_count{0};
std::atomic<std::int64_t> held{0};
std::atomic<std::int64_t> peak{0};

// The allocator's own size of a block, so that freeing subtracts exactly
// what allocating added, with no header of our own.
std::int64_t block_size(void* memory) noexcept { return static_cast<std::int64_t>(malloc_usable_size(memory)); }

}  // namespace

void* recorded(void* memory) noexcept {
  if (memory == nullptr) return nullptr;
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  const std::int64_t size = block_size(memory);
  const std::int64_t now = held.fetch_add(size, std::memory_order_relaxed) + size;
  std::int64_t high = peak.load(std::memory_order_relaxed);
  while (now > high && !peak.compare_exchange_weak(high, now, std::memory_order_relaxed)) {
  }
  return memory;
}

void released(void* memory) noexcept {
  if (memory == nullptr) return;
  held.fetch_sub(block_size(memory), std::memory_order_relaxed);
  std::free(memory);
}

std::uint64_t allocations() { return allocation_count.load(std::memory_order_relaxed); }
std::int64_t bytes_held() { return held.load(std::memory_order_relaxed); }
void reset_peak() { peak.store(held.load(std::memory_order_relaxed), std::memory_order_relaxed); }
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
