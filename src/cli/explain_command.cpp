// `proviso explain --policy FILE REQUEST`: the decision, then every rule about
// the request and what became of it, each with its source line.
#include <iostream>

#include "cli/common.hpp"
#include "eval/explain.hpp"
#include "json/request_json.hpp"

namespace proviso::cli {
namespace {

struct ExplainOptions {
  std::string policy;
  std::string request;
};

int run_explain(const ExplainOptions& options) {
  const LoadedPolicy loaded = load_for_decisions(options.policy);
  if (!loaded.policy) return loaded.exit_code;
  const Policy& policy = *loaded.policy;
  auto parsed = json::parse_request(policy, options.request);
  if (!parsed) {
    std::cerr << "proviso: invalid request: " << parsed.error().message << '\n';
    return exit_usage;
  }
  const eval::Explanation explanation = eval::explain(policy, parsed->request, parsed->reference);
  std::cout << eval::render_explanation(policy, parsed->request, explanation);
  return exit_ok;
}

}  // namespace

void register_explain(CLI::App& app) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* command = app.add_subcommand(
      "explain", "Explain a decision: every rule about the request, and why it decided, lost or did not apply");
  command->add_option("--policy", options->policy, "The policy's entry file")->required();
  command->add_option("request", options->request, "The request as JSON")->required();
  add_color_option(*command);
  command->callback([options] { throw CLI::RuntimeError(run_explain(*options)); });
}

}  // namespace proviso::cli
