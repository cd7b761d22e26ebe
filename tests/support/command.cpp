#include "tests/support/command.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace proviso::testing {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CommandResult run_command(const std::string& command, const std::string& input) {
  // Files rather than pipes both ways: no deadlock however much is written.
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("proviso-command-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const std::string in = base.string() + ".in";
  const std::string out = base.string() + ".out";
  const std::string err = base.string() + ".err";
  std::ofstream(in, std::ios::binary) << input;
  const std::string full = "(" + command + ") <'" + in + "' >'" + out + "' 2>'" + err + "'";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  std::error_code ignored;
  for (const auto& file : {in, out, err}) std::filesystem::remove(file, ignored);
  return result;
}

}  // namespace proviso::testing
