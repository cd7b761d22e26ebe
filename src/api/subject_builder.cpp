// SubjectBuilder: attribute values by name, checked against the policy's
// subject declaration and encoded into the compiled layout.
#include <algorithm>

#include "compile/layout.hpp"
#include "compile/policy_data.hpp"
#include "eval/decide.hpp"
#include "proviso/subject.hpp"
#include "support/spelling.hpp"

namespace proviso {
namespace {

std::string type_name(const model::Attribute& attribute) {
  switch (attribute.type) {
    case model::AttributeType::boolean: return "yes/no (`true` or `false`)";
    case model::AttributeType::integer: return "a whole number";
    case model::AttributeType::enumeration: {
      std::string values;
      for (const std::string& v : attribute.values) values += (values.empty() ? "`" : ", `") + v + "`";
      return "one of " + values;
    }
    case model::AttributeType::set:
      return "a set of " + std::string(model::singular_name(attribute.element)) + " names";
  }
  return "?";
}

}  // namespace

SubjectBuilder& SubjectBuilder::integer(std::string_view attribute, std::int64_t value) {
  assignments_.push_back({Assignment::Kind::integer, std::string(attribute), value, {}});
  return *this;
}
SubjectBuilder& SubjectBuilder::flag(std::string_view attribute, bool value) {
  assignments_.push_back({Assignment::Kind::flag, std::string(attribute), value ? 1 : 0, {}});
  return *this;
}
SubjectBuilder& SubjectBuilder::value(std::string_view attribute, std::string_view value) {
  assignments_.push_back({Assignment::Kind::value, std::string(attribute), 0, std::string(value)});
  return *this;
}
SubjectBuilder& SubjectBuilder::add(std::string_view attribute, std::string_view element) {
  assignments_.push_back({Assignment::Kind::add, std::string(attribute), 0, std::string(element)});
  return *this;
}
SubjectBuilder& SubjectBuilder::clear(std::string_view attribute) {
  assignments_.push_back({Assignment::Kind::clear, std::string(attribute), 0, {}});
  return *this;
}

Result<Subject> SubjectBuilder::build() const {
  const detail::PolicyData& data = *policy_;
  const model::Model& model = data.model;
  std::vector<std::uint64_t> words = data.layout.defaults;
  std::vector<bool> given(model.attributes.size(), false);

  for (const Assignment& assignment : assignments_) {
    const auto id = model.attribute(assignment.attribute);
    if (!id) {
      std::vector<std::string> names;
      for (const model::Attribute& a : model.attributes) names.push_back(a.name);
      std::string message = "unknown subject attribute `" + assignment.attribute + "`";
      if (const auto suggestion = support::closest_name(assignment.attribute, names)) {
        message += "; did you mean `" + *suggestion + "`?";
      }
      return Error{message};
    }
    const model::Attribute& attribute = model.attributes[*id];
    const compile::AttributeLayout& code = data.layout.attributes[*id];
    const auto wrong_type = [&] {
      return Error{"`" + attribute.name + "` is " + type_name(attribute)};
    };
    given[*id] = true;
    switch (assignment.kind) {
      case Assignment::Kind::integer:
        if (attribute.type != model::AttributeType::integer) return wrong_type();
        compile::encode_integer(code, assignment.number, words);
        break;
      case Assignment::Kind::flag:
        if (attribute.type != model::AttributeType::boolean) return wrong_type();
        compile::assign_bit(words, code.first_bit, assignment.number != 0);
        break;
      case Assignment::Kind::value: {
        if (attribute.type != model::AttributeType::enumeration) return wrong_type();
        const auto found = std::find(attribute.values.begin(), attribute.values.end(), assignment.text);
        if (found == attribute.values.end()) {
          return Error{support::not_a_value(assignment.text, attribute.name, attribute.values)};
        }
        compile::encode_enum(code, static_cast<std::uint32_t>(found - attribute.values.begin()), words);
        break;
      }
      case Assignment::Kind::add: {
        if (attribute.type != model::AttributeType::set) return wrong_type();
        const model::Vocabulary& vocabulary = model.vocabulary(attribute.element);
        const auto node = vocabulary.find(assignment.text);
        if (!node) {
          std::string message = "unknown " + std::string(model::singular_name(attribute.element)) + " `" +
                                assignment.text + "` in `" + attribute.name + "`";
          if (const auto suggestion = support::closest_name(assignment.text, vocabulary.paths())) {
            message += "; did you mean `" + *suggestion + "`?";
          }
          return Error{message};
        }
        compile::encode_set_add(code, vocabulary.node(*node), words);
        break;
      }
      case Assignment::Kind::clear:
        if (attribute.type != model::AttributeType::set) return wrong_type();
        compile::encode_set_clear(code, words);
        break;
    }
  }
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    if (!given[a] && !model.attributes[a].has_default) {
      return Error{"`" + model.attributes[a].name + "` is required: the policy declares no default for it"};
    }
  }
  return detail::SubjectAccess::make(data, std::move(words));
}

}  // namespace proviso
