// `proviso impact --policy FILE --withdraw CONSENT` (or `--object PURPOSE`):
// every request that flips from allow to deny when a person withdraws a
// consent or objects to a purpose.
#include <iostream>

#include "analysis/impact.hpp"
#include "cli/common.hpp"

namespace proviso::cli {
namespace {

struct ImpactOptions {
  std::string policy;
  std::string withdraw;
  std::string object;
};

int run_impact(const ImpactOptions& options) {
  if (options.withdraw.empty() == options.object.empty()) {
    std::cerr << "proviso impact: give exactly one of --withdraw CONSENT or --object PURPOSE\n";
    return exit_usage;
  }
  CheckedPolicy policy = load_policy(options.policy);
  if (policy.unreadable) {
    std::cerr << "proviso: " << policy.program.entry_error << '\n';
    return exit_usage;
  }
  if (!policy.model) {
    print_diagnostics(policy);
    return exit_policy;
  }
  const model::Model& model = *policy.model;
  const bool consent = !options.withdraw.empty();
  const std::string& name = consent ? options.withdraw : options.object;
  const model::Vocabulary& vocabulary = consent ? model.consents() : model.purposes();
  const auto node = vocabulary.find(name);
  if (!node) {
    std::cerr << "proviso impact: unknown " << (consent ? "consent" : "purpose") << " `" << name << "`\n";
    return exit_usage;
  }
  const analysis::Impact impact =
      consent ? analysis::impact_of_withdrawal(model, *node) : analysis::impact_of_objection(model, *node);
  std::cout << analysis::render_impact(impact);
  return exit_ok;
}

}  // namespace

void register_impact(CLI::App& app) {
  auto options = std::make_shared<ImpactOptions>();
  CLI::App* command = app.add_subcommand(
      "impact", "Every request that flips from allow to deny when a consent is withdrawn or a purpose objected to");
  command->add_option("--policy", options->policy, "The policy's entry file")->required();
  command->add_option("--withdraw", options->withdraw, "A consent the person withdraws");
  command->add_option("--object", options->object, "A purpose the person objects to");
  add_color_option(*command);
  command->callback([options] { throw CLI::RuntimeError(run_impact(*options)); });
}

}  // namespace proviso::cli
