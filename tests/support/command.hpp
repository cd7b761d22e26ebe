// Running a command line in a test: its exit code and what it wrote to
// stdout (stderr is kept apart, for the messages a test may look at).
#pragma once

#include <string>

namespace proviso::testing {

struct CommandResult {
  int exit_code = -1;  ///< -1 when the command did not exit normally (a crash)
  std::string out;
  std::string err;
};

/// Runs `command` through the shell with `input` on its stdin.
CommandResult run_command(const std::string& command, const std::string& input = "");

}  // namespace proviso::testing
