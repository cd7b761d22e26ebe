// A generator of random but valid Proviso policies, seeded and
// deterministic: the same options always give the same text.
//
// Two uses:
//  - differential testing (tests/eval): small "wild" policies that exercise
//    every construct and every tie-break, checked without lints;
//  - benchmarks (bench/): large "realistic" policies with the seed policy's
//    shape and proportions, which pass every lint.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace proviso::testing {

/// A small, portable pseudo-random generator (splitmix64): the same seed
/// gives the same numbers on every platform and standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// A number in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
  /// True with probability `p`.
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  /// One element of a non-empty list.
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(items.size()))];
  }

 private:
  std::uint64_t state_;
};

struct GeneratorOptions {
  std::uint64_t seed = 1;
  std::uint32_t data_leaves = 30;
  std::uint32_t purpose_leaves = 15;
  std::uint32_t recipient_leaves = 6;
  std::uint32_t consent_leaves = 6;
  std::uint32_t min_depth = 2;  ///< depth of the shallowest leaves (1 = top level)
  std::uint32_t max_depth = 4;
  std::uint32_t rules = 25;     ///< allow / deny / share / deny share rules
  std::uint32_t retentions = 8;
  std::uint32_t erasures = 2;
  std::uint32_t fields = 10;
  std::uint32_t files = 1;  ///< split into this many files joined by imports (1..3)
  /// Lint-clean, seed-like policies (bases consistent per purpose family,
  /// consent always required, objections honoured, retention unambiguous).
  bool realistic = false;
  /// Condition richness: the chance that a rule has a `when` / `unless`.
  double condition_chance = 0.6;
};

/// A generated policy: its files, and its rules one per entry so a test can
/// drop them while shrinking a counterexample.
struct GeneratedPolicy {
  std::string entry = "generated.policy";
  std::string header_and_declarations;  ///< the entry file before its rules
  std::vector<std::string> rules;       ///< one statement each
  std::map<std::string, std::string> imported;  ///< other files, by name

  /// The entry file's text (declarations, then the rules).
  std::string entry_text() const;
  /// The entry file with only the rules whose index is in `keep`.
  std::string entry_text(const std::vector<bool>& keep) const;
};

/// Generates a policy.
GeneratedPolicy generate_policy(const GeneratorOptions& options);

}  // namespace proviso::testing
