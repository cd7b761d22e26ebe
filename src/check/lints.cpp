#include "check/lints.hpp"

namespace proviso::check {

namespace {
// Far beyond any real policy (the seed needs a few thousand nodes), small
// enough that a pathological one stops in seconds rather than minutes.
constexpr std::size_t bdd_node_budget = 20'000'000;
}  // namespace

bool LintState::over_budget() {
  if (bdd.size() <= bdd_node_budget) return false;
  if (!budget_reported) {
    budget_reported = true;
    const source::Location where =
        model.rules.empty() ? source::Location{} : model.rules.front().provenance.location;
    context.report(diag::Code::analysis_limit, where,
                   "the policy's conditions are too intricate to analyse completely; some lints "
                   "were skipped");
  }
  return true;
}

std::string LintState::describe_cell(std::uint32_t data_leaf, std::uint32_t purpose_leaf,
                                     std::uint32_t recipient_leaf) const {
  std::string text = "`" + model.data().node(model.data().leaf_node(data_leaf)).path + "` for `" +
                     model.purposes().node(model.purposes().leaf_node(purpose_leaf)).path + "`";
  if (recipient_leaf != analysis::Binding::none) {
    text += " shared with `" + model.recipients().node(model.recipients().leaf_node(recipient_leaf)).path + "`";
  }
  return text;
}

void run_lints(Context& context) {
  LintState state(context);
  lint_access_rules(state);
  lint_retention(state);
  lint_unused(state);
}

}  // namespace proviso::check
