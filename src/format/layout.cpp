#include "format/layout.hpp"

#include <algorithm>
#include <utility>

namespace proviso::format {

namespace {

Doc make(Node::Kind kind) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  return node;
}

}  // namespace

Doc text(std::string s) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::text;
  node->text = std::move(s);
  return node;
}
Doc space() {
  static const Doc shared = make(Node::Kind::space);
  return shared;
}
Doc line() {
  static const Doc shared = make(Node::Kind::line);
  return shared;
}
Doc hard() {
  static const Doc shared = make(Node::Kind::hard);
  return shared;
}
Doc blank() {
  static const Doc shared = make(Node::Kind::blank);
  return shared;
}
Doc concat(std::vector<Doc> parts) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::concat;
  node->parts = std::move(parts);
  return node;
}
Doc nest(int indent, Doc part) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::nest;
  node->indent = indent;
  node->parts.push_back(std::move(part));
  return node;
}
Doc group(Doc part) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::group;
  node->parts.push_back(std::move(part));
  return node;
}
Doc fill(std::vector<Doc> parts) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::fill;
  node->parts = std::move(parts);
  return node;
}
Doc trailing(std::string comment) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::trailing;
  node->text = std::move(comment);
  return node;
}
Doc leading(std::vector<LeadingComment> comments, bool blank_after, bool keep_blanks) {
  auto node = std::make_shared<Node>();
  node->kind = Node::Kind::leading;
  node->comments = std::move(comments);
  node->blank_after = blank_after;
  node->keep_blanks = keep_blanks;
  return node;
}

int columns(const std::string& s) {
  int count = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

namespace {

using Kind = Node::Kind;

/// One unit of work: a document, the indentation of lines broken inside it,
/// whether its lines are flat, and (for a fill) the first part still to print.
struct Command {
  int indent = 0;
  bool flat = false;
  const Node* doc = nullptr;
  std::size_t offset = 0;
};

/// True when printing `node` would put any text on the page.
bool has_text(const Node& node, std::size_t offset = 0) {
  switch (node.kind) {
    case Kind::text: return !node.text.empty();
    case Kind::trailing:
    case Kind::leading: return true;
    case Kind::concat:
    case Kind::nest:
    case Kind::group:
    case Kind::fill:
      for (std::size_t i = offset; i < node.parts.size(); ++i) {
        if (has_text(*node.parts[i])) return true;
      }
      return false;
    default: return false;
  }
}

/// Whether the commands on `stack` (the last one first), printed flat, fit in
/// `remaining` columns; then the `rest` (printed in their own modes) up to
/// their first line break. A forced break inside what must be flat means it
/// does not fit, unless nothing follows it there (a trailing comment that
/// ends the group ends the line anyway).
bool fits(std::vector<Command> stack, const std::vector<Command>& rest, int remaining, int width = -1) {
  std::size_t rest_index = rest.size();
  bool in_rest = false;
  while (remaining >= 0) {
    if (stack.empty()) {
      if (rest_index == 0) return true;
      stack.push_back(rest[--rest_index]);
      in_rest = true;
    }
    const Command command = stack.back();
    stack.pop_back();
    const Node& node = *command.doc;
    switch (node.kind) {
      case Kind::text: remaining -= columns(node.text); break;
      case Kind::space: remaining -= 1; break;
      case Kind::line:
        if (!command.flat) return true;
        remaining -= 1;
        break;
      case Kind::leading:
        // In a fill, comments before an item put it at the start of a line.
        if (width >= 0 && !in_rest) {
          remaining = width - command.indent;
          break;
        }
        return in_rest;
      case Kind::hard:
      case Kind::blank: return in_rest;
      case Kind::trailing: {
        if (in_rest) return true;
        for (const Command& later : stack) {
          if (has_text(*later.doc, later.offset)) return false;
        }
        return true;
      }
      case Kind::concat:
      case Kind::fill:
        for (std::size_t i = node.parts.size(); i > command.offset; --i) {
          stack.push_back({command.indent, command.flat, node.parts[i - 1].get(), 0});
        }
        break;
      case Kind::nest:
        stack.push_back({command.indent + node.indent, command.flat, node.parts[0].get(), 0});
        break;
      case Kind::group: stack.push_back({command.indent, command.flat, node.parts[0].get(), 0}); break;
    }
  }
  return false;
}

struct AlignedComment {
  std::size_t line = 0;    ///< output line number
  std::size_t offset = 0;  ///< byte offset of the space before the comment
  int code_columns = 0;    ///< columns of the code before it
};

class Printer {
 public:
  explicit Printer(int width) : width_(width) {}

  std::string run(const Doc& doc) {
    std::vector<Command> stack{{0, false, doc.get(), 0}};
    while (!stack.empty()) {
      const Command command = stack.back();
      stack.pop_back();
      step(command, stack);
    }
    align_comments();
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
    if (!out_.empty()) out_ += '\n';
    return std::move(out_);
  }

 private:
  void step(const Command& command, std::vector<Command>& stack) {
    const Node& node = *command.doc;
    switch (node.kind) {
      case Kind::text: emit_text(command.indent, node.text); break;
      case Kind::space: emit_space(command.indent); break;
      case Kind::line:
        if (command.flat) {
          emit_space(command.indent);
        } else {
          break_line(command.indent);
        }
        break;
      case Kind::hard: break_line(command.indent); break;
      case Kind::blank: blank_line(command.indent); break;
      case Kind::concat:
        for (std::size_t i = node.parts.size(); i > 0; --i) {
          stack.push_back({command.indent, command.flat, node.parts[i - 1].get(), 0});
        }
        break;
      case Kind::nest:
        stack.push_back({command.indent + node.indent, command.flat, node.parts[0].get(), 0});
        break;
      case Kind::group: {
        bool flat = command.flat;
        if (!flat) {
          const int used = pending_ ? command.indent : column_;
          flat = fits({{command.indent, true, node.parts[0].get(), 0}}, stack, width_ - used);
        }
        stack.push_back({command.indent, flat, node.parts[0].get(), 0});
        break;
      }
      case Kind::fill: step_fill(command, stack); break;
      case Kind::trailing: emit_trailing(node.text); break;
      case Kind::leading: emit_leading(command.indent, node); break;
    }
  }

  // Prettier's fill: each separator breaks only when the content after it
  // does not fit on the line.
  void step_fill(const Command& command, std::vector<Command>& stack) {
    const Node& node = *command.doc;
    const std::size_t count = node.parts.size() - std::min(node.parts.size(), command.offset);
    if (count == 0) return;
    if (command.flat) {
      for (std::size_t i = node.parts.size(); i > command.offset; --i) {
        stack.push_back({command.indent, true, node.parts[i - 1].get(), 0});
      }
      return;
    }
    const int remaining = width_ - (pending_ ? command.indent : column_);
    const Node* content = node.parts[command.offset].get();
    const Command content_flat{command.indent, true, content, 0};
    const Command content_broken{command.indent, false, content, 0};
    // The last content is measured with what follows the fill (`;`, say).
    static const std::vector<Command> nothing;
    const bool content_fits = fits({content_flat}, count <= 2 ? stack : nothing, remaining, width_);
    if (count == 1) {
      stack.push_back(content_fits ? content_flat : content_broken);
      return;
    }
    const Node* separator = node.parts[command.offset + 1].get();
    const Command separator_flat{command.indent, true, separator, 0};
    const Command separator_broken{command.indent, false, separator, 0};
    if (count == 2) {
      stack.push_back(content_fits ? separator_flat : separator_broken);
      stack.push_back(content_fits ? content_flat : content_broken);
      return;
    }
    const Node* second = node.parts[command.offset + 2].get();
    const bool both_fit =
        fits({{command.indent, true, second, 0}, separator_flat, content_flat},
             count == 3 ? stack : nothing, remaining, width_);
    stack.push_back({command.indent, false, &node, command.offset + 2});
    if (both_fit) {
      stack.push_back(separator_flat);
      stack.push_back(content_flat);
    } else if (content_fits) {
      stack.push_back(separator_broken);
      stack.push_back(content_flat);
    } else {
      stack.push_back(separator_broken);
      stack.push_back(content_broken);
    }
  }

  void newline(int indent) {
    while (out_.size() > line_start_ && out_.back() == ' ') out_.pop_back();
    out_ += '\n';
    ++line_number_;
    line_start_ = out_.size();
    out_.append(static_cast<std::size_t>(indent), ' ');
    column_ = indent;
    has_content_ = false;
    pending_ = false;
  }
  void reindent(int indent) {
    out_.resize(line_start_);
    out_.append(static_cast<std::size_t>(indent), ' ');
    column_ = indent;
  }
  void break_line(int indent) {
    if (has_content_) {
      newline(indent);
    } else {
      reindent(indent);
    }
  }
  void blank_line(int indent) {
    if (line_number_ == 0 && !has_content_) return;  // nothing printed yet
    if (has_content_) newline(indent);
    const bool previous_blank = line_start_ >= 2 && out_[line_start_ - 2] == '\n';
    if (!previous_blank) {
      out_.resize(line_start_);
      out_ += '\n';
      ++line_number_;
      line_start_ = out_.size();
    }
    reindent(indent);
  }
  void emit_text(int indent, const std::string& s) {
    if (s.empty()) return;
    if (pending_) newline(indent);
    out_ += s;
    column_ += columns(s);
    has_content_ = true;
  }
  void emit_space(int indent) {
    if (pending_) {
      newline(indent);
    } else if (has_content_) {
      out_ += ' ';
      ++column_;
    }
  }
  void emit_trailing(const std::string& comment) {
    if (has_content_) {
      while (out_.size() > line_start_ && out_.back() == ' ') {
        out_.pop_back();
        --column_;
      }
      aligned_.push_back({line_number_, out_.size(), column_});
      out_ += ' ';
    }
    out_ += comment;
    column_ += columns(comment) + 1;
    has_content_ = true;
    pending_ = true;
  }
  void emit_leading(int indent, const Node& node) {
    if (has_content_) newline(indent);
    for (std::size_t i = 0; i < node.comments.size(); ++i) {
      if (i > 0 && node.keep_blanks && node.comments[i].blank_before) blank_line(indent);
      out_ += node.comments[i].text;
      has_content_ = true;
      newline(indent);
    }
    if (node.blank_after && node.keep_blanks) blank_line(indent);
  }

  // Trailing comments in a paragraph (lines with no blank line between
  // them) start in one column, one space after the longest code among them.
  // A line whose code is wider than the page is left out, and separates.
  void align_comments() {
    if (aligned_.empty()) return;
    // blanks_before[k]: how many blank lines there are among lines 0..k.
    std::vector<std::size_t> blanks_before{0};
    std::size_t line_begin = 0;
    for (std::size_t i = 0; i <= out_.size(); ++i) {
      if (i == out_.size() || out_[i] == '\n') {
        const bool empty = i == line_begin;
        blanks_before.push_back(blanks_before.back() + (empty ? 1 : 0));
        line_begin = i + 1;
      }
    }
    const auto same_paragraph = [&](const AlignedComment& a, const AlignedComment& b) {
      return blanks_before[b.line + 1] == blanks_before[a.line + 1];
    };
    std::vector<std::pair<std::size_t, std::size_t>> insertions;  // offset, spaces
    for (std::size_t first = 0; first < aligned_.size();) {
      std::size_t last = first;
      while (last + 1 < aligned_.size() && aligned_[last].code_columns <= width_ &&
             aligned_[last + 1].code_columns <= width_ && same_paragraph(aligned_[last], aligned_[last + 1])) {
        ++last;
      }
      if (last > first) {
        int target = 0;
        for (std::size_t i = first; i <= last; ++i) target = std::max(target, aligned_[i].code_columns);
        for (std::size_t i = first; i <= last; ++i) {
          const int pad = target - aligned_[i].code_columns;
          if (pad > 0) insertions.emplace_back(aligned_[i].offset, static_cast<std::size_t>(pad));
        }
      }
      first = last + 1;
    }
    if (insertions.empty()) return;
    std::string aligned;
    aligned.reserve(out_.size() + insertions.size() * 8);
    std::size_t copied = 0;
    for (const auto& [offset, spaces] : insertions) {  // in offset order
      aligned.append(out_, copied, offset - copied);
      aligned.append(spaces, ' ');
      copied = offset;
    }
    aligned.append(out_, copied, std::string::npos);
    out_ = std::move(aligned);
  }

  int width_;
  std::string out_;
  std::size_t line_start_ = 0;
  std::size_t line_number_ = 0;
  int column_ = 0;
  bool has_content_ = false;
  bool pending_ = false;
  std::vector<AlignedComment> aligned_;
};

}  // namespace

std::string print(const Doc& doc, int width) { return Printer(width).run(doc); }

}  // namespace proviso::format
