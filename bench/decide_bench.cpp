// decide(): the hot path, on the seed policy and on generated policies of
// growing size, one decision at a time and through the batch API.
#include <benchmark/benchmark.h>

#include "bench/fixtures.hpp"

namespace proviso::bench {
namespace {

constexpr std::size_t request_count = 10'000;

void run_decisions(benchmark::State& state, const Policy& policy) {
  const RequestSet& set = requests_for(policy, request_count, 42);
  std::size_t i = 0;
  std::size_t allowed = 0;
  for (auto _ : state) {
    const Decision d = policy.decide(set.plain[i]);
    benchmark::DoNotOptimize(d);
    allowed += d.allowed() ? 1 : 0;
    if (++i == set.plain.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["allowed_share"] = benchmark::Counter(static_cast<double>(allowed) / static_cast<double>(state.iterations()));
  state.counters["ns_per_decision"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void decide_seed(benchmark::State& state) { run_decisions(state, seed_policy()); }
BENCHMARK(decide_seed)->Name("decide/seed");

void decide_generated(benchmark::State& state) {
  run_decisions(state, generated_policy(static_cast<std::uint32_t>(state.range(0))));
}
BENCHMARK(decide_generated)->Name("decide/generated")->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000);

void decide_batch_seed(benchmark::State& state) {
  const Policy& policy = seed_policy();
  const RequestSet& set = requests_for(policy, request_count, 42);
  std::vector<Decision> decisions(set.plain.size());
  for (auto _ : state) {
    policy.decide(set.plain, decisions);
    benchmark::DoNotOptimize(decisions.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(set.plain.size()));
  state.counters["ns_per_decision"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(set.plain.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(decide_batch_seed)->Name("decide_batch/seed");

}  // namespace
}  // namespace proviso::bench
