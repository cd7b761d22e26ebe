// The parse driver: prescan, then one statement at a time through Spirit X3,
// turning X3's expectation failures into diagnostics a policy author can act
// on, and resynchronising after each error so the next one is reported too.
//
// Why statement at a time: a whole-file X3 parse stops at the first error.
// Driving the loop here gives recovery for free (skip to the end of the
// broken statement) and keeps the top-level list iterative.
#include "grammar/parse.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "grammar/config.hpp"
#include "grammar/keywords.hpp"
#include "grammar/statement.hpp"
#include "support/spelling.hpp"

namespace proviso::grammar {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Skips what the grammar's skipper skips: whitespace and `//` comments.
iterator_type skip_blanks(iterator_type it, iterator_type end) {
  for (;;) {
    while (it != end && is_blank(*it)) ++it;
    if (end - it >= 2 && it[0] == '/' && it[1] == '/') {
      while (it != end && *it != '\n' && *it != '\r') ++it;
      continue;
    }
    return it;
  }
}

// The token at `it`, as a diagnostic quotes it. `name_expected` adds a
// note when a reserved word stands where a name was wanted.
std::string describe_token(iterator_type it, iterator_type end, bool name_expected = true) {
  if (it == end) return "the end of the file";
  if (*it == '"') return "a quoted string";
  iterator_type stop = it;
  if (is_name_char(*it)) {
    while (stop != end && (is_name_char(*stop) || *stop == '.')) ++stop;
  } else {
    // One character, whole even if it takes several UTF-8 bytes.
    ++stop;
    while (stop != end && (static_cast<unsigned char>(*stop) & 0xC0) == 0x80) ++stop;
  }
  std::string token(it, stop);
  if (token.size() > 40) token = token.substr(0, 40) + "...";
  std::string described = "`" + token + "`";
  if (name_expected && is_reserved(token)) described += " (a reserved word, which cannot be used as a name)";
  return described;
}

std::string first_word(iterator_type it, iterator_type end) {
  iterator_type stop = it;
  while (stop != end && is_name_char(*stop)) ++stop;
  return std::string(it, stop);
}

// What the statement at `it` is called in a message: "the `allow` rule".
std::string describe_statement(iterator_type it, iterator_type end) {
  // Skip annotations: `@name("...")` written before a rule.
  while (it != end && *it == '@') {
    while (it != end && *it != ')' && *it != '\n') ++it;
    if (it != end) ++it;
    it = skip_blanks(it, end);
  }
  const std::string word = first_word(it, end);
  if (word == "allow" || word == "deny" || word == "share") return "the `" + word + "` rule";
  if (word == "retain") return "the retention rule";
  if (word == "erase") return "the erasure rule";
  if (word == "subject") return "the subject declaration";
  if (word == "field") return "the field declaration";
  if (word == "import") return "the import";
  if (word == "policy") return "the policy header";
  if (word == "test") return "the test";
  iterator_type after = skip_blanks(it + static_cast<std::ptrdiff_t>(word.size()), end);
  if (!word.empty() && after != end && *after == '{') return "the `" + word + "` list";
  return "the statement";
}

source::Location point(source::FileId file, iterator_type begin, iterator_type at,
                       iterator_type token_end) {
  return {file, static_cast<std::uint32_t>(at - begin), static_cast<std::uint32_t>(token_end - begin)};
}

iterator_type token_end(iterator_type it, iterator_type end) {
  if (it == end) return it;
  iterator_type stop = it;
  if (is_name_char(*stop)) {
    while (stop != end && (is_name_char(*stop) || *stop == '.')) ++stop;
    return stop;
  }
  ++stop;
  while (stop != end && (static_cast<unsigned char>(*stop) & 0xC0) == 0x80) ++stop;
  return stop;
}

// Where to resume after an error in the statement that began at `begin` and
// failed at `failure`. Brackets are counted from the statement's start, so
// an error inside `subject { ... }` resumes after its closing `}`, not at
// the next `;` inside it. Resume after the `;` or `}` that ends the
// statement, or at a later line that starts a new statement.
iterator_type recover(iterator_type begin, iterator_type failure, iterator_type end) {
  iterator_type it = begin;
  int depth = 0;
  bool line_start = false;
  while (it < end) {
    const char c = *it;
    const bool past_failure = it >= failure && it > begin;
    if (c == '\n') {
      line_start = true;
      ++it;
      continue;
    }
    if (line_start && !is_blank(c)) {
      line_start = false;
      const std::string word = first_word(it, end);
      const bool starts_statement =
          c == '@' || std::find(statement_keywords.begin(), statement_keywords.end(), word) !=
                          statement_keywords.end();
      if (past_failure && starts_statement) return it;
    }
    if (c == '"') {
      ++it;
      while (it < end && *it != '"' && *it != '\n') it += (*it == '\\' && it + 1 < end) ? 2 : 1;
      if (it < end && *it == '"') ++it;
      continue;
    }
    if (c == '/' && it + 1 < end && it[1] == '/') {
      while (it < end && *it != '\n') ++it;
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (past_failure && ((c == '}' && depth <= 0) || (c == ';' && depth <= 0))) return it + 1;
    ++it;
  }
  return end;
}

// Words that continue a rule, for "did you mean" after a misspelt one.
constexpr std::array<std::string_view, 14> clause_keywords = {
    "for", "with", "under", "when", "unless", "requiring", "except", "or", "until", "then", "after",
    "within", "in", "indefinitely"};

// A short, specific hint for mistakes that have a known shape.
std::string hint(const std::string& expected, iterator_type next, iterator_type end, bool missing_semicolon) {
  if (next == end) return {};
  const char c = *next;
  const std::string word = first_word(next, std::min(end, next + 64));
  const auto suggest = [&](const auto& candidates) -> std::string {
    const std::vector<std::string> names(candidates.begin(), candidates.end());
    if (const auto suggestion = support::closest_name(word, names)) return "; did you mean `" + *suggestion + "`?";
    return {};
  };
  if (!word.empty() && missing_semicolon) return suggest(clause_keywords);
  if (!word.empty() && expected.rfind("a rule after the annotations", 0) == 0) return suggest(statement_keywords);
  if (expected.rfind("a whole number", 0) == 0 && (c == '>' || c == '<')) {
    return "; comparisons are written `<`, `<=`, `>`, `>=`, `=` or `!=`";
  }
  if (expected.rfind("a duration", 0) == 0 && c >= '0' && c <= '9') {
    return "; a number needs its unit of time, as in `7 days` or `7 years`";
  }
  if (c == '.') return "; a dotted name is written without spaces, as in `account.identity.email`";
  return {};
}

class Driver {
 public:
  Driver(source::FileId file, std::string_view text, diag::Diagnostics& diagnostics,
         const Limits& limits)
      : file_(file),
        begin_(text.data()),
        end_(text.data() + text.size()),
        diagnostics_(diagnostics),
        limits_(limits) {}

  void run(ParsedFile& result) {
    tracker_.begin = begin_;
    const auto parser = x3::with<source_tag>(tracker_)[statement()];
    std::uint32_t errors = 0;
    // A UTF-8 byte order mark, which some editors write, is not text.
    iterator_type start = begin_;
    if (end_ - start >= 3 && std::string_view(start, 3) == "\xEF\xBB\xBF") start += 3;
    iterator_type it = skip_blanks(start, end_);
    while (it != end_) {
      const iterator_type statement_begin = it;
      ast::Statement parsed;
      iterator_type failure = it;
      try {
        if (x3::phrase_parse(it, end_, parser, skipper, parsed)) {
          result.ast.statements.push_back(std::move(parsed));
          it = skip_blanks(it, end_);
          continue;
        }
        report_unrecognised(statement_begin);
      } catch (const x3::expectation_failure<iterator_type>& expected) {
        failure = expected.where();
        report_expectation(statement_begin, failure, expected.which());
      }
      if (++errors >= limits_.max_syntax_errors) {
        diagnostics_.report(diag::Code::too_many_errors, point(file_, begin_, failure, failure),
                            "too many syntax errors; stopping here");
        return;
      }
      it = skip_blanks(recover(statement_begin, failure, end_), end_);
    }
  }

 private:
  void report_expectation(iterator_type statement_begin, iterator_type where,
                          const std::string& expected) {
    const iterator_type next = skip_blanks(where, end_);
    const std::string statement = describe_statement(statement_begin, end_);
    const bool missing_semicolon = expected.rfind("`;`", 0) == 0;
    const bool in_string = expected.rfind("the closing `\"`", 0) == 0;
    const std::string found = describe_token(next, end_, !missing_semicolon && !in_string);
    std::string message;
    source::Location location;
    if (in_string) {
      // The string is still open: point where it should have closed.
      if (where != end_ && *where == '\\') {
        // The backslash and the whole character after it, however many bytes.
        iterator_type escape_end = std::min(end_, where + 2);
        while (escape_end != end_ && (static_cast<unsigned char>(*escape_end) & 0xC0) == 0x80) ++escape_end;
        message = "unknown escape `" + std::string(where, escape_end) +
                  "` in the string; write `\\\\` for a backslash and `\\\"` for a quote";
        location = point(file_, begin_, where, escape_end);
      } else {
        message = "expected " + expected + ", found the end of the line";
        location = point(file_, begin_, where, where);
      }
    } else if (missing_semicolon || next == end_) {
      // Like clang: point just after the last good token, where `;` belongs.
      message = missing_semicolon ? "expected `;` at the end of " + statement + ", found " + found
                                  : "expected " + expected + ", found " + found;
      location = point(file_, begin_, where, where);
    } else {
      message = "expected " + expected + ", found " + found;
      location = point(file_, begin_, next, token_end(next, end_));
    }
    if (!in_string) message += hint(expected, next, end_, missing_semicolon);
    diag::Diagnostic& d = diagnostics_.report(diag::Code::syntax_error, location, std::move(message));
    // Point back at the statement when the error is on a later line.
    if (std::find(statement_begin, location.begin + begin_, '\n') != location.begin + begin_) {
      d.notes.push_back({point(file_, begin_, statement_begin, token_end(statement_begin, end_)),
                         "in " + statement + " that starts here"});
    }
  }

  void report_unrecognised(iterator_type at) {
    const std::string word = first_word(at, end_);
    std::string message;
    if (*at == '}') {
      message = "found `}` with no `{` open before it";
    } else if (*at == '@') {
      message = "expected a rule after the annotations";
    } else {
      message = "expected a rule or declaration (`allow`, `deny`, `share`, `retain`, `erase`, "
                "`field`, `import`, `subject`, `test` or a vocabulary such as `data { ... }`), found " +
                describe_token(at, end_);
      const std::vector<std::string> keywords(statement_keywords.begin(), statement_keywords.end());
      if (const auto suggestion = support::closest_name(word, keywords)) {
        message += "; did you mean `" + *suggestion + "`?";
      }
    }
    diagnostics_.report(diag::Code::syntax_error, point(file_, begin_, at, token_end(at, end_)),
                        std::move(message));
  }

  source::FileId file_;
  iterator_type begin_;
  iterator_type end_;
  diag::Diagnostics& diagnostics_;
  const Limits& limits_;
  SourceTracker tracker_;
};

}  // namespace

ParsedFile parse(source::FileId file, std::string_view text, diag::Diagnostics& diagnostics,
                 const Limits& limits) noexcept {
  ParsedFile result;
  const std::size_t errors_before = diagnostics.error_count();
  try {
    if (prescan(file, text, diagnostics, limits, result.comments)) {
      Driver(file, text, diagnostics, limits).run(result);
    }
  } catch (const std::exception& e) {
    // Out of memory is the only thing expected here; whatever it is, it
    // becomes a diagnostic rather than an exception through the API.
    diagnostics.report(diag::Code::io_error, {file, 0, 0},
                       std::string("could not parse the file: ") + e.what());
  } catch (...) {
    diagnostics.report(diag::Code::io_error, {file, 0, 0}, "could not parse the file");
  }
  result.ok = diagnostics.error_count() == errors_before;
  return result;
}

}  // namespace proviso::grammar
