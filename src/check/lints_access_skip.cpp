// When a problem cannot change any result of the access lints, and needs no
// analysis.
//
// analyse() does nothing but set facts of its rules — applies, decides,
// overridden_by, obligation_applies, consent_checked, ignores_objection
// (each once; the first problem that sets one is the one reported) — and
// report a basis conflict between two allows that are in none yet. So a
// problem changes nothing when
//  - each deny already applies somewhere, or cannot apply here;
//  - each allow cannot apply here, or has nothing left to learn here: it
//    applied somewhere, its consent was checked, each obligation applied
//    somewhere or cannot here, it decided somewhere or denies that together
//    hold whenever it does override it here too (then it decides nothing
//    here and has no objection to ignore), and (legitimate interest) it
//    ignored an objection somewhere or honours the objection here;
//  - no two allows of different bases, neither in a conflict yet, can apply
//    to the same request here.
// Every test below is a sufficient condition for one of these; when none
// holds, the problem is analysed, which is always correct. The proofs are
// memoised by the leaves their rules can tell apart, so a rule without
// `this ...` is proven once for the whole policy.
#include <algorithm>

#include "check/lints_access.hpp"

namespace proviso::check::access {

bool AccessLints::quiet(std::span<const RuleIndex> rules) const {
  std::uint8_t basis = no_basis;
  for (const RuleIndex r : rules) {
    if (!settled_[r]) return false;
    if (basis_[r] == no_basis || in_conflict_[r]) continue;
    if (basis == no_basis) basis = basis_[r];
    if (basis != basis_[r]) return false;
  }
  return true;
}

bool AccessLints::one_basis(std::span<const RuleIndex> rules) const {
  std::uint8_t basis = no_basis;
  for (const RuleIndex r : rules) {
    if (basis_[r] == no_basis || in_conflict_[r]) continue;
    if (basis == no_basis) basis = basis_[r];
    if (basis != basis_[r]) return false;
  }
  return true;
}

bool AccessLints::denies_settled(std::span<const RuleIndex> rules) const {
  return std::all_of(rules.begin(), rules.end(),
                     [&](RuleIndex r) { return basis_[r] != no_basis || settled_[r]; });
}

bool AccessLints::changes_nothing(const Problem& problem) {
  const Binding open = opened(problem.binding);
  for (const RuleIndex w : problem.denies) {
    if (!settled_[w] && !never_holds(w, open) && guard(w, problem.binding).possible) return false;
  }
  // A deny with no condition: nothing is allowed here.
  const bool blanket_deny = std::any_of(problem.denies.begin(), problem.denies.end(),
                                        [&](RuleIndex w) { return model_.rules[w].guard.always(); });
  std::uint8_t basis = no_basis;  // of the allows that may still be in a conflict
  bool mixed = false;
  for (const RuleIndex r : problem.allows) {
    if (!settled_[r] && !allow_changes_nothing(r, problem, blanket_deny)) return false;
    if (in_conflict_[r]) continue;
    if (basis == no_basis) basis = basis_[r];
    mixed = mixed || basis != basis_[r];
  }
  return !mixed || bases_exclusive(problem);
}

bool AccessLints::allow_changes_nothing(RuleIndex r, const Problem& problem, bool blanket_deny) {
  const Rule& rule = model_.rules[r];
  const RuleFacts& facts = facts_[r];
  const Binding open = opened(problem.binding);
  if (never_holds(r, open)) return true;  // analyse() passes it by
  if (!facts.applies) return !guard(r, problem.binding).possible;
  if (rule.basis == Basis::consent && !facts.consent_checked) return false;
  // Proven with open leaves, it holds for every cell; an open leaf forgets
  // what ties `this data` to a named leaf (`opt_outs has this data` against
  // `opt_outs has billing`), which the problem's own leaves keep.
  return learns_nothing(r, problem, blanket_deny, open) ||
         learns_nothing(r, problem, blanket_deny, problem.binding);
}

// A guard that cannot hold with the data and recipient left open cannot hold
// here; if it does not bind the purpose either, it holds nowhere, and the
// rule, which can never apply, is settled.
bool AccessLints::never_holds(RuleIndex r, const Binding& open) {
  if (guard(r, open).possible) return false;
  if (!guard_uses_[r].purpose) settled_[r] = true;
  return true;
}

// Every test here proves that something cannot hold at `at`; if the allow's
// guard cannot hold there, all of them are true too.
bool AccessLints::learns_nothing(RuleIndex r, const Problem& problem, bool blanket_deny, const Binding& at) {
  const Rule& rule = model_.rules[r];
  const RuleFacts& facts = facts_[r];
  for (std::size_t u = 0; u < rule.obligations.size(); ++u) {
    if (facts.obligation_applies[u]) continue;
    const auto slot = static_cast<std::uint32_t>(u);
    if (!proven(Proof::obligation, r, slot, either(guard_uses_[r], obligation_uses_[r]), at,
                [&](const Binding& b) { return !possible(guard(r, b).ref, obligation_guard(r, u, b)); })) {
      return false;
    }
  }
  bool overridden = blanket_deny;
  if (!facts.decides) {
    // A rule that applies and never decided has its example deny already;
    // it stays undecided if denies override it here.
    if (facts.overridden_by == no_rule) return false;
    if (!overridden && !overridden_here(r, problem, at)) return false;
    overridden = true;
  }
  if (rule.basis == Basis::legitimate_interest && !facts.ignores_objection && !overridden &&
      !objection_honoured_here(r, problem, at)) {
    return false;
  }
  return true;
}

// The problem's denies together hold whenever the allow does. The denies
// that did last time are tried first; failing them, the problem's own are,
// and the fewest of them that suffice become the ones to try next time.
bool AccessLints::overridden_here(RuleIndex r, const Problem& problem, const Binding& at) {
  const auto in_problem = [&](RuleIndex w) {
    return std::find(problem.denies.begin(), problem.denies.end(), w) != problem.denies.end();
  };
  if (const std::uint32_t last = witness_[r]; last != no_set) {
    const DenySet& set = deny_sets_[last];
    if (std::all_of(set.denies.begin(), set.denies.end(), in_problem) &&
        proven(Proof::covers, r, last, either(guard_uses_[r], set.uses), at,
               [&](const Binding& b) { return overrides(r, set.denies, b); })) {
      return true;
    }
  }
  if (!overrides(r, problem.denies, at)) return false;
  denies_ = problem.denies;
  for (std::size_t i = denies_.size(); i-- > 0;) {
    const RuleIndex w = denies_[i];
    denies_.erase(denies_.begin() + static_cast<std::ptrdiff_t>(i));
    if (!overrides(r, denies_, at)) denies_.insert(denies_.begin() + static_cast<std::ptrdiff_t>(i), w);
  }
  witness_[r] = deny_set(denies_);
  return true;
}

bool AccessLints::overrides(RuleIndex r, const std::vector<RuleIndex>& denies, const Binding& binding) {
  Bdd& bdd = state_.bdd;
  Bdd::Ref any_deny = Bdd::zero;
  for (const RuleIndex w : denies) any_deny = bdd.disjoin(any_deny, guard(w, binding).ref);
  return !possible_without(guard(r, binding).ref, any_deny);
}

std::uint32_t AccessLints::deny_set(const std::vector<RuleIndex>& denies) {
  const auto [found, added] = deny_set_ids_.emplace(denies, static_cast<std::uint32_t>(deny_sets_.size()));
  if (added) {
    DenySet set{denies, {}};
    for (const RuleIndex w : denies) set.uses = either(set.uses, guard_uses_[w]);
    deny_sets_.push_back(std::move(set));
  }
  return found->second;
}

// check_objection() finds the objection honoured when, for some objection
// set, no subject the allow decides for has the cell's purpose in it. That
// holds if the allow's own guard excludes the objection, or a deny of the
// problem holds whenever the person objects, or denies override the allow.
bool AccessLints::objection_honoured_here(RuleIndex r, const Problem& problem, const Binding& at) {
  if (own_guard_honours_objection(r, at)) return true;
  for (const RuleIndex w : problem.denies) {
    if (mentions_objections_[w] && deny_honours_objection(w, at)) return true;
  }
  return overridden_here(r, problem, at);
}

template <typename Honoured>
bool AccessLints::for_some_objection(const Binding& at, Honoured&& honoured) {
  return std::any_of(objection_sets_.begin(), objection_sets_.end(), [&](model::AttributeId a) {
    return honoured(state_.encoding.set_holds(a, at.purpose));
  });
}

bool AccessLints::own_guard_honours_objection(RuleIndex r, const Binding& at) {
  Uses uses = guard_uses_[r];
  uses.purpose = true;  // the objection is to the cell's purpose, whatever the guard binds
  return proven(Proof::own_objection, r, no_rule, uses, at, [&](const Binding& b) {
    return for_some_objection(b, [&](Bdd::Ref objected) { return !possible(guard(r, b).ref, objected); });
  });
}

bool AccessLints::deny_honours_objection(RuleIndex w, const Binding& at) {
  Uses uses = guard_uses_[w];
  uses.purpose = true;
  return proven(Proof::deny_objection, w, no_rule, uses, at, [&](const Binding& b) {
    return for_some_objection(
        b, [&](Bdd::Ref objected) { return !possible_without(objected, guard(w, b).ref); });
  });
}

bool AccessLints::bases_exclusive(const Problem& problem) {
  const std::vector<RuleIndex>& allows = problem.allows;
  for (std::size_t i = 0; i < allows.size(); ++i) {
    const RuleIndex a = allows[i];
    if (in_conflict_[a]) continue;
    for (std::size_t j = i + 1; j < allows.size(); ++j) {
      const RuleIndex b = allows[j];
      if (in_conflict_[b] || model_.rules[a].basis == model_.rules[b].basis) continue;
      const auto exclusive_at = [&](const Binding& at) {
        return proven(Proof::exclusive, a, b, either(guard_uses_[a], guard_uses_[b]), at,
                      [&](const Binding& x) { return !possible(guard(a, x).ref, guard(b, x).ref); });
      };
      if (!exclusive_at(opened(problem.binding)) && !exclusive_at(problem.binding)) return false;
    }
  }
  return true;
}

}  // namespace proviso::check::access
