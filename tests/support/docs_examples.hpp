// The policy examples in the documentation: the ```proviso blocks (whole
// policies) and ```proviso example blocks (fragments, read with the seed
// vocabulary imported) of a Markdown file such as docs/language.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace proviso::testing {

/// One fenced policy block.
struct DocsExample {
  std::size_t line = 0;   ///< the line of its opening fence in the document
  bool fragment = false;  ///< fenced as ```proviso example
  std::string text;
};

/// Every ```proviso and ```proviso example block of `markdown`, in order.
std::vector<DocsExample> docs_examples(const std::string& markdown);

}  // namespace proviso::testing
