// Running the tests written in a policy (`test "..." { ask ...; expect ...; }`)
// through the compiled policy, exactly as a service would ask, and measuring
// which rules the tests exercise.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "proviso/policy.hpp"

namespace proviso::eval {

/// Builds the compiled Subject for plain attribute values.
Result<Subject> build_subject(const Policy& policy, const model::SubjectValues& values);

/// One test's outcome.
struct TestResult {
  const model::TestCase* test = nullptr;
  bool passed = false;
  std::string expected;  ///< what the test expects, in its own words
  std::string actual;    ///< what the policy decided, in the same words
  std::string location;  ///< "file:line:col" of the test
  Decision decision;
};

/// A rule that tests can exercise: an access rule, a retention or an erasure.
struct CoverageItem {
  std::string key;       ///< "file:line:col", the same across loads of the same files
  std::string label;     ///< "rule `no-children` (§12)"
  bool covered = false;
};

/// The outcome of every test of a policy and the coverage they give.
struct TestRun {
  std::vector<TestResult> results;
  std::vector<CoverageItem> coverage;  ///< every rule of the policy, in source order
  std::size_t passed() const;
  std::size_t failed() const { return results.size() - passed(); }
};

/// Runs every test of `policy` (those in its entry file and its imports).
TestRun run_tests(const Policy& policy);

}  // namespace proviso::eval
