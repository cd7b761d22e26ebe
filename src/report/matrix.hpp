// The decision matrix of a policy: for every (data leaf, purpose leaf) cell,
// what the processing question can be answered there — over every subject
// and every form of the data — read exactly from the outcome regions of
// analysis/outcomes.hpp. The review report draws it; its test checks it
// against Policy::decide. Also the policy's silences: the cells no rule
// addresses, where the default deny decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/bdd.hpp"
#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "model/model.hpp"

namespace proviso::report {

/// What can happen in a cell.
enum class CellState : std::uint8_t {
  silent,   ///< no allow or deny covers the cell: the default deny decides every request
  denied,   ///< rules cover it, but every request is denied
  allowed,  ///< some request (some subject, some form) is allowed
};

/// How far an allowed cell is allowed.
enum class Reach : std::uint8_t {
  none,         ///< not allowed at all (silent or denied cells)
  conditional,  ///< an allow applies only under conditions of its own (consent given, a form, ...)
  exceptions,   ///< an allow applies to every request, but a deny overrides it for some
  always,       ///< every request is allowed, whatever the subject and form
};

/// "silent", "denied", "allowed".
std::string_view name_of(CellState state) noexcept;
/// "none", "conditional", "exceptions", "always".
std::string_view name_of(Reach reach) noexcept;

/// Allowed under one basis: where, and by which rules.
struct Grant {
  Basis basis = Basis::consent;
  analysis::Bdd::Ref where = analysis::Bdd::zero;  ///< the subjects and forms allowed under this basis
  std::string condition;                           ///< `where` in the policy's words
  std::vector<model::RuleIndex> rules;             ///< the allows that decide there
};

/// One cell of the matrix: a data leaf and a purpose leaf, the processing question.
struct MatrixCell {
  std::uint32_t data = 0;     ///< data leaf index
  std::uint32_t purpose = 0;  ///< purpose leaf index
  CellState state = CellState::silent;
  Reach reach = Reach::none;
  std::vector<Grant> grants;                   ///< allowed cells: one per basis, in Art. 6(1) order
  std::string denied_condition;                ///< where requests are denied, in words ("no subject" when never)
  std::vector<model::RuleIndex> denying_rules; ///< the denies that decide somewhere in the cell
  std::vector<model::RuleIndex> rules;         ///< every allow and deny covering the cell, in rule order
};

/// The whole matrix.
struct Matrix {
  std::uint32_t data_leaves = 0;
  std::uint32_t purpose_leaves = 0;
  std::vector<MatrixCell> cells;  ///< data * purpose_leaves + purpose

  const MatrixCell& at(std::uint32_t data, std::uint32_t purpose) const {
    return cells[std::size_t{data} * purpose_leaves + purpose];
  }
  /// How many cells are in a state.
  std::size_t count(CellState state) const;
};

/// The matrix of a policy, using a caller's encoding (so `Grant::where` can
/// be read with it afterwards) and cell index.
Matrix decision_matrix(analysis::Encoding& encoding, const model::Model& model, const analysis::CellIndex& cells);

/// The matrix of a policy, with a private encoding (`Grant::where` is then meaningless).
Matrix decision_matrix(const model::Model& model);

/// Cells no rule addresses, counted per pair of top-level categories.
struct SilenceGroup {
  model::NodeId row = model::no_node;     ///< a top-level data node (processing) or recipient node (sharing)
  model::NodeId purpose = model::no_node; ///< a top-level purpose node
  std::size_t silent = 0;                 ///< silent cells (pairs or triples) in the group
  std::size_t total = 0;                  ///< cells in the group
  std::vector<bool> data;                 ///< data leaves with a silent cell in the group
  std::vector<bool> purposes;             ///< purpose leaves with a silent cell in the group
  std::vector<bool> recipients;           ///< sharing: recipient leaves with a silent cell in the group
};

/// The policy's silences.
struct Silences {
  /// (data, purpose) cells that no allow or deny covers: the processing
  /// question is answered by the default deny alone. Per (data category,
  /// purpose category), only groups with a silent cell.
  std::vector<SilenceGroup> processing;
  std::size_t processing_cells = 0;
  /// (data, purpose, recipient) cells that no `share` or `deny share` rule
  /// covers and no `deny` covers either. Per (recipient category, purpose
  /// category), only groups with a silent cell.
  std::vector<SilenceGroup> sharing;
  std::size_t sharing_cells = 0;
};

/// Finds every silence of the policy.
Silences silences(const model::Model& model, const analysis::CellIndex& cells);

/// The top-level node above a node (itself when top-level).
model::NodeId top_level(const model::Vocabulary& vocabulary, model::NodeId node);

}  // namespace proviso::report
