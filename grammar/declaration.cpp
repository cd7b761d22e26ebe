// Instantiates the declaration rules for the grammar's one context type.
#include "grammar/declaration_def.hpp"

namespace proviso::grammar {
BOOST_SPIRIT_INSTANTIATE(header_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(import_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(vocabulary_block_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(subject_block_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(field_declaration_type, iterator_type, context_type)
}  // namespace proviso::grammar
