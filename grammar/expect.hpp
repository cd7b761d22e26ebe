// Named expectation points. After `>`, a failing parser reports its name as
// "what was expected"; these names are written for a policy author, so the
// diagnostic reads "expected `;` at the end of the rule, found `deny`"
// instead of a dump of parser internals. Each grammar translation unit gets
// its own copies (unnamed namespace), so no instantiation is shared.
#pragma once

#include "grammar/config.hpp"
#include "grammar/tokens.hpp"

namespace proviso::grammar::expect {
namespace {

#define PROVISO_EXPECT(name, description, definition)   \
  x3::rule<struct name##_id> const name = description; \
  auto const name##_def = definition;                   \
  BOOST_SPIRIT_DEFINE(name)

PROVISO_EXPECT(semicolon, "`;` at the end of the statement", x3::lit(';'))
PROVISO_EXPECT(colon, "`:`", x3::lit(':'))
PROVISO_EXPECT(open_brace, "`{`", x3::lit('{'))
PROVISO_EXPECT(close_brace, "`}`", x3::lit('}'))
PROVISO_EXPECT(open_paren, "`(`", x3::lit('('))
PROVISO_EXPECT(close_paren, "`)` to close the `(`", x3::lit(')'))
PROVISO_EXPECT(equals, "`=`", x3::lit('='))
PROVISO_EXPECT(of, "`of`", tokens::kw("of"))
PROVISO_EXPECT(until, "`until`", tokens::kw("until"))
PROVISO_EXPECT(within, "`within` and how soon", tokens::kw("within"))
PROVISO_EXPECT(after, "`after` and the event", tokens::kw("after"))

#undef PROVISO_EXPECT

}  // namespace
}  // namespace proviso::grammar::expect
