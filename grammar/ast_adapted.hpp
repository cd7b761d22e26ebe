// Boost.Fusion adaptation of the AST nodes the grammar fills by sequence.
// Nodes with a single field, or built from raw text, are filled by semantic
// actions instead (see *_def.hpp), which avoids X3's single-element-sequence
// pitfalls. Included only by the grammar's *_def.hpp files.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "grammar/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Annotation, name, value)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Header, name, version)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::VocabularyNode, name, description, children)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::VocabularyBlock, kind, nodes)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::AttributeDeclaration, names, type, default_value)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::FieldDeclaration, field, data)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::CompareTest, attribute, op, value)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::IsTest, attribute, negated, value)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::InTest, attribute, values)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::HasTest, attribute, element)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::HasRequestTest, attribute, part)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Selection, included, excluded)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::ObligationUse, name, when, unless)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::AccessRule, verb, sharing, data, recipients, purposes,
                          basis, when, unless, obligations)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::DurationPart, amount, unit)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::RetentionEnd, consent_withdrawal, name)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::RetainRule, data, span, ends, then_action, when, unless)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::EraseRule, data, within, event, store, when, unless)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Assignment, attribute, value)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Ask, data, purpose, recipient, form, given)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Expectation, verb, basis, obligations, retention, by)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::TestBlock, name, ask, expect)
BOOST_FUSION_ADAPT_STRUCT(proviso::ast::Statement, annotations, body)
