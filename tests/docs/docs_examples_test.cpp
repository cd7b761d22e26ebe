// Every example in docs/language.md parses and checks. Blocks fenced as
// ```proviso are whole policies; blocks fenced as ```proviso example are
// checked with the seed vocabulary imported, as the reference says.
#define BOOST_TEST_MODULE docs_examples
#include <boost/test/unit_test.hpp>

#include "check/checker.hpp"
#include "load/loader.hpp"
#include "tests/support/docs_examples.hpp"
#include "tests/support/golden.hpp"

using namespace proviso;

BOOST_AUTO_TEST_CASE(every_example_in_the_language_reference_checks) {
  const auto root = testing::source_dir();
  const auto examples = testing::docs_examples(testing::read_file(root / "docs/language.md"));
  BOOST_TEST_REQUIRE(examples.size() >= 15u, "expected an example for every construct");
  for (const testing::DocsExample& example : examples) {
    BOOST_TEST_CONTEXT("docs/language.md line " << example.line) {
      std::string text = example.text;
      if (example.fragment) text = "import \"../policies/vocabulary.policy\";\n" + text;
      diag::Diagnostics diagnostics;
      // Shown as a file in docs/, so the examples' relative imports resolve.
      const auto program = loader::load_text((root / "docs" / "example.policy").string(), text, diagnostics);
      const auto model = check::check(program, diagnostics);
      BOOST_TEST(model.has_value(), "the example does not check:\n"
                                        << diag::render_text(diagnostics.all(), *program.sources) << "\n"
                                        << text);
    }
  }
}
