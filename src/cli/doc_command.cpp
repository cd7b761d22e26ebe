// `proviso doc --policy FILE [-o report.html]`: the review report, one
// self-contained HTML page for legal review (src/report/html_report.hpp).
#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "report/html_report.hpp"

namespace proviso::cli {
namespace {

struct DocOptions {
  std::string policy;
  std::string output = "-";
};

int run_doc(const DocOptions& options) {
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
  const std::string page = report::html_report(loaded.value(), loaded.diagnostics());
  if (options.output == "-") {
    std::cout << page;
    return std::cout.flush() ? exit_ok : exit_usage;
  }
  std::ofstream out(options.output, std::ios::binary);
  if (!out || !(out << page) || !out.flush()) {
    std::cerr << "proviso: cannot write `" << options.output << "`\n";
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace

void register_doc(CLI::App& app) {
  auto options = std::make_shared<DocOptions>();
  CLI::App* command = app.add_subcommand(
      "doc", "Write the review report: one self-contained HTML page with the decision matrix, sharing, retention, "
             "rules by section, warnings and silences");
  command->add_option("--policy", options->policy, "The policy's entry file")->required();
  command->add_option("-o,--output", options->output, "The HTML file to write; - for stdout")->capture_default_str();
  command->callback([options] { throw CLI::RuntimeError(run_doc(*options)); });
}

}  // namespace proviso::cli
