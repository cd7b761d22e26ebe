#include "tests/support/docs_examples.hpp"

#include <sstream>

namespace proviso::testing {

std::vector<DocsExample> docs_examples(const std::string& markdown) {
  std::vector<DocsExample> examples;
  std::istringstream in(markdown);
  std::string line;
  std::size_t number = 0;
  DocsExample* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (open != nullptr) {
      if (line.rfind("```", 0) == 0) {
        open = nullptr;
      } else {
        open->text += line + "\n";
      }
    } else if (line == "```proviso" || line == "```proviso example") {
      examples.push_back({number, line == "```proviso example", ""});
      open = &examples.back();
    }
  }
  return examples;
}

}  // namespace proviso::testing
