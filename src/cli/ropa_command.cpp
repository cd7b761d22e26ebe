// `proviso ropa --policy FILE [--format markdown|csv] [-o FILE]`: the record
// of processing activities (GDPR Art. 30) generated from the compiled policy
// (src/report/ropa.hpp).
#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "report/ropa.hpp"

namespace proviso::cli {
namespace {

struct RopaOptions {
  std::string policy;
  std::string format = "markdown";
  std::string output = "-";
};

int run_ropa(const RopaOptions& options) {
  const LoadResult loaded = load(options.policy);
  if (!loaded.ok()) {
    std::vector<Diagnostic> errors;
    for (const Diagnostic& d : loaded.diagnostics()) {
      if (d.severity == Severity::error) errors.push_back(d);
    }
    std::cerr << to_string(errors);
    std::cerr << "proviso: `" << options.policy << "` has errors; run `proviso check " << options.policy
              << "` for details\n";
    return loaded.unreadable() ? exit_usage : exit_policy;
  }
  const std::string record = report::ropa(
      loaded.value(), options.format == "csv" ? report::RopaFormat::csv : report::RopaFormat::markdown);
  if (options.output == "-") {
    std::cout << record;
    return std::cout.flush() ? exit_ok : exit_usage;
  }
  std::ofstream out(options.output, std::ios::binary);
  if (!out || !(out << record) || !out.flush()) {
    std::cerr << "proviso: cannot write `" << options.output << "`\n";
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace

void register_ropa(CLI::App& app) {
  auto options = std::make_shared<RopaOptions>();
  CLI::App* command = app.add_subcommand(
      "ropa", "Write the record of processing activities (GDPR Art. 30) generated from the policy");
  command->add_option("--policy", options->policy, "The policy's entry file")->required();
  command->add_option("--format", options->format, "Output: markdown or csv")
      ->check(CLI::IsMember({"markdown", "csv"}))
      ->capture_default_str();
  command->add_option("-o,--output", options->output, "The file to write; - for stdout")->capture_default_str();
  command->callback([options] { throw CLI::RuntimeError(run_ropa(*options)); });
}

}  // namespace proviso::cli
