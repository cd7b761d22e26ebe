// Instantiates the statement rule for the grammar's one context type.
#include "grammar/statement_def.hpp"

namespace proviso::grammar {
BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)
}  // namespace proviso::grammar
