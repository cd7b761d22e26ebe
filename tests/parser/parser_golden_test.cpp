// Golden parser tests: each tests/parser/golden/NAME.policy is parsed and its
// AST dump compared with NAME.ast. The inputs cover every construct of the
// language, so a grammar change that alters any tree shows up here.
#define BOOST_TEST_MODULE parser
#include <boost/test/unit_test.hpp>

#include "grammar/ast_dump.hpp"
#include "grammar/parse.hpp"
#include "tests/support/files.hpp"
#include "tests/support/golden.hpp"

namespace {

using namespace proviso;

std::string parse_and_dump(const std::filesystem::path& path, bool& ok, std::string& errors) {
  source::SourceManager sources;
  const source::FileId id = sources.add(path.filename().string(), testing::read_file(path));
  diag::Diagnostics diagnostics;
  const grammar::ParsedFile parsed = grammar::parse(id, sources.text(id), diagnostics);
  ok = parsed.ok;
  errors = diag::render_text(diagnostics.all(), sources);
  return grammar::dump(parsed.ast, sources.text(id));
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_golden_input_parses_to_its_expected_tree) {
  const auto inputs = testing::files_with_extension(testing::source_dir() / "tests/parser/golden", ".policy");
  BOOST_REQUIRE_GE(inputs.size(), 5u);
  for (const auto& input : inputs) {
    BOOST_TEST_CONTEXT(input.filename().string()) {
      bool ok = false;
      std::string errors;
      const std::string dump = parse_and_dump(input, ok, errors);
      BOOST_TEST(ok, "unexpected syntax errors:\n" << errors);
      const std::string difference = testing::compare_golden(input.parent_path() / (input.stem().string() + ".ast"), dump);
      BOOST_TEST(difference.empty(), difference);
    }
  }
}

BOOST_AUTO_TEST_CASE(spans_cover_exactly_the_text_of_each_name) {
  source::SourceManager sources;
  const std::string text = "allow account.identity.email for marketing under consent;";
  const source::FileId id = sources.add("t.policy", text);
  diag::Diagnostics diagnostics;
  const auto parsed = grammar::parse(id, sources.text(id), diagnostics);
  BOOST_REQUIRE(parsed.ok);
  const auto& rule = boost::get<ast::AccessRule>(parsed.ast.statements.at(0).body.get());
  const ast::Path& data = rule.data.included.at(0);
  BOOST_TEST(text.substr(data.span.begin, data.span.end - data.span.begin) == "account.identity.email");
  BOOST_TEST(text.substr(rule.basis->span.begin, rule.basis->span.end - rule.basis->span.begin) == "consent");
  BOOST_TEST(rule.span.begin == 0u);
  BOOST_TEST(rule.span.end == text.size());
}

BOOST_AUTO_TEST_CASE(comments_are_collected_for_the_formatter) {
  source::SourceManager sources;
  const std::string text = "// first\nallow a for b under contract; // second\n";
  const source::FileId id = sources.add("t.policy", text);
  diag::Diagnostics diagnostics;
  const auto parsed = grammar::parse(id, sources.text(id), diagnostics);
  BOOST_REQUIRE(parsed.ok);
  BOOST_REQUIRE_EQUAL(parsed.comments.size(), 2u);
  BOOST_TEST(text.substr(parsed.comments[1].begin, parsed.comments[1].end - parsed.comments[1].begin) == "// second");
}
