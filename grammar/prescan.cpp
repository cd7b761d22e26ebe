// The prescan: a single pass over the raw bytes before Spirit X3 sees them.
//
// X3 is a recursive-descent parser, so its stack use grows with nesting; the
// prescan measures bracket depth first and refuses files nested beyond the
// limit, which makes stack exhaustion impossible whatever the input. It also
// rejects bytes no policy contains (NUL, invalid UTF-8) with a located error,
// and collects comments for the formatter. Its idea of strings and comments
// matches the grammar's: strings end at `"` or at the end of the line.
#include "grammar/parse.hpp"

#include <string>

namespace proviso::grammar {
namespace {

// Length of the valid UTF-8 sequence at `i`, or 0 if the bytes there are not one.
std::size_t valid_utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

source::Location at(source::FileId file, std::size_t begin, std::size_t length = 1) {
  return {file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + length)};
}

}  // namespace

bool prescan(source::FileId file, std::string_view text, diag::Diagnostics& diagnostics,
             const Limits& limits, std::vector<Comment>& comments) {
  if (text.size() > limits.max_file_bytes) {
    diagnostics.report(diag::Code::file_too_large, at(file, 0, 0),
                       "the file is " + std::to_string(text.size()) +
                           " bytes long; policy files are limited to " +
                           std::to_string(limits.max_file_bytes) + " bytes");
    return false;
  }

  bool ok = true;
  std::uint32_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\0') {
      diagnostics.report(diag::Code::invalid_encoding, at(file, i),
                         "the file contains a NUL byte; policy files are UTF-8 text");
      return false;
    }
    const std::size_t length = valid_utf8_length(text, i);
    if (length == 0) {
      diagnostics.report(diag::Code::invalid_encoding, at(file, i),
                         "the file is not valid UTF-8 text here; save it as UTF-8");
      return false;
    }
    if (in_string) {
      if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
        // The escaped character is checked like any other on the next round.
        i += 1;
        escaped = true;
        continue;
      }
      if (escaped) {
        escaped = false;
        i += length;
        continue;
      }
      if (c == '"' || c == '\n') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      std::size_t end = i;
      while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
        const std::size_t step = valid_utf8_length(text, end);
        if (step == 0 || text[end] == '\0') break;  // reported on the next pass
        end += step;
      }
      comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
      i = end;
      continue;
    } else if (c == '(' || c == '{') {
      if (++depth > limits.max_nesting && ok) {
        diagnostics.report(diag::Code::nesting_too_deep, at(file, i),
                           "brackets are nested more than " + std::to_string(limits.max_nesting) +
                               " deep here; split the condition or the list into simpler parts");
        ok = false;
      }
    } else if ((c == ')' || c == '}') && depth > 0) {
      --depth;
    }
    i += length;
  }
  return ok;
}

}  // namespace proviso::grammar
