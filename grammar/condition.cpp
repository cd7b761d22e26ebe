// Instantiates the condition rules for the grammar's one context type.
#include "grammar/condition_def.hpp"

namespace proviso::grammar {
BOOST_SPIRIT_INSTANTIATE(condition_type, iterator_type, context_type)
}  // namespace proviso::grammar
