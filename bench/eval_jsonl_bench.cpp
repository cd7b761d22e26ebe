// End to end through the CLI's path: a JSON request line is parsed, decided
// and answered with a JSON decision line.
#include <benchmark/benchmark.h>

#include "bench/fixtures.hpp"
#include "json/request_json.hpp"

namespace proviso::bench {
namespace {

void eval_jsonl_seed(benchmark::State& state) {
  const Policy& policy = seed_policy();
  const RequestSet& set = requests_for(policy, 10'000, 42);
  std::vector<std::string> lines;
  for (const auto& request : set.requests) lines.push_back(testing::request_json(policy, request));
  std::size_t i = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto parsed = json::parse_request(policy, lines[i]);
    const std::string out = parsed ? json::decision_to_json(policy, parsed->request, policy.decide(parsed->request))
                                   : json::error_to_json(parsed.error().message);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["decisions_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["output_bytes_per_decision"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(eval_jsonl_seed)->Name("eval_jsonl/seed");

}  // namespace
}  // namespace proviso::bench
