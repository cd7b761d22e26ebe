// Lints over allow / deny / share rules, computed cell by cell.
//
// A "problem" is one request shape: a (data leaf, purpose leaf) cell for
// processing, or that cell and a recipient leaf for sharing, with the rules
// that cover it. Many cells share the same rules, so problems are
// deduplicated by their rule list (and, where a rule says `has this ...`,
// by the leaf it binds): the work grows with the number of distinct
// situations, not with the size of the table.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "check/lints.hpp"

namespace proviso::check {
namespace {

using analysis::Bdd;
using analysis::Binding;
using model::Rule;
using model::RuleIndex;

// Which request parts a condition binds with `this ...`.
struct Uses {
  bool data = false;
  bool purpose = false;
  bool recipient = false;
};

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

// What the lints learned about one rule over every cell it covers.
struct RuleFacts {
  bool applies = false;    // its condition holds in some cell
  bool decides = false;    // (allows) it applies with no deny applying, somewhere
  RuleIndex overridden_by = UINT32_MAX;  // a deny that overrides it, for the note
  bool consent_checked = false;
  bool ignores_objection = false;
  std::uint32_t objection_data = 0;
  std::uint32_t objection_purpose = 0;
  std::uint32_t objection_recipient = Binding::none;
  std::vector<bool> obligation_applies;
};

class AccessLints {
 public:
  explicit AccessLints(LintState& state)
      : state_(state), model_(state.model), facts_(model_.rules.size()), in_conflict_(model_.rules.size(), false) {
    uses_.resize(model_.rules.size());
    for (const Rule& rule : model_.rules) {
      collect_uses(rule.guard, uses_[rule.index]);
      for (const model::ObligationUse& use : rule.obligations) collect_uses(use.guard, uses_[rule.index]);
      facts_[rule.index].obligation_applies.assign(rule.obligations.size(), false);
    }
    for (model::AttributeId a = 0; a < model_.attributes.size(); ++a) {
      const model::Attribute& attribute = model_.attributes[a];
      if (attribute.type != model::AttributeType::set) continue;
      if (attribute.element == model::VocabularyKind::purpose) objection_sets_.push_back(a);
      if (attribute.element == model::VocabularyKind::consent) consent_sets_.push_back(a);
    }
  }

  void run() {
    const analysis::CellIndex& cells = state_.cells;
    for (std::uint32_t d = 0; d < cells.data_leaves(); ++d) {
      for (std::uint32_t p = 0; p < cells.purpose_leaves(); ++p) {
        if (state_.over_budget()) return;
        processing_cell(d, p);
        sharing_cell(d, p);
      }
    }
    report();
  }

 private:
  // ---- problems ------------------------------------------------------------

  void processing_cell(std::uint32_t d, std::uint32_t p) {
    const auto rules = state_.cells.processing(d, p);
    if (rules.empty()) return;
    Binding binding{d, p, Binding::none};
    if (!first_visit(rules, {}, binding)) return;
    std::vector<RuleIndex> denies;
    std::vector<RuleIndex> allows;
    for (const RuleIndex r : rules) (model_.rules[r].effect == Effect::deny ? denies : allows).push_back(r);
    analyse(denies, allows, binding);
  }

  void sharing_cell(std::uint32_t d, std::uint32_t p) {
    const auto shares = state_.cells.sharing(d, p);
    if (shares.empty()) return;
    std::vector<RuleIndex> processing_denies;
    for (const RuleIndex r : state_.cells.processing(d, p)) {
      if (model_.rules[r].effect == Effect::deny) processing_denies.push_back(r);
    }
    std::set<std::uint32_t> recipients;
    for (const RuleIndex r : shares) {
      for (const auto& [begin, end] : state_.cells.recipients(r)) {
        for (std::uint32_t leaf = begin; leaf < end; ++leaf) recipients.insert(leaf);
      }
    }
    for (const std::uint32_t recipient : recipients) {
      std::vector<RuleIndex> denies = processing_denies;
      std::vector<RuleIndex> allows;
      std::vector<RuleIndex> applicable = processing_denies;
      for (const RuleIndex r : shares) {
        if (!analysis::contains(state_.cells.recipients(r), recipient)) continue;
        (model_.rules[r].effect == Effect::deny ? denies : allows).push_back(r);
        applicable.push_back(r);
      }
      const Binding binding{d, p, recipient};
      if (!first_visit(applicable, {recipient}, binding)) continue;
      analyse(denies, allows, binding);
    }
  }

  // True the first time a problem with these rules (and these bound leaves) is seen.
  bool first_visit(std::span<const RuleIndex> rules, const std::vector<std::uint32_t>& extra, const Binding& binding) {
    Uses uses;
    for (const RuleIndex r : rules) {
      uses.data |= uses_[r].data;
      uses.purpose |= uses_[r].purpose;
      uses.recipient |= uses_[r].recipient;
      // The objection check asks about the cell's own purpose leaf, whatever
      // the guards say.
      uses.purpose |= model_.rules[r].basis == Basis::legitimate_interest;
    }
    // Built in a reused buffer; copied only for a problem not seen before.
    key_.assign(rules.begin(), rules.end());
    key_.push_back(UINT32_MAX);
    key_.insert(key_.end(), extra.begin(), extra.end());
    key_.push_back(uses.data ? binding.data : Binding::none);
    key_.push_back(uses.purpose ? binding.purpose : Binding::none);
    if (seen_.contains(key_)) return false;
    seen_.insert(key_);
    return true;
  }

  Bdd::Ref guard(RuleIndex r, const Binding& binding) {
    const Uses& uses = uses_[r];
    const std::array<std::uint32_t, 4> key{r, uses.data ? binding.data : Binding::none,
                                           uses.purpose ? binding.purpose : Binding::none,
                                           uses.recipient ? binding.recipient : Binding::none};
    if (const auto found = guards_.find(key); found != guards_.end()) return found->second;
    const Bdd::Ref result = state_.encoding.guard(model_.rules[r].guard, binding);
    guards_.emplace(key, result);
    return result;
  }

  void analyse(const std::vector<RuleIndex>& denies, const std::vector<RuleIndex>& allows, const Binding& binding) {
    Bdd& bdd = state_.bdd;
    analysis::Encoding& encoding = state_.encoding;
    Bdd::Ref any_deny = Bdd::zero;
    for (const RuleIndex r : denies) {
      const Bdd::Ref g = guard(r, binding);
      if (!facts_[r].applies && encoding.possible(g)) facts_[r].applies = true;
      any_deny = bdd.disjoin(any_deny, g);
    }
    const Bdd::Ref no_deny = bdd.negate(any_deny);
    for (const RuleIndex r : allows) {
      RuleFacts& facts = facts_[r];
      const Rule& rule = model_.rules[r];
      const Bdd::Ref g = guard(r, binding);
      if (!encoding.possible(g)) continue;
      facts.applies = true;
      const Bdd::Ref decides = bdd.conjoin(g, no_deny);
      if (!facts.decides) {
        if (encoding.possible(decides)) {
          facts.decides = true;
        } else if (facts.overridden_by == UINT32_MAX) {
          for (const RuleIndex deny : denies) {
            if (encoding.possible(bdd.conjoin(g, guard(deny, binding)))) {
              facts.overridden_by = deny;
              break;
            }
          }
        }
      }
      for (std::size_t u = 0; u < rule.obligations.size(); ++u) {
        if (facts.obligation_applies[u]) continue;
        const Bdd::Ref use = encoding.guard(rule.obligations[u].guard, binding);
        if (encoding.possible(bdd.conjoin(g, use))) facts.obligation_applies[u] = true;
      }
      if (rule.basis == Basis::consent && !facts.consent_checked) check_consent(rule, g);
      if (rule.basis == Basis::legitimate_interest && !facts.ignores_objection) {
        check_objection(rule, decides, binding);
      }
    }
    // Allows with different bases that can apply to the same request.
    for (std::size_t i = 0; i < allows.size(); ++i) {
      for (std::size_t j = i + 1; j < allows.size(); ++j) {
        const Rule& a = model_.rules[allows[i]];
        const Rule& b = model_.rules[allows[j]];
        // One conflict per rule says enough; it also keeps a policy where
        // every rule conflicts with every other from taking quadratic time.
        if (a.basis == b.basis || in_conflict_[a.index] || in_conflict_[b.index]) continue;
        const Bdd::Ref both = bdd.conjoin(guard(a.index, binding), guard(b.index, binding));
        if (!encoding.possible(both)) continue;
        in_conflict_[a.index] = true;
        in_conflict_[b.index] = true;
        report_basis_conflict(a, b, binding);
      }
    }
  }

  void check_consent(const Rule& rule, Bdd::Ref g) {
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
    if (!state_.encoding.possible(without_consent)) return;
    state_.context.report(diag::Code::consent_not_required, rule.provenance.location,
                          "this rule relies on `consent`, but it applies even when the person has "
                          "given no consent; add a condition such as `when consents has ...`");
  }

  // A legitimate-interest allow must yield when the person objects to the
  // purpose (GDPR Art. 21): with the purpose in some objection set, no
  // subject may still be allowed by this rule.
  void check_objection(const Rule& rule, Bdd::Ref decides, const Binding& binding) {
    for (const model::AttributeId a : objection_sets_) {
      const Bdd::Ref objected = state_.encoding.set_holds(a, binding.purpose);
      if (!state_.encoding.possible(state_.bdd.conjoin(decides, objected))) return;
    }
    RuleFacts& facts = facts_[rule.index];
    facts.ignores_objection = true;
    facts.objection_data = binding.data;
    facts.objection_purpose = binding.purpose;
    facts.objection_recipient = binding.recipient;
  }

  void report_basis_conflict(const Rule& a, const Rule& b, const Binding& binding) {
    const Rule& later = a.index < b.index ? b : a;
    const Rule& earlier = a.index < b.index ? a : b;
    diag::Diagnostic& d = state_.context.report(
        diag::Code::basis_conflict, later.provenance.location,
        "this rule allows " + state_.describe_cell(binding.data, binding.purpose, binding.recipient) +
            " under `" + std::string(name_of(*later.basis)) + "`, but another rule can allow the same under `" +
            std::string(name_of(*earlier.basis)) +
            "`; a processing activity has one lawful basis, so make their conditions exclusive or narrow one");
    d.notes.push_back({earlier.provenance.location, "the rule under `" + std::string(name_of(*earlier.basis)) + "` is here"});
  }

  // ---- reporting --------------------------------------------------------------

  void report() {
    for (const Rule& rule : model_.rules) {
      const RuleFacts& facts = facts_[rule.index];
      if (!covers_anything(rule)) continue;
      if (!facts.applies) {
        state_.context.report(diag::Code::never_decides, rule.provenance.location,
                              "this rule never applies: its condition can never hold");
        continue;
      }
      if (rule.effect == Effect::allow && !facts.decides) {
        diag::Diagnostic& d = state_.context.report(
            diag::Code::never_decides, rule.provenance.location,
            "this rule never decides anything: whenever it applies, a deny applies too");
        if (facts.overridden_by != UINT32_MAX) {
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
            state_.describe_cell(facts.objection_data, facts.objection_purpose, facts.objection_recipient) +
            " when the person objects to that purpose (GDPR Art. 21)";
        message += objection_sets_.empty()
                       ? "; the subject has no `set of purpose` attribute to record objections in"
                       : "; add `unless objections has this purpose`, or a deny that covers it";
        state_.context.report(diag::Code::ignores_objection, rule.provenance.location, std::move(message));
      }
    }
  }

  bool covers_anything(const Rule& rule) const {
    const bool data = !state_.cells.data(rule.index).empty();
    const bool purposes = !state_.cells.purposes(rule.index).empty();
    const bool recipients = !rule.sharing || !state_.cells.recipients(rule.index).empty();
    return data && purposes && recipients;
  }

  LintState& state_;
  const model::Model& model_;
  std::vector<RuleFacts> facts_;
  std::vector<Uses> uses_;
  std::vector<model::AttributeId> objection_sets_;
  std::vector<model::AttributeId> consent_sets_;
  struct VectorHash {
    std::size_t operator()(const std::vector<std::uint32_t>& v) const noexcept {
      std::uint64_t h = 0xcbf29ce484222325ull ^ v.size();
      for (const std::uint32_t x : v) h = (h ^ x) * 0x100000001b3ull;
      return static_cast<std::size_t>(h ^ (h >> 32));
    }
  };
  std::unordered_set<std::vector<std::uint32_t>, VectorHash> seen_;
  std::vector<std::uint32_t> key_;
  std::map<std::array<std::uint32_t, 4>, Bdd::Ref> guards_;
  std::vector<bool> in_conflict_;
};

}  // namespace

void lint_access_rules(LintState& state) { AccessLints(state).run(); }

}  // namespace proviso::check
