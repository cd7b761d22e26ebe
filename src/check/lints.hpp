// The privacy lints: whole-policy checks that need the semantics, not just
// the names. They are exact: conditions become BDDs over an encoding of the
// subject (analysis/encoding.hpp), so "can these two rules apply to the same
// request?" is answered, not guessed.
#pragma once

#include "analysis/bdd.hpp"
#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "check/context.hpp"

namespace proviso::check {

/// Shared by the lint passes: the cell index and the BDD encoding.
struct LintState {
  explicit LintState(Context& context_in)
      : context(context_in), model(context_in.model), cells(model), encoding(model, bdd) {}

  Context& context;
  const model::Model& model;
  analysis::CellIndex cells;
  analysis::Bdd bdd;
  analysis::Encoding encoding;

  /// Stops the lints when the analysis grows beyond reason (never seen on a
  /// real policy); reports it once.
  bool over_budget();
  bool budget_reported = false;

  /// "`data` for `purpose`", as a message names a request cell.
  std::string describe_cell(std::uint32_t data_leaf, std::uint32_t purpose_leaf,
                            std::uint32_t recipient_leaf = analysis::Binding::none) const;
};

/// basis-conflict, consent-not-required, ignores-objection, never-decides.
void lint_access_rules(LintState& state);
/// retention-conflict and no-retention.
void lint_retention(LintState& state);
/// unused-declaration.
void lint_unused(LintState& state);

}  // namespace proviso::check
