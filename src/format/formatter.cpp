// The formatter: tokens and comments from the text, structure from the AST.
//
// The AST knows where its names and literals are but not its keywords and
// punctuation, nor comments. So the text is cut into tokens again here, and
// the builder walks the AST emitting the tokens it expects, in source order,
// checking each against the next token of the text. Each comment is attached
// to a token: a comment alone on its line leads the token after it, a comment
// after code on its line trails the token before it. Emitting a token emits
// its comments, so no comment can be lost, and the final check (every token
// consumed) proves the layout covers the whole file.
#include "format/formatter.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

#include <boost/variant/apply_visitor.hpp>

#include "format/layout.hpp"
#include "grammar/ast_dump.hpp"
#include "grammar/ast_spelling.hpp"
#include "source/source_manager.hpp"

namespace proviso::format {
namespace {

// ---------------------------------------------------------------------------
// Tokens

struct Token {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool synthetic = false;  ///< a comma the formatter adds (after a vocabulary leaf)
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }

struct Lexed {
  std::vector<Token> tokens;
  std::vector<grammar::Comment> comments;
};

// Cuts `text` into tokens the way the grammar reads it: dotted names are one
// token (the grammar allows no space around the dots), strings and integers
// are one token, `<=` `>=` `==` `!=` are one token, any other character is a
// token of its own. Comments are the parser's; any other `//` outside a
// string is a comment too.
Lexed lex(std::string_view text, const std::vector<grammar::Comment>& known) {
  Lexed lexed;
  const std::size_t n = text.size();
  std::size_t i = 0;
  if (n >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  std::size_t next_known = 0;
  while (i < n) {
    const char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (next_known < known.size() && known[next_known].begin < i) ++next_known;
      if (next_known < known.size() && known[next_known].begin == i) {
        j = known[next_known].end;
      } else {
        j = i;
        while (j < n && text[j] != '\n' && text[j] != '\r') ++j;
      }
      lexed.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
      i = j;
      continue;
    }
    if (c == '"') {
      while (j < n && text[j] != '"' && text[j] != '\n' && text[j] != '\r') {
        j += (text[j] == '\\' && j + 1 < n && text[j + 1] != '\n') ? 2 : 1;
      }
      if (j < n && text[j] == '"') ++j;
    } else if (is_word_start(c)) {
      for (;;) {
        while (j < n && is_word_char(text[j])) ++j;
        if (j + 1 < n && text[j] == '.' && is_word_start(text[j + 1])) {
          j += 2;
          continue;
        }
        break;
      }
    } else if (is_digit(c) || (c == '-' && j < n && is_digit(text[j]))) {
      while (j < n && is_digit(text[j])) ++j;
    } else if ((c == '<' || c == '>' || c == '=' || c == '!') && j < n && text[j] == '=') {
      ++j;
    } else {
      while (j < n && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) ++j;
    }
    lexed.tokens.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), false});
    i = j;
  }
  return lexed;
}

std::string trim_comment(std::string_view comment) {
  while (!comment.empty() && is_space(comment.back())) comment.remove_suffix(1);
  return std::string(comment);
}

// ---------------------------------------------------------------------------
// Vocabulary commas: every leaf gets one, a node with children none, and
// empty braces go. The tokens are edited before comments are attached, so a
// comment after an added comma trails it and a dropped token's comments go
// to its neighbours.

class CommaNormaliser {
 public:
  CommaNormaliser(std::string_view text, const std::vector<Token>& tokens)
      : text_(text), tokens_(tokens), dropped_(tokens.size(), false), comma_after_(tokens.size(), false) {}

  void nodes(const std::vector<ast::VocabularyNode>& nodes) {
    for (const ast::VocabularyNode& node : nodes) this->node(node);
  }

  std::vector<Token> result() const {
    std::vector<Token> out;
    out.reserve(tokens_.size());
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!dropped_[i]) out.push_back(tokens_[i]);
      if (comma_after_[i]) out.push_back({tokens_[i].end, tokens_[i].end, true});
    }
    return out;
  }

 private:
  std::string_view token_text(std::size_t i) const {
    if (i >= tokens_.size()) return {};
    return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  std::size_t index_at(std::uint32_t offset) const {
    const auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                                     [](const Token& t, std::uint32_t o) { return t.begin < o; });
    if (it == tokens_.end() || it->begin != offset) {
      throw std::logic_error("formatter: no token at offset " + std::to_string(offset));
    }
    return static_cast<std::size_t>(it - tokens_.begin());
  }

  void node(const ast::VocabularyNode& node) {
    const std::size_t name = index_at(node.name.span.begin);
    std::size_t last = name + (node.description ? 1 : 0);  // the name, or its description
    if (node.children.empty()) {
      std::size_t next = last + 1;
      if (token_text(next) == "{" && token_text(next + 1) == "}") {
        dropped_[next] = dropped_[next + 1] = true;
        next += 2;
      }
      if (token_text(next) != ",") comma_after_[last] = true;
      return;
    }
    nodes(node.children);
    // The node's span ends after its `}`, or after the comma that follows it.
    const auto end = std::lower_bound(tokens_.begin(), tokens_.end(), node.span.end,
                                      [](const Token& t, std::uint32_t o) { return t.begin < o; });
    const std::size_t final_token = static_cast<std::size_t>(end - tokens_.begin()) - 1;
    if (token_text(final_token) == ",") dropped_[final_token] = true;
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  std::vector<bool> dropped_;
  std::vector<bool> comma_after_;
};

// ---------------------------------------------------------------------------
// Comments, attached to tokens

struct TokenComments {
  std::vector<LeadingComment> leading;  ///< comments on lines of their own before the token
  std::optional<std::string> trailing;  ///< a comment after the token on its line
  std::uint32_t trailing_offset = 0;
  bool blank_before = false;            ///< a blank line between the token and what precedes it
};

struct Attached {
  std::vector<TokenComments> tokens;
  std::vector<LeadingComment> tail;  ///< comments after the last token
  bool tail_blank_after_code = false;
};

// Counts line breaks (`\r\n`, `\n` or `\r`) in `gap`.
int line_breaks(std::string_view gap) {
  int count = 0;
  for (std::size_t i = 0; i < gap.size(); ++i) {
    if (gap[i] == '\n') {
      ++count;
    } else if (gap[i] == '\r') {
      ++count;
      if (i + 1 < gap.size() && gap[i + 1] == '\n') ++i;
    }
  }
  return count;
}

// Tokens written against the one before them: comments between the two move
// past the second, so `a // x` + `,` prints as `a, // x`. `before` is the
// token before `previous`: `@section(` is written as one word.
bool glued_to_previous(std::string_view token, std::string_view previous, std::string_view before) {
  return token == "," || token == ";" || token == ":" || token == ")" || previous == "(" || previous == "@" ||
         (token == "(" && before == "@");
}

Attached attach(std::string_view text, const std::vector<Token>& tokens,
                const std::vector<grammar::Comment>& comments) {
  Attached attached;
  attached.tokens.resize(tokens.size());
  const auto token_text = [&](std::size_t i) -> std::string_view {
    return tokens[i].synthetic ? std::string_view(",") : text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  };

  // Walk tokens and comments together, in source order.
  std::uint32_t previous_end = 0;
  bool previous_is_token = false;
  bool any_token = false;
  std::size_t t = 0;
  std::size_t c = 0;
  std::vector<LeadingComment> waiting;  // own-line comments before the next token
  while (t < tokens.size() || c < comments.size()) {
    const bool comment_first = c < comments.size() && (t >= tokens.size() || comments[c].begin < tokens[t].begin);
    const std::uint32_t begin = comment_first ? comments[c].begin : tokens[t].begin;
    const int breaks = any_token || !waiting.empty() ? line_breaks(text.substr(previous_end, begin - previous_end)) : 0;
    if (comment_first) {
      std::string body = trim_comment(text.substr(comments[c].begin, comments[c].end - comments[c].begin));
      if (previous_is_token && breaks == 0) {
        attached.tokens[t - 1].trailing = std::move(body);
        attached.tokens[t - 1].trailing_offset = comments[c].begin;
      } else {
        waiting.push_back({std::move(body), breaks >= 2, comments[c].begin});
      }
      previous_end = comments[c].end;
      previous_is_token = false;
      ++c;
    } else {
      attached.tokens[t].leading = std::move(waiting);
      waiting.clear();
      attached.tokens[t].blank_before = breaks >= 2;
      previous_end = tokens[t].end;
      previous_is_token = true;
      any_token = true;
      ++t;
    }
  }
  attached.tail = std::move(waiting);

  // Move comments past glued tokens.
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (!glued_to_previous(token_text(i), token_text(i - 1), i >= 2 ? token_text(i - 2) : std::string_view())) {
      continue;
    }
    TokenComments& previous = attached.tokens[i - 1];
    TokenComments& self = attached.tokens[i];
    std::vector<LeadingComment> moved;
    if (previous.trailing) {
      if (!self.trailing) {
        self.trailing = std::move(previous.trailing);
        self.trailing_offset = previous.trailing_offset;
      } else {
        moved.push_back({std::move(*previous.trailing), false, previous.trailing_offset});
      }
      previous.trailing.reset();
    }
    for (LeadingComment& comment : self.leading) moved.push_back(std::move(comment));
    self.leading.clear();
    if (moved.empty()) continue;
    std::stable_sort(moved.begin(), moved.end(),
                     [](const LeadingComment& a, const LeadingComment& b) { return a.offset < b.offset; });
    std::vector<LeadingComment>& target = i + 1 < tokens.size() ? attached.tokens[i + 1].leading : attached.tail;
    target.insert(target.begin(), std::make_move_iterator(moved.begin()), std::make_move_iterator(moved.end()));
  }
  return attached;
}

// ---------------------------------------------------------------------------
// The builder: AST to document

std::string joined(const ast::Path& path) {
  std::string out;
  for (const std::string& segment : path.segments) {
    if (!out.empty()) out += '.';
    out += segment;
  }
  return out;
}

class Builder {
 public:
  Builder(std::string_view text, std::vector<Token> tokens, Attached attached, const Options& options)
      : text_(text), tokens_(std::move(tokens)), comments_(std::move(attached)), options_(options) {}

  Doc file(const ast::File& file) {
    std::vector<Doc> parts;
    int previous_kind = -1;
    bool previous_one_line = false;
    for (std::size_t i = 0; i < file.statements.size(); ++i) {
      const ast::Statement& statement = file.statements[i];
      const bool blank_before = i > 0 && item_blank_before(next_);
      Doc lead = item_leading(next_);
      Doc body = this->statement(statement);
      const int kind = statement.body.get().which();
      const std::string printed = print(body, options_.width);
      const bool one_line = std::count(printed.begin(), printed.end(), '\n') <= 1;
      if (i > 0) {
        const bool together = previous_one_line && one_line && kind == previous_kind;
        parts.push_back(blank_before || !together ? blank() : hard());
      }
      if (lead) parts.push_back(lead);
      parts.push_back(body);
      previous_kind = kind;
      previous_one_line = one_line;
    }
    if (next_ != tokens_.size()) {
      throw std::logic_error("formatter: " + std::to_string(tokens_.size() - next_) + " tokens left over, from `" +
                             std::string(token_text(next_)) + "`");
    }
    if (!comments_.tail.empty()) {
      const bool blank_first = !file.statements.empty() && comments_.tail.front().blank_before;
      parts.push_back(blank_first ? blank() : hard());
      parts.push_back(leading(std::move(comments_.tail), false, true));
    }
    return concat(std::move(parts));
  }

 private:
  // --- tokens ----------------------------------------------------------------
  std::string_view token_text(std::size_t i) const {
    if (i >= tokens_.size()) return {};
    const Token& t = tokens_[i];
    return t.synthetic ? std::string_view(",") : text_.substr(t.begin, t.end - t.begin);
  }

  [[noreturn]] void mismatch(std::string_view expected) const {
    const std::string found = next_ < tokens_.size() ? "`" + std::string(token_text(next_)) + "` at offset " +
                                                           std::to_string(tokens_[next_].begin)
                                                     : std::string("the end of the file");
    throw std::logic_error("formatter: expected `" + std::string(expected) + "`, found " + found);
  }

  // Consumes the next token, which must read as one of `accepted` (and
  // start where `node` does), and prints it as `printed` with its comments.
  Doc take(std::string_view printed, std::initializer_list<std::string_view> accepted,
           const ast::Located* node = nullptr) {
    if (next_ >= tokens_.size()) mismatch(printed);
    const std::string_view actual = token_text(next_);
    if (std::find(accepted.begin(), accepted.end(), actual) == accepted.end()) mismatch(printed);
    if (node != nullptr && node->span.end != 0 && node->span.begin != tokens_[next_].begin) mismatch(printed);
    return emit(next_++, std::string(printed));
  }
  Doc tok(std::string_view word) { return take(word, {word}); }

  Doc emit(std::size_t index, std::string printed) {
    TokenComments& comments = comments_.tokens[index];
    std::vector<Doc> parts;
    if (!comments.leading.empty()) {
      parts.push_back(leading(std::move(comments.leading), comments.blank_before, false));
      comments.leading.clear();
    }
    parts.push_back(text(std::move(printed)));
    if (comments.trailing) {
      parts.push_back(trailing(std::move(*comments.trailing)));
      comments.trailing.reset();
    }
    return parts.size() == 1 ? parts.front() : concat(std::move(parts));
  }

  Doc literal(const ast::StringLiteral& s) {
    if (next_ >= tokens_.size() || tokens_[next_].begin != s.span.begin || token_text(next_).empty() ||
        token_text(next_).front() != '"') {
      mismatch("a string");
    }
    const std::string written(token_text(next_));
    return emit(next_++, written);
  }
  Doc integer(const ast::Integer& value) {
    if (next_ >= tokens_.size() || tokens_[next_].begin != value.span.begin) mismatch("a number");
    const std::string written(token_text(next_));
    return emit(next_++, value.overflow ? written : std::to_string(value.value));
  }
  Doc ident(const ast::Identifier& id) { return take(id.name, {id.name}, &id); }
  Doc path(const ast::Path& p) {
    const std::string name = joined(p);
    return take(name, {name}, &p);
  }

  // --- items and blocks ------------------------------------------------------
  bool item_blank_before(std::size_t index) const {
    if (index >= tokens_.size()) return false;
    const TokenComments& comments = comments_.tokens[index];
    return comments.leading.empty() ? comments.blank_before : comments.leading.front().blank_before;
  }

  // The comments before an item (a statement, a node, an attribute), taken
  // from its first token so they print at the item's indentation, blank
  // lines kept.
  Doc item_leading(std::size_t index) {
    if (index >= tokens_.size() || comments_.tokens[index].leading.empty()) return nullptr;
    TokenComments& comments = comments_.tokens[index];
    Doc doc = leading(std::move(comments.leading), comments.blank_before, true);
    comments.leading.clear();
    return doc;
  }

  // The inside of `{ ... }`: one item per line, indented by two, the
  // author's blank lines between items kept (at most one); comments before
  // the closing brace stay inside. Empty when there is nothing inside.
  Doc block(std::size_t count, const std::function<Doc(std::size_t)>& item) {
    std::vector<Doc> parts;
    for (std::size_t i = 0; i < count; ++i) {
      parts.push_back(i > 0 && item_blank_before(next_) ? blank() : hard());
      if (Doc lead = item_leading(next_)) parts.push_back(lead);
      parts.push_back(item(i));
    }
    if (next_ < tokens_.size() && !comments_.tokens[next_].leading.empty()) {
      TokenComments& closing = comments_.tokens[next_];
      parts.push_back(count > 0 && closing.leading.front().blank_before ? blank() : hard());
      parts.push_back(leading(std::move(closing.leading), false, true));
      closing.leading.clear();
    }
    if (parts.empty()) return text("");
    return concat({nest(2, concat(std::move(parts))), hard()});
  }

  // `a, b, c` filling the line, wrapping where the next item does not fit.
  template <typename T>
  Doc list(const std::vector<T>& items, const std::function<Doc(const T&)>& item) {
    std::vector<Doc> parts;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) parts.push_back(line());
      Doc content = item(items[i]);
      if (i + 1 < items.size()) content = concat({content, tok(",")});
      parts.push_back(content);
    }
    return fill(std::move(parts));
  }
  Doc paths(const std::vector<ast::Path>& items) {
    return list<ast::Path>(items, [this](const ast::Path& p) { return path(p); });
  }
  Doc braced_names(const std::vector<ast::Identifier>& values) {
    Doc open = tok("{");
    Doc inside = list<ast::Identifier>(values, [this](const ast::Identifier& id) { return ident(id); });
    return concat({open, nest(2, inside), tok("}")});
  }
  Doc braced_paths(const std::vector<ast::Path>& elements) {
    Doc open = tok("{");
    Doc inside = paths(elements);
    return concat({open, nest(2, inside), tok("}")});
  }

  // --- statements --------------------------------------------------------------
  Doc statement(const ast::Statement& statement) {
    std::vector<Doc> parts;
    for (std::size_t i = 0; i < statement.annotations.size(); ++i) {
      const ast::Annotation& annotation = statement.annotations[i];
      if (i > 0) {
        const bool own_line = annotation.name.name == "note" || statement.annotations[i - 1].name.name == "note";
        parts.push_back(own_line ? hard() : space());
      }
      parts.push_back(tok("@"));
      parts.push_back(ident(annotation.name));
      parts.push_back(tok("("));
      parts.push_back(literal(annotation.value));
      parts.push_back(tok(")"));
    }
    if (!statement.annotations.empty()) {
      parts.push_back(hard());
      // Comments between the annotations and the statement are on lines of their own.
      if (Doc lead = item_leading(next_)) parts.push_back(lead);
    }
    parts.push_back(boost::apply_visitor([this](const auto& body) { return this->body(body); }, statement.body.get()));
    return concat(std::move(parts));
  }

  Doc body(const ast::Header& header) {
    std::vector<Doc> parts{tok("policy"), space(), path(header.name)};
    if (header.version) {
      parts.push_back(space());
      parts.push_back(tok("version"));
      parts.push_back(space());
      parts.push_back(literal(*header.version));
    }
    parts.push_back(tok(";"));
    return concat(std::move(parts));
  }

  Doc body(const ast::Import& import) {
    Doc keyword = tok("import");
    Doc file = literal(import.path);
    return concat({keyword, space(), file, tok(";")});
  }

  Doc node(const ast::VocabularyNode& node) {
    std::vector<Doc> parts{path(node.name)};
    if (node.description) {
      parts.push_back(space());
      parts.push_back(literal(*node.description));
    }
    if (node.children.empty()) {
      parts.push_back(tok(","));
    } else {
      parts.push_back(space());
      parts.push_back(tok("{"));
      parts.push_back(block(node.children.size(), [&](std::size_t i) { return this->node(node.children[i]); }));
      parts.push_back(tok("}"));
    }
    return concat(std::move(parts));
  }

  Doc body(const ast::VocabularyBlock& vocabulary) {
    Doc kind = ident(vocabulary.kind);
    Doc open = tok("{");
    Doc inside = block(vocabulary.nodes.size(), [&](std::size_t i) { return node(vocabulary.nodes[i]); });
    return concat({kind, space(), open, inside, tok("}")});
  }

  Doc type(const ast::Identifier& id) { return ident(id); }
  Doc type(const ast::EnumType& type) {
    Doc one = tok("one");
    Doc of = tok("of");
    return concat({one, space(), of, space(), braced_names(type.values)});
  }
  Doc type(const ast::SetType& type) {
    Doc set = tok("set");
    Doc of = tok("of");
    return concat({set, space(), of, space(), ident(type.element)});
  }
  Doc value(const ast::Integer& v) { return integer(v); }
  Doc value(const ast::Identifier& v) { return ident(v); }
  Doc value(const ast::SetLiteral& v) { return braced_paths(v.elements); }
  Doc value(const ast::DefaultValue& v) {
    return boost::apply_visitor([this](const auto& held) { return this->value(held); }, v.get());
  }

  Doc attribute(const ast::AttributeDeclaration& attribute) {
    std::vector<Doc> parts;
    for (std::size_t i = 0; i < attribute.names.size(); ++i) {
      if (i > 0) {
        parts.push_back(tok(","));
        parts.push_back(space());
      }
      parts.push_back(ident(attribute.names[i]));
    }
    parts.push_back(tok(":"));
    parts.push_back(space());
    parts.push_back(boost::apply_visitor([this](const auto& t) { return this->type(t); }, attribute.type.get()));
    if (attribute.default_value) {
      parts.push_back(space());
      parts.push_back(tok("="));
      parts.push_back(space());
      parts.push_back(value(*attribute.default_value));
    }
    parts.push_back(tok(";"));
    return group(concat(std::move(parts)));
  }

  Doc body(const ast::SubjectBlock& subject) {
    Doc keyword = tok("subject");
    Doc open = tok("{");
    Doc inside = block(subject.attributes.size(), [&](std::size_t i) { return attribute(subject.attributes[i]); });
    return concat({keyword, space(), open, inside, tok("}")});
  }

  Doc body(const ast::FieldDeclaration& field) {
    Doc keyword = tok("field");
    Doc name = path(field.field);
    Doc colon = tok(":");
    Doc data = path(field.data);
    return concat({keyword, space(), name, colon, space(), data, tok(";")});
  }

  // --- conditions --------------------------------------------------------------
  Doc test(const ast::BoolTest& t) { return ident(t.attribute); }
  Doc test(const ast::CompareTest& t) {
    Doc attribute = ident(t.attribute);
    const std::string_view op = grammar::spelling(t.op);
    Doc written = t.op == ast::CompareOp::equal ? take(op, {"=", "=="}) : take(op, {op});
    return concat({attribute, space(), written, space(), integer(t.value)});
  }
  Doc test(const ast::IsTest& t) {
    std::vector<Doc> parts{ident(t.attribute), space(), tok("is")};
    if (t.negated) {
      parts.push_back(space());
      parts.push_back(tok("not"));
    }
    parts.push_back(space());
    parts.push_back(ident(t.value));
    return concat(std::move(parts));
  }
  Doc test(const ast::InTest& t) {
    Doc attribute = ident(t.attribute);
    Doc in = tok("in");
    return concat({attribute, space(), in, space(), braced_names(t.values)});
  }
  Doc test(const ast::HasTest& t) {
    Doc attribute = ident(t.attribute);
    Doc has = tok("has");
    return concat({attribute, space(), has, space(), path(t.element)});
  }
  Doc test(const ast::HasRequestTest& t) {
    Doc attribute = ident(t.attribute);
    Doc has = tok("has");
    Doc self = tok("this");
    return concat({attribute, space(), has, space(), self, space(), tok(grammar::spelling(t.part))});
  }
  Doc test(const ast::x3::forward_ast<ast::Condition>& grouped) {
    Doc open = tok("(");
    Doc inside = condition(grouped.get());
    return group(concat({open, nest(2, inside), tok(")")}));
  }

  Doc negation(const ast::Negation& negation) {
    std::vector<Doc> parts;
    for (std::uint32_t i = 0; i < negation.negations; ++i) {
      parts.push_back(tok("not"));
      parts.push_back(space());
    }
    parts.push_back(boost::apply_visitor([this](const auto& t) { return this->test(t); }, negation.operand.get()));
    return concat(std::move(parts));
  }

  // `a and b`, breaking before each `and` when it does not fit.
  Doc conjunction(const ast::Conjunction& conjunction) {
    if (conjunction.operands.size() == 1) return negation(conjunction.operands.front());
    std::vector<Doc> parts{negation(conjunction.operands.front())};
    for (std::size_t i = 1; i < conjunction.operands.size(); ++i) {
      parts.push_back(line());
      parts.push_back(tok("and"));
      parts.push_back(space());
      parts.push_back(negation(conjunction.operands[i]));
    }
    return group(concat(std::move(parts)));
  }

  // `a or b`, breaking before each `or` when it does not fit; an alternative
  // that still does not fit breaks before its `and`s, indented further.
  Doc condition(const ast::Condition& condition) {
    if (condition.alternatives.size() == 1) return conjunction(condition.alternatives.front());
    std::vector<Doc> parts{nest(2, conjunction(condition.alternatives.front()))};
    for (std::size_t i = 1; i < condition.alternatives.size(); ++i) {
      parts.push_back(line());
      parts.push_back(tok("or"));
      parts.push_back(space());
      parts.push_back(nest(2, conjunction(condition.alternatives[i])));
    }
    return group(concat(std::move(parts)));
  }

  // ` when C`, ` unless C` as clauses of what they guard.
  void guard(std::vector<Doc>& clauses, const boost::optional<ast::Condition>& when,
             const boost::optional<ast::Condition>& unless) {
    if (when) {
      clauses.push_back(line());
      clauses.push_back(tok("when"));
      clauses.push_back(nest(2, concat({space(), condition(*when)})));
    }
    if (unless) {
      clauses.push_back(line());
      clauses.push_back(tok("unless"));
      clauses.push_back(nest(2, concat({space(), condition(*unless)})));
    }
  }

  // --- rules ---------------------------------------------------------------------
  Doc selection(const ast::Selection& selection) {
    Doc included = paths(selection.included);
    if (selection.excluded.empty()) return included;
    Doc except = tok("except");
    Doc excluded = paths(selection.excluded);
    return group(concat({included, line(), except, nest(2, concat({space(), excluded}))}));
  }

  // A clause keyword and a list: `for a, b, c`, the list wrapping two further in.
  Doc clause(std::string_view keyword, const ast::Selection& selection) {
    Doc word = tok(keyword);
    return concat({line(), word, nest(2, concat({space(), this->selection(selection)}))});
  }

  // A rule: its head, then its clauses, all on one line if they fit, else
  // each clause on a line of its own indented by two.
  Doc rule(Doc head, std::vector<Doc> clauses) {
    Doc end = tok(";");
    return group(concat({head, nest(2, concat(std::move(clauses))), end}));
  }

  Doc head(Doc keywords, const ast::Selection& data) {
    return concat({keywords, nest(4, concat({space(), selection(data)}))});
  }

  Doc obligation(const ast::ObligationUse& use) {
    Doc name = path(use.name);
    std::vector<Doc> clauses;
    guard(clauses, use.when, use.unless);
    if (clauses.empty()) return name;
    return group(concat({name, nest(2, concat(std::move(clauses)))}));
  }

  Doc body(const ast::AccessRule& rule) {
    Doc keywords = tok(grammar::spelling(rule.verb));
    if (rule.sharing) keywords = concat({keywords, space(), tok("share")});
    Doc first = head(keywords, rule.data);
    std::vector<Doc> clauses;
    if (rule.recipients) clauses.push_back(clause("with", *rule.recipients));
    clauses.push_back(clause("for", rule.purposes));
    if (rule.basis) {
      clauses.push_back(line());
      clauses.push_back(tok("under"));
      clauses.push_back(nest(2, concat({space(), ident(*rule.basis)})));
    }
    guard(clauses, rule.when, rule.unless);
    if (!rule.obligations.empty()) {
      clauses.push_back(line());
      clauses.push_back(tok("requiring"));
      std::vector<Doc> uses;
      for (std::size_t i = 0; i < rule.obligations.size(); ++i) {
        if (i > 0) {
          uses.push_back(tok(","));
          uses.push_back(line());
        }
        uses.push_back(obligation(rule.obligations[i]));
      }
      clauses.push_back(nest(2, concat({space(), group(concat(std::move(uses)))})));
    }
    return this->rule(first, std::move(clauses));
  }

  Doc duration(const ast::Duration& duration) {
    std::vector<Doc> parts;
    for (const ast::DurationPart& part : duration.parts) {
      if (!parts.empty()) parts.push_back(space());
      parts.push_back(integer(part.amount));
      parts.push_back(space());
      parts.push_back(ident(part.unit));
    }
    return concat(std::move(parts));
  }

  // `for 90 days after account_closure`, `until account_closure`, `indefinitely`.
  Doc span(const ast::RetentionSpan& span) {
    switch (span.kind) {
      case ast::RetentionKind::period: {
        Doc word = tok("for");
        std::vector<Doc> parts{space(), duration(*span.period)};
        if (span.event) {
          parts.push_back(space());
          parts.push_back(tok("after"));
          parts.push_back(space());
          parts.push_back(ident(*span.event));
        }
        return concat({word, nest(2, concat(std::move(parts)))});
      }
      case ast::RetentionKind::until_event: {
        Doc word = tok("until");
        return concat({word, nest(2, concat({space(), ident(*span.event)}))});
      }
      case ast::RetentionKind::indefinitely: return tok("indefinitely");
    }
    return text("");
  }

  Doc body(const ast::RetainRule& rule) {
    Doc first = head(tok("retain"), rule.data);
    std::vector<Doc> clauses{line(), span(rule.span)};
    if (!rule.ends.empty()) {
      clauses.push_back(line());
      clauses.push_back(tok("or"));
      Doc until = tok("until");
      Doc ends = list<ast::RetentionEnd>(rule.ends, [this](const ast::RetentionEnd& end) {
        if (!end.consent_withdrawal) return path(end.name);
        Doc withdrawal = tok("withdrawal");
        Doc of = tok("of");
        return concat({withdrawal, space(), of, space(), path(end.name)});
      });
      clauses.push_back(nest(2, concat({space(), until, space(), ends})));
    }
    if (rule.then_action) {
      clauses.push_back(line());
      clauses.push_back(tok("then"));
      clauses.push_back(nest(2, concat({space(), ident(*rule.then_action)})));
    }
    guard(clauses, rule.when, rule.unless);
    return this->rule(first, std::move(clauses));
  }

  Doc body(const ast::EraseRule& rule) {
    Doc first = head(tok("erase"), rule.data);
    Doc within = tok("within");
    std::vector<Doc> deadline{space(), duration(rule.within), space(), tok("after"), space(), ident(rule.event)};
    if (rule.store) {
      deadline.push_back(space());
      deadline.push_back(tok("in"));
      deadline.push_back(space());
      deadline.push_back(ident(*rule.store));
    }
    std::vector<Doc> clauses{line(), within, nest(2, concat(std::move(deadline)))};
    guard(clauses, rule.when, rule.unless);
    return this->rule(first, std::move(clauses));
  }

  // --- tests -----------------------------------------------------------------------
  // A line of a test (`ask ...;`, `expect ...;`): its clauses fill the line
  // and wrap, indented by two, where the next does not fit.
  Doc sentence(std::vector<Doc> clauses) {
    clauses.back() = concat({clauses.back(), tok(";")});
    std::vector<Doc> parts;
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      if (i > 0) parts.push_back(line());
      parts.push_back(clauses[i]);
    }
    return nest(2, fill(std::move(parts)));
  }

  Doc ask(const ast::Ask& ask) {
    std::vector<Doc> clauses;
    {
      Doc word = tok("ask");
      clauses.push_back(concat({word, space(), path(ask.data)}));
    }
    {
      Doc word = tok("for");
      clauses.push_back(concat({word, space(), path(ask.purpose)}));
    }
    if (ask.recipient) {
      Doc word = tok("with");
      clauses.push_back(concat({word, space(), path(*ask.recipient)}));
    }
    if (ask.form) {
      Doc word = tok("as");
      clauses.push_back(concat({word, space(), ident(*ask.form)}));
    }
    if (!ask.given.empty()) {
      Doc word = tok("given");
      Doc assignments = list<ast::Assignment>(ask.given, [this](const ast::Assignment& a) {
        Doc attribute = ident(a.attribute);
        Doc equals = tok("=");
        return concat({attribute, space(), equals, space(), value(a.value)});
      });
      clauses.push_back(concat({word, nest(2, concat({space(), assignments}))}));
    }
    return sentence(std::move(clauses));
  }

  Doc expect(const ast::Expectation& expect) {
    std::vector<Doc> clauses;
    {
      Doc word = tok("expect");
      clauses.push_back(concat({word, space(), tok(grammar::spelling(expect.verb))}));
    }
    if (expect.basis) {
      Doc word = tok("under");
      clauses.push_back(concat({word, space(), ident(*expect.basis)}));
    }
    if (expect.obligations) {
      Doc word = tok("requiring");
      if (expect.obligations->empty()) {
        clauses.push_back(concat({word, space(), tok("nothing")}));
      } else {
        clauses.push_back(concat({word, nest(2, concat({space(), paths(*expect.obligations)}))}));
      }
    }
    if (expect.retention) {
      Doc word = tok("retained");
      clauses.push_back(concat({word, space(), span(*expect.retention)}));
    }
    if (expect.by) {
      Doc word = tok("by");
      clauses.push_back(concat({word, space(), literal(*expect.by)}));
    }
    return sentence(std::move(clauses));
  }

  Doc body(const ast::TestBlock& test) {
    Doc keyword = tok("test");
    Doc name = literal(test.name);
    Doc open = tok("{");
    Doc inside = block(2, [&](std::size_t i) { return i == 0 ? ask(test.ask) : expect(test.expect); });
    return concat({keyword, space(), name, space(), open, inside, tok("}")});
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  Attached comments_;
  const Options& options_;
  std::size_t next_ = 0;
};

std::string strip_positions(const std::string& dump) {
  std::string out;
  out.reserve(dump.size());
  for (std::size_t i = 0; i < dump.size();) {
    if (dump[i] == ' ' && i + 1 < dump.size() && dump[i + 1] == '@' && i + 2 < dump.size() && is_digit(dump[i + 2])) {
      std::size_t j = i + 2;
      while (j < dump.size() && is_digit(dump[j])) ++j;
      if (j < dump.size() && dump[j] == ':') {
        ++j;
        while (j < dump.size() && is_digit(dump[j])) ++j;
        i = j;
        continue;
      }
    }
    out += dump[i++];
  }
  return out;
}

}  // namespace

std::string format(const ast::File& file, std::string_view text, const std::vector<grammar::Comment>& comments,
                   const Options& options) {
  Lexed lexed = lex(text, comments);
  CommaNormaliser commas(text, lexed.tokens);
  for (const ast::Statement& statement : file.statements) {
    if (const auto* vocabulary = boost::get<ast::VocabularyBlock>(&statement.body.get())) {
      commas.nodes(vocabulary->nodes);
    }
  }
  std::vector<Token> tokens = commas.result();
  Attached attached = attach(text, tokens, lexed.comments);
  Builder builder(text, std::move(tokens), std::move(attached), options);
  return print(builder.file(file), options.width);
}

std::optional<std::string> format_source(source::FileId file, std::string_view text, diag::Diagnostics& diagnostics,
                                         const Options& options) {
  const grammar::ParsedFile parsed = grammar::parse(file, text, diagnostics);
  if (!parsed.ok) return std::nullopt;
  std::string formatted = format(parsed.ast, text, parsed.comments, options);
  const std::string problem = differences(text, formatted);
  if (!problem.empty()) throw std::logic_error("formatter: the result would change the policy: " + problem);
  return formatted;
}

std::string positionless_dump(std::string_view text) {
  diag::Diagnostics diagnostics;
  const grammar::ParsedFile parsed = grammar::parse(0, text, diagnostics);
  // Dumped against no text, every position reads `@1:1` and costs nothing
  // (against the text, a column costs the length of its line).
  std::string dump = strip_positions(grammar::dump(parsed.ast, std::string_view()));
  if (!parsed.ok) dump += "<syntax errors>\n";
  return dump;
}

std::vector<std::string> comment_texts(std::string_view text) {
  diag::Diagnostics diagnostics;
  const grammar::ParsedFile parsed = grammar::parse(0, text, diagnostics);
  std::vector<std::string> texts;
  for (const grammar::Comment& comment : lex(text, parsed.comments).comments) {
    texts.push_back(trim_comment(text.substr(comment.begin, comment.end - comment.begin)));
  }
  return texts;
}

std::string differences(std::string_view original, std::string_view formatted) {
  const std::string before = positionless_dump(original);
  const std::string after = positionless_dump(formatted);
  if (before != after) {
    std::size_t at = 0;
    while (at < before.size() && at < after.size() && before[at] == after[at]) ++at;
    const std::size_t line_start = before.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t from = line_start == std::string::npos ? 0 : line_start + 1;
    return "the syntax tree differs, near `" + before.substr(from, std::min<std::size_t>(80, before.size() - from)) +
           "` / `" + after.substr(std::min(from, after.size()), 80) + "`";
  }
  std::vector<std::string> comments_before = comment_texts(original);
  std::vector<std::string> comments_after = comment_texts(formatted);
  std::sort(comments_before.begin(), comments_before.end());
  std::sort(comments_after.begin(), comments_after.end());
  if (comments_before != comments_after) return "the comments differ";
  return {};
}

}  // namespace proviso::format
