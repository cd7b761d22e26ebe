#include "analysis/model_text.hpp"

namespace proviso::analysis {
namespace {

std::string test_text(const model::Model& model, const model::Test& test) {
  using Kind = model::Test::Kind;
  const auto attribute = [&]() -> const model::Attribute& { return model.attributes[test.attribute]; };
  const auto values = [&](const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t v = 0; v < names.size(); ++v) {
      if ((test.mask >> v) & 1u) text += (text.empty() ? "" : ", ") + names[v];
    }
    return text;
  };
  switch (test.kind) {
    case Kind::boolean: return attribute().name;
    case Kind::compare: {
      static const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
      return attribute().name + " " + ops[static_cast<int>(test.op)] + " " + std::to_string(test.value);
    }
    case Kind::enum_in: {
      if (__builtin_popcountll(test.mask) == 1) return attribute().name + " is " + values(attribute().values);
      return attribute().name + " in {" + values(attribute().values) + "}";
    }
    case Kind::form_in: {
      static const std::vector<std::string> forms = {"identified", "pseudonymized", "aggregated", "anonymized"};
      if (__builtin_popcountll(test.mask) == 1) return "form is " + values(forms);
      return "form in {" + values(forms) + "}";
    }
    case Kind::set_has: {
      const model::Vocabulary& vocabulary = model.vocabulary(attribute().element);
      std::string text = attribute().name + " has " + vocabulary.node(test.node).path;
      // A group's meaning is its leaves: spell them out when there are several.
      const model::Node& node = vocabulary.node(test.node);
      if (!node.is_leaf()) {
        text += " [";
        for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
          text += (leaf == node.first_leaf ? "" : " ") + vocabulary.node(vocabulary.leaf_node(leaf)).path;
        }
        text += "]";
      }
      return text;
    }
    case Kind::set_has_request: {
      static const char* parts[] = {"data", "purpose", "recipient"};
      return attribute().name + " has this " + parts[static_cast<int>(test.part)];
    }
  }
  return "?";
}

// Precedence: 0 or, 1 and, 2 not/test.
std::string expr_text(const model::Model& model, const model::Expr& expr, int context) {
  switch (expr.op) {
    case model::Expr::Op::test: return test_text(model, expr.test);
    case model::Expr::Op::negate: return "not " + expr_text(model, expr.operands.front(), 2);
    case model::Expr::Op::all_of:
    case model::Expr::Op::any_of: {
      const bool all = expr.op == model::Expr::Op::all_of;
      const int mine = all ? 1 : 0;
      std::string text;
      for (std::size_t i = 0; i < expr.operands.size(); ++i) {
        text += (i ? (all ? " and " : " or ") : "") + expr_text(model, expr.operands[i], mine + 1);
      }
      return context > mine ? "(" + text + ")" : text;
    }
  }
  return "?";
}

}  // namespace

std::string expr_text(const model::Model& model, const model::Expr& expr) { return expr_text(model, expr, 0); }

std::string guard_text(const model::Model& model, const model::Guard& guard) {
  std::string text;
  if (guard.when) text += "when " + expr_text(model, *guard.when);
  if (guard.unless) text += (text.empty() ? "" : " ") + std::string("unless ") + expr_text(model, *guard.unless);
  return text;
}

std::string selection_text(const model::Vocabulary& vocabulary, const model::Selection& selection) {
  std::string text;
  if (selection.all) text = "all";
  for (const model::NodeId node : selection.included) text += (text.empty() ? "" : ", ") + vocabulary.node(node).path;
  if (!selection.excluded.empty()) {
    text += " except ";
    for (std::size_t i = 0; i < selection.excluded.size(); ++i) {
      text += (i ? ", " : "") + vocabulary.node(selection.excluded[i]).path;
    }
  }
  return text;
}

std::string rule_text(const model::Model& model, const model::Rule& rule) {
  std::string text = rule.effect == Effect::allow ? (rule.sharing ? "share " : "allow ")
                                                  : (rule.sharing ? "deny share " : "deny ");
  text += selection_text(model.data(), rule.data);
  if (rule.sharing) text += " with " + selection_text(model.recipients(), rule.recipients);
  text += " for " + selection_text(model.purposes(), rule.purposes);
  if (rule.basis) text += " under " + std::string(name_of(*rule.basis));
  const std::string guard = guard_text(model, rule.guard);
  if (!guard.empty()) text += " " + guard;
  for (std::size_t i = 0; i < rule.obligations.size(); ++i) {
    const model::ObligationUse& use = rule.obligations[i];
    text += (i ? ", " : " requiring ") + model.obligations().node(use.obligation).path;
    const std::string own = guard_text(model, use.guard);
    if (!own.empty()) text += " " + own;
  }
  return text;
}

std::string retention_text(const model::Model& model, const model::Retention& r) {
  std::string text = "retain " + selection_text(model.data(), r.data);
  switch (r.kind) {
    case model::RetentionKind::period: text += " for " + r.period + " after " + model.events().node(r.event).path; break;
    case model::RetentionKind::until_event: text += " until " + model.events().node(r.event).path; break;
    case model::RetentionKind::indefinitely: text += " indefinitely"; break;
  }
  for (std::size_t i = 0; i < r.ends.size(); ++i) {
    text += (i ? ", " : " or until ") + std::string(r.ends[i].consent_withdrawal ? "withdrawal of " : "") +
            (r.ends[i].consent_withdrawal ? model.consents() : model.events()).node(r.ends[i].node).path;
  }
  if (r.then != model::EndAction::delete_data) text += " then " + std::string(model::name_of(r.then));
  const std::string guard = guard_text(model, r.guard);
  if (!guard.empty()) text += " " + guard;
  return text;
}

}  // namespace proviso::analysis
