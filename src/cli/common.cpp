#include "cli/common.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "check/checker.hpp"

namespace proviso::cli {
namespace {

std::string color_mode = "auto";

bool use_color() {
  if (color_mode == "always") return true;
  if (color_mode == "never") return false;
  return isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

}  // namespace

CheckedPolicy load_policy(const std::string& path, bool lints) {
  CheckedPolicy result;
  result.program = loader::load_file(path, result.diagnostics);
  if (result.program.entry_unreadable) {
    result.unreadable = true;
    return result;
  }
  check::Options options;
  options.lints = lints;
  result.model = check::check(result.program, result.diagnostics, options);
  result.diagnostics.sort_by_location();
  return result;
}

void print_diagnostics(const CheckedPolicy& policy) {
  if (policy.unreadable) {
    std::cerr << "proviso: " << policy.program.entry_error << '\n';
    return;
  }
  std::cerr << diag::render_text(policy.diagnostics.all(), *policy.program.sources, use_color());
}

LoadedPolicy load_for_decisions(const std::string& path) {
  LoadedPolicy result;
  LoadResult loaded = load(path);
  result.diagnostics = loaded.diagnostics();
  if (loaded.ok()) {
    result.policy = loaded.value();
    return result;
  }
  std::vector<Diagnostic> errors;
  for (const Diagnostic& d : loaded.diagnostics()) {
    if (d.severity == Severity::error) errors.push_back(d);
  }
  std::cerr << to_string(errors);
  std::cerr << "proviso: `" << path << "` has errors; run `proviso check " << path << "` for details\n";
  result.exit_code = loaded.unreadable() ? exit_usage : exit_policy;
  return result;
}

int write_output(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    return std::cout.flush() ? exit_ok : exit_usage;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out || !(out << text) || !out.flush()) {
    std::cerr << "proviso: cannot write `" << path << "`\n";
    return exit_usage;
  }
  return exit_ok;
}

void add_color_option(CLI::App& command) {
  command.add_option("--color", color_mode, "Colour diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

}  // namespace proviso::cli
