// Loading a policy, stage by stage, at growing size: parse (text → syntax
// tree), check (names resolved, conditions typed, every lint run), compile
// (checked policy → decision tables), and load (all three: what load()
// and every command do). Time, throughput (MB/s of policy text, rules/s),
// peak memory and the compiled tables' size.
#include <benchmark/benchmark.h>

#include "bench/fixtures.hpp"
#include "check/checker.hpp"
#include "compile/compiler.hpp"
#include "compile/policy_data.hpp"
#include "load/loader.hpp"

namespace proviso::bench {
namespace {

void report(benchmark::State& state, std::size_t bytes) {
  const auto rules = static_cast<double>(state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.counters["rules_per_second"] =
      benchmark::Counter(rules * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_bytes"] = peak_rss_bytes();
}

const loader::FileReader no_files = [](const std::string&, loader::ReadFailure& failure) -> std::optional<std::string> {
  failure.message = "no such file";
  return std::nullopt;
};

loader::Program parsed(const std::string& text) {
  diag::Diagnostics diagnostics;
  return loader::load_text("generated.policy", text, diagnostics, no_files);
}

void parse_generated(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    const loader::Program program = parsed(text);
    benchmark::DoNotOptimize(program.files.data());
  }
  report(state, text.size());
}

void check_generated(benchmark::State& state, bool lints) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  const loader::Program program = parsed(text);
  check::Options options;
  options.lints = lints;
  for (auto _ : state) {
    diag::Diagnostics diagnostics;
    auto model = check::check(program, diagnostics, options);
    if (!model) {
      state.SkipWithError("the generated policy does not check");
      return;
    }
    benchmark::DoNotOptimize(model->rules.data());
  }
  report(state, text.size());
}

void compile_generated(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  const loader::Program program = parsed(text);
  diag::Diagnostics diagnostics;
  const auto model = check::check(program, diagnostics, check::Options{false});
  if (!model) {
    state.SkipWithError("the generated policy does not check");
    return;
  }
  std::size_t table_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    model::Model copy = *model;  // compile() takes the model; copying it is not compiling
    state.ResumeTiming();
    const auto data = compile::compile(std::move(copy), diagnostics);
    table_bytes = data->table_bytes();
    benchmark::DoNotOptimize(data.get());
  }
  report(state, text.size());
  state.counters["compiled_bytes"] = static_cast<double>(table_bytes);
}

// Parse + check (with every lint) + compile: what load() does.
void load_generated(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    auto loaded = load_text(text, true);
    if (!loaded) {
      state.SkipWithError("the generated policy does not load");
      return;
    }
    benchmark::DoNotOptimize(loaded.value().compiled().cells.data());
  }
  report(state, text.size());
}

#define PROVISO_AT_EVERY_SIZE ->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)
BENCHMARK(parse_generated)->Name("parse/generated") PROVISO_AT_EVERY_SIZE;
BENCHMARK_CAPTURE(check_generated, lints, true)->Name("check/generated") PROVISO_AT_EVERY_SIZE;
BENCHMARK_CAPTURE(check_generated, no_lints, false)->Name("check_without_lints/generated") PROVISO_AT_EVERY_SIZE;
BENCHMARK(compile_generated)->Name("compile/generated") PROVISO_AT_EVERY_SIZE;
BENCHMARK(load_generated)->Name("load/generated") PROVISO_AT_EVERY_SIZE;
#undef PROVISO_AT_EVERY_SIZE

}  // namespace
}  // namespace proviso::bench
