#include "eval/reference.hpp"

namespace proviso::eval {
namespace {

const SubjectValues::Value& value_of(const model::Model& model, const ReferenceRequest& request,
                                     model::AttributeId attribute, SubjectValues::Value& scratch) {
  if (attribute < request.subject.values.size() && request.subject.values[attribute]) {
    return *request.subject.values[attribute];
  }
  // The declared default.
  const model::Attribute& a = model.attributes[attribute];
  switch (a.type) {
    case model::AttributeType::boolean: scratch = a.default_boolean; break;
    case model::AttributeType::integer: scratch = a.default_integer; break;
    case model::AttributeType::enumeration: scratch = a.default_value; break;
    case model::AttributeType::set: scratch = a.default_set; break;
  }
  return scratch;
}

// True when some element of the set is `node` or above it.
bool set_covers(const model::Vocabulary& vocabulary, const SubjectValues::Set& set, model::NodeId node) {
  for (const model::NodeId element : set) {
    if (vocabulary.covers(element, node)) return true;
  }
  return false;
}

bool test_holds(const model::Model& model, const model::Test& test, const ReferenceRequest& request) {
  using Kind = model::Test::Kind;
  SubjectValues::Value scratch;
  switch (test.kind) {
    case Kind::boolean: return std::get<bool>(value_of(model, request, test.attribute, scratch));
    case Kind::compare: {
      const std::int64_t x = std::get<std::int64_t>(value_of(model, request, test.attribute, scratch));
      switch (test.op) {
        case model::CompareOp::less: return x < test.value;
        case model::CompareOp::less_equal: return x <= test.value;
        case model::CompareOp::greater: return x > test.value;
        case model::CompareOp::greater_equal: return x >= test.value;
        case model::CompareOp::equal: return x == test.value;
        case model::CompareOp::not_equal: return x != test.value;
      }
      return false;
    }
    case Kind::enum_in: {
      const std::uint32_t v = std::get<std::uint32_t>(value_of(model, request, test.attribute, scratch));
      return ((test.mask >> v) & 1u) != 0;
    }
    case Kind::form_in: return ((test.mask >> static_cast<unsigned>(request.form)) & 1u) != 0;
    case Kind::set_has: {
      // Every leaf below the named node must be in the set.
      const model::Attribute& attribute = model.attributes[test.attribute];
      const model::Vocabulary& vocabulary = model.vocabulary(attribute.element);
      const auto& set = std::get<SubjectValues::Set>(value_of(model, request, test.attribute, scratch));
      const model::Node& node = vocabulary.node(test.node);
      for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
        if (!set_covers(vocabulary, set, vocabulary.leaf_node(leaf))) return false;
      }
      return true;
    }
    case Kind::set_has_request: {
      const model::Attribute& attribute = model.attributes[test.attribute];
      const model::NodeId node = test.part == model::RequestPart::data      ? request.data
                                 : test.part == model::RequestPart::purpose ? request.purpose
                                                                            : request.recipient;
      if (node == model::no_node) return false;
      const auto& set = std::get<SubjectValues::Set>(value_of(model, request, test.attribute, scratch));
      return set_covers(model.vocabulary(attribute.element), set, node);
    }
  }
  return false;
}

struct Precedence {
  std::uint32_t data = 0;
  std::uint32_t purpose = 0;
  std::uint32_t recipient = 0;
};

Precedence precedence(const model::Model& model, const model::Rule& rule, const ReferenceRequest& request) {
  Precedence p;
  p.data = rule.data.specificity(model.data(), request.data);
  p.purpose = rule.purposes.specificity(model.purposes(), request.purpose);
  if (request.recipient != model::no_node && rule.sharing) {
    p.recipient = rule.recipients.specificity(model.recipients(), request.recipient);
  }
  return p;
}

// True when rule `a` takes precedence over rule `b` (both apply).
bool precedes(const model::Model& model, const model::Rule& a, const model::Rule& b, const ReferenceRequest& request) {
  const Precedence pa = precedence(model, a, request);
  const Precedence pb = precedence(model, b, request);
  if (pa.data != pb.data) return pa.data > pb.data;
  if (pa.purpose != pb.purpose) return pa.purpose > pb.purpose;
  if (pa.recipient != pb.recipient) return pa.recipient > pb.recipient;
  if (a.effect == Effect::allow && a.basis != b.basis) return *a.basis < *b.basis;
  return a.index < b.index;
}

}  // namespace

bool expr_holds(const model::Model& model, const model::Expr& expr, const ReferenceRequest& request) {
  switch (expr.op) {
    case model::Expr::Op::test: return test_holds(model, expr.test, request);
    case model::Expr::Op::negate: return !expr_holds(model, expr.operands.front(), request);
    case model::Expr::Op::all_of:
      for (const model::Expr& operand : expr.operands) {
        if (!expr_holds(model, operand, request)) return false;
      }
      return true;
    case model::Expr::Op::any_of:
      for (const model::Expr& operand : expr.operands) {
        if (expr_holds(model, operand, request)) return true;
      }
      return false;
  }
  return false;
}

bool guard_holds(const model::Model& model, const model::Guard& guard, const ReferenceRequest& request) {
  if (guard.when && !expr_holds(model, *guard.when, request)) return false;
  if (guard.unless && expr_holds(model, *guard.unless, request)) return false;
  return true;
}

bool rule_considered(const model::Rule& rule, const ReferenceRequest& request) {
  const bool sharing_question = request.recipient != model::no_node;
  if (!sharing_question) return !rule.sharing;
  return rule.sharing || rule.effect == Effect::deny;
}

bool rule_covers(const model::Model& model, const model::Rule& rule, const ReferenceRequest& request) {
  if (!rule.data.covers(model.data(), request.data)) return false;
  if (!rule.purposes.covers(model.purposes(), request.purpose)) return false;
  if (rule.sharing && !rule.recipients.covers(model.recipients(), request.recipient)) return false;
  return true;
}

std::optional<std::uint32_t> reference_retention(const model::Model& model, const ReferenceRequest& request) {
  std::optional<std::uint32_t> best;
  const auto better = [&](std::uint32_t a, std::uint32_t b) {
    const model::Retention& ra = model.retentions[a];
    const model::Retention& rb = model.retentions[b];
    const std::uint32_t sa = ra.data.specificity(model.data(), request.data);
    const std::uint32_t sb = rb.data.specificity(model.data(), request.data);
    if (sa != sb) return sa > sb;
    if (ra.guard.always() != rb.guard.always()) return !ra.guard.always();  // the exception wins
    return a < b;
  };
  for (std::uint32_t i = 0; i < model.retentions.size(); ++i) {
    const model::Retention& r = model.retentions[i];
    if (!r.data.covers(model.data(), request.data) || !guard_holds(model, r.guard, request)) continue;
    if (!best || better(i, *best)) best = i;
  }
  return best;
}

ReferenceDecision reference_decide(const model::Model& model, const ReferenceRequest& request) {
  ReferenceDecision decision;
  const model::Rule* deny = nullptr;
  const model::Rule* allow = nullptr;
  std::vector<const model::Rule*> allows;
  for (const model::Rule& rule : model.rules) {
    if (!rule_considered(rule, request) || !rule_covers(model, rule, request)) continue;
    if (!guard_holds(model, rule.guard, request)) continue;
    if (rule.effect == Effect::deny) {
      if (deny == nullptr || precedes(model, rule, *deny, request)) deny = &rule;
    } else {
      allows.push_back(&rule);
      if (allow == nullptr || precedes(model, rule, *allow, request)) allow = &rule;
    }
  }
  if (deny != nullptr) {
    decision.reason = Reason::denied_by_rule;
    decision.rule = deny->index;
    return decision;
  }
  if (allow == nullptr) return decision;  // default deny
  decision.effect = Effect::allow;
  decision.reason = Reason::allowed;
  decision.rule = allow->index;
  decision.basis = allow->basis;
  for (const model::Rule* rule : allows) {
    for (const model::ObligationUse& use : rule->obligations) {
      if (guard_holds(model, use.guard, request)) decision.obligations.insert(use.obligation);
    }
  }
  decision.retention = reference_retention(model, request);
  return decision;
}

}  // namespace proviso::eval
