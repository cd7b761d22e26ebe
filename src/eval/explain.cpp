#include "eval/explain.hpp"

#include <set>

#include "compile/policy_data.hpp"

namespace proviso::eval {
namespace {

void collect_attributes(const model::Expr& expr, std::set<model::AttributeId>& attributes, bool& form) {
  if (expr.op == model::Expr::Op::test) {
    if (expr.test.kind == model::Test::Kind::form_in) {
      form = true;
    } else {
      attributes.insert(expr.test.attribute);
    }
    return;
  }
  for (const model::Expr& operand : expr.operands) collect_attributes(operand, attributes, form);
}

// "age = 34, form = identified": the values a clause depends on.
std::string values_of(const model::Model& model, const ReferenceRequest& request, const model::Expr& expr) {
  std::set<model::AttributeId> attributes;
  bool form = false;
  collect_attributes(expr, attributes, form);
  std::string text;
  for (const model::AttributeId a : attributes) text += (text.empty() ? "" : ", ") + describe_value(model, request, a);
  if (form) text += (text.empty() ? "" : ", ") + std::string("form = ") + std::string(name_of(request.form));
  return text;
}

std::string rule_label(const RuleInfo& info) {
  std::string label = info.id.empty() ? "the " + info.kind + " rule" : "rule `" + info.id + "`";
  if (!info.section.empty()) label += " (\xC2\xA7" + info.section + ")";
  return label;
}

}  // namespace

std::string source_text(const source::SourceManager& sources, const source::Location& location) {
  const std::string_view text = sources.text(location.file);
  const std::string_view slice = text.substr(location.begin, location.end - location.begin);
  std::string out;
  bool space = false;
  for (const char c : slice) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string describe_value(const model::Model& model, const ReferenceRequest& request, model::AttributeId attribute) {
  const model::Attribute& a = model.attributes[attribute];
  const bool given = attribute < request.subject.values.size() && request.subject.values[attribute].has_value();
  std::string value;
  const auto set_text = [&](const SubjectValues::Set& set) {
    std::string names;
    for (const model::NodeId node : set) names += (names.empty() ? "" : ", ") + model.vocabulary(a.element).node(node).path;
    return "{" + names + "}";
  };
  if (given) {
    const auto& v = *request.subject.values[attribute];
    if (const auto* b = std::get_if<bool>(&v)) value = *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&v)) value = std::to_string(*i);
    if (const auto* e = std::get_if<std::uint32_t>(&v)) value = a.values[*e];
    if (const auto* s = std::get_if<SubjectValues::Set>(&v)) value = set_text(*s);
  } else {
    switch (a.type) {
      case model::AttributeType::boolean: value = a.default_boolean ? "true" : "false"; break;
      case model::AttributeType::integer: value = std::to_string(a.default_integer); break;
      case model::AttributeType::enumeration: value = a.values[a.default_value]; break;
      case model::AttributeType::set: value = set_text(a.default_set); break;
    }
    value += " (default)";
  }
  return a.name + " = " + value;
}

Explanation explain(const Policy& policy, const Request& request, const ReferenceRequest& reference) {
  const detail::PolicyData& data = policy.compiled();
  const model::Model& model = data.model;
  Explanation result;
  result.decision = policy.decide(request);
  result.reason = policy.explain(request, result.decision);
  const RuleInfo* decided_info = result.decision.rule();
  const long decided = decided_info ? decided_info - data.rule_infos.data() : -1;
  const RuleInfo* decider = decided_info;

  for (const model::Rule& rule : model.rules) {
    if (!rule_considered(rule, reference) || !rule_covers(model, rule, reference)) {
      ++result.other_rules;
      continue;
    }
    RuleOutcome outcome;
    outcome.rule = rule.index;
    const bool when_holds = !rule.guard.when || expr_holds(model, *rule.guard.when, reference);
    const bool unless_holds = rule.guard.unless && expr_holds(model, *rule.guard.unless, reference);
    if (!when_holds) {
      outcome.status = RuleOutcome::Status::not_applicable;
      outcome.detail = "does not apply: `when " + source_text(*model.sources, rule.guard.when->location) +
                       "` is false, as " + values_of(model, reference, *rule.guard.when);
    } else if (unless_holds) {
      outcome.status = RuleOutcome::Status::not_applicable;
      outcome.detail = "does not apply: `unless " + source_text(*model.sources, rule.guard.unless->location) +
                       "` is true, as " + values_of(model, reference, *rule.guard.unless);
    } else if (static_cast<long>(rule.index) == decided) {
      outcome.status = RuleOutcome::Status::decided;
      outcome.detail = rule.effect == Effect::deny
                           ? "applies and decides: deny (a deny overrides every allow)"
                           : "applies and decides: allow under " + std::string(name_of(*rule.basis));
    } else {
      outcome.status = RuleOutcome::Status::applied;
      if (rule.effect == Effect::allow && !result.decision.allowed()) {
        outcome.detail = "applies, but loses: " + (decider ? rule_label(*decider) : std::string("a deny")) +
                         " denies, and a deny overrides every allow";
      } else if (rule.effect == Effect::allow) {
        outcome.detail = "applies too, but " + rule_label(*decider) +
                         " names the request more specifically (or comes first); its obligations still apply";
      } else {
        outcome.detail = "applies too (also denies); " + rule_label(*decider) + " is reported as it is more specific";
      }
    }
    result.rules.push_back(std::move(outcome));
  }
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    result.subject.push_back(describe_value(model, reference, a));
  }
  if (!result.decision.allowed() && result.decision.reason() != Reason::invalid_request) {
    result.why_not = analysis::why_not(model, reference);
  }
  return result;
}

std::string render_explanation(const Policy& policy, const Request& request, const Explanation& explanation) {
  const detail::PolicyData& data = policy.compiled();
  const model::Model& model = data.model;
  std::string out;
  out += "request   " + policy.name_of(request.data);
  out += request.recipient.valid() ? " shared with " + policy.name_of(request.recipient) : std::string();
  out += " for " + policy.name_of(request.purpose) + " (form " + std::string(name_of(request.form)) + ")\n";
  std::string subject;
  for (const std::string& value : explanation.subject) subject += (subject.empty() ? "" : ", ") + value;
  out += "subject   " + subject + "\n";
  const Decision& d = explanation.decision;
  out += "decision  " + std::string(d.allowed() ? "ALLOW under " + std::string(name_of(*d.basis())) : "DENY") + "\n";
  if (d.allowed() && !d.obligations().empty()) {
    std::string obligations;
    for (const std::string_view o : d.obligations()) {
      obligations += (obligations.empty() ? "" : ", ") + std::string(o);
      if (const auto node = model.obligations().find(o); node && !model.obligations().node(*node).description.empty()) {
        obligations += " (" + model.obligations().node(*node).description + ")";
      }
    }
    out += "requiring " + obligations + "\n";
  }
  if (const RetentionInfo* r = d.retention()) {
    out += "retention " + (r->indefinite ? std::string("indefinitely") : r->period + " (" + r->period_text + ")") +
           " from " + r->from;
    for (std::size_t i = 0; i < r->until.size(); ++i) out += (i == 0 ? ", ending early on " : ", ") + r->until[i];
    if (r->then != "delete") out += ", then " + r->then;
    out += "  [" + r->rule.location + "]\n";
  }
  out += "reason    " + explanation.reason + "\n";
  if (explanation.why_not) {
    const analysis::WhyNot& w = *explanation.why_not;
    if (!w.possible) {
      out += "why not   " + w.impossible + "\n";
    } else {
      out += "why not   it would be allowed if:\n";
      for (std::size_t i = 0; i < w.alternatives.size(); ++i) {
        const analysis::Alternative& a = w.alternatives[i];
        std::string changes;
        for (std::size_t c = 0; c < a.changes.size(); ++c) changes += (c ? ", and " : "") + a.changes[c];
        out += "          " + std::string(i ? "or " : "   ") + changes + (a.outcome.empty() ? "" : "  (" + a.outcome + ")") + "\n";
      }
    }
  }
  out += "\n";
  out += "rules about this request (" + std::to_string(explanation.rules.size()) + " of " +
         std::to_string(model.rules.size()) + "):\n";
  for (const RuleOutcome& outcome : explanation.rules) {
    const RuleInfo& info = data.rule_infos[outcome.rule];
    const char* mark = outcome.status == RuleOutcome::Status::decided ? "DECIDES "
                       : outcome.status == RuleOutcome::Status::applied ? "APPLIES "
                                                                         : "SKIPPED ";
    out += "\n  " + std::string(mark) + rule_label(info) + "  " + info.location + "\n";
    std::string text = source_text(*model.sources, model.rules[outcome.rule].provenance.location);
    if (text.size() > 160) text = text.substr(0, 157) + "...";
    out += "          " + text + "\n";
    out += "          " + outcome.detail + "\n";
  }
  if (explanation.other_rules > 0) {
    out += "\n" + std::to_string(explanation.other_rules) +
           " other rules are about other data, purposes or recipients, or about " +
           (request.recipient.valid() ? "processing rather than sharing" : "sharing rather than processing") + ".\n";
  }
  return out;
}

}  // namespace proviso::eval
