// The semantic diff of two versions of a generated policy that differ in 1%
// of their rules (each changed rule gets a different condition threshold or
// loses a condition), from checked models to the full report.
#include <benchmark/benchmark.h>

#include "analysis/diff.hpp"
#include "bench/fixtures.hpp"
#include "check/checker.hpp"
#include "load/loader.hpp"

namespace proviso::bench {
namespace {

model::Model checked(const std::string& text) {
  diag::Diagnostics diagnostics;
  const loader::FileReader none = [](const std::string&, loader::ReadFailure& failure) -> std::optional<std::string> {
    failure.message = "no such file";
    return std::nullopt;
  };
  auto program = loader::load_text("generated.policy", text, diagnostics, none);
  auto model = check::check(program, diagnostics);
  if (!model) throw std::runtime_error("a generated policy does not check:\n" + diag::render_text(diagnostics.all(), *program.sources));
  return std::move(*model);
}

// Changes one access rule the way an edit would: an age threshold moves, an
// exception is dropped, or a deny gains a condition. False when the rule
// (a retention rule, say) offers none of these.
bool edit(std::string& rule) {
  const auto age = rule.find("age ");
  const auto digit = age == std::string::npos ? age : rule.find_first_of("0123456789", age);
  if (digit != std::string::npos) {
    rule[digit] = rule[digit] == '9' ? '1' : static_cast<char>(rule[digit] + 1);
    return true;
  }
  if (const auto unless = rule.find(" unless "); unless != std::string::npos) {
    rule = rule.substr(0, unless) + ";";
    return true;
  }
  if (rule.find("deny ") != std::string::npos && rule.find(" when ") == std::string::npos) {
    rule.insert(rule.size() - 1, " when restricted");
    return true;
  }
  return false;
}

// The generated policy of `rules` rules with 1% of its rules edited.
std::string mutated(std::uint32_t rules) {
  testing::GeneratedPolicy policy = testing::generate_policy(sized_options(rules));
  testing::Random random(99);
  std::vector<bool> edited(policy.rules.size(), false);
  const std::size_t wanted = std::max<std::size_t>(1, rules / 100);
  std::size_t made = 0;
  for (std::size_t attempt = 0; made < wanted && attempt < 100 * wanted; ++attempt) {
    const auto i = static_cast<std::size_t>(random.below(policy.rules.size()));
    if (!edited[i] && edit(policy.rules[i])) {
      edited[i] = true;
      ++made;
    }
  }
  return policy.entry_text();
}

void diff_generated(benchmark::State& state) {
  const auto rules = static_cast<std::uint32_t>(state.range(0));
  const model::Model before = checked(generated_text(rules));
  const model::Model after = checked(mutated(rules));
  std::size_t groups = 0;
  const auto stage = [&] {
    const analysis::DiffResult result = analysis::diff(before, after);
    groups = result.groups.size();
    const std::string report = analysis::render_text(result);
    benchmark::DoNotOptimize(report.data());
  };
  const double peak = peak_heap_bytes("diff/" + std::to_string(rules), stage);
  for (auto _ : state) stage();
  state.counters["change_groups"] = static_cast<double>(groups);
  state.counters["peak_heap_bytes"] = peak;
}
BENCHMARK(diff_generated)
    ->Name("diff/generated")
    ->Arg(100)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond);

// Loading both versions (parse + check + compile) and diffing: what `proviso diff` does.
void diff_end_to_end(benchmark::State& state) {
  const auto rules = static_cast<std::uint32_t>(state.range(0));
  const std::string before = generated_text(rules);
  const std::string after = mutated(rules);
  for (auto _ : state) {
    const analysis::DiffResult result = analysis::diff(checked(before), checked(after));
    benchmark::DoNotOptimize(result.groups.size());
  }
}
BENCHMARK(diff_end_to_end)->Name("diff_with_loading/generated")->Arg(10'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace proviso::bench
