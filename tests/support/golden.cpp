#include "tests/support/golden.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace proviso::testing {

std::filesystem::path source_dir() { return PROVISO_SOURCE_DIR; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

std::string compare_golden(const std::filesystem::path& golden, const std::string& actual) {
  const char* update = std::getenv("PROVISO_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    write_file(golden, actual);
    return {};
  }
  if (!std::filesystem::exists(golden)) {
    return "missing golden file " + golden.string() + " (run with PROVISO_UPDATE_GOLDEN=1)";
  }
  const std::string expected = read_file(golden);
  if (expected == actual) return {};
  // Show the first differing line with a little context.
  const auto want = lines_of(expected);
  const auto got = lines_of(actual);
  std::size_t line = 0;
  while (line < want.size() && line < got.size() && want[line] == got[line]) ++line;
  std::ostringstream out;
  out << golden.string() << ": differs at line " << line + 1 << "\n";
  out << "  expected: " << (line < want.size() ? want[line] : "<end of file>") << "\n";
  out << "  actual:   " << (line < got.size() ? got[line] : "<end of file>") << "\n";
  return out.str();
}

}  // namespace proviso::testing
