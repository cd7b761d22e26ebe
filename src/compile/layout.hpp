// The subject's bit layout, and encoding attribute values into it.
#pragma once

#include "compile/policy_data.hpp"

namespace proviso::compile {

/// Lays out the subject bits of a model: form, then each attribute in order.
Layout make_layout(const model::Model& model);

/// Sets or clears a bit in a subject's words.
inline void assign_bit(std::vector<std::uint64_t>& words, std::uint32_t bit, bool value) {
  const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
  if (value) {
    words[bit / 64] |= mask;
  } else {
    words[bit / 64] &= ~mask;
  }
}

/// Encodes an integer value: one bit per cut point, set when the value is below it.
void encode_integer(const AttributeLayout& attribute, std::int64_t value, std::vector<std::uint64_t>& words);
/// Encodes an enumeration value (one-hot).
void encode_enum(const AttributeLayout& attribute, std::uint32_t value, std::vector<std::uint64_t>& words);
/// Adds a vocabulary node to a set: every leaf below it.
void encode_set_add(const AttributeLayout& attribute, const model::Node& node, std::vector<std::uint64_t>& words);
/// Empties a set.
void encode_set_clear(const AttributeLayout& attribute, std::vector<std::uint64_t>& words);

}  // namespace proviso::compile
