// `proviso diff OLD NEW`: every decision that differs between two versions
// of a policy. Exit 1 when NEW allows something OLD denied (by default;
// --fail-on any|none changes that).
#include <iostream>

#include "analysis/diff.hpp"
#include "cli/common.hpp"
#include "json/diff_json.hpp"

namespace proviso::cli {
namespace {

struct DiffOptions {
  std::string before;
  std::string after;
  std::string format = "text";
  std::string fail_on = "broadening";
};

int run_diff(const DiffOptions& options) {
  CheckedPolicy before = load_policy(options.before);
  CheckedPolicy after = load_policy(options.after);
  for (CheckedPolicy* policy : {&before, &after}) {
    if (policy->unreadable) {
      std::cerr << "proviso: " << policy->program.entry_error << '\n';
      return exit_usage;
    }
  }
  if (!before.model || !after.model) {
    for (CheckedPolicy* policy : {&before, &after}) {
      if (!policy->model) print_diagnostics(*policy);
    }
    std::cerr << "proviso: both versions must check without errors to be compared\n";
    return exit_policy;
  }
  analysis::DiffOptions diff_options;
  diff_options.details = options.format == "json";  // exact per-request conditions for tools
  const analysis::DiffResult result = analysis::diff(*before.model, *after.model, diff_options);
  if (options.format == "json") {
    std::cout << json::diff_to_json(result) << '\n';
  } else if (options.format == "markdown") {
    std::cout << analysis::render_markdown(result);
  } else {
    std::cout << analysis::render_text(result);
  }
  if (options.fail_on == "any" && !result.empty()) return exit_policy;
  if (options.fail_on == "broadening" && result.broadening()) return exit_policy;
  return exit_ok;
}

}  // namespace

void register_diff(CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command = app.add_subcommand("diff", "Every decision that differs between two versions of a policy");
  command->add_option("old", options->before, "The old version's entry file")->required();
  command->add_option("new", options->after, "The new version's entry file")->required();
  command->add_option("--format", options->format, "Output: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  command->add_option("--fail-on", options->fail_on,
                      "Exit 1 on: broadening (NEW allows what OLD denied), any change, or none")
      ->check(CLI::IsMember({"broadening", "any", "none"}))
      ->capture_default_str();
  add_color_option(*command);
  command->callback([options] { throw CLI::RuntimeError(run_diff(*options)); });
}

}  // namespace proviso::cli
