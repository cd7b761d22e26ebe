// The access lints' working state, shared by the three files that
// implement them:
//  - lints_access.cpp enumerates the problems, analyses them and reports;
//  - lints_access_skip.cpp proves, cheaply, that a problem cannot change
//    any result, so that it needs no analysis;
//  - lints_access_settle.cpp finds the rules that no problem can teach
//    anything any more, so that cells made of them are passed by unseen.
//
// A "problem" is one request shape: a (data leaf, purpose leaf) cell for
// processing, or that cell and a recipient leaf for sharing, with the rules
// that cover it. Every fact the lints report is an "exists a problem where
// ..." fact about one rule (or one pair of rules, for basis conflicts), and
// the first problem (in cell order) where it shows is the one a message
// names. Once a rule's facts can no longer change, the problems it appears
// in have nothing left to say about it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "analysis/recipient_runs.hpp"
#include "check/flat_memo.hpp"
#include "check/lints.hpp"

namespace proviso::check::access {

using analysis::Bdd;
using analysis::Binding;
using model::Rule;
using model::RuleIndex;

constexpr RuleIndex no_rule = UINT32_MAX;

/// Which request parts a condition binds with `this ...`.
struct Uses {
  bool data = false;
  bool purpose = false;
  bool recipient = false;
};

inline Uses either(const Uses& a, const Uses& b) {
  return {a.data || b.data, a.purpose || b.purpose, a.recipient || b.recipient};
}

/// A problem's binding with the data and recipient leaves left open (see
/// Binding::open): what is proven there holds for every data and recipient
/// leaf, so a rule that says `this data` is proven once per purpose leaf,
/// not once per cell. The purpose stays: an objection is to one purpose leaf.
inline Binding opened(const Binding& binding) {
  return {Binding::open, binding.purpose, binding.recipient == Binding::none ? Binding::none : Binding::open};
}

/// What the lints learned about one rule over every problem it is in.
struct RuleFacts {
  bool applies = false;               ///< its condition holds in some problem
  bool decides = false;               ///< (allows) it applies with no deny applying, somewhere
  RuleIndex overridden_by = no_rule;  ///< a deny that overrides it, for the note
  bool consent_checked = false;
  bool ignores_objection = false;
  Binding objection;  ///< where it ignores an objection, for the message
  std::vector<bool> obligation_applies;
};

/// One problem: its binding and its rules split by effect, each in rule order.
struct Problem {
  Binding binding;
  std::vector<RuleIndex> denies;
  std::vector<RuleIndex> allows;
};

class AccessLints {
 public:
  explicit AccessLints(LintState& state);
  void run();

 private:
  // ---- problems and their analysis (lints_access.cpp) ------------------------
  void processing_cell(std::uint32_t d, std::uint32_t p);
  void sharing_cell(std::uint32_t d, std::uint32_t p);
  void solve(const Problem& problem);
  void analyse(const Problem& problem);
  void check_consent(const Rule& rule, Bdd::Ref g);
  void check_objection(const Rule& rule, Bdd::Ref g, Bdd::Ref denies, const Binding& binding);
  /// True when some real subject satisfies `f` and `g`.
  bool possible(Bdd::Ref f, Bdd::Ref g = Bdd::one);
  /// True when some real subject satisfies `f` but not `h`.
  bool possible_without(Bdd::Ref f, Bdd::Ref h);
  void report_basis_conflict(const Rule& a, const Rule& b, const Binding& binding);
  void report();
  bool covers_anything(const Rule& rule) const;

  struct Guard {
    Bdd::Ref ref = Bdd::zero;
    bool possible = false;
  };
  /// A rule's guard at a binding, and whether it can hold.
  Guard guard(RuleIndex r, const Binding& binding);
  /// The guard of a rule's obligation `u` at a binding.
  Bdd::Ref obligation_guard(RuleIndex r, std::size_t u, const Binding& binding);
  /// The leaves of `binding` that rules with `uses` can tell apart; the
  /// others are `none`, so bindings that differ only there share entries.
  static std::array<std::uint32_t, 3> bound(const Uses& uses, const Binding& binding);

  // ---- skipping (lints_access_skip.cpp) ---------------------------------------
  /// True when every rule is settled and the allows that may still conflict
  /// share one basis: then no problem made of these rules, or of some of
  /// them, can change anything.
  bool quiet(std::span<const RuleIndex> rules) const;
  /// True when the allows among `rules` not in a conflict yet share one basis.
  bool one_basis(std::span<const RuleIndex> rules) const;
  /// True when every deny among `rules` is settled.
  bool denies_settled(std::span<const RuleIndex> rules) const;
  /// True when analysing `problem` would change no fact and report nothing.
  bool changes_nothing(const Problem& problem);
  bool never_holds(RuleIndex r, const Binding& open);
  bool allow_changes_nothing(RuleIndex r, const Problem& problem, bool blanket_deny);
  bool learns_nothing(RuleIndex r, const Problem& problem, bool blanket_deny, const Binding& at);
  bool overridden_here(RuleIndex r, const Problem& problem, const Binding& at);
  bool objection_honoured_here(RuleIndex r, const Problem& problem, const Binding& at);
  bool bases_exclusive(const Problem& problem);
  /// For some objection set: the allow's guard cannot hold when the person objects to the purpose.
  bool own_guard_honours_objection(RuleIndex r, const Binding& at);
  /// For some objection set: the deny holds whenever the person objects to the purpose.
  bool deny_honours_objection(RuleIndex w, const Binding& at);
  template <typename Honoured>
  bool for_some_objection(const Binding& at, Honoured&& honoured);
  /// True when the denies together hold whenever allow `r` does, at the binding.
  bool overrides(RuleIndex r, const std::vector<RuleIndex>& denies, const Binding& binding);

  enum class Proof : std::uint32_t { covers, exclusive, obligation, own_objection, deny_objection };
  /// `prove(at)`: something can never hold at `at`; remembered by `kind`,
  /// the rules (or the rule and another index) and the leaves `uses` binds.
  template <typename Prove>
  bool proven(Proof kind, RuleIndex a, std::uint32_t b, const Uses& uses, const Binding& at, Prove&& prove);

  // ---- settling (lints_access_settle.cpp) -------------------------------------
  /// Records which of the problem's rules have nothing left to learn.
  void settle(const Problem& problem);
  bool settled_for_good(RuleIndex r);
  bool obligation_never_applies(RuleIndex r, std::size_t u);
  bool overridden_everywhere(RuleIndex r);
  bool objection_honoured_everywhere(RuleIndex r);
  template <typename Holds>
  bool for_each_purpose(RuleIndex r, const Uses& uses, Holds&& holds);

  // ---- state --------------------------------------------------------------------
  LintState& state_;
  const model::Model& model_;
  std::vector<model::AttributeId> objection_sets_;
  std::vector<model::AttributeId> consent_sets_;

  // Per rule.
  std::vector<RuleFacts> facts_;
  std::vector<Uses> guard_uses_;
  std::vector<Uses> obligation_uses_;  // of all its obligations together
  static constexpr std::uint8_t no_basis = 0;
  static constexpr std::uint8_t basis_code(Basis basis) {
    return static_cast<std::uint8_t>(1 + static_cast<int>(basis));
  }
  std::vector<std::uint8_t> basis_;               // allows: basis_code(their basis); denies: no_basis
  std::vector<bool> in_conflict_;                 // in a reported basis conflict
  std::vector<bool> settled_;                     // no problem can change its facts any more
  std::vector<bool> mentions_objections_;         // its guard tests a `set of purpose` attribute
  std::vector<bool> override_everywhere_known_;   // overridden_everywhere() was asked
  std::vector<bool> objection_everywhere_known_;  // objection_honoured_everywhere() was asked

  // Per purpose leaf: the denies of processing for it that test an
  // objection set, the only ones that can hold whenever the person objects.
  std::vector<std::vector<RuleIndex>> objection_denies_;

  // Denies that together override an allow that never decided: the fewest
  // of a problem's denies that did. Usually one deny overrides a rule
  // everywhere, but `allow ... when objections has this purpose or age <= 15`
  // needs the objection deny and the age deny together.
  static constexpr std::uint32_t no_set = UINT32_MAX;
  struct DenySet {
    std::vector<RuleIndex> denies;
    Uses uses;  // of their guards
  };
  std::uint32_t deny_set(const std::vector<RuleIndex>& denies);
  std::vector<DenySet> deny_sets_;
  std::map<std::vector<RuleIndex>, std::uint32_t> deny_set_ids_;
  std::vector<std::uint32_t> witness_;  // per allow: the deny set that overrode it last

  static constexpr Bdd::Ref no_guard = UINT32_MAX;
  std::vector<Guard> plain_guards_;  // per rule whose guard binds nothing; ref no_guard until built
  FlatMemo<5, Guard> guards_;        // (rule, 0 or obligation + 1, bound leaves)
  FlatMemo<6, bool> proofs_;         // (proof, rule, rule or index, bound leaves)

  // Reused from problem to problem, so that enumerating allocates nothing.
  Problem problem_;
  std::vector<RuleIndex> processing_denies_;
  analysis::RecipientRuns runs_;
  std::vector<bool> group_done_;
  std::vector<RuleIndex> denies_;
  std::vector<RuleIndex> proven_denies_;
};

template <typename Prove>
bool AccessLints::proven(Proof kind, RuleIndex a, std::uint32_t b, const Uses& uses, const Binding& at,
                         Prove&& prove) {
  const auto leaves = bound(uses, at);
  return proofs_.get({static_cast<std::uint32_t>(kind), a, b, leaves[0], leaves[1], leaves[2]},
                     [&] { return prove(at); });
}

}  // namespace proviso::check::access
