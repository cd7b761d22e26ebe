// Instantiates the rule families for the grammar's one context type.
#include "grammar/rule_def.hpp"

namespace proviso::grammar {
BOOST_SPIRIT_INSTANTIATE(annotation_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(access_rule_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(retain_rule_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(erase_rule_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(test_block_type, iterator_type, context_type)
}  // namespace proviso::grammar
