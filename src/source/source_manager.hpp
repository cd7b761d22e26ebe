// Source files and locations: the first stage every other stage leans on.
//
// Like clang's SourceManager, a location is a small value (file id and byte
// offsets) that is decoded into line and column only when a human reads it.
// Files are owned here for the life of a load, so string_views into their text
// (held by the AST and diagnostics) stay valid.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace proviso::source {

/// Identifies one file known to a SourceManager.
using FileId = std::uint32_t;

/// A byte range [begin, end) in one file.
struct Location {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  friend bool operator==(const Location&, const Location&) = default;
};

/// A 1-based line and column; columns count Unicode code points, not bytes.
struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// Owns the text of every file of a load and decodes offsets for humans.
class SourceManager {
 public:
  /// Adds a file (its display path and whole text) and returns its id.
  FileId add(std::string path, std::string text);

  /// The number of files added so far.
  std::size_t size() const noexcept { return files_.size(); }

  /// The path a file was added under, as given.
  std::string_view path(FileId file) const;

  /// The whole text of a file.
  std::string_view text(FileId file) const;

  /// The line and column of a byte offset (clamped to the end of the file).
  LineColumn line_column(FileId file, std::uint32_t offset) const;

  /// The text of a 1-based line, without its line break.
  std::string_view line_text(FileId file, std::uint32_t line) const;

  /// `path:line:col` of a location's start, as printed in diagnostics.
  std::string describe(const Location& location) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<std::uint32_t> line_starts;  // offset of each line's first byte
  };
  std::vector<std::unique_ptr<File>> files_;
};

/// Counts the code points in a UTF-8 byte range; a stray byte counts as one.
std::uint32_t count_code_points(std::string_view bytes) noexcept;

}  // namespace proviso::source
