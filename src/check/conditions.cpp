// Resolving and type-checking conditions. Each test is checked against the
// declared type of its attribute; a wrong use gets a message that shows the
// right one ("`region` is not yes/no; compare it with `is`, as in ...").
#include <algorithm>

#include <boost/variant/apply_visitor.hpp>

#include "check/context.hpp"
#include "support/spelling.hpp"

namespace proviso::check {

using model::AttributeType;
using model::Expr;
using model::Test;

// Resolves one test (an ast::Primary alternative) into an Expr.
class TestResolver {
 public:
  TestResolver(Context& context, source::FileId file, ConditionScope scope)
      : context_(context), file_(file), scope_(scope) {}

  std::optional<Expr> operator()(const ast::BoolTest& t) {
    if (t.attribute.name == "form") {
      return fail(t.attribute, "`form` is not yes/no; test it with `is`, as in `form is anonymized`");
    }
    const model::Attribute* attribute = lookup(t.attribute);
    if (!attribute) return std::nullopt;
    if (attribute->type != AttributeType::boolean) return wrong_use(t.attribute, *attribute);
    Test test;
    test.kind = Test::Kind::boolean;
    test.attribute = id_;
    return make(test, t);
  }

  std::optional<Expr> operator()(const ast::CompareTest& t) {
    const model::Attribute* attribute = t.attribute.name == "form" ? nullptr : lookup(t.attribute);
    if (t.attribute.name == "form") {
      return fail(t.attribute, "`form` is not a number; test it with `is`, as in `form is anonymized`");
    }
    if (!attribute) return std::nullopt;
    if (attribute->type != AttributeType::integer) return wrong_use(t.attribute, *attribute);
    if (t.value.overflow) {
      context_.report(diag::Code::integer_out_of_range, Context::at(file_, t.value),
                      "this number is too large");
      return std::nullopt;
    }
    Test test;
    test.kind = Test::Kind::compare;
    test.attribute = id_;
    test.op = static_cast<model::CompareOp>(t.op);
    test.value = t.value.value;
    return make(test, t);
  }

  std::optional<Expr> operator()(const ast::IsTest& t) {
    auto expr = values_test(t.attribute, {t.value}, t);
    if (!expr || !t.negated) return expr;
    Expr negation;
    negation.op = Expr::Op::negate;
    negation.location = expr->location;
    negation.operands.push_back(std::move(*expr));
    return negation;
  }

  std::optional<Expr> operator()(const ast::InTest& t) { return values_test(t.attribute, t.values, t); }

  std::optional<Expr> operator()(const ast::HasTest& t) {
    const model::Attribute* attribute = set_attribute(t.attribute);
    if (!attribute) return std::nullopt;
    const auto node = context_.resolve(attribute->element, t.element, file_);
    if (!node) return std::nullopt;
    Test test;
    test.kind = Test::Kind::set_has;
    test.attribute = id_;
    test.node = *node;
    return make(test, t);
  }

  std::optional<Expr> operator()(const ast::HasRequestTest& t) {
    const model::Attribute* attribute = set_attribute(t.attribute);
    if (!attribute) return std::nullopt;
    const auto part = static_cast<model::RequestPart>(t.part);
    const model::VocabularyKind needed = part == model::RequestPart::data      ? model::VocabularyKind::data
                                         : part == model::RequestPart::purpose ? model::VocabularyKind::purpose
                                                                               : model::VocabularyKind::recipient;
    const std::string part_name(model::singular_name(needed));
    if (attribute->element != needed) {
      return fail(t, "`" + attribute->name + "` is a set of " +
                         std::string(model::singular_name(attribute->element)) +
                         " names, so it cannot hold this " + part_name);
    }
    if ((part == model::RequestPart::purpose && !scope_.purpose) ||
        (part == model::RequestPart::recipient && !scope_.recipient)) {
      return fail(t, "`this " + part_name + "` means nothing here: only " +
                         (part == model::RequestPart::recipient ? std::string("`share` and `deny share` rules")
                                                                : std::string("rules about purposes")) +
                         " have a " + part_name);
    }
    Test test;
    test.kind = Test::Kind::set_has_request;
    test.attribute = id_;
    test.part = part;
    return make(test, t);
  }

  std::optional<Expr> operator()(const ast::x3::forward_ast<ast::Condition>& group) {
    return context_.resolve_condition(group.get(), file_, scope_);
  }

 private:
  std::optional<Expr> make(Test test, const ast::Located& node) {
    Expr expr;
    expr.op = Expr::Op::test;
    test.location = Context::at(file_, node);
    expr.location = test.location;
    expr.test = test;
    return expr;
  }

  std::optional<Expr> fail(const ast::Located& node, std::string message) {
    context_.report(diag::Code::type_mismatch, Context::at(file_, node), std::move(message));
    return std::nullopt;
  }

  const model::Attribute* lookup(const ast::Identifier& name) {
    if (const auto id = context_.model.attribute(name.name)) {
      id_ = *id;
      context_.used_attributes[*id] = true;
      return &context_.model.attributes[*id];
    }
    std::vector<std::string> names{"form"};
    for (const model::Attribute& attribute : context_.model.attributes) names.push_back(attribute.name);
    std::string message = "unknown subject attribute `" + name.name + "`";
    if (const auto suggestion = support::closest_name(name.name, names)) {
      message += "; did you mean `" + *suggestion + "`?";
    } else if (context_.model.attributes.empty()) {
      message += "; declare it in a `subject { ... }` block";
    }
    context_.report(diag::Code::unknown_name, Context::at(file_, name), std::move(message));
    return nullptr;
  }

  const model::Attribute* set_attribute(const ast::Identifier& name) {
    if (name.name == "form") {
      fail(name, "`form` is not a set; test it with `is`, as in `form is anonymized`");
      return nullptr;
    }
    const model::Attribute* attribute = lookup(name);
    if (attribute && attribute->type != AttributeType::set) {
      wrong_use(name, *attribute);
      return nullptr;
    }
    return attribute;
  }

  // `region is eu`, `form in {aggregated, anonymized}`.
  std::optional<Expr> values_test(const ast::Identifier& name, const std::vector<ast::Identifier>& values,
                                  const ast::Located& node) {
    Test test;
    std::vector<std::string> allowed;
    if (name.name == "form") {
      test.kind = Test::Kind::form_in;
      for (const Form form : all_forms) allowed.emplace_back(name_of(form));
    } else {
      const model::Attribute* attribute = lookup(name);
      if (!attribute) return std::nullopt;
      if (attribute->type != AttributeType::enumeration) return wrong_use(name, *attribute);
      test.kind = Test::Kind::enum_in;
      test.attribute = id_;
      allowed = attribute->values;
    }
    for (const ast::Identifier& value : values) {
      const auto found = std::find(allowed.begin(), allowed.end(), value.name);
      if (found == allowed.end()) {
        context_.report(diag::Code::unknown_name, Context::at(file_, value),
                        support::not_a_value(value.name, name.name, allowed));
        return std::nullopt;
      }
      test.mask |= std::uint64_t{1} << (found - allowed.begin());
    }
    return make(test, node);
  }

  // The right way to test an attribute of this type, as advice.
  std::optional<Expr> wrong_use(const ast::Identifier& name, const model::Attribute& attribute) {
    std::string advice;
    switch (attribute.type) {
      case AttributeType::boolean: advice = "it is yes/no; test it on its own, as in `" + attribute.name + "` or `not " + attribute.name + "`"; break;
      case AttributeType::integer: advice = "it is a number; compare it, as in `" + attribute.name + " < 16`"; break;
      case AttributeType::enumeration: advice = "it is one of several values; test it with `is`, as in `" + attribute.name + " is " + attribute.values.front() + "`"; break;
      case AttributeType::set: advice = "it is a set; test it with `has`, as in `" + attribute.name + " has ...`"; break;
    }
    return fail(name, "`" + attribute.name + "` cannot be used this way: " + advice);
  }

  Context& context_;
  source::FileId file_;
  ConditionScope scope_;
  model::AttributeId id_ = 0;
};

std::optional<Expr> Context::resolve_test(const ast::Primary& primary, source::FileId file,
                                          ConditionScope scope) {
  TestResolver resolver(*this, file, scope);
  return boost::apply_visitor(resolver, primary.get());
}

std::optional<Expr> Context::resolve_condition(const ast::Condition& condition, source::FileId file,
                                               ConditionScope scope) {
  Expr any;
  any.op = Expr::Op::any_of;
  any.location = at(file, condition);
  bool ok = true;
  for (const ast::Conjunction& conjunction : condition.alternatives) {
    Expr all;
    all.op = Expr::Op::all_of;
    all.location = at(file, conjunction);
    for (const ast::Negation& negation : conjunction.operands) {
      std::optional<Expr> operand = resolve_test(negation.operand, file, scope);
      if (!operand) {
        ok = false;
        continue;
      }
      // `not not x` is `x`: only the parity of the count matters.
      if (negation.negations % 2 == 1) {
        Expr negated;
        negated.op = Expr::Op::negate;
        negated.location = at(file, negation);
        negated.operands.push_back(std::move(*operand));
        operand = std::move(negated);
      }
      all.operands.push_back(std::move(*operand));
    }
    if (all.operands.size() == 1) {
      any.operands.push_back(std::move(all.operands.front()));
    } else {
      any.operands.push_back(std::move(all));
    }
  }
  if (!ok) return std::nullopt;
  if (any.operands.size() == 1) return std::move(any.operands.front());
  return any;
}

std::optional<model::Guard> Context::resolve_guard(const boost::optional<ast::Condition>& when,
                                                   const boost::optional<ast::Condition>& unless,
                                                   source::FileId file, ConditionScope scope) {
  model::Guard guard;
  bool ok = true;
  if (when) {
    guard.when = resolve_condition(*when, file, scope);
    ok = ok && guard.when.has_value();
  }
  if (unless) {
    guard.unless = resolve_condition(*unless, file, scope);
    ok = ok && guard.unless.has_value();
  }
  if (!ok) return std::nullopt;
  return guard;
}

}  // namespace proviso::check
