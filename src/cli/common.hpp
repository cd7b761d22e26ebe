// What every subcommand shares: exit codes, loading a policy with its
// diagnostics, and printing them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "diag/diagnostic.hpp"
#include "load/loader.hpp"
#include "model/model.hpp"
#include "proviso/policy.hpp"

namespace proviso::cli {

/// The exit codes of every command (docs/cli.md).
enum ExitCode : int {
  exit_ok = 0,       ///< success
  exit_policy = 1,   ///< the policy or its tests are at fault
  exit_usage = 2,    ///< usage or I/O problems
};

/// How diagnostics are printed.
enum class Format { text, json, sarif };

/// A policy loaded and checked, with everything that was said about it.
struct CheckedPolicy {
  loader::Program program;
  diag::Diagnostics diagnostics;
  std::optional<model::Model> model;
  bool unreadable = false;  ///< the entry file could not be read (an I/O problem)
};

/// Loads and checks the policy whose entry file is `path`.
CheckedPolicy load_policy(const std::string& path, bool lints = true);

/// Prints a policy's diagnostics to stderr as text (with colour on a terminal).
void print_diagnostics(const CheckedPolicy& policy);

/// Adds `--color auto|always|never` to a command.
void add_color_option(CLI::App& command);

/// A policy loaded through the public API, for the commands that use the
/// compiled policy.
struct LoadedPolicy {
  std::optional<Policy> policy;         ///< set when it loaded
  std::vector<Diagnostic> diagnostics;  ///< what loading said (its warnings, when it loaded)
  int exit_code = exit_ok;              ///< otherwise: 1 (the policy has errors) or 2 (cannot read it)
};

/// Loads a policy for eval / explain / test / doc / ropa; prints its errors
/// (not its warnings, which `proviso check` is for) when it does not load.
LoadedPolicy load_for_decisions(const std::string& path);

/// Writes a command's output to the file `path`, or to stdout for `-`.
/// Returns exit_ok, or exit_usage (after saying so) when it cannot.
int write_output(const std::string& path, const std::string& text);

/// Registers each subcommand; each lives in its own file.
void register_check(CLI::App& app);
void register_eval(CLI::App& app);
void register_explain(CLI::App& app);
void register_test(CLI::App& app);
void register_diff(CLI::App& app);
void register_impact(CLI::App& app);
void register_fmt(CLI::App& app);
void register_doc(CLI::App& app);
void register_ropa(CLI::App& app);

}  // namespace proviso::cli
