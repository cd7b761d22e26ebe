// The types every grammar translation unit agrees on: the iterator, the
// skipper and the parse context. A rule is instantiated (rule.cpp and
// friends) for exactly `context_type`; if parse.cpp called it with another
// context the mismatch would show up as a link error, not a compile error.
#pragma once

#include <boost/spirit/home/x3.hpp>

namespace proviso::grammar {

namespace x3 = boost::spirit::x3;

/// The grammar reads a whole file held in memory.
using iterator_type = char const*;

/// Whitespace and `//` comments separate tokens. ASCII classes only: the
/// standard encoding would call std::isspace on bytes >= 0x80, which is
/// undefined for negative chars; comment bodies take any byte.
inline const auto skipper =
    x3::ascii::space | x3::lexeme["//" >> *(x3::standard::char_ - x3::eol)];
using skipper_type = std::remove_cv_t<decltype(skipper)>;

/// Where the file being parsed starts, so node spans can be byte offsets.
struct SourceTracker {
  iterator_type begin = nullptr;
};

/// Tag under which the SourceTracker sits in the parse context.
struct source_tag;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<source_tag, SourceTracker, phrase_context_type>;

}  // namespace proviso::grammar
