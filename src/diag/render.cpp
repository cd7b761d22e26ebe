// Text rendering of diagnostics, after clang: the location, the message, the
// source line and a caret with tildes under the whole range. The source line
// is shown safely whatever its bytes (control characters and invalid UTF-8
// become `?`) and a very long line is cut to a window around the caret.
#include <algorithm>
#include <string>

#include "diag/diagnostic.hpp"

namespace proviso::diag {
namespace {

// One character as displayed, and the bytes of the line it stands for.
struct DisplayUnit {
  std::string text;
  std::uint32_t byte_begin;
  std::uint32_t byte_end;
};

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0 && lead >= 0xC2) length = 2;
  else if ((lead & 0xF0) == 0xE0) length = 3;
  else if ((lead & 0xF8) == 0xF0 && lead <= 0xF4) length = 4;
  else return 0;
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

std::vector<DisplayUnit> display_units(std::string_view line) {
  std::vector<DisplayUnit> units;
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    const std::size_t length = utf8_sequence_length(line, i);
    const auto begin = static_cast<std::uint32_t>(i);
    if (c == '\t') {
      units.push_back({"\t", begin, begin + 1});
      i += 1;
    } else if (length == 0 || c < 0x20 || c == 0x7F) {
      units.push_back({"?", begin, begin + 1});
      i += 1;
    } else {
      units.push_back({std::string(line.substr(i, length)), begin,
                       static_cast<std::uint32_t>(i + length)});
      i += length;
    }
  }
  return units;
}

constexpr std::size_t window_width = 140;

void render_snippet(std::string& out, const source::SourceManager& sources,
                    const source::Location& location, bool color) {
  const std::string_view text = sources.text(location.file);
  const source::LineColumn start = sources.line_column(location.file, location.begin);
  std::string_view line = sources.line_text(location.file, start.line);
  const std::uint32_t line_begin = static_cast<std::uint32_t>(line.data() - text.data());
  std::uint32_t caret_begin = location.begin - std::min(location.begin, line_begin);
  std::uint32_t caret_end = location.end > location.begin ? location.end - line_begin : caret_begin + 1;
  caret_end = std::min<std::uint32_t>(caret_end, static_cast<std::uint32_t>(line.size()) + 1);

  // Only a window around the caret is ever shown; decoding a whole
  // megabyte-long line to show 140 characters of it would cost gigabytes.
  constexpr std::uint32_t window_bytes = 2048;
  bool cut_front = false;
  bool cut_back = false;
  if (line.size() > 2 * window_bytes) {
    std::uint32_t from = caret_begin > window_bytes ? caret_begin - window_bytes : 0;
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;  // a character's start
    const std::uint32_t to = std::min<std::uint32_t>(static_cast<std::uint32_t>(line.size()), from + 2 * window_bytes);
    cut_front = from > 0;
    cut_back = to < line.size();
    line = line.substr(from, to - from);
    caret_begin -= from;
    caret_end = std::min<std::uint32_t>(caret_end - std::min(caret_end, from), static_cast<std::uint32_t>(line.size()) + 1);
  }
  const std::vector<DisplayUnit> units = display_units(line);
  std::size_t first = 0;
  std::size_t last = units.size();
  if (units.size() > window_width) {
    std::size_t caret_unit = 0;
    while (caret_unit < units.size() && units[caret_unit].byte_end <= caret_begin) ++caret_unit;
    first = caret_unit > window_width / 3 ? caret_unit - window_width / 3 : 0;
    last = std::min(units.size(), first + window_width);
  }

  const std::string gutter = std::to_string(start.line);
  const std::string blank(gutter.size(), ' ');
  std::string shown = " " + gutter + " | ";
  std::string marks = " " + blank + " | ";
  if (first > 0 || cut_front) {
    shown += "...";
    marks += "   ";
  }
  bool caret_placed = false;
  for (std::size_t u = first; u < last; ++u) {
    const DisplayUnit& unit = units[u];
    shown += unit.text;
    const bool inside = unit.byte_end > caret_begin && unit.byte_begin < caret_end;
    if (inside) {
      marks += caret_placed ? '~' : '^';
      caret_placed = true;
    } else if (!caret_placed) {
      marks += unit.text == "\t" ? '\t' : ' ';
    }
  }
  if (last < units.size() || cut_back) shown += "...";
  // A location at the end of the line (a missing `;`, say) points just past it.
  if (!caret_placed) marks += '^';
  while (!marks.empty() && marks.back() == ' ') marks.pop_back();
  out += shown;
  out += '\n';
  if (color) out += "\x1b[1;32m";
  out += marks;
  if (color) out += "\x1b[0m";
  out += '\n';
}

std::string_view severity_color(Severity severity) {
  switch (severity) {
    case Severity::error: return "\x1b[1;31m";
    case Severity::warning: return "\x1b[1;35m";
    case Severity::note: return "\x1b[1;36m";
  }
  return "";
}

void render_one(std::string& out, const source::SourceManager& sources, Severity severity,
                const source::Location& location, std::string_view message,
                std::string_view code, bool color) {
  if (color) out += "\x1b[1m";
  out += sources.describe(location);
  out += ": ";
  if (color) out += severity_color(severity);
  out += severity_name(severity);
  out += ": ";
  if (color) out += "\x1b[0;1m";
  out += message;
  if (color) out += "\x1b[0m";
  if (!code.empty()) {
    out += " [";
    out += code;
    out += ']';
  }
  out += '\n';
  render_snippet(out, sources, location, color);
}

}  // namespace

std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const source::SourceManager& sources, bool color) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    render_one(out, sources, d.severity, d.location, d.message, code_name(d.code), color);
    for (const Note& note : d.notes) {
      render_one(out, sources, Severity::note, note.location, note.message, {}, color);
    }
  }
  return out;
}

}  // namespace proviso::diag
