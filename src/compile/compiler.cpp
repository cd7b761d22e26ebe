// Model → PolicyData: vocabulary trees flattened to leaf indices, a dense
// table of (data leaf, purpose leaf) cells each pointing at the few rules
// that can apply there (denies first, then allows in precedence order),
// conditions lowered to mask tests, retention candidates per data leaf.
//
// Identical lists, sharing tables and conditions are shared, so the table's
// size follows the number of distinct situations in the policy; cells are
// recognised as repeats by a signature interned without allocation, or
// cheaper still, by having the same rules as their neighbour. Everything is
// built in a fixed order, so the same policy always compiles to the same bytes.
#include "compile/compiler.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <map>
#include <stdexcept>
#include <tuple>

#include "analysis/cells.hpp"
#include "compile/conditions.hpp"
#include "compile/fingerprint.hpp"
#include "compile/interner.hpp"
#include "compile/layout.hpp"

namespace proviso::compile {
namespace {

using analysis::Binding;
using model::RuleIndex;

std::string rule_kind(const model::Rule& rule) {
  if (rule.effect == Effect::allow) return rule.sharing ? "share" : "allow";
  return rule.sharing ? "deny share" : "deny";
}

RuleInfo make_info(const model::Model& model, const model::Provenance& provenance, std::string kind) {
  const source::SourceManager& sources = *model.sources;
  RuleInfo info;
  info.id = provenance.id;
  info.section = provenance.section;
  info.kind = std::move(kind);
  info.file = std::string(sources.path(provenance.location.file));
  const source::LineColumn at = sources.line_column(provenance.location.file, provenance.location.begin);
  info.line = at.line;
  info.column = at.column;
  info.location = info.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  std::string_view line = sources.line_text(provenance.location.file, at.line);
  const auto first = line.find_first_not_of(" \t");
  info.source = first == std::string_view::npos ? std::string() : std::string(line.substr(first));
  return info;
}

class Compiler {
 public:
  Compiler(model::Model model, detail::PolicyData& out)
      : out_(out), cells_(model), conditions_(out.model, out), specificity_(out.specificity) {
    out_.specificity = SpecificityTable(model);
    out_.model = std::move(model);
  }

  void run() {
    const model::Model& m = out_.model;
    out_.data_leaves = static_cast<std::uint32_t>(m.data().leaf_count());
    out_.purpose_leaves = static_cast<std::uint32_t>(m.purposes().leaf_count());
    out_.recipient_leaves = static_cast<std::uint32_t>(m.recipients().leaf_count());
    out_.layout = make_layout(m);
    rule_conditions_.assign(m.rules.size(), std::nullopt);
    retention_conditions_.assign(m.retentions.size(), std::nullopt);
    erasure_conditions_.assign(m.erasures.size(), std::nullopt);
    infos();
    names();
    rules();
    out_.checks.push_back(Check{});  // check 0: always
    processing_cells();
    sharing_cells();
    retention();
    erasure();
    out_.fingerprint = fingerprint(out_);
    out_.stamp = std::stoull(out_.fingerprint.substr(std::string("sha256:").size(), 16), nullptr, 16);
    if (out_.stamp == 0) out_.stamp = 1;
  }

 private:
  void infos() {
    const model::Model& m = out_.model;
    for (const model::Rule& rule : m.rules) out_.rule_infos.push_back(make_info(m, rule.provenance, rule_kind(rule)));
    for (const model::Retention& r : m.retentions) {
      RetentionInfo info;
      info.indefinite = r.kind == model::RetentionKind::indefinitely;
      info.period = r.period;
      info.period_text = r.period_text;
      info.from = m.events().node(r.event).path;
      for (const model::RetentionEnd& end : r.ends) {
        info.until.push_back(end.consent_withdrawal ? "withdrawal of " + m.consents().node(end.node).path
                                                    : m.events().node(end.node).path);
      }
      info.then = std::string(model::name_of(r.then));
      info.rule = make_info(m, r.provenance, "retain");
      out_.retention_infos.push_back(std::move(info));
    }
    for (const model::Erasure& e : m.erasures) out_.erasure_infos.push_back(make_info(m, e.provenance, "erase"));
    const model::Vocabulary& obligations = m.obligations();
    for (std::uint32_t leaf = 0; leaf < obligations.leaf_count(); ++leaf) {
      out_.obligation_names.push_back(obligations.node(obligations.leaf_node(leaf)).path);
    }
  }

  void names() {
    const model::Model& m = out_.model;
    for (std::uint32_t leaf = 0; leaf < out_.data_leaves; ++leaf) {
      out_.data_by_name.emplace(m.data().node(m.data().leaf_node(leaf)).path, leaf);
    }
    for (const model::Field& field : m.fields) out_.data_by_name.emplace(field.name, m.data().node(field.data).first_leaf);
  }

  void rules() {
    for (const model::Rule& rule : out_.model.rules) {
      RuleCode code;
      code.effect = rule.effect;
      code.basis = rule.basis.value_or(Basis::consent);
      for (const model::ObligationUse& use : rule.obligations) {
        if (use.guard.always()) code.obligations |= obligation_bit(use.obligation);
      }
      out_.rules.push_back(code);
    }
  }

  std::uint64_t obligation_bit(model::NodeId obligation) const {
    return std::uint64_t{1} << out_.model.obligations().node(obligation).first_leaf;
  }

  // A reference to a condition for the hot path: a deduplicated single
  // check for the common one-test condition, the empty check 0 for
  // "always", or a flagged index into `conditions` otherwise.
  std::uint32_t check_ref(std::uint32_t condition) {
    if (condition == always) return 0;
    const Condition& c = out_.conditions[condition];
    if (c.term_count != 1 || out_.terms[c.first_term].test_count != 1) return compiled_condition | condition;
    const Test& test = out_.tests[out_.terms[c.first_term].first_test];
    const std::array<std::uint64_t, 3> key{test.bit, test.set, test.clear};
    const auto [it, inserted] = checks_.try_emplace(key, static_cast<std::uint32_t>(out_.checks.size()));
    if (inserted) out_.checks.push_back(Check::of(test.set, test.clear, test.bit / 64));
    return it->second;
  }

  static bool never(const detail::PolicyData& data, std::uint32_t condition) {
    return condition != always && data.conditions[condition].term_count == 0;
  }

  // A rule's compiled condition and its conditional obligations. Tests on
  // the request's own leaves are relative, so these do not depend on the
  // cell and are compiled once per rule.
  struct RuleCondition {
    std::uint32_t condition = always;
    std::uint32_t check = 0;
  };
  const RuleCondition& rule_condition(RuleIndex r) {
    if (!rule_conditions_[r]) {
      const model::Rule& rule = out_.model.rules[r];
      RuleCondition compiled;
      compiled.condition = conditions_.compile(rule.guard, Binding{});
      compiled.check = check_ref(compiled.condition);
      RuleCode& code = out_.rules[r];
      code.first_conditional = static_cast<std::uint32_t>(out_.conditional_obligations.size());
      for (const model::ObligationUse& use : rule.obligations) {
        if (use.guard.always()) continue;
        if (code.conditional_count == UINT16_MAX) throw std::length_error("a rule has too many conditional obligations");
        out_.conditional_obligations.push_back(
            {obligation_bit(use.obligation), check_ref(conditions_.compile(use.guard, Binding{}))});
        ++code.conditional_count;
      }
      if (code.conditional_count == 0) code.first_conditional = 0;
      rule_conditions_[r] = compiled;
    }
    return *rule_conditions_[r];
  }

  // Orders a cell's rules: denies before allows; within each, the most
  // specific first, then (allows) by basis in Art. 6(1) order, then as written.
  void order(std::vector<RuleIndex>& rules, const Binding& binding) {
    const model::Model& m = out_.model;
    using Key = std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, int, RuleIndex>;
    keyed_.clear();
    for (const RuleIndex r : rules) {
      const model::Rule& rule = m.rules[r];
      const std::uint32_t recipient =
          rule.sharing && binding.recipient != Binding::none ? specificity_.of(r, Axis::recipient, binding.recipient) : 0;
      keyed_.push_back({Key{rule.effect == Effect::deny ? 0 : 1, ~specificity_.of(r, Axis::data, binding.data),
                            ~specificity_.of(r, Axis::purpose, binding.purpose), ~recipient,
                            rule.effect == Effect::allow ? static_cast<int>(*rule.basis) : 0, r},
                        r});
    }
    std::sort(keyed_.begin(), keyed_.end());
    for (std::size_t i = 0; i < rules.size(); ++i) rules[i] = keyed_[i].second;
  }

  // What decides a cell's list besides its rules: how specifically each
  // rule names the cell's data and purpose. Cells with the same signature
  // get the same list (most cells repeat one seen before).
  std::span<const std::uint32_t> signature(std::span<const RuleIndex> rules, std::uint32_t d, std::uint32_t p) {
    signature_.clear();
    for (const RuleIndex r : rules) {
      signature_.push_back(r);
      signature_.push_back((specificity_.of(r, Axis::data, d) << 16) | specificity_.of(r, Axis::purpose, p));
    }
    return signature_;
  }

  // True when cell (d, p) has the same signature as (d, p - 1) because it
  // has the same rules and each names every purpose it covers equally
  // specifically: the common case along a row, decided without lookups.
  bool same_as_previous(std::span<const RuleIndex> rules, std::span<const RuleIndex> previous) const {
    if (rules.size() != previous.size() || !std::equal(rules.begin(), rules.end(), previous.begin())) return false;
    return std::all_of(rules.begin(), rules.end(), [&](RuleIndex r) { return specificity_.uniform(r, Axis::purpose); });
  }

  // The list of `rules` (in precedence order) as they apply in one cell:
  // rules that can never apply are left out; equal lists are stored once.
  List list_of(std::vector<RuleIndex>& rules, const Binding& binding) {
    order(rules, binding);
    ordered_.clear();
    std::uint32_t denies = 0;
    for (const RuleIndex r : rules) {
      if (never(out_, rule_condition(r).condition)) continue;  // takes no room
      if (out_.rules[r].effect == Effect::deny) ++denies;
      ordered_.push_back(r);
    }
    if (ordered_.empty()) return List{};
    const auto [id, inserted] = lists_.intern(ordered_);
    if (!inserted) return list_values_[id];
    const std::uint32_t allows = static_cast<std::uint32_t>(ordered_.size()) - denies;
    if (denies > List::max_denies || allows > List::max_allows) {
      throw std::length_error("more than " + std::to_string(List::max_allows) +
                              " rules apply to one data category and purpose");
    }
    List list;
    list.first_entry = static_cast<std::uint32_t>(out_.entries.size());
    list.denies = static_cast<std::uint16_t>(denies);
    bool obligations = false;
    for (std::size_t i = 0; i < ordered_.size(); ++i) {
      const RuleCondition& compiled = rule_condition(ordered_[i]);
      out_.entries.push_back({ordered_[i], compiled.check});
      const RuleCode& code = out_.rules[ordered_[i]];
      if (i >= denies && (code.obligations != 0 || code.conditional_count != 0)) obligations = true;
    }
    list.allows_and_flag = static_cast<std::uint16_t>(allows | (obligations ? 0x8000u : 0u));
    list_values_.push_back(list);
    return list;
  }

  void processing_cells() {
    out_.cells.assign(std::size_t{out_.data_leaves} * out_.purpose_leaves, Cell{});
    std::vector<List> by_signature;
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      for (std::uint32_t p = 0; p < out_.purpose_leaves; ++p) {
        const std::size_t cell = std::size_t{d} * out_.purpose_leaves + p;
        const auto rules = cells_.processing(d, p);
        if (rules.empty()) continue;
        if (p > 0 && same_as_previous(rules, cells_.processing(d, p - 1))) {
          out_.cells[cell].processing = out_.cells[cell - 1].processing;
          continue;
        }
        const auto [id, inserted] = signatures_.intern(signature(rules, d, p));
        if (inserted) {
          rules_.assign(rules.begin(), rules.end());
          by_signature.push_back(list_of(rules_, Binding{d, p, Binding::none}));
        }
        out_.cells[cell].processing = by_signature[id];
      }
    }
  }

  // Sharing tables: per recipient, the `share` and `deny share` rules that
  // cover it, in precedence order. A table depends only on the cell's
  // sharing rules and how specifically they name the cell, so cells share
  // tables; table 0 (no sharing rules) answers every recipient with the
  // cell's processing denies alone.
  void sharing_cells() {
    const std::uint32_t recipients = std::max(1u, out_.recipient_leaves);
    out_.sharing_tables.assign(recipients, List{});
    SequenceInterner tables;
    std::vector<std::uint32_t> by_signature;
    covering_.assign(recipients, {});
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      for (std::uint32_t p = 0; p < out_.purpose_leaves; ++p) {
        const std::size_t cell = std::size_t{d} * out_.purpose_leaves + p;
        const auto shares = cells_.sharing(d, p);
        if (shares.empty()) continue;
        if (p > 0 && same_as_previous(shares, cells_.sharing(d, p - 1))) {
          out_.cells[cell].sharing = out_.cells[cell - 1].sharing;
          continue;
        }
        const auto [id, inserted] = tables.intern(signature(shares, d, p));
        if (inserted) {
          const auto table = static_cast<std::uint32_t>(out_.sharing_tables.size() / recipients);
          out_.sharing_tables.resize(out_.sharing_tables.size() + recipients);
          // Which sharing rules cover each recipient, from their ranges.
          for (auto& covering : covering_) covering.clear();
          for (const RuleIndex rule : shares) {
            for (const auto& [begin, end] : cells_.recipients(rule)) {
              for (std::uint32_t r = begin; r < end; ++r) covering_[r].push_back(rule);
            }
          }
          for (std::uint32_t r = 0; r < out_.recipient_leaves; ++r) {
            if (covering_[r].empty()) continue;
            rules_.assign(covering_[r].begin(), covering_[r].end());
            out_.sharing_tables[std::size_t{table} * recipients + r] = list_of(rules_, Binding{d, p, r});
          }
          by_signature.push_back(table);
        }
        out_.cells[cell].sharing = by_signature[id];
      }
    }
    // The hot path tests entries four at a time and reads a list's entry 63
    // even when the list is shorter; entries past a list's end are masked
    // off, but must exist: end the table with never-true ones.
    const std::uint32_t never = static_cast<std::uint32_t>(out_.checks.size());
    out_.checks.push_back(Check::of(1, 1, 0));  // bit 0 both set and clear: never holds
    for (int i = 0; i < 64; ++i) {
      out_.entries.push_back({0, never});
    }
  }

  std::uint32_t retention_condition(std::uint32_t i) {
    if (!retention_conditions_[i]) retention_conditions_[i] = conditions_.compile(out_.model.retentions[i].guard, Binding{});
    return *retention_conditions_[i];
  }
  std::uint32_t erasure_condition(std::uint32_t i) {
    if (!erasure_conditions_[i]) erasure_conditions_[i] = conditions_.compile(out_.model.erasures[i].guard, Binding{});
    return *erasure_conditions_[i];
  }

  void retention() {
    out_.retention_first.assign(out_.data_leaves + 1, 0);
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      out_.retention_first[d] = static_cast<std::uint32_t>(out_.retention_entries.size());
      for (const std::uint32_t i : cells_.retentions(d)) {
        const std::uint32_t condition = retention_condition(i);
        if (never(out_, condition)) continue;
        out_.retention_entries.push_back({i, check_ref(condition)});
        if (condition == always) break;  // nothing after it can be chosen
      }
    }
    out_.retention_first[out_.data_leaves] = static_cast<std::uint32_t>(out_.retention_entries.size());
  }

  void erasure() {
    const model::Model& m = out_.model;
    out_.erasure_first.assign(out_.data_leaves + 1, 0);
    std::vector<analysis::LeafRanges> ranges;
    for (const model::Erasure& e : m.erasures) ranges.push_back(analysis::leaf_ranges(m.data(), e.data));
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      out_.erasure_first[d] = static_cast<std::uint32_t>(out_.erasure_entries.size());
      const model::NodeId node = m.data().leaf_node(d);
      std::vector<std::uint32_t> candidates;
      for (std::uint32_t i = 0; i < m.erasures.size(); ++i) {
        if (analysis::contains(ranges[i], d)) candidates.push_back(i);
      }
      const auto key = [&](std::uint32_t i) {
        return std::make_tuple(~m.erasures[i].data.specificity(m.data(), node), m.erasures[i].guard.always() ? 1 : 0, i);
      };
      std::sort(candidates.begin(), candidates.end(), [&](auto a, auto b) { return key(a) < key(b); });
      for (const std::uint32_t i : candidates) {
        const std::uint32_t condition = erasure_condition(i);
        if (never(out_, condition)) continue;
        out_.erasure_entries.push_back({i, check_ref(condition)});
      }
    }
    out_.erasure_first[out_.data_leaves] = static_cast<std::uint32_t>(out_.erasure_entries.size());
  }

  detail::PolicyData& out_;
  analysis::CellIndex cells_;
  ConditionCompiler conditions_;
  const SpecificityTable& specificity_;
  SequenceInterner signatures_;  ///< processing cells' signatures
  SequenceInterner lists_;       ///< lists, by their rules in order
  std::vector<List> list_values_;  ///< per list id
  std::vector<std::uint32_t> signature_;
  std::vector<RuleIndex> rules_;
  std::vector<RuleIndex> ordered_;
  std::vector<std::vector<RuleIndex>> covering_;  ///< per recipient leaf, while building a sharing table
  std::vector<std::pair<std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, int, RuleIndex>, RuleIndex>> keyed_;
  std::map<std::array<std::uint64_t, 3>, std::uint32_t> checks_;
  std::vector<std::optional<RuleCondition>> rule_conditions_;
  std::vector<std::optional<std::uint32_t>> retention_conditions_;
  std::vector<std::optional<std::uint32_t>> erasure_conditions_;
};

}  // namespace

std::shared_ptr<detail::PolicyData> compile(model::Model model, diag::Diagnostics& diagnostics) {
  auto data = std::make_shared<detail::PolicyData>();
  try {
    Compiler(std::move(model), *data).run();
  } catch (const std::length_error& error) {
    diagnostics.report(diag::Code::limit_exceeded, {}, std::string("the policy cannot be compiled: ") + error.what());
    return nullptr;
  }
  return data;
}

}  // namespace proviso::compile
