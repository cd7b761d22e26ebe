#include "bench/fixtures.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "tests/support/heap_meter.hpp"

namespace proviso::bench {

const Policy& seed_policy() {
  static const Policy policy = [] {
    auto loaded = load(std::string(PROVISO_SOURCE_DIR) + "/policies/aiworksforus.policy");
    if (!loaded) throw std::runtime_error("the seed policy does not load:\n" + to_string(loaded.diagnostics()));
    return loaded.value();
  }();
  return policy;
}

testing::GeneratorOptions sized_options(std::uint32_t rules, std::uint64_t seed) {
  testing::GeneratorOptions options;
  options.seed = seed;
  options.realistic = true;
  options.rules = rules;
  options.data_leaves = std::clamp<std::uint32_t>(rules * 2, 60, 2000);
  options.purpose_leaves = std::clamp<std::uint32_t>(rules / 3, 30, 300);
  options.recipient_leaves = std::clamp<std::uint32_t>(rules / 50, 10, 40);
  options.consent_leaves = std::clamp<std::uint32_t>(rules / 100, 8, 30);
  options.min_depth = 3;
  options.max_depth = 5;
  options.retentions = std::max<std::uint32_t>(10, rules / 10);
  options.erasures = 3;
  options.fields = std::min<std::uint32_t>(rules, 2000);
  options.condition_chance = 0.5;
  return options;
}

const std::string& generated_text(std::uint32_t rules) {
  static std::map<std::uint32_t, std::string> cache;
  auto found = cache.find(rules);
  if (found == cache.end()) found = cache.emplace(rules, testing::generate_policy(sized_options(rules)).entry_text()).first;
  return found->second;
}

LoadResult load_text(const std::string& text, bool lints) {
  LoadOptions options;
  options.lints = lints;
  return load_string(text, "generated.policy", options);
}

const Policy& generated_policy(std::uint32_t rules) {
  static std::map<std::uint32_t, Policy> cache;
  auto found = cache.find(rules);
  if (found == cache.end()) {
    auto loaded = load_text(generated_text(rules), true);
    if (!loaded) throw std::runtime_error("a generated policy does not load:\n" + to_string(loaded.diagnostics()));
    found = cache.emplace(rules, loaded.value()).first;
  }
  return found->second;
}

const RequestSet& requests_for(const Policy& policy, std::size_t count, std::uint64_t seed) {
  static std::map<std::pair<const void*, std::size_t>, std::unique_ptr<RequestSet>> cache;
  auto& slot = cache[{&policy.compiled(), count}];
  if (!slot) {
    slot = std::make_unique<RequestSet>();
    testing::Random random(seed);
    slot->requests.reserve(count);
    for (std::size_t i = 0; i < count; ++i) slot->requests.push_back(testing::random_request(policy, random));
    for (auto& request : slot->requests) {
      request.bind();
      slot->plain.push_back(request.compiled);
    }
  }
  return *slot;
}

double peak_heap_bytes(const std::string& key, const std::function<void()>& stage) {
  static std::map<std::string, double> measured;
  auto found = measured.find(key);
  if (found == measured.end()) {
    const auto usage = testing::heap::measure(stage);
    found = measured.emplace(key, static_cast<double>(usage.peak_bytes)).first;
  }
  return found->second;
}

}  // namespace proviso::bench
