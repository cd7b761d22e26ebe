// Parse, check and compile at growing size: time, throughput (MB/s, rules/s),
// peak memory and compiled size.
#include <benchmark/benchmark.h>

#include "bench/fixtures.hpp"
#include "compile/fingerprint.hpp"
#include "compile/policy_data.hpp"
#include "diag/diagnostic.hpp"
#include "grammar/parse.hpp"

namespace proviso::bench {
namespace {

void report(benchmark::State& state, std::size_t bytes) {
  const auto rules = static_cast<double>(state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.counters["rules_per_second"] =
      benchmark::Counter(rules * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_bytes"] = peak_rss_bytes();
}

void parse_generated(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    source::SourceManager sources;
    const source::FileId id = sources.add("generated.policy", text);
    diag::Diagnostics diagnostics;
    auto parsed = grammar::parse(id, sources.text(id), diagnostics);
    benchmark::DoNotOptimize(parsed.ast.statements.data());
  }
  report(state, text.size());
}
BENCHMARK(parse_generated)->Name("parse/generated")->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Parse + check (with every lint) + compile: what load() does.
void compile_generated(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  std::size_t compiled_bytes = 0;
  for (auto _ : state) {
    auto loaded = load_text(text, true);
    if (!loaded) {
      state.SkipWithError("the generated policy does not load");
      return;
    }
    compiled_bytes = compile::serialize(loaded.value().compiled()).size();
    benchmark::DoNotOptimize(compiled_bytes);
  }
  report(state, text.size());
  state.counters["compiled_bytes"] = static_cast<double>(compiled_bytes);
}
BENCHMARK(compile_generated)->Name("compile/generated")->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The same without the lints: parse + resolve + compile only.
void compile_generated_no_lints(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    auto loaded = load_text(text, false);
    benchmark::DoNotOptimize(loaded.ok());
  }
  report(state, text.size());
}
BENCHMARK(compile_generated_no_lints)->Name("compile_without_lints/generated")->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace proviso::bench
