// The corpus of bad policies and hostile inputs: broken or malicious policy
// text must always give clean, located diagnostics, never a crash or a hang.
//
// 1. Golden files. Every tests/diagnostics/bad/NAME.policy (one problem each,
//    described by its first line) is loaded and checked exactly as
//    `proviso check` does, and its rendered diagnostics are compared with
//    NAME.expected, whose first line is the exit status the CLI would give
//    (`exit: 1` when there is an error). Files under bad/imports/ are helpers
//    imported by the cases, not cases. Paths are given relative to
//    tests/diagnostics, so the goldens do not depend on the machine.
//    NAME starting with `warn_` must give warnings and no error; every other
//    case must give at least one error. Run with PROVISO_UPDATE_GOLDEN=1 to
//    rewrite the goldens, then review the diff.
//
// 2. Hostile inputs generated here (never committed as files): NUL bytes,
//    invalid UTF-8, huge names, deep nesting, 100,000 `not`s, a 70 MB file,
//    every prefix of a valid policy, seeded random bytes and token soup, and
//    a policy of 20,000 rules.
#define BOOST_TEST_MODULE diagnostics
#include <boost/test/unit_test.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "check/checker.hpp"
#include "diag/diagnostic.hpp"
#include "grammar/parse.hpp"
#include "load/loader.hpp"
#include "tests/support/files.hpp"
#include "tests/support/golden.hpp"

namespace {

using namespace proviso;
namespace fs = std::filesystem;

fs::path corpus_dir() { return testing::source_dir() / "tests/diagnostics"; }

/// The file system, seen from `base`: relative paths are resolved there, so
/// a policy is loaded as `bad/NAME.policy` and shown under that name.
loader::FileReader reader_under(const fs::path& base) {
  return [base, inner = loader::filesystem_reader()](const std::string& path, loader::ReadFailure& failure) {
    const fs::path p(path);
    return inner(p.is_absolute() ? p.string() : (base / p).string(), failure);
  };
}

/// A reader that has no files: imports in generated inputs go nowhere.
loader::FileReader no_files() {
  return [](const std::string&, loader::ReadFailure& failure) -> std::optional<std::string> {
    failure.message = "no such file";
    return std::nullopt;
  };
}

/// A policy loaded and checked as `proviso check` does it.
struct Outcome {
  loader::Program program;
  diag::Diagnostics diagnostics;
  bool model = false;  ///< the checker returned a Model
  std::size_t rules = 0;  ///< access rules in the Model
  std::string rendered;

  bool has(diag::Code code) const {
    return std::any_of(diagnostics.all().begin(), diagnostics.all().end(),
                       [&](const diag::Diagnostic& d) { return d.code == code; });
  }
  std::size_t warnings() const { return diagnostics.all().size() - diagnostics.error_count(); }
  int exit_status() const { return program.entry_unreadable ? 2 : diagnostics.has_errors() ? 1 : 0; }
  std::string codes() const {
    std::string list;
    for (const diag::Diagnostic& d : diagnostics.all()) {
      list += (list.empty() ? "" : ", ") + std::string(diag::code_name(d.code));
    }
    return list.empty() ? "(none)" : list;
  }
};

void finish(Outcome& outcome) {
  if (outcome.program.entry_unreadable) return;
  const std::optional<model::Model> model = check::check(outcome.program, outcome.diagnostics);
  outcome.model = model.has_value();
  if (model) outcome.rules = model->rules.size();
  outcome.diagnostics.sort_by_location();
  outcome.rendered = diag::render_text(outcome.diagnostics.all(), *outcome.program.sources, false);
}

Outcome check_file(const std::string& path, const loader::FileReader& reader) {
  Outcome outcome;
  outcome.program = loader::load_file(path, outcome.diagnostics, reader);
  finish(outcome);
  return outcome;
}

Outcome check_text(std::string text, const loader::FileReader& reader = no_files()) {
  Outcome outcome;
  outcome.program = loader::load_text("hostile.policy", std::move(text), outcome.diagnostics, reader);
  finish(outcome);
  return outcome;
}

/// Empty when `location` is a real place in a loaded file, else what is wrong.
std::string location_problem(const source::Location& location, const source::SourceManager& sources,
                             const fs::path* files_base) {
  if (location.file >= sources.size()) return "file id " + std::to_string(location.file) + " is not loaded";
  const std::size_t size = sources.text(location.file).size();
  if (location.begin > location.end) return "the range ends before it begins";
  if (location.end > size) {
    return "the range ends at byte " + std::to_string(location.end) + " of a " + std::to_string(size) +
           "-byte file";
  }
  if (sources.line_column(location.file, location.begin).line < 1) return "line 0";
  if (sources.line_column(location.file, location.begin).column < 1) return "column 0";
  if (files_base != nullptr) {
    const fs::path on_disk = *files_base / std::string(sources.path(location.file));
    if (!fs::is_regular_file(on_disk)) return "`" + on_disk.string() + "` is not an existing file";
  }
  return {};
}

/// Every diagnostic and note of `outcome` is located in a loaded file
/// (and, with `files_base`, in a file that exists there).
std::string location_problems(const Outcome& outcome, const fs::path* files_base = nullptr) {
  std::string problems;
  const source::SourceManager& sources = *outcome.program.sources;
  for (const diag::Diagnostic& d : outcome.diagnostics.all()) {
    if (auto problem = location_problem(d.location, sources, files_base); !problem.empty()) {
      problems += std::string(diag::code_name(d.code)) + " (" + d.message.substr(0, 80) + "): " + problem + "\n";
    }
    for (const diag::Note& note : d.notes) {
      if (auto problem = location_problem(note.location, sources, files_base); !problem.empty()) {
        problems += "note of " + std::string(diag::code_name(d.code)) + ": " + problem + "\n";
      }
    }
  }
  return problems;
}

/// True when `text` is valid UTF-8 with no control character but tab and
/// line feed: safe to print on a terminal.
bool printable_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (length == 0 || c > 0xF4 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

/// What every hostile input must satisfy: no crash (we got here), success
/// only with a Model, every diagnostic located, and output safe to print.
void require_clean(const Outcome& outcome) {
  BOOST_TEST(!outcome.program.entry_unreadable);
  BOOST_TEST(outcome.model == !outcome.diagnostics.has_errors(), "diagnostics: " << outcome.codes());
  const std::string problems = location_problems(outcome);
  BOOST_TEST(problems.empty(), problems);
  BOOST_TEST(printable_utf8(outcome.rendered), "the rendered diagnostics hold raw control or invalid bytes");
}

/// The first diagnostic with `code`, which must exist.
const diag::Diagnostic* find(const Outcome& outcome, diag::Code code) {
  for (const diag::Diagnostic& d : outcome.diagnostics.all()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::string repeat(const std::string& text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

/// A scratch folder for files that must really be on disk.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("proviso-diagnostics-test-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// A small vocabulary for generated policies.
const std::string small_vocabulary =
    "data { account { email, name } usage { clicks } }\n"
    "purposes { service { delivery } marketing }\n"
    "recipients { processor }\n"
    "consents { marketing }\n"
    "subject { age: int = 18; region: one of {eu, us} = eu; restricted: bool; consents: set of consent; }\n";

// A valid policy of 40 lines that uses every kind of statement.
const std::string forty_line_policy = R"(// A valid policy that uses every kind of statement.
policy example.truncation version "2026-01-01";

data {
  account "account data" { email "email address", name }
  usage { clicks, pages }
}
purposes {
  service { delivery, billing }
  marketing { newsletter }
}
recipients { processor { payment } }
consents { marketing }
obligations { pseudonymize "remove identifiers" }
events { account_closure, erasure_request }
subject {
  age: int = 18;
  region: one of {eu, us, other} = other;
  consents: set of consent;
  restricted: bool = false;
}
field users.email: account.email;
field users.name: account.name;

@section("3") @id("deliver")
allow account, usage for service under contract;

@section("5") @note("the newsletter, with consent")
allow account.email for marketing.newsletter under consent
  when consents has marketing and not restricted;

@section("6")
share account.email with processor.payment for service.billing under contract
  requiring pseudonymize unless region is us;

@section("7")
deny all for all when age < 16 or (region in {eu} and restricted);

@section("9") retain account, usage for 2 years after account_closure or until erasure_request then anonymize;
@section("9") erase all within 30 days after erasure_request in backups;
)";

}  // namespace

// ---------------------------------------------------------------------------
// Huge files. First, so the peak memory it measures is its own.

BOOST_AUTO_TEST_CASE(a_70_megabyte_file_is_refused_without_being_read) {
  TempDir temp;
  const fs::path big = temp.path / "big.policy";
  { std::ofstream create(big, std::ios::binary); }
  fs::resize_file(big, 70u << 20);  // sparse: costs no disk and no time

  // As the entry file: refused before it is read into memory, with a
  // diagnostic located in the file (a policy fault, exit 1, not an I/O one).
  const long rss_before = peak_rss_kib();
  diag::Diagnostics diagnostics;
  const loader::Program program = loader::load_file(big.string(), diagnostics);
  const long grown_kib = peak_rss_kib() - rss_before;
  BOOST_TEST(!program.entry_unreadable);
  BOOST_REQUIRE_EQUAL(diagnostics.all().size(), 1u);
  BOOST_TEST((diagnostics.all().front().code == diag::Code::file_too_large));
  BOOST_TEST(program.sources->path(diagnostics.all().front().location.file) == big.string());
  BOOST_TEST(diagnostics.all().front().message.find("policy files are limited to") != std::string::npos);
  BOOST_TEST(grown_kib < 32 * 1024, "peak memory grew by " << grown_kib << " KiB while refusing the file");

  // As an import: located in the huge file, with a note at the import line.
  testing::write_file(temp.path / "entry.policy", "// imports a huge file\nimport \"big.policy\";\n");
  Outcome imported = check_file((temp.path / "entry.policy").string(), loader::filesystem_reader());
  require_clean(imported);
  const diag::Diagnostic* refused = find(imported, diag::Code::file_too_large);
  BOOST_REQUIRE_MESSAGE(refused != nullptr, "diagnostics: " << imported.codes());
  BOOST_TEST(refused->message.find("policy files are limited to") != std::string::npos, refused->message);
  BOOST_REQUIRE_EQUAL(refused->notes.size(), 1u);
  BOOST_TEST(imported.program.sources->line_column(refused->notes.front().location.file,
                                                   refused->notes.front().location.begin).line == 2u);
  BOOST_TEST(peak_rss_kib() - rss_before < 32 * 1024);

  // Given as text (already in memory): the parser refuses it with file-too-large.
  // In short lines: rendering a diagnostic on one 70 MB line costs gigabytes
  // (see the report on render_snippet), which is not what this test is about.
  const std::string line = "// a comment line of a huge file\n";
  std::string huge = repeat(line, (70u << 20) / line.size() + 1);
  BOOST_REQUIRE_GE(huge.size(), 70u << 20);
  Outcome text = check_text(std::move(huge));
  require_clean(text);
  BOOST_TEST(text.has(diag::Code::file_too_large), "diagnostics: " << text.codes());
  BOOST_TEST(text.diagnostics.all().size() == 1u);
}

// ---------------------------------------------------------------------------
// The golden corpus.

BOOST_AUTO_TEST_CASE(every_bad_policy_gives_its_golden_diagnostics) {
  const fs::path base = corpus_dir();
  const loader::FileReader reader = reader_under(base);
  std::vector<fs::path> cases;
  for (const fs::path& file : testing::files_with_extension(base / "bad", ".policy")) {
    if (file.parent_path() == base / "bad") cases.push_back(file);  // not the helpers in bad/imports/
  }
  BOOST_REQUIRE_GE(cases.size(), 45u);

  for (const fs::path& file : cases) {
    const std::string name = file.stem().string();
    BOOST_TEST_CONTEXT(name) {
      // Each case says in its first line what is wrong (a BOM may come first).
      std::string text = testing::read_file(file);
      if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
      BOOST_TEST(text.rfind("// ", 0) == 0u, "the first line must be a `// ` comment saying what is wrong");

      const Outcome outcome = check_file("bad/" + file.filename().string(), reader);
      BOOST_REQUIRE(!outcome.program.entry_unreadable);
      if (name.rfind("warn_", 0) == 0) {
        BOOST_TEST(outcome.warnings() >= 1u, "expected a warning; got " << outcome.codes());
        BOOST_TEST(outcome.diagnostics.error_count() == 0u, "expected no error; got " << outcome.codes());
      } else {
        BOOST_TEST(outcome.diagnostics.error_count() >= 1u, "expected an error; got " << outcome.codes());
      }
      BOOST_TEST(outcome.model == !outcome.diagnostics.has_errors());
      const std::string problems = location_problems(outcome, &base);
      BOOST_TEST(problems.empty(), problems);

      const std::string actual = "exit: " + std::to_string(outcome.exit_status()) + "\n" + outcome.rendered;
      const std::string difference = testing::compare_golden(file.parent_path() / (name + ".expected"), actual);
      BOOST_TEST(difference.empty(), difference);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_golden_has_its_policy) {
  // A renamed or deleted case must not leave a stale golden behind.
  const fs::path bad = corpus_dir() / "bad";
  for (const fs::path& golden : testing::files_with_extension(bad, ".expected")) {
    BOOST_TEST_CONTEXT(golden.filename().string()) {
      BOOST_TEST(golden.parent_path() == bad);
      BOOST_TEST(fs::exists(bad / (golden.stem().string() + ".policy")));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_corpus_triggers_every_diagnostic_a_policy_can_cause) {
  // Every code a policy file can trigger without the privacy lints. Not here:
  // io-error (no policy text causes it), and file-too-large and
  // invalid-encoding, which the hostile inputs below cover.
  const std::vector<diag::Code> wanted = {
      diag::Code::nesting_too_deep,     diag::Code::syntax_error,          diag::Code::too_many_errors,
      diag::Code::integer_out_of_range, diag::Code::import_missing,        diag::Code::import_cycle,
      diag::Code::misplaced_header,     diag::Code::unknown_name,          diag::Code::wrong_kind,
      diag::Code::duplicate_declaration, diag::Code::duplicate_id,         diag::Code::reserved_name,
      diag::Code::unknown_vocabulary,   diag::Code::limit_exceeded,        diag::Code::field_not_leaf,
      diag::Code::empty_selection,      diag::Code::type_mismatch,         diag::Code::bad_default,
      diag::Code::bad_duration,         diag::Code::missing_basis,         diag::Code::unknown_basis,
      diag::Code::misplaced_clause,     diag::Code::missing_recipients,    diag::Code::unknown_annotation,
      diag::Code::duplicate_annotation, diag::Code::missing_section,
  };
  const fs::path base = corpus_dir();
  std::set<std::string> seen;
  for (const fs::path& file : testing::files_with_extension(base / "bad", ".expected")) {
    std::istringstream lines(testing::read_file(file));
    for (std::string line; std::getline(lines, line);) {
      // `path:line:col: error: message [code]`
      if (line.empty() || line.back() != ']' || line.find(": note: ") != std::string::npos) continue;
      const auto open = line.rfind(" [");
      if (open != std::string::npos) seen.insert(line.substr(open + 2, line.size() - open - 3));
    }
  }
  for (const diag::Code code : wanted) {
    BOOST_TEST(seen.contains(std::string(diag::code_name(code))),
               "no case in tests/diagnostics/bad gives [" << diag::code_name(code) << "]");
  }
}

// ---------------------------------------------------------------------------
// Bytes that are not policy text.

BOOST_AUTO_TEST_CASE(a_nul_byte_is_an_encoding_error_at_its_place) {
  for (const std::string& text : {std::string("data { acc\0ount }\n", 18), std::string("\0", 1),
                                  std::string("// comment \0\n", 13), std::string("data { a \"x\0y\" }", 16)}) {
    const Outcome outcome = check_text(text);
    require_clean(outcome);
    const diag::Diagnostic* d = find(outcome, diag::Code::invalid_encoding);
    BOOST_REQUIRE_MESSAGE(d != nullptr, "diagnostics: " << outcome.codes());
    BOOST_TEST(d->location.begin == text.find('\0'));
    BOOST_TEST(outcome.rendered.find('\0') == std::string::npos, "a NUL byte was echoed to the terminal");
  }
  // Known gap (reported to the lead): the prescan skips the byte after a `\`
  // in a string without validating it, so a NUL or invalid byte there is
  // reported as a syntax error at the `\`, not as invalid-encoding. It is
  // still located and never echoed raw; tighten this to invalid-encoding
  // once the prescan validates escaped bytes.
  for (const std::string& text : {std::string("data { a \"x\\\0\" }\n", 17), std::string("data { a \"x\\\xFF\" }\n")}) {
    const Outcome outcome = check_text(text);
    require_clean(outcome);
    BOOST_TEST(outcome.diagnostics.has_errors());
    BOOST_TEST(outcome.rendered.find('\0') == std::string::npos, "a NUL byte was echoed to the terminal");
    BOOST_TEST(outcome.rendered.find('\xFF') == std::string::npos, "an invalid byte was echoed to the terminal");
  }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_an_encoding_error_at_its_place) {
  struct Case {
    std::string text;
    std::size_t offset;  // of the first bad byte
  };
  const std::vector<Case> cases = {
      {"data { caf\xE9 }\n", 10},                          // Latin-1, not UTF-8
      {"data { a }\n\x80", 11},                            // a lone continuation byte
      {"data { a \"\xC0\xAF\" }", 10},                     // an overlong `/` in a string
      {"// \xED\xA0\x80 a surrogate\n", 3},                // in a comment
      {"data { a \"\xF5\x80\x80\x80\" }", 10},             // above U+10FFFF
      {"data { a \"\xE2\x82", 10},                          // a sequence cut by the end of the file
      {"purposes { p }\n@section(\"\xFF\") allow", 25},     // in an annotation
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("offset " << c.offset) {
      const Outcome outcome = check_text(c.text);
      require_clean(outcome);
      const diag::Diagnostic* d = find(outcome, diag::Code::invalid_encoding);
      BOOST_REQUIRE_MESSAGE(d != nullptr, "diagnostics: " << outcome.codes());
      BOOST_TEST(d->location.begin == c.offset);
      BOOST_TEST(outcome.diagnostics.all().size() == 1u, "diagnostics: " << outcome.codes());
    }
  }
}

// ---------------------------------------------------------------------------
// Sizes and depths.

BOOST_AUTO_TEST_CASE(a_100000_character_name_is_handled) {
  const std::string name = "n" + std::string(99'999, 'a');
  // Declared and used: fine.
  const Outcome fine = check_text("data { " + name + " }\npurposes { p }\n@section(\"1\") allow " + name +
                                  " for p under contract;\n@section(\"2\") retain all for 1 year;\n");
  require_clean(fine);
  BOOST_TEST(!fine.diagnostics.has_errors(), "diagnostics: " << fine.codes());

  // Misspelt: an unknown name, with the line shown in a window, not whole.
  const Outcome unknown = check_text("data { " + name + " }\npurposes { p }\n@section(\"1\") allow " + name +
                                     "b for p under contract;\n");
  require_clean(unknown);
  BOOST_TEST(unknown.has(diag::Code::unknown_name), "diagnostics: " << unknown.codes());
  BOOST_TEST_MESSAGE("unknown 100,000-character name: message of " << find(unknown, diag::Code::unknown_name)->message.size()
                     << " bytes, rendered as " << unknown.rendered.size() << " bytes");

  // Where a keyword belongs: a syntax error that quotes a shortened name.
  const Outcome syntax = check_text("data { a }\npurposes { p }\nallow a " + name + " for p under contract;\n");
  require_clean(syntax);
  const diag::Diagnostic* d = find(syntax, diag::Code::syntax_error);
  BOOST_REQUIRE_MESSAGE(d != nullptr, "diagnostics: " << syntax.codes());
  BOOST_TEST(d->message.size() < 1000u, "the message quotes " << d->message.size() << " characters");
  BOOST_TEST(syntax.rendered.size() < 2000u, "the rendered error is " << syntax.rendered.size() << " bytes");

  // A dotted name of 50,001 segments.
  const Outcome dotted = check_text("data { a }\npurposes { p }\n@section(\"1\") deny " + repeat("a.", 50'000) +
                                    "a for p;\n");
  require_clean(dotted);
  BOOST_TEST(dotted.has(diag::Code::unknown_name), "diagnostics: " << dotted.codes());
}

BOOST_AUTO_TEST_CASE(five_thousand_nested_parentheses_are_refused_not_recursed) {
  const std::string rule = "@section(\"1\") deny all for all when ";
  for (const std::string& condition :
       {repeat("(", 5000) + "restricted" + repeat(")", 5000),  // balanced
        repeat("(", 5000) + "restricted",                       // never closed
        repeat("not (", 5000) + "restricted" + repeat(")", 5000)}) {
    const Outcome outcome = check_text(small_vocabulary + rule + condition + ";\n");
    require_clean(outcome);
    const diag::Diagnostic* d = find(outcome, diag::Code::nesting_too_deep);
    BOOST_REQUIRE_MESSAGE(d != nullptr, "diagnostics: " << outcome.codes());
    // At the 33rd `(`, on the rule's line.
    BOOST_TEST(outcome.program.sources->line_column(d->location.file, d->location.begin).line == 6u);
    BOOST_TEST(outcome.diagnostics.all().size() == 1u, "diagnostics: " << outcome.codes());
  }
  // 5000 `)` with no `(`: syntax errors, capped, never a negative depth.
  const Outcome closing = check_text(small_vocabulary + rule + "restricted" + repeat(")", 5000) + ";\n" +
                                     repeat(")\n", 5000));
  require_clean(closing);
  BOOST_TEST(closing.has(diag::Code::syntax_error), "diagnostics: " << closing.codes());
  BOOST_TEST(closing.diagnostics.error_count() <= 26u);
}

BOOST_AUTO_TEST_CASE(five_thousand_nested_braces_are_refused_not_recursed) {
  for (const std::string& text :
       {"data " + repeat("{ a ", 5000) + repeat("}", 5000) + "\n",  // balanced
        "data { a " + repeat("{ a ", 4999) + "\n",                    // never closed
        "subject { r: one of " + repeat("{", 5000) + "x" + repeat("}", 5000) + "; }\n"}) {
    const Outcome outcome = check_text(text);
    require_clean(outcome);
    const diag::Diagnostic* d = find(outcome, diag::Code::nesting_too_deep);
    BOOST_REQUIRE_MESSAGE(d != nullptr, "diagnostics: " << outcome.codes());
    BOOST_TEST(outcome.diagnostics.all().size() == 1u, "diagnostics: " << outcome.codes());
  }
  // 5000 stray `}`: syntax errors, capped at the limit.
  const Outcome stray = check_text(repeat("}\n", 5000));
  require_clean(stray);
  BOOST_TEST(stray.has(diag::Code::too_many_errors), "diagnostics: " << stray.codes());
  BOOST_TEST(stray.diagnostics.error_count() == 26u);
}

BOOST_AUTO_TEST_CASE(nesting_at_the_limit_parses_and_checks) {
  // 32 deep is allowed: the deepest a policy may go must not exhaust the
  // stack (this matters most in a sanitizer build, whose frames are large).
  const Outcome parens = check_text(small_vocabulary + "@section(\"1\") deny all for all when " +
                                    repeat("(", 32) + "restricted" + repeat(")", 32) + ";\n");
  require_clean(parens);
  BOOST_TEST(!parens.diagnostics.has_errors(), "diagnostics: " << parens.codes());

  const Outcome mixed = check_text(small_vocabulary + "@section(\"1\") deny all for all when " +
                                   repeat("not (age < 3 or ", 31) + "region in {eu}" + repeat(")", 31) + ";\n");
  require_clean(mixed);
  BOOST_TEST(!mixed.diagnostics.has_errors(), "diagnostics: " << mixed.codes());

  std::string data = "data { d0 ";
  for (int i = 1; i < 32; ++i) data += "{ d" + std::to_string(i) + " ";
  const Outcome braces = check_text(data + repeat("}", 32) + "\n");
  require_clean(braces);
  BOOST_TEST(!braces.diagnostics.has_errors(), "diagnostics: " << braces.codes());

  // 33 deep is refused.
  const Outcome over = check_text(small_vocabulary + "@section(\"1\") deny all for all when " + repeat("(", 33) +
                                  "restricted" + repeat(")", 33) + ";\n");
  BOOST_TEST(over.has(diag::Code::nesting_too_deep), "diagnostics: " << over.codes());
}

BOOST_AUTO_TEST_CASE(a_vocabulary_500_levels_deep_is_refused_once) {
  // Dotted extensions make trees deep without brackets; the checker builds
  // them iteratively and reports the depth limit once.
  std::string text = "data {\n";
  std::string path = "n";
  for (int i = 0; i < 500; ++i) {
    text += "  " + path + "\n";
    path += ".n";
  }
  const Outcome outcome = check_text(text + "}\n");
  require_clean(outcome);
  BOOST_TEST(outcome.has(diag::Code::limit_exceeded), "diagnostics: " << outcome.codes());
  BOOST_TEST(outcome.diagnostics.all().size() == 1u, "diagnostics: " << outcome.codes());
}

BOOST_AUTO_TEST_CASE(a_hundred_thousand_nots_are_counted_not_nested) {
  const std::string rule = "@section(\"1\") deny all for all when ";
  // An even number of `not`s: the condition is `restricted`.
  const Outcome even = check_text(small_vocabulary + rule + repeat("not ", 100'000) + "restricted;\n");
  require_clean(even);
  BOOST_TEST(!even.diagnostics.has_errors(), "diagnostics: " << even.codes());

  // With nothing after them: one syntax error at the `;`.
  const Outcome dangling = check_text(small_vocabulary + rule + repeat("not ", 100'000) + ";\n");
  require_clean(dangling);
  BOOST_TEST(dangling.has(diag::Code::syntax_error), "diagnostics: " << dangling.codes());
  BOOST_TEST(dangling.diagnostics.all().size() == 1u, "diagnostics: " << dangling.codes());

  // Applied to a test of the wrong type: one type error.
  const Outcome wrong = check_text(small_vocabulary + rule + repeat("not ", 100'001) + "age;\n");
  require_clean(wrong);
  BOOST_TEST(wrong.has(diag::Code::type_mismatch), "diagnostics: " << wrong.codes());
}

BOOST_AUTO_TEST_CASE(many_errors_stop_at_the_limit) {
  const Outcome outcome = check_text(repeat("x;\n", 100'000));
  require_clean(outcome);
  BOOST_TEST(outcome.has(diag::Code::too_many_errors), "diagnostics: " << outcome.codes());
  BOOST_TEST(outcome.diagnostics.error_count() == 26u);
}

BOOST_AUTO_TEST_CASE(a_policy_of_20000_rules_parses_and_checks) {
  std::string text = "data {";
  for (int d = 0; d < 200; ++d) text += " d" + std::to_string(d);
  text += " }\npurposes {";
  for (int p = 0; p < 100; ++p) text += " p" + std::to_string(p);
  text += " }\nsubject { age: int = 18; }\n@section(\"1\") retain all for 1 year;\n";
  for (int i = 0; i < 20'000; ++i) {
    text += "@section(\"2\") @id(\"r" + std::to_string(i) + "\") allow d" + std::to_string(i % 200) + " for p" +
            std::to_string(i / 200) + " under contract when age >= " + std::to_string(i % 90) + ";\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = check_text(text);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  require_clean(outcome);
  BOOST_TEST(!outcome.diagnostics.has_errors(), "diagnostics: " << outcome.codes());
  BOOST_TEST(outcome.rules == 20'000u);
  BOOST_TEST_MESSAGE("20,000 rules: loaded and checked in " << seconds << " s");

  // The same policy with one mistake near the end: found and located.
  const std::string broken = text + "@section(\"3\") allow d1 for p100 under contract;\n";
  const Outcome bad = check_text(broken);
  require_clean(bad);
  const diag::Diagnostic* d = find(bad, diag::Code::unknown_name);
  BOOST_REQUIRE_MESSAGE(d != nullptr, "diagnostics: " << bad.codes());
  BOOST_TEST(bad.program.sources->line_column(d->location.file, d->location.begin).line == 20'005u);
}

// ---------------------------------------------------------------------------
// Truncation and random input.

BOOST_AUTO_TEST_CASE(every_prefix_of_a_valid_policy_succeeds_or_gives_located_errors) {
  BOOST_REQUIRE_EQUAL(std::count(forty_line_policy.begin(), forty_line_policy.end(), '\n'), 40);
  const Outcome whole = check_text(forty_line_policy);
  BOOST_REQUIRE_MESSAGE(!whole.diagnostics.has_errors(), whole.rendered);

  std::size_t failed = 0;
  for (std::size_t length = 0; length <= forty_line_policy.size(); ++length) {
    const Outcome outcome = check_text(forty_line_policy.substr(0, length));
    BOOST_TEST_CONTEXT("prefix of " << length << " bytes") {
      require_clean(outcome);
      if (outcome.diagnostics.has_errors()) ++failed;
    }
  }
  // Most prefixes stop mid-statement, so most are errors.
  BOOST_TEST(failed > forty_line_policy.size() / 2);
}

BOOST_AUTO_TEST_CASE(random_bytes_give_located_diagnostics) {
  std::mt19937 random(20260101);  // fixed seed: failures reproduce
  const auto below = [&](std::uint32_t n) { return static_cast<std::uint32_t>(random() % n); };
  for (int i = 0; i < 300; ++i) {
    std::string text(below(400), '\0');
    for (char& c : text) c = static_cast<char>(below(256));
    BOOST_TEST_CONTEXT("random bytes #" << i) { require_clean(check_text(text)); }
  }
  // Printable ASCII gets past the prescan, into the grammar.
  const std::string printable = " \n\t{}()[];:,.@\"\\/=<>!-_0123456789abcdefghijklmnopqrstuvwxyz";
  for (int i = 0; i < 300; ++i) {
    std::string text(below(400), ' ');
    for (char& c : text) c = printable[below(static_cast<std::uint32_t>(printable.size()))];
    BOOST_TEST_CONTEXT("random characters #" << i) { require_clean(check_text(text)); }
  }
}

BOOST_AUTO_TEST_CASE(random_token_soup_gives_located_diagnostics) {
  // Tokens of the language in random order, half the time after a valid
  // vocabulary, so the checker sees many near-valid rules.
  const std::vector<std::string> tokens = {
      "allow", "deny", "share", "retain", "erase", "field", "policy", "subject", "import \"x.policy\"",
      "data", "purposes", "consents", "events", "for", "under", "with", "when", "unless", "requiring",
      "except", "all", "and", "or", "not", "is", "in", "has", "this", "purpose", "recipient", "after",
      "until", "within", "then", "indefinitely", "withdrawal", "of", "one", "set", "int", "bool",
      "account", "account.email", "usage.clicks", "service", "service.delivery", "marketing", "processor",
      "age", "region", "restricted", "consents", "form", "eu", "us", "contract", "consent", "anonymize",
      "collection", "backups", "2", "-1", "99999999999999999999", "years", "days", "hours", "\"text\"",
      "\"unterminated", "@section(\"1\")", "@id(\"x\")", "@note(\"n\")", "@", "{", "}", "(", ")", ";", ",",
      ":", ".", "=", "<", ">=", "!=", "\n", "// comment\n", "\\", "#", "\xE2\x82\xAC"};
  std::mt19937 random(424242);
  const auto below = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::size_t checked_clean = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = below(2) == 0 ? small_vocabulary : std::string();
    const std::size_t count = below(60);
    for (std::size_t t = 0; t < count; ++t) text += tokens[below(tokens.size())] + " ";
    BOOST_TEST_CONTEXT("token soup #" << i) {
      const Outcome outcome = check_text(text);
      require_clean(outcome);
      if (!outcome.diagnostics.has_errors()) ++checked_clean;
    }
  }
  BOOST_TEST_MESSAGE(checked_clean << " of 400 token soups happened to be valid policies");
}
