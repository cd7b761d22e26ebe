#include "grammar/ast_spelling.hpp"

namespace proviso::grammar {

// Each switch covers every enumerator (GCC warns otherwise); the final
// return only satisfies the compiler for values outside the enumeration.

std::string_view spelling(ast::Verb verb) {
  switch (verb) {
    case ast::Verb::allow: return "allow";
    case ast::Verb::deny: return "deny";
    case ast::Verb::share: return "share";
  }
  return "?";
}

std::string_view spelling(ast::CompareOp op) {
  switch (op) {
    case ast::CompareOp::less: return "<";
    case ast::CompareOp::less_equal: return "<=";
    case ast::CompareOp::greater: return ">";
    case ast::CompareOp::greater_equal: return ">=";
    case ast::CompareOp::equal: return "=";
    case ast::CompareOp::not_equal: return "!=";
  }
  return "?";
}

std::string_view spelling(ast::RequestPart part) {
  switch (part) {
    case ast::RequestPart::data: return "data";
    case ast::RequestPart::purpose: return "purpose";
    case ast::RequestPart::recipient: return "recipient";
  }
  return "?";
}

}  // namespace proviso::grammar
