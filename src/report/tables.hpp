// The sharing and retention tables of the review report: who may receive
// which data for which purposes, on which basis and under which conditions;
// how long each data leaf is kept and when it must be erased. Exact, read
// from the same BDD encoding and outcome regions as the decision matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "model/model.hpp"
#include "report/text.hpp"

namespace proviso::report {

/// Data that may be shared with one recipient for some purposes, on one
/// basis, under one condition.
struct SharingRow {
  std::uint32_t recipient = 0;  ///< recipient leaf index
  Basis basis = Basis::consent;
  LeafSet data;                 ///< data leaves
  LeafSet purposes;             ///< purpose leaves
  std::string condition;        ///< where it is allowed, in the policy's words; the row's own leaves
                                ///< are named `this data` / `this purpose` / `this recipient`
  std::vector<model::RuleIndex> rules;  ///< the `share` rules that decide
};

/// Every possible disclosure, grouped: by recipient (vocabulary order), then
/// by purposes, then by basis. A (data, purpose) pair is in a row when some
/// subject, in some form, may have it shared.
std::vector<SharingRow> sharing_table(analysis::Encoding& encoding, const model::Model& model,
                                      const analysis::CellIndex& cells);

/// One retention rule as it applies to a data leaf: where it is the one that decides.
struct RetentionChoice {
  std::optional<std::uint32_t> retention;  ///< index into Model::retentions; empty: no retention rule applies
  std::string condition;                   ///< where this is the retention, in the policy's words
};

/// A data leaf's retention and erasure deadlines.
struct LeafRetention {
  std::uint32_t leaf = 0;
  std::vector<RetentionChoice> choices;  ///< in the order the engine picks them
  std::vector<std::uint32_t> erasures;   ///< indices into Model::erasures covering the leaf
};

/// The retention of every data leaf, in vocabulary order.
std::vector<LeafRetention> retention_table(analysis::Encoding& encoding, const model::Model& model,
                                           const analysis::CellIndex& cells);

}  // namespace proviso::report
