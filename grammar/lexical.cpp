// Instantiates the lexical rules for the grammar's one context type.
#include "grammar/lexical_def.hpp"

namespace proviso::grammar {
BOOST_SPIRIT_INSTANTIATE(identifier_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(path_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(string_literal_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(integer_type, iterator_type, context_type)
}  // namespace proviso::grammar
