// Loading a policy: read the entry file and, transitively, every file it
// imports; parse each exactly once. Import problems (a missing file, a
// cycle) are reported at the `import` line that caused them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "grammar/parse.hpp"
#include "source/source_manager.hpp"

namespace proviso::loader {

/// Why a file could not be read.
struct ReadFailure {
  std::string message;     ///< e.g. "no such file"
  bool too_large = false;  ///< the file exists but exceeds the parser's size limit
};

/// Reads the file at `path`. On failure returns nullopt and says why in `failure`.
using FileReader = std::function<std::optional<std::string>(const std::string& path, ReadFailure& failure)>;

/// A reader for the real file system.
FileReader filesystem_reader();

/// One file of a program, parsed.
struct LoadedFile {
  source::FileId id = 0;
  grammar::ParsedFile parsed;
};

/// The entry file and everything it imports, in first-visit order (entry first).
struct Program {
  std::shared_ptr<source::SourceManager> sources = std::make_shared<source::SourceManager>();
  std::vector<LoadedFile> files;
  bool entry_unreadable = false;  ///< the entry file itself could not be read
  std::string entry_error;        ///< why, when entry_unreadable
};

/// Loads the policy whose entry file is at `entry_path`.
Program load_file(const std::string& entry_path, diag::Diagnostics& diagnostics,
                  const FileReader& reader = filesystem_reader());

/// Loads a policy whose entry file is given as text. It is shown as
/// `display_path` in messages and its imports resolve relative to that path.
Program load_text(const std::string& display_path, std::string text,
                  diag::Diagnostics& diagnostics, const FileReader& reader = filesystem_reader());

}  // namespace proviso::loader
