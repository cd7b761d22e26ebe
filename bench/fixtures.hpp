// What the benchmarks share: the seed policy, generated policies of a given
// size (built once per process), and pre-generated requests. Everything
// here is set up outside the timed loops.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proviso/policy.hpp"
#include "tests/support/policy_generator.hpp"
#include "tests/support/random_requests.hpp"

namespace proviso::bench {

/// The bundled policy, loaded once.
const Policy& seed_policy();

/// Generator options for a realistic policy of `rules` rules: the vocabulary
/// grows with it (up to ~2,000 data leaves and ~300 purposes).
testing::GeneratorOptions sized_options(std::uint32_t rules, std::uint64_t seed = 7);

/// A realistic generated policy of `rules` rules, as text (entry file only).
const std::string& generated_text(std::uint32_t rules);

/// The same policy, loaded (with lints) once.
const Policy& generated_policy(std::uint32_t rules);

/// Requests with their subjects; `count` of them, processing and sharing mixed.
struct RequestSet {
  std::vector<testing::DualRequest> requests;  ///< each bound to its own subject
  std::vector<Request> plain;                  ///< the compiled form, for the batch API
};
const RequestSet& requests_for(const Policy& policy, std::size_t count, std::uint64_t seed);

/// Loads policy text in memory (no imports), optionally without lints.
LoadResult load_text(const std::string& text, bool lints);

/// The most heap bytes `stage` holds at once (above what was held before
/// it), measured on one untimed run the first time `key` is asked for and
/// remembered, so that repetitions do not run the stage again.
double peak_heap_bytes(const std::string& key, const std::function<void()>& stage);

}  // namespace proviso::bench
