// Checking what a report claims about a decision-matrix cell against the
// policy itself, two independent ways:
//   1. the exact outcome regions of analysis/outcomes.hpp (the same question
//      asked afresh, not through report/matrix.hpp), and
//   2. the compiled engine, Policy::decide, on concrete subjects: for an
//      allowed cell, a subject built from each allowing region must be
//      allowed with that region's basis; for a cell said to deny everyone,
//      every subject of a brute-force set (the defaults in every form, and a
//      subject on each side of every covering rule's condition) must be denied.
// Used by the report tests (on the Matrix) and the browser test (on the DOM).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "proviso/policy.hpp"
#include "report/example.hpp"

namespace proviso::testing {

/// What a report says about one (data leaf, purpose leaf) cell.
struct CellClaim {
  std::string data;             ///< data leaf path
  std::string purpose;          ///< purpose leaf path
  bool allowed = false;         ///< "some request can be allowed"
  std::set<std::string> bases;  ///< the bases of the possible allows
  std::string state;            ///< "allowed", "denied" or "silent"
};

/// How much was checked.
struct CellCheckStats {
  std::size_t cells = 0;
  std::size_t allowed_cells = 0;
  std::size_t decisions = 0;  ///< Policy::decide calls made
};

/// Every disagreement between the claims and the policy, one sentence each
/// (empty when they all agree).
std::vector<std::string> check_cells(const Policy& policy, const std::vector<CellClaim>& claims,
                                     CellCheckStats* stats = nullptr);

/// A subject of `policy` with the example's values.
Subject build_subject(const Policy& policy, const report::ExampleSubject& example);

}  // namespace proviso::testing
