// The layout engine behind `proviso fmt`: a small Wadler/Prettier-style
// pretty printer. The formatter describes a file as a tree of documents
// (text, places where a line may break, groups that break together, nested
// indentation) and the printer picks the breaks so lines fit the width.
//
// Comments are part of the document: a trailing comment ends its line (what
// follows goes on the next line) and breaks every group that has more text
// after it; leading comments sit on lines of their own before what follows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace proviso::format {

struct Node;
using Doc = std::shared_ptr<const Node>;

/// A comment printed on a line of its own.
struct LeadingComment {
  std::string text;           ///< `// ...`, trailing blanks removed
  bool blank_before = false;  ///< the author left a blank line before it
  std::uint32_t offset = 0;   ///< where it was in the source, to keep comments in order
};

struct Node {
  enum class Kind : std::uint8_t {
    text,      ///< literal text, no line breaks
    space,     ///< one space; nothing at the start of a line
    line,      ///< a space when its group is flat, else a line break
    hard,      ///< a line break, always
    blank,     ///< a line break and exactly one empty line
    concat,    ///< the parts, in order
    nest,      ///< the part, with `indent` more spaces after each break inside it
    group,     ///< the part, flat if it fits on the line, else broken
    fill,      ///< parts alternate content and separator; break a separator only when the next content does not fit
    trailing,  ///< a comment at the end of the line; what follows starts a new line
    leading,   ///< comments on lines of their own, then a line break
  };
  Kind kind = Kind::text;
  std::string text;
  int indent = 0;
  bool blank_after = false;  ///< leading: keep a blank line between the comments and what follows
  bool keep_blanks = false;  ///< leading: keep the author's blank lines between the comments
  std::vector<Doc> parts;
  std::vector<LeadingComment> comments;
};

Doc text(std::string s);
Doc space();
Doc line();
Doc hard();
Doc blank();
Doc concat(std::vector<Doc> parts);
Doc nest(int indent, Doc part);
Doc group(Doc part);
Doc fill(std::vector<Doc> parts);
Doc trailing(std::string comment);
Doc leading(std::vector<LeadingComment> comments, bool blank_after, bool keep_blanks);

/// Lays `doc` out in `width` columns. Trailing comments on consecutive lines
/// are aligned to one column. The result ends with one newline unless empty.
std::string print(const Doc& doc, int width);

/// Counts the columns `s` takes: one per code point.
int columns(const std::string& s);

}  // namespace proviso::format
