// `proviso check FILE...`: parse and check policies; report every problem.
#include <filesystem>
#include <iostream>

#include "cli/common.hpp"
#include "json/diagnostics_json.hpp"
#include "json/sarif.hpp"

namespace proviso::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
};

int run_check(const CheckOptions& options) {
  int exit_code = exit_ok;
  std::vector<CheckedPolicy> checked;  // kept alive for the JSON output
  checked.reserve(options.files.size());
  for (const std::string& file : options.files) {
    CheckedPolicy& policy = checked.emplace_back(load_policy(file));
    if (policy.unreadable) {
      std::cerr << "proviso: " << policy.program.entry_error << '\n';
      exit_code = exit_usage;
      continue;
    }
    const std::size_t errors = policy.diagnostics.error_count();
    const std::size_t warnings = policy.diagnostics.all().size() - errors;
    if (errors > 0 && exit_code == exit_ok) exit_code = exit_policy;
    if (options.format != "text") continue;
    print_diagnostics(policy);
    std::cout << file << ": " << (errors == 0 ? "fine" : "not valid") << " (" << errors
              << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning)" : " warnings)") << '\n';
  }
  if (options.format == "json") {
    std::vector<json::DiagnosticSet> sets;
    for (const CheckedPolicy& policy : checked) {
      if (!policy.unreadable) sets.push_back({&policy.diagnostics.all(), policy.program.sources.get()});
    }
    std::cout << json::diagnostics_to_json(sets) << '\n';
  }
  if (options.format == "sarif") {
    std::vector<json::DiagnosticSet> sets;
    json::SarifOptions sarif;
    for (const CheckedPolicy& policy : checked) {
      if (policy.unreadable) {
        sarif.notifications.push_back(policy.program.entry_error);
      } else {
        sets.push_back({&policy.diagnostics.all(), policy.program.sources.get()});
      }
    }
    std::error_code error;
    const std::filesystem::path cwd = std::filesystem::current_path(error);
    if (!error) sarif.root_uri = json::artifact_uri(cwd.generic_string()) + "/";
    std::cout << json::diagnostics_to_sarif(sets, sarif) << '\n';
  }
  return exit_code;
}

}  // namespace

void register_check(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "Parse and check policy files; report every problem");
  command->add_option("files", options->files, "Policy entry files")->required();
  command->add_option("--format", options->format, "Output: text (stderr), json or sarif (SARIF 2.1.0) (stdout)")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  add_color_option(*command);
  command->callback([options] { throw CLI::RuntimeError(run_check(*options)); });
}

}  // namespace proviso::cli
