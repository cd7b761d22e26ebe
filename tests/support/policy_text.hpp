// Checking and compiling policies given as text in tests, with in-memory
// imports.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check/checker.hpp"
#include "diag/diagnostic.hpp"
#include "load/loader.hpp"
#include "model/model.hpp"
#include "proviso/policy.hpp"
#include "tests/support/policy_generator.hpp"

namespace proviso::testing {

/// A policy checked from text, and everything that was said about it.
struct Checked {
  loader::Program program;
  diag::Diagnostics diagnostics;
  std::optional<model::Model> model;

  /// The codes of all diagnostics, in order ("unknown-name", ...).
  std::vector<std::string> codes() const;
  /// True when some diagnostic has this code.
  bool has(const std::string& code) const;
  /// The diagnostics rendered as text, for failure messages.
  std::string text() const;
};

/// Checks `text` as the file `main.policy`; `files` are importable by name.
Checked check_text(const std::string& text, const std::map<std::string, std::string>& files = {});

/// A small vocabulary and subject most checker tests build on.
extern const std::string test_prelude;

/// The subject block of test_prelude (age, region, consents, objections,
/// restricted), for tests with a vocabulary of their own.
extern const char* const test_subject;

/// Loads, checks (lints on or off) and compiles a policy given as text;
/// `files` are importable by name. Empty, with `errors` filled, on errors.
std::optional<Policy> compile_text(const std::string& entry_name, const std::string& entry_text,
                                   const std::map<std::string, std::string>& files, bool lints,
                                   std::string& errors);

/// A generated policy with the given entry text, lints off (random policies
/// may break them; the semantics must hold anyway).
std::optional<Policy> compile_generated(const GeneratedPolicy& generated, const std::string& entry_text,
                                        std::string& errors);

/// Every file of a generated policy, for reproducers ("---- name" before
/// each); the entry file as `entry_text` when given.
std::string generated_text(const GeneratedPolicy& generated);
std::string generated_text(const GeneratedPolicy& generated, const std::string& entry_text);

}  // namespace proviso::testing
