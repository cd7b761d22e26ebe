// Our own annotation handler. Rule-id classes derive from `annotate_span`;
// when their rule succeeds, the node it produced gets its byte span. Unlike
// Boost 1.74's annotate_on_success, this also reaches a node held inside an
// x3::variant (or a forward_ast inside one), so every Located node is tagged.
#pragma once

#include <type_traits>

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace proviso::grammar {

namespace detail {

inline void set_span(ast::Located& node, std::uint32_t begin, std::uint32_t end) {
  // The innermost rule saw the node first and knows its exact extent; an
  // enclosing rule (a parenthesised group, say) must not widen it.
  if (node.span.end == 0) node.span = {begin, end};
}

template <typename T>
void annotate(T& node, std::uint32_t begin, std::uint32_t end);

template <typename T>
void annotate(x3::forward_ast<T>& node, std::uint32_t begin, std::uint32_t end) {
  annotate(node.get(), begin, end);
}

template <typename T>
void annotate(T& node, std::uint32_t begin, std::uint32_t end) {
  if constexpr (std::is_base_of_v<ast::Located, T>) {
    set_span(node, begin, end);
  }
  if constexpr (requires { node.get(); typename T::base_type; }) {
    // An x3::variant: tag whichever alternative it holds.
    boost::apply_visitor([&](auto& held) { annotate(held, begin, end); }, node.get());
  }
}

}  // namespace detail

/// Mix-in for rule ids: gives the produced node its source span.
struct annotate_span {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(Iterator const& first, Iterator const& last, Attribute& node,
                  Context const& context) const {
    const SourceTracker& tracker = x3::get<source_tag>(context);
    detail::annotate(node, static_cast<std::uint32_t>(first - tracker.begin),
                     static_cast<std::uint32_t>(last - tracker.begin));
  }
};

}  // namespace proviso::grammar
