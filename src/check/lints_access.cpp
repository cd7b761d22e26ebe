// Lints over allow / deny / share rules, computed problem by problem (see
// lints_access.hpp): basis-conflict, consent-not-required,
// ignores-objection, never-decides.
//
// Problems are visited in a fixed order (data leaf, purpose leaf, then
// recipient leaf), and the first problem where a fact shows is the one a
// message names. A policy of 100,000 rules has millions of problems, but
// after the first few thousand nearly all of them have nothing left to say:
// lints_access_skip.cpp recognises those before any BDD is built.
#include <algorithm>

#include "check/lints_access.hpp"

namespace proviso::check {
namespace access {
namespace {

void collect_uses(const model::Expr& expr, Uses& uses) {
  if (expr.op == model::Expr::Op::test) {
    if (expr.test.kind == model::Test::Kind::set_has_request) {
      if (expr.test.part == model::RequestPart::data) uses.data = true;
      if (expr.test.part == model::RequestPart::purpose) uses.purpose = true;
      if (expr.test.part == model::RequestPart::recipient) uses.recipient = true;
    }
    return;
  }
  for (const model::Expr& operand : expr.operands) collect_uses(operand, uses);
}

void collect_uses(const model::Guard& guard, Uses& uses) {
  if (guard.when) collect_uses(*guard.when, uses);
  if (guard.unless) collect_uses(*guard.unless, uses);
}

// True when the expression tests one of `sets` at all.
bool mentions(const model::Expr& expr, const std::vector<model::AttributeId>& sets) {
  if (expr.op == model::Expr::Op::test) {
    const bool set_test =
        expr.test.kind == model::Test::Kind::set_has || expr.test.kind == model::Test::Kind::set_has_request;
    return set_test && std::find(sets.begin(), sets.end(), expr.test.attribute) != sets.end();
  }
  return std::any_of(expr.operands.begin(), expr.operands.end(),
                     [&](const model::Expr& operand) { return mentions(operand, sets); });
}

}  // namespace

AccessLints::AccessLints(LintState& state)
    : state_(state),
      model_(state.model),
      facts_(model_.rules.size()),
      guard_uses_(model_.rules.size()),
      obligation_uses_(model_.rules.size()),
      basis_(model_.rules.size(), no_basis),
      in_conflict_(model_.rules.size(), false),
      settled_(model_.rules.size(), false),
      mentions_objections_(model_.rules.size(), false),
      override_everywhere_known_(model_.rules.size(), false),
      objection_everywhere_known_(model_.rules.size(), false),
      objection_denies_(state.cells.purpose_leaves()),
      witness_(model_.rules.size(), no_set),
      plain_guards_(model_.rules.size(), Guard{no_guard, false}) {
  for (model::AttributeId a = 0; a < model_.attributes.size(); ++a) {
    const model::Attribute& attribute = model_.attributes[a];
    if (attribute.type != model::AttributeType::set) continue;
    if (attribute.element == model::VocabularyKind::purpose) objection_sets_.push_back(a);
    if (attribute.element == model::VocabularyKind::consent) consent_sets_.push_back(a);
  }
  for (const Rule& rule : model_.rules) {
    const RuleIndex r = rule.index;
    collect_uses(rule.guard, guard_uses_[r]);
    for (const model::ObligationUse& use : rule.obligations) collect_uses(use.guard, obligation_uses_[r]);
    facts_[r].obligation_applies.assign(rule.obligations.size(), false);
    if (rule.effect == Effect::allow) basis_[r] = basis_code(*rule.basis);
    mentions_objections_[r] = (rule.guard.when && mentions(*rule.guard.when, objection_sets_)) ||
                              (rule.guard.unless && mentions(*rule.guard.unless, objection_sets_));
    if (rule.effect != Effect::deny || rule.sharing || !mentions_objections_[r]) continue;
    for (const auto& [begin, end] : state_.cells.purposes(r)) {
      for (std::uint32_t p = begin; p < end; ++p) objection_denies_[p].push_back(r);
    }
  }
}

void AccessLints::run() {
  const analysis::CellIndex& cells = state_.cells;
  for (std::uint32_t d = 0; d < cells.data_leaves(); ++d) {
    for (std::uint32_t p = 0; p < cells.purpose_leaves(); ++p) {
      if (state_.over_budget()) return;
      // Most cells, once their rules settle, are passed by here without a
      // problem being built.
      const auto processing = cells.processing(d, p);
      const bool processing_quiet = quiet(processing);
      if (!processing_quiet) processing_cell(d, p);
      const auto shares = cells.sharing(d, p);
      if (shares.empty()) continue;
      if (!((processing_quiet || denies_settled(processing)) && quiet(shares))) sharing_cell(d, p);
    }
  }
  report();
}

// ---- problems ----------------------------------------------------------------

void AccessLints::processing_cell(std::uint32_t d, std::uint32_t p) {
  problem_.binding = {d, p, Binding::none};
  problem_.denies.clear();
  problem_.allows.clear();
  for (const RuleIndex r : state_.cells.processing(d, p)) {
    (basis_[r] == no_basis ? problem_.denies : problem_.allows).push_back(r);
  }
  if (problem_.denies.empty() && problem_.allows.empty()) return;
  solve(problem_);
}

// One problem per recipient leaf, with the cell's processing denies (a deny
// of processing forbids sharing too) and the sharing rules that name the
// recipient. Recipients covered by the same sharing rules make the same
// problem unless a rule says `this recipient`: analysing such a problem
// again, for a later recipient of the same cell, recomputes the same BDDs
// into facts already recorded, so only the first recipient is analysed.
void AccessLints::sharing_cell(std::uint32_t d, std::uint32_t p) {
  const auto shares = state_.cells.sharing(d, p);
  if (shares.empty()) return;
  processing_denies_.clear();
  for (const RuleIndex r : state_.cells.processing(d, p)) {
    if (basis_[r] == no_basis) processing_denies_.push_back(r);
  }
  // With the denies settled and the sharing allows on one basis, a run
  // whose sharing rules are all settled is quiet (see quiet()).
  const bool quiet_when_settled = denies_settled(processing_denies_) && one_basis(shares);
  runs_.build(state_.cells, shares);
  group_done_.assign(runs_.groups(), false);
  for (const analysis::RecipientRuns::Run& run : runs_.runs()) {
    bool per_recipient = false;
    bool settled = true;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (!runs_.covers(run.group, i)) continue;
      const RuleIndex r = shares[i];
      per_recipient = per_recipient || guard_uses_[r].recipient || obligation_uses_[r].recipient;
      settled = settled && settled_[r];
    }
    if (quiet_when_settled && settled) continue;
    if (group_done_[run.group] && !per_recipient) continue;
    group_done_[run.group] = true;
    problem_.denies = processing_denies_;
    problem_.allows.clear();
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (!runs_.covers(run.group, i)) continue;
      (basis_[shares[i]] == no_basis ? problem_.denies : problem_.allows).push_back(shares[i]);
    }
    const std::uint32_t end = per_recipient ? run.end : run.begin + 1;
    for (std::uint32_t recipient = run.begin; recipient < end; ++recipient) {
      problem_.binding = {d, p, recipient};
      solve(problem_);
    }
  }
}

void AccessLints::solve(const Problem& problem) {
  if (changes_nothing(problem)) return;
  analyse(problem);
  settle(problem);
}

// ---- analysis ------------------------------------------------------------------

std::array<std::uint32_t, 3> AccessLints::bound(const Uses& uses, const Binding& binding) {
  return {uses.data ? binding.data : Binding::none, uses.purpose ? binding.purpose : Binding::none,
          uses.recipient ? binding.recipient : Binding::none};
}

AccessLints::Guard AccessLints::guard(RuleIndex r, const Binding& binding) {
  const Uses& uses = guard_uses_[r];
  const auto build = [&] {
    const Bdd::Ref ref = state_.encoding.guard(model_.rules[r].guard, binding);
    return Guard{ref, possible(ref)};
  };
  // Most guards bind nothing: one per rule, found without hashing.
  if (!uses.data && !uses.purpose && !uses.recipient) {
    if (plain_guards_[r].ref == no_guard) plain_guards_[r] = build();
    return plain_guards_[r];
  }
  const auto leaves = bound(uses, binding);
  return guards_.get({r, 0, leaves[0], leaves[1], leaves[2]}, build);
}

Bdd::Ref AccessLints::obligation_guard(RuleIndex r, std::size_t u, const Binding& binding) {
  const auto leaves = bound(obligation_uses_[r], binding);
  const auto slot = static_cast<std::uint32_t>(u + 1);
  return guards_
      .get({r, slot, leaves[0], leaves[1], leaves[2]},
           [&] {
             return Guard{state_.encoding.guard(model_.rules[r].obligations[u].guard, binding), false};
           })
      .ref;
}

// A settled rule (lints_access.hpp) would only recompute what its facts
// already say, so it is passed by. Whether something can hold is asked of
// the conjunction without building it (Bdd::meet); only the union of the
// denies is built, and only for an allow that still needs it.
void AccessLints::analyse(const Problem& problem) {
  const Binding& binding = problem.binding;
  for (const RuleIndex r : problem.denies) {
    if (!facts_[r].applies && guard(r, binding).possible) facts_[r].applies = true;
  }
  Bdd::Ref any_deny = Bdd::zero;
  bool any_deny_known = false;
  const auto denies = [&] {
    if (!any_deny_known) {
      for (const RuleIndex r : problem.denies) any_deny = state_.bdd.disjoin(any_deny, guard(r, binding).ref);
      any_deny_known = true;
    }
    return any_deny;
  };
  for (const RuleIndex r : problem.allows) {
    if (settled_[r]) continue;
    RuleFacts& facts = facts_[r];
    const Rule& rule = model_.rules[r];
    const Guard g = guard(r, binding);
    if (!g.possible) continue;
    facts.applies = true;
    if (!facts.decides) {
      if (possible_without(g.ref, denies())) {
        facts.decides = true;
      } else if (facts.overridden_by == no_rule) {
        for (const RuleIndex deny : problem.denies) {
          if (possible(g.ref, guard(deny, binding).ref)) {
            facts.overridden_by = deny;
            break;
          }
        }
      }
    }
    for (std::size_t u = 0; u < rule.obligations.size(); ++u) {
      if (!facts.obligation_applies[u] && possible(g.ref, obligation_guard(r, u, binding))) {
        facts.obligation_applies[u] = true;
      }
    }
    if (rule.basis == Basis::consent && !facts.consent_checked) check_consent(rule, g.ref);
    if (rule.basis == Basis::legitimate_interest && !facts.ignores_objection) {
      check_objection(rule, g.ref, denies(), binding);
    }
  }
  // Allows with different bases that can apply to the same request.
  const std::vector<RuleIndex>& allows = problem.allows;
  for (std::size_t i = 0; i < allows.size(); ++i) {
    for (std::size_t j = i + 1; j < allows.size(); ++j) {
      const Rule& a = model_.rules[allows[i]];
      const Rule& b = model_.rules[allows[j]];
      // One conflict per rule says enough; it also keeps a policy where
      // every rule conflicts with every other from taking quadratic time.
      if (a.basis == b.basis || in_conflict_[a.index] || in_conflict_[b.index]) continue;
      if (!possible(guard(a.index, binding).ref, guard(b.index, binding).ref)) continue;
      in_conflict_[a.index] = true;
      in_conflict_[b.index] = true;
      report_basis_conflict(a, b, binding);
    }
  }
}

bool AccessLints::possible(Bdd::Ref f, Bdd::Ref g) {
  return state_.bdd.meet(f, g, state_.encoding.valid());
}

bool AccessLints::possible_without(Bdd::Ref f, Bdd::Ref h) {
  return state_.bdd.meet(f, state_.encoding.valid(), h, true);
}

void AccessLints::check_consent(const Rule& rule, Bdd::Ref g) {
  facts_[rule.index].consent_checked = true;
  Bdd::Ref without_consent = g;
  for (const model::AttributeId a : consent_sets_) {
    const std::uint32_t leaves = static_cast<std::uint32_t>(model_.consents().leaf_count());
    for (std::uint32_t leaf = 0; leaf < leaves; ++leaf) {
      if (const auto v = state_.encoding.set_leaf_var(a, leaf)) {
        without_consent = state_.bdd.restrict(without_consent, *v, false);
      }
    }
  }
  if (!possible(without_consent)) return;
  state_.context.report(diag::Code::consent_not_required, rule.provenance.location,
                        "this rule relies on `consent`, but it applies even when the person has "
                        "given no consent; add a condition such as `when consents has ...`");
}

// A legitimate-interest allow must yield when the person objects to the
// purpose (GDPR Art. 21): with the purpose in some objection set, no
// subject may still be allowed by this rule (its guard `g`, no deny of
// `denies` holding).
void AccessLints::check_objection(const Rule& rule, Bdd::Ref g, Bdd::Ref denies, const Binding& binding) {
  for (const model::AttributeId a : objection_sets_) {
    const Bdd::Ref objected =
        state_.bdd.conjoin(state_.encoding.set_holds(a, binding.purpose), state_.encoding.valid());
    if (!state_.bdd.meet(g, objected, denies, true)) return;
  }
  RuleFacts& facts = facts_[rule.index];
  facts.ignores_objection = true;
  facts.objection = binding;
}

void AccessLints::report_basis_conflict(const Rule& a, const Rule& b, const Binding& binding) {
  const Rule& later = a.index < b.index ? b : a;
  const Rule& earlier = a.index < b.index ? a : b;
  diag::Diagnostic& d = state_.context.report(
      diag::Code::basis_conflict, later.provenance.location,
      "this rule allows " + state_.describe_cell(binding.data, binding.purpose, binding.recipient) +
          " under `" + std::string(name_of(*later.basis)) + "`, but another rule can allow the same under `" +
          std::string(name_of(*earlier.basis)) +
          "`; a processing activity has one lawful basis, so make their conditions exclusive or narrow one");
  d.notes.push_back(
      {earlier.provenance.location, "the rule under `" + std::string(name_of(*earlier.basis)) + "` is here"});
}

// ---- reporting -------------------------------------------------------------------

void AccessLints::report() {
  for (const Rule& rule : model_.rules) {
    const RuleFacts& facts = facts_[rule.index];
    if (!covers_anything(rule)) continue;
    if (!facts.applies) {
      state_.context.report(diag::Code::never_decides, rule.provenance.location,
                            "this rule never applies: its condition can never hold");
      continue;
    }
    if (rule.effect == Effect::allow && !facts.decides) {
      diag::Diagnostic& d =
          state_.context.report(diag::Code::never_decides, rule.provenance.location,
                                "this rule never decides anything: whenever it applies, a deny applies too");
      if (facts.overridden_by != no_rule) {
        d.notes.push_back({model_.rules[facts.overridden_by].provenance.location, "for example, this deny"});
      }
    }
    for (std::size_t u = 0; u < rule.obligations.size(); ++u) {
      if (!facts.obligation_applies[u]) {
        state_.context.report(diag::Code::never_decides, rule.obligations[u].location,
                              "this obligation is never required: its condition never holds when the "
                              "rule applies");
      }
    }
    if (facts.ignores_objection) {
      std::string message =
          "this rule relies on `legitimate_interest`, but still allows " +
          state_.describe_cell(facts.objection.data, facts.objection.purpose, facts.objection.recipient) +
          " when the person objects to that purpose (GDPR Art. 21)";
      message += objection_sets_.empty()
                     ? "; the subject has no `set of purpose` attribute to record objections in"
                     : "; add `unless objections has this purpose`, or a deny that covers it";
      state_.context.report(diag::Code::ignores_objection, rule.provenance.location, std::move(message));
    }
  }
}

bool AccessLints::covers_anything(const Rule& rule) const {
  const bool data = !state_.cells.data(rule.index).empty();
  const bool purposes = !state_.cells.purposes(rule.index).empty();
  const bool recipients = !rule.sharing || !state_.cells.recipients(rule.index).empty();
  return data && purposes && recipients;
}

}  // namespace access

void lint_access_rules(LintState& state) {
  access::AccessLints(state).run();
}

}  // namespace proviso::check
