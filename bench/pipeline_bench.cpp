// Loading a policy, stage by stage, at growing size: parse (text → syntax
// tree), check (names resolved, conditions typed, every lint run), compile
// (checked policy → decision tables), and load (all three: what load()
// and every command do). Time, throughput (MB/s of policy text, rules/s),
// peak memory (the most heap bytes the stage holds at once, measured on one
// extra untimed run) and the compiled tables' size.
#include <benchmark/benchmark.h>

#include <optional>

#include "bench/fixtures.hpp"
#include "check/checker.hpp"
#include "compile/compiler.hpp"
#include "compile/policy_data.hpp"
#include "load/loader.hpp"

namespace proviso::bench {
namespace {

void report(benchmark::State& state, std::size_t bytes, double peak_bytes) {
  const auto rules = static_cast<double>(state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.counters["rules_per_second"] =
      benchmark::Counter(rules * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_heap_bytes"] = peak_bytes;
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
  const auto stage = [&] {
    const loader::Program program = parsed(text);
    benchmark::DoNotOptimize(program.files.data());
  };
  const double peak = peak_heap_bytes(std::string("parse/") + std::to_string(state.range(0)), stage);
  for (auto _ : state) stage();
  report(state, text.size(), peak);
}

void check_generated(benchmark::State& state, bool lints) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  const loader::Program program = parsed(text);
  check::Options options;
  options.lints = lints;
  bool checked = true;
  const auto stage = [&] {
    diag::Diagnostics diagnostics;
    auto model = check::check(program, diagnostics, options);
    checked = model.has_value();
    if (checked) benchmark::DoNotOptimize(model->rules.data());
  };
  const double peak = peak_heap_bytes(std::string(lints ? "check/" : "check_without_lints/") + std::to_string(state.range(0)), stage);
  for (auto _ : state) stage();
  if (!checked) {
    state.SkipWithError("the generated policy does not check");
    return;
  }
  report(state, text.size(), peak);
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
  // compile() takes the model; copying it is not compiling, so the copy is
  // made before the stage starts (untimed, and not counted as its memory).
  std::optional<model::Model> copy = *model;
  const auto stage = [&] {
    const auto data = compile::compile(std::move(*copy), diagnostics);
    table_bytes = data->table_bytes();
    benchmark::DoNotOptimize(data.get());
  };
  const double peak = peak_heap_bytes(std::string("compile/") + std::to_string(state.range(0)), stage);
  for (auto _ : state) {
    state.PauseTiming();
    copy.emplace(*model);
    state.ResumeTiming();
    stage();
  }
  report(state, text.size(), peak);
  state.counters["compiled_bytes"] = static_cast<double>(table_bytes);
}

// Parse + check (with every lint) + compile: what load() does.
void load_generated(benchmark::State& state) {
  const std::string& text = generated_text(static_cast<std::uint32_t>(state.range(0)));
  bool ok = true;
  const auto stage = [&] {
    auto loaded = load_text(text, true);
    ok = loaded.ok();
    if (ok) benchmark::DoNotOptimize(loaded.value().compiled().cells.data());
  };
  const double peak = peak_heap_bytes(std::string("load/") + std::to_string(state.range(0)), stage);
  for (auto _ : state) stage();
  if (!ok) {
    state.SkipWithError("the generated policy does not load");
    return;
  }
  report(state, text.size(), peak);
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
