// Declarations: the policy header, imports, vocabularies, the subject and
// field maps.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace proviso::grammar {

struct header_class;
struct import_class;
struct vocabulary_block_class;
struct subject_block_class;
struct field_declaration_class;

using header_type = x3::rule<header_class, ast::Header>;
using import_type = x3::rule<import_class, ast::Import>;
using vocabulary_block_type = x3::rule<vocabulary_block_class, ast::VocabularyBlock>;
using subject_block_type = x3::rule<subject_block_class, ast::SubjectBlock>;
using field_declaration_type = x3::rule<field_declaration_class, ast::FieldDeclaration>;

BOOST_SPIRIT_DECLARE(header_type, import_type, vocabulary_block_type, subject_block_type,
                     field_declaration_type)

/// `policy NAME [version "..."];`
header_type const& header();
/// `import "file.policy";`
import_type const& import_declaration();
/// `data { ... }` and the other vocabulary trees.
vocabulary_block_type const& vocabulary_block();
/// `subject { name: type [= default]; ... }`
subject_block_type const& subject_block();
/// `field users.email: account.identity.email;`
field_declaration_type const& field_declaration();

}  // namespace proviso::grammar
