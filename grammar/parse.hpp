// The one interface the rest of Proviso has to the grammar. No Spirit X3 in
// this header; nothing thrown inside the grammar escapes `parse`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "grammar/ast.hpp"

namespace proviso::grammar {

/// Limits that keep hostile input from exhausting memory or the stack.
struct Limits {
  std::size_t max_file_bytes = 64u << 20;  ///< larger files are refused
  std::uint32_t max_nesting = 32;          ///< depth of `(` and `{` together
  std::uint32_t max_syntax_errors = 25;    ///< per file, before giving up
};

/// A `//` comment: its byte range, `//` included. The formatter keeps them.
struct Comment {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

/// What parsing one file produced.
struct ParsedFile {
  ast::File ast;                  ///< the statements that parsed
  std::vector<Comment> comments;  ///< every comment, in order
  bool ok = false;                ///< true when no error was reported
};

/// Parses the text of `file`. Syntax errors are reported to `diagnostics`
/// (with recovery, so several can be reported) and never thrown.
ParsedFile parse(source::FileId file, std::string_view text, diag::Diagnostics& diagnostics,
                 const Limits& limits = {}) noexcept;

/// Checks what must hold before the parser may run at all: size, encoding
/// (valid UTF-8, no NUL byte) and bracket nesting. Collects the comments.
/// Returns false (with diagnostics) when the file must not be parsed.
bool prescan(source::FileId file, std::string_view text, diag::Diagnostics& diagnostics,
             const Limits& limits, std::vector<Comment>& comments);

}  // namespace proviso::grammar
