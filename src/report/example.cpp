#include "report/example.hpp"

#include <limits>
#include <map>

namespace proviso::report {
namespace {

// The values of a `bits`-bit index (MSB first) below `domain` that agree with the fixed bits.
std::vector<std::uint32_t> consistent(analysis::Bdd::Var first, std::uint32_t bits, std::uint32_t domain,
                                      const std::map<analysis::Bdd::Var, bool>& fixed) {
  std::vector<std::uint32_t> values;
  for (std::uint32_t value = 0; value < domain; ++value) {
    bool ok = true;
    for (std::uint32_t bit = 0; bit < bits && ok; ++bit) {
      const auto found = fixed.find(first + bit);
      if (found != fixed.end() && (((value >> (bits - 1 - bit)) & 1u) != 0) != found->second) ok = false;
    }
    if (ok) values.push_back(value);
  }
  return values;
}

std::uint32_t prefer(const std::vector<std::uint32_t>& candidates, std::optional<std::uint32_t> preferred) {
  if (preferred) {
    for (const std::uint32_t c : candidates) {
      if (c == *preferred) return c;
    }
  }
  return candidates.front();
}

}  // namespace

std::optional<ExampleSubject> example_subject(analysis::Encoding& encoding, const model::Model& model,
                                              analysis::Bdd::Ref f) {
  using analysis::Bdd;
  Bdd& bdd = encoding.bdd();
  const auto path = bdd.any_path(bdd.conjoin(f, encoding.valid()));
  if (!path) return std::nullopt;
  std::map<Bdd::Var, bool> fixed(path->begin(), path->end());

  ExampleSubject example;
  const std::vector<Form> forms(all_forms.begin(), all_forms.end());
  example.form = forms[prefer(consistent(encoding.form_var(), 2, 4, fixed), 0)];

  for (std::uint32_t a = 0; a < encoding.attributes().size(); ++a) {
    const analysis::EncodedAttribute& encoded = encoding.attributes()[a];
    const auto id = model.attribute(encoded.name);
    if (!id) continue;
    const model::Attribute& attribute = model.attributes[*id];
    ExampleValue value;
    value.attribute = attribute.name;
    value.type = attribute.type;
    switch (attribute.type) {
      case model::AttributeType::boolean: {
        const auto found = fixed.find(encoded.first_var);
        value.flag = found != fixed.end() ? found->second : attribute.default_boolean;
        break;
      }
      case model::AttributeType::enumeration: {
        const auto candidates = consistent(encoded.first_var, encoded.bits, static_cast<std::uint32_t>(encoded.values.size()), fixed);
        std::optional<std::uint32_t> preferred;
        if (attribute.has_default) {
          for (std::uint32_t v = 0; v < encoded.values.size(); ++v) {
            if (encoded.values[v] == attribute.values[attribute.default_value]) preferred = v;
          }
        }
        value.value = encoded.values[prefer(candidates, preferred)];
        break;
      }
      case model::AttributeType::integer: {
        const auto& cuts = encoded.cuts;
        const auto interval_of = [&](std::int64_t x) {
          std::uint32_t i = 0;
          while (i < cuts.size() && x >= cuts[i]) ++i;
          return i;
        };
        const auto candidates = consistent(encoded.first_var, encoded.bits, static_cast<std::uint32_t>(cuts.size() + 1), fixed);
        const std::optional<std::uint32_t> preferred =
            attribute.has_default ? std::optional<std::uint32_t>(interval_of(attribute.default_integer)) : std::nullopt;
        const std::uint32_t interval = prefer(candidates, preferred);
        if (preferred && interval == *preferred) {
          value.integer = attribute.default_integer;
        } else if (interval > 0) {
          value.integer = cuts[interval - 1];
        } else if (!cuts.empty()) {
          value.integer = cuts[0] == std::numeric_limits<std::int64_t>::min() ? cuts[0] : cuts[0] - 1;
        }
        break;
      }
      case model::AttributeType::set: break;
    }
    example.values.push_back(std::move(value));
  }
  // Set leaves: present exactly when the path says so.
  for (const auto& [var, present] : fixed) {
    const analysis::VariableMeaning& meaning = encoding.meaning(var);
    if (meaning.kind != analysis::VariableMeaning::Kind::set_leaf || !present) continue;
    const std::string& name = encoding.attributes()[meaning.attribute].name;
    for (ExampleValue& value : example.values) {
      if (value.attribute == name) value.elements.push_back(meaning.leaf);
    }
  }
  return example;
}

std::string example_text(const ExampleSubject& example) {
  std::string text;
  for (const ExampleValue& value : example.values) {
    text += text.empty() ? "" : ", ";
    text += value.attribute + " = ";
    switch (value.type) {
      case model::AttributeType::boolean: text += value.flag ? "true" : "false"; break;
      case model::AttributeType::integer: text += std::to_string(value.integer); break;
      case model::AttributeType::enumeration: text += value.value; break;
      case model::AttributeType::set: {
        text += "{";
        for (std::size_t i = 0; i < value.elements.size(); ++i) text += (i ? ", " : "") + value.elements[i];
        text += "}";
        break;
      }
    }
  }
  return text + "; form " + std::string(name_of(example.form));
}

}  // namespace proviso::report
