// `proviso fmt`: the canonical layout of a policy file.
//
// The formatter rewrites whitespace only: the tokens, their order and every
// comment stay; the syntax tree of the result is the tree of the input.
// The layout rules are in docs/cli.md (`proviso fmt`); in short:
//
//  - statements in the order written, one blank line between them, except
//    that consecutive one-line statements of the same kind (fields, imports,
//    short rules without annotations) stay together unless the author
//    separated them;
//  - annotations on the line(s) before their statement (a `@note` on a line
//    of its own);
//  - vocabularies one node per line, nested by two spaces, a comma after
//    every leaf; subject attributes one per line;
//  - a rule on one line when it fits in 100 columns, otherwise each clause
//    (`with`, `for`, `under`, `when`, `unless`, `requiring`; for retention
//    `for`/`until`/`indefinitely`, `or until`, `then`, ...) on a line of its
//    own, indented by two; lists that still do not fit wrap, indented by two
//    more; conditions too long for their line break before `or`, then `and`;
//  - test blocks with `ask` and `expect` on a line each, wrapping their
//    clauses when they do not fit;
//  - comments kept where they were: a comment on its own line before what
//    follows it, a trailing comment at the end of its token's line (trailing
//    comments on consecutive lines aligned).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "grammar/ast.hpp"
#include "grammar/parse.hpp"

namespace proviso::format {

struct Options {
  int width = 100;  ///< the column a line should not pass
};

/// The canonical text of a file that parsed without errors: `file` and
/// `comments` are what grammar::parse produced from `text`. Throws
/// std::logic_error if the tree does not match the text (a bug).
std::string format(const ast::File& file, std::string_view text,
                   const std::vector<grammar::Comment>& comments, const Options& options = {});

/// Parses `text` (reporting syntax errors to `diagnostics` as `file`) and
/// formats it; nullopt when it does not parse. The result is checked with
/// `differences` before it is returned; a difference throws
/// std::logic_error, so a formatter bug can never rewrite a policy's meaning.
std::optional<std::string> format_source(source::FileId file, std::string_view text,
                                         diag::Diagnostics& diagnostics, const Options& options = {});

/// Empty when `formatted` says what `original` says: the same syntax tree
/// (positions aside) and the same comments. Otherwise what differs.
std::string differences(std::string_view original, std::string_view formatted);

/// The AST dump of `text` (grammar::dump) without the `@line:col` positions.
std::string positionless_dump(std::string_view text);

/// The text of each comment in `text`, trailing blanks removed, in order.
std::vector<std::string> comment_texts(std::string_view text);

}  // namespace proviso::format
