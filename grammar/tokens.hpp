// Small parser building blocks shared by the grammar's rule families: whole
// keywords and punctuation with human-readable expectation names. Header-only
// expressions, not rules, so they need no instantiation.
#pragma once

#include "grammar/config.hpp"

namespace proviso::grammar::tokens {

/// A keyword that must not run on into a longer name: `for` but not `format`.
inline auto kw(char const* word) {
  return x3::lexeme[x3::lit(word) >> !(x3::ascii::alnum | x3::lit('_'))];
}

}  // namespace proviso::grammar::tokens
