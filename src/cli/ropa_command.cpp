// `proviso ropa --policy FILE [--format markdown|csv] [-o FILE]`: the record
// of processing activities (GDPR Art. 30) generated from the compiled policy
// (src/report/ropa.hpp).
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
  const LoadedPolicy loaded = load_for_decisions(options.policy);
  if (!loaded.policy) return loaded.exit_code;
  const auto format = options.format == "csv" ? report::RopaFormat::csv : report::RopaFormat::markdown;
  return write_output(options.output, report::ropa(*loaded.policy, format));
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
