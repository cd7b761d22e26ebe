#include "source/source_manager.hpp"

#include <algorithm>

namespace proviso::source {

FileId SourceManager::add(std::string path, std::string text) {
  auto file = std::make_unique<File>();
  file->path = std::move(path);
  file->text = std::move(text);
  file->line_starts.push_back(0);
  // Lines end at \n, \r\n or a lone \r (old Mac files), as the grammar's `eol` does.
  const std::string& t = file->text;
  for (std::uint32_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n' || (t[i] == '\r' && (i + 1 == t.size() || t[i + 1] != '\n'))) {
      file->line_starts.push_back(i + 1);
    }
  }
  files_.push_back(std::move(file));
  return static_cast<FileId>(files_.size() - 1);
}

std::string_view SourceManager::path(FileId file) const { return files_.at(file)->path; }

std::string_view SourceManager::text(FileId file) const { return files_.at(file)->text; }

LineColumn SourceManager::line_column(FileId file, std::uint32_t offset) const {
  const File& f = *files_.at(file);
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(f.text.size()));
  // The last line start that is <= offset.
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  const auto line_index = static_cast<std::uint32_t>(it - f.line_starts.begin() - 1);
  const std::uint32_t line_start = f.line_starts[line_index];
  const std::string_view before(f.text.data() + line_start, offset - line_start);
  return {line_index + 1, count_code_points(before) + 1};
}

std::string_view SourceManager::line_text(FileId file, std::uint32_t line) const {
  const File& f = *files_.at(file);
  if (line == 0 || line > f.line_starts.size()) return {};
  const std::uint32_t begin = f.line_starts[line - 1];
  std::uint32_t end = line < f.line_starts.size() ? f.line_starts[line] - 1
                                                  : static_cast<std::uint32_t>(f.text.size());
  // `end` is at the break (\n, or a lone \r); a \r\n leaves its \r to drop.
  if (end > begin && f.text[end - 1] == '\r') --end;
  return std::string_view(f.text).substr(begin, end - begin);
}

std::string SourceManager::describe(const Location& location) const {
  const LineColumn lc = line_column(location.file, location.begin);
  return std::string(path(location.file)) + ':' + std::to_string(lc.line) + ':' +
         std::to_string(lc.column);
}

std::uint32_t count_code_points(std::string_view bytes) noexcept {
  std::uint32_t count = 0;
  for (const char c : bytes) {
    // Continuation bytes (10xxxxxx) belong to the code point before them.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace proviso::source
