// Model → PolicyData: vocabulary trees flattened to leaf indices, a dense
// table of (data leaf, purpose leaf) cells each pointing at the few rules
// that can apply there (denies first, then allows in precedence order),
// conditions lowered to mask tests, retention candidates per data leaf.
//
// Identical lists and conditions are shared, so the table's size follows the
// number of distinct situations in the policy. Everything is built in a
// fixed order, so the same policy always compiles to the same bytes.
#include "compile/compiler.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <unordered_map>
#include <map>
#include <numeric>
#include <stdexcept>

#include "analysis/cells.hpp"
#include "compile/conditions.hpp"
#include "compile/fingerprint.hpp"
#include "compile/layout.hpp"

namespace proviso::compile {
namespace {

using analysis::Binding;
using model::RuleIndex;

// Hash of a vector of small integers, for the memo tables below.
struct VectorHash {
  template <typename T>
  std::size_t operator()(const std::vector<T>& v) const noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull ^ v.size();
    for (const T x : v) h = (h ^ static_cast<std::uint64_t>(x)) * 0x100000001b3ull;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
};

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
      : out_(out), cells_(model), conditions_(out.model, out) {
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
    out_.lists.push_back({0, 0, 0});  // the empty list
    out_.list_obligations.push_back(0);
    out_.checks.push_back({0, 0, 0});  // check 0: always
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
    if (inserted) out_.checks.push_back({test.set, test.clear, test.bit / 64});
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
    EntryObligations obligations;
  };
  const RuleCondition& rule_condition(RuleIndex r) {
    if (!rule_conditions_[r]) {
      const model::Rule& rule = out_.model.rules[r];
      RuleCondition compiled;
      compiled.condition = conditions_.compile(rule.guard, Binding{});
      compiled.check = check_ref(compiled.condition);
      compiled.obligations.first = static_cast<std::uint32_t>(out_.conditional_obligations.size());
      for (const model::ObligationUse& use : rule.obligations) {
        if (use.guard.always()) continue;
        out_.conditional_obligations.push_back(
            {obligation_bit(use.obligation), check_ref(conditions_.compile(use.guard, Binding{}))});
        ++compiled.obligations.count;
      }
      if (compiled.obligations.count == 0) compiled.obligations.first = 0;
      rule_conditions_[r] = compiled;
    }
    return *rule_conditions_[r];
  }

  // A rule's entry in a cell; nullopt when it can never apply.
  std::optional<std::pair<Entry, EntryObligations>> entry(RuleIndex r) {
    const RuleCondition& compiled = rule_condition(r);
    if (never(out_, compiled.condition)) return std::nullopt;
    return std::make_pair(Entry{r, compiled.check}, compiled.obligations);
  }

  // Orders a cell's rules: denies before allows; within each, the most
  // specific first, then (allows) by basis in Art. 6(1) order, then as written.
  void order(std::vector<RuleIndex>& rules, const Binding& binding) const {
    const model::Model& m = out_.model;
    using Key = std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, int, RuleIndex>;
    std::vector<std::pair<Key, RuleIndex>> keyed;
    keyed.reserve(rules.size());
    for (const RuleIndex r : rules) {
      const model::Rule& rule = m.rules[r];
      const auto spec = [](const model::Vocabulary& v, const model::Selection& s, std::uint32_t leaf) {
        return leaf == Binding::none ? 0u : s.specificity(v, v.leaf_node(leaf));
      };
      keyed.push_back({Key{rule.effect == Effect::deny ? 0 : 1, ~spec(m.data(), rule.data, binding.data),
                           ~spec(m.purposes(), rule.purposes, binding.purpose),
                           ~(rule.sharing ? spec(m.recipients(), rule.recipients, binding.recipient) : 0u),
                           rule.effect == Effect::allow ? static_cast<int>(*rule.basis) : 0, r},
                       r});
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t i = 0; i < rules.size(); ++i) rules[i] = keyed[i].second;
  }

  // The list of a cell's rules. Its content depends only on which rules
  // they are and how specifically each names the cell, so that is the key
  // of a memo: most cells repeat a list seen before.
  std::uint32_t list_for(std::span<const RuleIndex> rules, const Binding& binding) {
    const model::Model& m = out_.model;
    signature_.clear();
    for (const RuleIndex r : rules) {
      const model::Rule& rule = m.rules[r];
      const std::uint32_t d = rule.data.specificity(m.data(), m.data().leaf_node(binding.data));
      const std::uint32_t p = rule.purposes.specificity(m.purposes(), m.purposes().leaf_node(binding.purpose));
      const std::uint32_t c = binding.recipient == Binding::none || !rule.sharing
                                  ? 0u
                                  : rule.recipients.specificity(m.recipients(), m.recipients().leaf_node(binding.recipient));
      signature_.push_back(r);
      signature_.push_back((d << 20) | (p << 10) | c);
    }
    if (const auto found = memo_.find(signature_); found != memo_.end()) return found->second;
    std::uint32_t denies = 0;
    const auto entries = entries_for({rules.begin(), rules.end()}, binding, denies);
    const std::uint32_t list = intern_list(entries, denies);
    memo_.emplace(signature_, list);
    return list;
  }

  using Entries = std::vector<std::pair<Entry, EntryObligations>>;

  std::uint32_t intern_list(const Entries& entries, std::uint32_t denies) {
    if (entries.empty()) return empty_list;
    if (denies > UINT16_MAX || entries.size() - denies > UINT16_MAX) {
      throw std::length_error("more than 65535 rules apply to one data category and purpose");
    }
    std::vector<std::uint64_t> key;
    key.reserve(entries.size() * 2 + 1);
    key.push_back(denies);
    for (const auto& [e, o] : entries) {
      key.push_back((std::uint64_t{e.rule} << 32) | e.check);
      key.push_back((std::uint64_t{o.first} << 32) | o.count);
    }
    if (const auto found = lists_.find(key); found != lists_.end()) return found->second;
    List list;
    list.first_entry = static_cast<std::uint32_t>(out_.entries.size());
    list.denies = static_cast<std::uint16_t>(denies);
    list.allows = static_cast<std::uint16_t>(entries.size() - denies);
    bool obligations = false;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      out_.entries.push_back(entries[i].first);
      out_.entry_obligations.push_back(entries[i].second);
      if (i >= denies && (out_.rules[entries[i].first.rule].obligations != 0 || entries[i].second.count != 0)) {
        obligations = true;
      }
    }
    const auto id = static_cast<std::uint32_t>(out_.lists.size());
    out_.lists.push_back(list);
    out_.list_obligations.push_back(obligations ? 1 : 0);
    lists_.emplace(std::move(key), id);
    return id;
  }

  Entries entries_for(std::vector<RuleIndex> rules, const Binding& binding, std::uint32_t& denies) {
    order(rules, binding);
    Entries entries;
    denies = 0;
    for (const RuleIndex r : rules) {
      auto e = entry(r);
      if (!e) continue;  // can never apply in this cell: takes no room
      if (out_.rules[r].effect == Effect::deny) ++denies;
      entries.push_back(*e);
    }
    return entries;
  }

  void processing_cells() {
    out_.cells.assign(std::size_t{out_.data_leaves} * out_.purpose_leaves, Cell{});
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      for (std::uint32_t p = 0; p < out_.purpose_leaves; ++p) {
        const auto rules = cells_.processing(d, p);
        if (rules.empty()) continue;
        out_.cells[std::size_t{d} * out_.purpose_leaves + p].processing = list_for(rules, Binding{d, p, Binding::none});
      }
    }
  }

  // Every cell gets a sharing table: per recipient, the list a sharing
  // question reads. A sharing list holds the cell's processing denies too,
  // so the deciding deny is the most specific of all of them. A cell with no
  // sharing rules answers every recipient from its processing denies alone,
  // which need no list of their own: they are the head of the processing list.
  void sharing_cells() {
    const std::uint32_t recipients = std::max(1u, out_.recipient_leaves);
    out_.sharing_tables.assign(recipients, empty_list);  // table 0: no denies, nothing shared
    std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, VectorHash> tables;
    std::unordered_map<std::uint32_t, std::uint32_t> deny_only_tables;  // by processing list
    std::vector<std::vector<RuleIndex>> covering(recipients);
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      for (std::uint32_t p = 0; p < out_.purpose_leaves; ++p) {
        const std::size_t cell = std::size_t{d} * out_.purpose_leaves + p;
        const auto shares = cells_.sharing(d, p);
        if (shares.empty()) {
          const std::uint32_t processing = out_.cells[cell].processing;
          if (out_.lists[processing].denies == 0) continue;  // table 0
          auto [it, inserted] = deny_only_tables.try_emplace(processing, 0);
          if (inserted) {
            const auto list = static_cast<std::uint32_t>(out_.lists.size());
            out_.lists.push_back({out_.lists[processing].first_entry, out_.lists[processing].denies, 0});
            out_.list_obligations.push_back(0);
            it->second = static_cast<std::uint32_t>(out_.sharing_tables.size() / recipients);
            out_.sharing_tables.insert(out_.sharing_tables.end(), recipients, list);
          }
          out_.cells[cell].sharing = it->second;
          continue;
        }
        std::vector<RuleIndex> processing_denies;
        for (const RuleIndex rule : cells_.processing(d, p)) {
          if (out_.model.rules[rule].effect == Effect::deny) processing_denies.push_back(rule);
        }
        // Which share rules cover each recipient, from their ranges.
        for (auto& list : covering) list.clear();
        for (const RuleIndex rule : shares) {
          for (const auto& [begin, end] : cells_.recipients(rule)) {
            for (std::uint32_t r = begin; r < end; ++r) covering[r].push_back(rule);
          }
        }
        std::vector<std::uint32_t> table(recipients, empty_list);
        for (std::uint32_t r = 0; r < out_.recipient_leaves; ++r) {
          if (processing_denies.empty() && covering[r].empty()) continue;
          rules_.assign(processing_denies.begin(), processing_denies.end());
          rules_.insert(rules_.end(), covering[r].begin(), covering[r].end());
          table[r] = list_for(rules_, Binding{d, p, r});
        }
        auto [it, inserted] =
            tables.try_emplace(table, static_cast<std::uint32_t>(out_.sharing_tables.size() / recipients));
        if (inserted) out_.sharing_tables.insert(out_.sharing_tables.end(), table.begin(), table.end());
        out_.cells[cell].sharing = it->second;
      }
    }
    // The hot path tests entries four at a time; entries past a list's end
    // are masked off, but must exist: end the table with never-true ones.
    const std::uint32_t never = static_cast<std::uint32_t>(out_.checks.size());
    out_.checks.push_back({1, 1, 0});  // bit 0 both set and clear: never holds
    for (int i = 0; i < 4; ++i) {
      out_.entries.push_back({0, never});
      out_.entry_obligations.push_back({0, 0});
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
    const model::Model& m = out_.model;
    out_.retention_first.assign(out_.data_leaves + 1, 0);
    std::vector<analysis::LeafRanges> ranges;
    for (const model::Retention& r : m.retentions) ranges.push_back(analysis::leaf_ranges(m.data(), r.data));
    for (std::uint32_t d = 0; d < out_.data_leaves; ++d) {
      out_.retention_first[d] = static_cast<std::uint32_t>(out_.retention_entries.size());
      const model::NodeId node = m.data().leaf_node(d);
      std::vector<std::uint32_t> candidates;
      for (std::uint32_t i = 0; i < m.retentions.size(); ++i) {
        if (analysis::contains(ranges[i], d)) candidates.push_back(i);
      }
      // Most specific first; at equal specificity a conditioned rule (an
      // exception) before an unconditioned one; then as written.
      const auto key = [&](std::uint32_t i) {
        const model::Retention& r = m.retentions[i];
        return std::make_tuple(~r.data.specificity(m.data(), node), r.guard.always() ? 1 : 0, i);
      };
      std::sort(candidates.begin(), candidates.end(), [&](auto a, auto b) { return key(a) < key(b); });
      for (const std::uint32_t i : candidates) {
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
  std::unordered_map<std::vector<std::uint64_t>, std::uint32_t, VectorHash> lists_;
  std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, VectorHash> memo_;
  std::vector<std::uint32_t> signature_;
  std::vector<RuleIndex> rules_;
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
