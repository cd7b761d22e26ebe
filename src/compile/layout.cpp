#include "compile/layout.hpp"

#include <algorithm>

#include "analysis/encoding.hpp"

namespace proviso::compile {

Layout make_layout(const model::Model& model) {
  Layout layout;
  const auto cuts = analysis::integer_cut_points(model);
  std::uint32_t next = 0;
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    AttributeLayout code;
    code.type = attribute.type;
    code.first_bit = next;
    switch (attribute.type) {
      case model::AttributeType::boolean: code.bit_count = 1; break;
      case model::AttributeType::enumeration: code.bit_count = static_cast<std::uint32_t>(attribute.values.size()); break;
      case model::AttributeType::integer:
        code.cuts = cuts[a];
        code.bit_count = static_cast<std::uint32_t>(code.cuts.size());
        break;
      case model::AttributeType::set:
        code.bit_count = static_cast<std::uint32_t>(model.vocabulary(attribute.element).leaf_count());
        break;
    }
    next += code.bit_count;
    layout.attributes.push_back(std::move(code));
  }
  layout.bit_count = next;
  layout.word_count = std::max<std::uint32_t>(1, (next + 63) / 64);
  layout.defaults.assign(layout.word_count, 0);
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    const AttributeLayout& code = layout.attributes[a];
    if (!attribute.has_default) continue;
    switch (attribute.type) {
      case model::AttributeType::boolean: assign_bit(layout.defaults, code.first_bit, attribute.default_boolean); break;
      case model::AttributeType::enumeration: encode_enum(code, attribute.default_value, layout.defaults); break;
      case model::AttributeType::integer: encode_integer(code, attribute.default_integer, layout.defaults); break;
      case model::AttributeType::set:
        for (const model::NodeId node : attribute.default_set) {
          encode_set_add(code, model.vocabulary(attribute.element).node(node), layout.defaults);
        }
        break;
    }
  }
  return layout;
}

void encode_integer(const AttributeLayout& attribute, std::int64_t value, std::vector<std::uint64_t>& words) {
  for (std::uint32_t i = 0; i < attribute.bit_count; ++i) {
    assign_bit(words, attribute.first_bit + i, value < attribute.cuts[i]);
  }
}

void encode_enum(const AttributeLayout& attribute, std::uint32_t value, std::vector<std::uint64_t>& words) {
  for (std::uint32_t i = 0; i < attribute.bit_count; ++i) assign_bit(words, attribute.first_bit + i, i == value);
}

void encode_set_add(const AttributeLayout& attribute, const model::Node& node, std::vector<std::uint64_t>& words) {
  for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
    assign_bit(words, attribute.first_bit + leaf, true);
  }
}

void encode_set_clear(const AttributeLayout& attribute, std::vector<std::uint64_t>& words) {
  for (std::uint32_t i = 0; i < attribute.bit_count; ++i) assign_bit(words, attribute.first_bit + i, false);
}

}  // namespace proviso::compile
