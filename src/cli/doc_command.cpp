// `proviso doc --policy FILE [-o report.html]`: the review report, one
// self-contained HTML page for legal review (src/report/html_report.hpp).
#include "cli/common.hpp"
#include "report/html_report.hpp"

namespace proviso::cli {
namespace {

struct DocOptions {
  std::string policy;
  std::string output = "-";
};

int run_doc(const DocOptions& options) {
  const LoadedPolicy loaded = load_for_decisions(options.policy);
  if (!loaded.policy) return loaded.exit_code;
  return write_output(options.output, report::html_report(*loaded.policy, loaded.diagnostics));
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
