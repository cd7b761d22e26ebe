// Declaring the subject's attributes and the field map.
#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include "check/context.hpp"
#include "support/spelling.hpp"

namespace proviso::check {
namespace {

using model::AttributeType;
using model::VocabularyKind;

constexpr std::size_t max_enum_values = 64;

std::optional<VocabularyKind> set_element_kind(std::string_view name) {
  if (name == "data") return VocabularyKind::data;
  if (name == "purpose") return VocabularyKind::purpose;
  if (name == "recipient") return VocabularyKind::recipient;
  if (name == "consent") return VocabularyKind::consent;
  return std::nullopt;
}

class AttributeBuilder {
 public:
  AttributeBuilder(Context& context, source::FileId file) : context_(context), file_(file) {}

  void declare(const ast::AttributeDeclaration& declaration) {
    model::Attribute prototype;
    if (!resolve_type(declaration.type, prototype)) return;
    for (const ast::Identifier& name : declaration.names) {
      model::Attribute attribute = prototype;
      attribute.name = name.name;
      attribute.location = Context::at(file_, name);
      if (name.name == "form") {
        context_.report(diag::Code::reserved_name, attribute.location,
                        "`form` names the form of the requested data and cannot be a subject "
                        "attribute");
        continue;
      }
      if (const auto previous = context_.model.attribute(name.name)) {
        diag::Diagnostic& d = context_.report(diag::Code::duplicate_declaration, attribute.location,
                                              "the attribute `" + name.name + "` is declared twice");
        d.notes.push_back({context_.model.attributes[*previous].location, "first declared here"});
        continue;
      }
      if (declaration.default_value && !resolve_default(*declaration.default_value, attribute)) continue;
      if (!declaration.default_value &&
          (attribute.type == AttributeType::boolean || attribute.type == AttributeType::set)) {
        attribute.has_default = true;  // false, and the empty set
      }
      context_.model.attributes.push_back(std::move(attribute));
    }
  }

 private:
  bool resolve_type(const ast::Type& type, model::Attribute& attribute) {
    if (const auto* named = boost::get<ast::Identifier>(&type.get())) {
      if (named->name == "int") {
        attribute.type = AttributeType::integer;
        return true;
      }
      if (named->name == "bool") {
        attribute.type = AttributeType::boolean;
        return true;
      }
      std::string message = "unknown type `" + named->name +
                            "`; types are `int`, `bool`, `one of {...}` and `set of ...`";
      if (named->name == "integer" || named->name == "number") message += "; did you mean `int`?";
      if (named->name == "boolean" || named->name == "flag") message += "; did you mean `bool`?";
      context_.report(diag::Code::type_mismatch, Context::at(file_, *named), std::move(message));
      return false;
    }
    if (const auto* enumeration = boost::get<ast::EnumType>(&type.get())) {
      attribute.type = AttributeType::enumeration;
      for (const ast::Identifier& value : enumeration->values) {
        for (const std::string& existing : attribute.values) {
          if (existing == value.name) {
            context_.report(diag::Code::duplicate_declaration, Context::at(file_, value),
                            "the value `" + value.name + "` is listed twice");
            return false;
          }
        }
        attribute.values.push_back(value.name);
      }
      if (attribute.values.size() > max_enum_values) {
        context_.report(diag::Code::limit_exceeded, Context::at(file_, *enumeration),
                        "an attribute may have at most " + std::to_string(max_enum_values) + " values");
        return false;
      }
      return true;
    }
    const auto& set = boost::get<ast::SetType>(type.get());
    const auto kind = set_element_kind(set.element.name);
    if (!kind) {
      std::string message = "a set holds `consent`, `purpose`, `data` or `recipient` names, not `" +
                            set.element.name + "`";
      if (const auto suggestion = support::closest_name(
              set.element.name, {"consent", "purpose", "data", "recipient", "consents", "purposes",
                                 "recipients"})) {
        std::string singular = *suggestion;
        if (singular.back() == 's') singular.pop_back();
        message += "; did you mean `" + singular + "`?";
      }
      context_.report(diag::Code::type_mismatch, Context::at(file_, set.element), std::move(message));
      return false;
    }
    attribute.type = AttributeType::set;
    attribute.element = *kind;
    return true;
  }

  bool resolve_default(const ast::DefaultValue& value, model::Attribute& attribute) {
    const source::Location where = boost::apply_visitor(
        [&](const auto& v) { return Context::at(file_, v); }, value.get());
    const auto mismatch = [&](std::string_view expected) {
      context_.report(diag::Code::bad_default, where,
                      "the default of `" + attribute.name + "` must be " + std::string(expected));
      return false;
    };
    switch (attribute.type) {
      case AttributeType::integer: {
        const auto* number = boost::get<ast::Integer>(&value.get());
        if (!number) return mismatch("a whole number");
        if (number->overflow) {
          context_.report(diag::Code::integer_out_of_range, where, "this number is too large");
          return false;
        }
        attribute.default_integer = number->value;
        break;
      }
      case AttributeType::boolean: {
        const auto* word = boost::get<ast::Identifier>(&value.get());
        if (!word || (word->name != "true" && word->name != "false")) return mismatch("`true` or `false`");
        attribute.default_boolean = word->name == "true";
        break;
      }
      case AttributeType::enumeration: {
        const auto* word = boost::get<ast::Identifier>(&value.get());
        if (!word) return mismatch("one of its values");
        const auto found = std::find(attribute.values.begin(), attribute.values.end(), word->name);
        if (found == attribute.values.end()) {
          context_.report(diag::Code::bad_default, where,
                          support::not_a_value(word->name, attribute.name, attribute.values));
          return false;
        }
        attribute.default_value = static_cast<std::uint32_t>(found - attribute.values.begin());
        break;
      }
      case AttributeType::set: {
        const auto* set = boost::get<ast::SetLiteral>(&value.get());
        if (!set) return mismatch("a set in braces, such as `{}`");
        bool ok = true;
        for (const ast::Path& element : set->elements) {
          if (const auto node = context_.resolve(attribute.element, element, file_)) {
            attribute.default_set.push_back(*node);
          } else {
            ok = false;
          }
        }
        if (!ok) return false;
        break;
      }
    }
    attribute.has_default = true;
    return true;
  }

  Context& context_;
  source::FileId file_;
};

}  // namespace

void declare_subject(Context& context) {
  for (const loader::LoadedFile& file : context.program.files) {
    for (const ast::Statement& statement : file.parsed.ast.statements) {
      if (const auto* subject = boost::get<ast::SubjectBlock>(&statement.body.get())) {
        AttributeBuilder builder(context, file.id);
        for (const ast::AttributeDeclaration& declaration : subject->attributes) builder.declare(declaration);
      }
    }
  }
  context.used_attributes.assign(context.model.attributes.size(), false);
}

void declare_fields(Context& context) {
  const model::Vocabulary& data = context.model.data();
  for (const loader::LoadedFile& file : context.program.files) {
    for (const ast::Statement& statement : file.parsed.ast.statements) {
      const auto* declaration = boost::get<ast::FieldDeclaration>(&statement.body.get());
      if (!declaration) continue;
      const std::string name = joined(declaration->field);
      const source::Location where = Context::at(file.id, declaration->field);
      if (const model::Field* previous = context.model.field(name)) {
        diag::Diagnostic& d = context.report(diag::Code::duplicate_declaration, where,
                                             "the field `" + name + "` is declared twice");
        d.notes.push_back({previous->location, "first declared here"});
        continue;
      }
      if (data.find(name)) {
        context.report(diag::Code::duplicate_declaration, where,
                       "the field `" + name + "` has the same name as a data category; a request "
                       "naming it would be ambiguous");
        continue;
      }
      const auto node = context.resolve(model::VocabularyKind::data, declaration->data, file.id);
      if (!node) continue;
      if (!data.node(*node).is_leaf()) {
        context.report(diag::Code::field_not_leaf, Context::at(file.id, declaration->data),
                       "a field holds one kind of data, but `" + data.node(*node).path +
                           "` has finer categories below it; name one of them, or declare one");
        continue;
      }
      context.model.fields.push_back({name, *node, where});
    }
  }
}

}  // namespace proviso::check
