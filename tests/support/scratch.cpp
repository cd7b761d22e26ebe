#include "tests/support/scratch.hpp"

#include <unistd.h>

#include <fstream>

namespace proviso::testing {

ScratchFolder::ScratchFolder() {
  static int counter = 0;
  dir = std::filesystem::temp_directory_path() /
        ("proviso-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

std::string ScratchFolder::write(const std::string& name, const std::string& text) const {
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

}  // namespace proviso::testing
