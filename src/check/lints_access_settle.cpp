// When a rule has nothing left to learn from any problem, for good: then
// lints_access_skip.cpp passes it by without a question.
//
// Most rules settle in the first problem they are analysed in: they apply,
// decide, their obligations apply, their consent is checked. Two kinds would
// otherwise be asked about again in every cell they cover:
//  - an allow that never decides, because denies override it: settled once
//    the denies that override it are in every problem it is in, and provably
//    hold whenever it does (for every leaf its guard can bind);
//  - a legitimate-interest allow that honours objections: settled once, for
//    each purpose leaf it covers, its own guard excludes the objection or a
//    deny in every problem it is in holds whenever the person objects.
#include <algorithm>
#include <cstdio>

#include "check/lints_access.hpp"

namespace proviso::check::access {
namespace {

// True when every leaf of `inner` is in `outer` (both sorted and disjoint).
bool includes(const analysis::LeafRanges& outer, const analysis::LeafRanges& inner) {
  auto range = outer.begin();
  for (const auto& [begin, end] : inner) {
    while (range != outer.end() && range->second <= begin) ++range;
    if (range == outer.end() || range->first > begin || range->second < end) return false;
  }
  return true;
}

}  // namespace

void AccessLints::settle(const Problem& problem) {
  for (const RuleIndex w : problem.denies) settled_[w] = facts_[w].applies;
  for (const RuleIndex r : problem.allows) {
    if (!settled_[r]) settled_[r] = settled_for_good(r);
  }
}

bool AccessLints::settled_for_good(RuleIndex r) {
  const RuleFacts& facts = facts_[r];
  if (!facts.applies || (basis_[r] == basis_code(Basis::consent) && !facts.consent_checked)) return false;
  const bool objection_open = basis_[r] == basis_code(Basis::legitimate_interest) && !facts.ignores_objection;
  // The questions about every cell of the rule are asked once each; asked
  // again, the answer is no (yes would have settled it).
  if (facts.decides ? objection_open && objection_everywhere_known_[r] : override_everywhere_known_[r])
    return false;
  for (std::size_t u = 0; u < facts.obligation_applies.size(); ++u) {
    if (!facts.obligation_applies[u] && !obligation_never_applies(r, u)) return false;
  }
  // Overridden everywhere, it decides nothing anywhere, so it has no
  // objection to ignore either.
  if (!facts.decides) return overridden_everywhere(r);
  return !objection_open || objection_honoured_everywhere(r);
}

// `holds(at)` for each purpose leaf of the allow, data and recipient left
// open; for one purpose leaf only, when nothing binds the purpose.
template <typename Holds>
bool AccessLints::for_each_purpose(RuleIndex r, const Uses& uses, Holds&& holds) {
  for (const auto& [begin, end] : state_.cells.purposes(r)) {
    for (std::uint32_t p = begin; p < end; ++p) {
      if (!holds(Binding{Binding::open, p, model_.rules[r].sharing ? Binding::open : Binding::none}))
        return false;
      if (!uses.purpose) return true;
    }
  }
  return true;
}

// For each purpose leaf of the allow, the denies that are in every problem
// of the allow with that purpose — those of the first data leaf's cell that
// cover all its data (and recipients) — must together hold whenever it does.
// Neighbouring purpose leaves usually have the same such denies; when no
// guard involved binds the purpose, those need no second proof.
bool AccessLints::overridden_everywhere(RuleIndex r) {
  override_everywhere_known_[r] = true;
  const analysis::CellIndex& cells = state_.cells;
  const bool sharing = model_.rules[r].sharing;
  const std::uint32_t first_data = cells.data(r).front().first;
  bool purpose_bound = guard_uses_[r].purpose;
  const auto collect = [&](std::span<const RuleIndex> rules) {
    for (const RuleIndex w : rules) {
      if (basis_[w] != no_basis || !includes(cells.data(w), cells.data(r))) continue;  // allows have a basis
      if (model_.rules[w].sharing && !includes(cells.recipients(w), cells.recipients(r))) continue;
      denies_.push_back(w);
      purpose_bound = purpose_bound || guard_uses_[w].purpose;
    }
  };
  bool proven_before = false;  // with proven_denies_
  Uses uses = guard_uses_[r];
  uses.purpose = true;  // each purpose leaf has its own denies
  return for_each_purpose(r, uses, [&](const Binding& at) {
    denies_.clear();
    collect(cells.processing(first_data, at.purpose));
    if (sharing) collect(cells.sharing(first_data, at.purpose));
    if (proven_before && !purpose_bound && denies_ == proven_denies_) return true;
    if (!overrides(r, denies_, at)) return false;
    proven_denies_ = denies_;
    proven_before = true;
    return true;
  });
}

bool AccessLints::obligation_never_applies(RuleIndex r, std::size_t u) {
  const Uses uses = either(guard_uses_[r], obligation_uses_[r]);
  const auto slot = static_cast<std::uint32_t>(u);
  return for_each_purpose(r, uses, [&](const Binding& at) {
    return proven(Proof::obligation, r, slot, uses, at,
                  [&](const Binding& b) { return !possible(guard(r, b).ref, obligation_guard(r, u, b)); });
  });
}

bool AccessLints::objection_honoured_everywhere(RuleIndex r) {
  objection_everywhere_known_[r] = true;
  const analysis::CellIndex& cells = state_.cells;
  Uses uses = guard_uses_[r];
  uses.purpose = true;  // each purpose leaf has its own objection
  return for_each_purpose(r, uses, [&](const Binding& at) {
    if (own_guard_honours_objection(r, at)) return true;
    // A deny of processing for this purpose and all the allow's data is in
    // every problem of the allow for this purpose.
    const std::vector<RuleIndex>& denies = objection_denies_[at.purpose];
    return std::any_of(denies.begin(), denies.end(), [&](RuleIndex w) {
      return includes(cells.data(w), cells.data(r)) && deny_honours_objection(w, at);
    });
  });
}

}  // namespace proviso::check::access
