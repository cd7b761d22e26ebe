// A scratch folder for tests that write policy files (for the command line
// to read): created fresh, removed with everything in it at the end.
#pragma once

#include <filesystem>
#include <string>

namespace proviso::testing {

/// A new, empty folder under the system's temporary folder, removed when
/// this goes out of scope.
struct ScratchFolder {
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  /// Writes `text` to the file `name` in the folder; returns the file's path.
  std::string write(const std::string& name, const std::string& text) const;

  std::filesystem::path dir;
};

}  // namespace proviso::testing
