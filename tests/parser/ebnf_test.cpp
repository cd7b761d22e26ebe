// The readable grammar (grammar/proviso.ebnf) stays true to the parser and
// to the reference that quotes it.
#define BOOST_TEST_MODULE ebnf
#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>

#include "grammar/keywords.hpp"
#include "tests/support/golden.hpp"

using namespace proviso;

BOOST_AUTO_TEST_CASE(the_reserved_words_of_the_ebnf_are_the_parsers) {
  const std::string ebnf = testing::read_file(testing::source_dir() / "grammar/proviso.ebnf");
  const auto start = ebnf.find("reserved           =");
  BOOST_REQUIRE(start != std::string::npos);
  const std::string list = ebnf.substr(start, ebnf.find(';', start) - start);
  std::set<std::string> in_ebnf;
  const std::regex quoted("\"([a-z]+)\"");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), quoted); it != std::sregex_iterator(); ++it) {
    in_ebnf.insert((*it)[1].str());
  }
  const std::set<std::string> in_parser(grammar::reserved_words.begin(), grammar::reserved_words.end());
  BOOST_TEST(in_ebnf == in_parser, "grammar/proviso.ebnf and grammar/keywords.hpp list different reserved words");
}

BOOST_AUTO_TEST_CASE(the_language_reference_quotes_the_ebnf_verbatim) {
  const std::string ebnf = testing::read_file(testing::source_dir() / "grammar/proviso.ebnf");
  const std::string docs = testing::read_file(testing::source_dir() / "docs/language.md");
  const std::string block = "```ebnf\n" + ebnf;
  BOOST_TEST(docs.find(block) != std::string::npos,
             "docs/language.md must contain grammar/proviso.ebnf verbatim in an ```ebnf block");
}
