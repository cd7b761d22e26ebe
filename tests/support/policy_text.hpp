// Checking policies given as text in tests, with in-memory imports.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check/checker.hpp"
#include "diag/diagnostic.hpp"
#include "load/loader.hpp"
#include "model/model.hpp"

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
extern const char* const test_prelude;

}  // namespace proviso::testing
