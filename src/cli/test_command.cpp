// `proviso test FILE...`: run the tests written in policy files; report each
// failure with the test's location, what it expected, what was decided and
// by which rule; with --coverage, the rules no test exercised.
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/common.hpp"
#include "eval/test_runner.hpp"

namespace proviso::cli {
namespace {

struct TestOptions {
  std::vector<std::string> files;
  bool coverage = false;
  double coverage_min = -1;
  std::string format = "text";
};

int run_test(const TestOptions& options) {
  std::size_t passed = 0;
  std::size_t failed = 0;
  // Coverage is merged by rule location, so test files that import the
  // same policy share one count.
  std::vector<eval::CoverageItem> coverage;  // in source order of first appearance
  std::map<std::string, std::size_t> coverage_index;
  std::map<std::string, bool> seen_tests;
  nlohmann::ordered_json json_tests = nlohmann::ordered_json::array();
  int exit_code = exit_ok;
  for (const std::string& file : options.files) {
    const LoadedPolicy loaded = load_for_decisions(file);
    if (!loaded.policy) {
      exit_code = std::max(exit_code, loaded.exit_code);
      continue;
    }
    const eval::TestRun run = eval::run_tests(*loaded.policy);
    for (const eval::TestResult& result : run.results) {
      if (!seen_tests.emplace(result.location, true).second) continue;  // imported by several files
      (result.passed ? passed : failed) += 1;
      if (options.format == "json") {
        nlohmann::ordered_json t;
        t["name"] = result.test->name;
        t["location"] = result.location;
        t["passed"] = result.passed;
        t["expected"] = result.expected;
        t["actual"] = result.actual;
        if (const RuleInfo* rule = result.decision.rule()) t["rule"] = rule->location;
        json_tests.push_back(std::move(t));
      } else if (!result.passed) {
        std::cout << "FAIL " << result.location << ": test \"" << result.test->name << "\"\n"
                  << "  expected: " << result.expected << "\n"
                  << "  actual:   " << result.actual << "\n";
      }
    }
    for (const eval::CoverageItem& item : run.coverage) {
      const auto [it, inserted] = coverage_index.try_emplace(item.key, coverage.size());
      if (inserted) {
        coverage.push_back(item);
      } else {
        coverage[it->second].covered = coverage[it->second].covered || item.covered;
      }
    }
  }
  std::size_t covered = 0;
  for (const eval::CoverageItem& item : coverage) covered += item.covered ? 1 : 0;
  const double percent = coverage.empty() ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(coverage.size());
  const bool below_minimum = options.coverage_min >= 0 && percent + 1e-9 < options.coverage_min;

  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["tests"] = std::move(json_tests);
    out["passed"] = passed;
    out["failed"] = failed;
    nlohmann::ordered_json c;
    c["covered"] = covered;
    c["total"] = coverage.size();
    c["percent"] = percent;
    nlohmann::ordered_json uncovered = nlohmann::ordered_json::array();
    for (const eval::CoverageItem& item : coverage) {
      if (!item.covered) uncovered.push_back({{"location", item.key}, {"rule", item.label}});
    }
    c["uncovered"] = std::move(uncovered);
    out["coverage"] = std::move(c);
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else {
    std::cout << passed << " passed, " << failed << " failed\n";
    if (options.coverage || options.coverage_min >= 0) {
      std::cout.setf(std::ios::fixed);
      std::cout.precision(1);
      std::cout << "rule coverage: " << percent << "% (" << covered << " of " << coverage.size() << " rules)\n";
      for (const eval::CoverageItem& item : coverage) {
        if (!item.covered) std::cout << "  not exercised: " << item.label << " at " << item.key << '\n';
      }
      if (below_minimum) std::cout << "coverage is below the minimum of " << options.coverage_min << "%\n";
    }
  }
  if (exit_code != exit_ok) return exit_code;
  return failed > 0 || below_minimum ? exit_policy : exit_ok;
}

}  // namespace

void register_test(CLI::App& app) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* command = app.add_subcommand("test", "Run the tests written in policy files, with rule coverage");
  command->add_option("files", options->files, "Policy files holding `test` blocks (and importing the policy)")
      ->required();
  command->add_flag("--coverage", options->coverage, "List the rules no test exercised");
  command->add_option("--coverage-min", options->coverage_min, "Fail when rule coverage is below PERCENT")
      ->check(CLI::Range(0.0, 100.0));
  command->add_option("--format", options->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_color_option(*command);
  command->callback([options] { throw CLI::RuntimeError(run_test(*options)); });
}

}  // namespace proviso::cli
