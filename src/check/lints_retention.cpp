// Retention lints: every datum that may be processed has a retention, and
// the retention that applies to a datum is never ambiguous.
#include <algorithm>
#include <map>
#include <set>

#include "check/lints.hpp"

namespace proviso::check {
namespace {

using analysis::Bdd;
using analysis::Binding;

// A rule about data (retain or erase) as it applies to one leaf.
struct Candidate {
  std::uint32_t index;       // into Model::retentions or Model::erasures
  std::uint32_t specificity;
  bool conditioned;
};

class RetentionLints {
 public:
  explicit RetentionLints(LintState& state) : state_(state), model_(state.model) {}

  void run() {
    const model::Vocabulary& data = model_.data();
    std::vector<analysis::LeafRanges> retention_ranges;
    for (const model::Retention& r : model_.retentions) retention_ranges.push_back(analysis::leaf_ranges(data, r.data));
    std::vector<analysis::LeafRanges> erasure_ranges;
    for (const model::Erasure& e : model_.erasures) erasure_ranges.push_back(analysis::leaf_ranges(data, e.data));

    // Leaves some allow or share may process, with one such rule for the note.
    std::vector<model::RuleIndex> processed_by(data.leaf_count(), UINT32_MAX);
    for (const model::Rule& rule : model_.rules) {
      if (rule.effect != Effect::allow) continue;
      for (const auto& [begin, end] : state_.cells.data(rule.index)) {
        for (std::uint32_t leaf = begin; leaf < end; ++leaf) {
          if (processed_by[leaf] == UINT32_MAX) processed_by[leaf] = rule.index;
        }
      }
    }

    std::vector<bool> uncovered(data.leaf_count(), false);
    for (std::uint32_t leaf = 0; leaf < data.leaf_count(); ++leaf) {
      if (state_.over_budget()) return;
      const model::NodeId node = data.leaf_node(leaf);
      const Binding binding{leaf, Binding::none, Binding::none};
      std::vector<Candidate> retentions;
      Bdd::Ref covered = Bdd::zero;
      for (std::uint32_t i = 0; i < model_.retentions.size(); ++i) {
        if (!analysis::contains(retention_ranges[i], leaf)) continue;
        const model::Retention& r = model_.retentions[i];
        retentions.push_back({i, r.data.specificity(data, node), !r.guard.always()});
        covered = state_.bdd.disjoin(covered, guard(r.guard, i, false, binding));
      }
      check_ties(retentions, false, binding);

      // Erasure deadlines tie only within the same event and store.
      std::map<std::pair<model::NodeId, std::string>, std::vector<Candidate>> erasures;
      for (std::uint32_t i = 0; i < model_.erasures.size(); ++i) {
        if (!analysis::contains(erasure_ranges[i], leaf)) continue;
        const model::Erasure& e = model_.erasures[i];
        erasures[{e.event, e.store}].push_back({i, e.data.specificity(data, node), !e.guard.always()});
      }
      for (auto& [key, candidates] : erasures) check_ties(candidates, true, binding);

      if (processed_by[leaf] != UINT32_MAX && state_.encoding.possible(state_.bdd.negate(covered))) {
        uncovered[leaf] = true;
      }
    }
    report_uncovered(uncovered, processed_by);
  }

 private:
  Bdd::Ref guard(const model::Guard& g, std::uint32_t index, bool erasure, const Binding& binding) {
    const auto key = std::make_tuple(index, erasure, binding.data);
    if (const auto found = guards_.find(key); found != guards_.end()) return found->second;
    const Bdd::Ref result = state_.encoding.guard(g, binding);
    guards_.emplace(key, result);
    return result;
  }

  // Within a tier (same specificity, both with or both without a condition),
  // two rules that can apply together make the answer ambiguous.
  void check_ties(std::vector<Candidate>& candidates, bool erasure, const Binding& binding) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      for (std::size_t j = i + 1; j < candidates.size(); ++j) {
        const Candidate& a = candidates[i];
        const Candidate& b = candidates[j];
        if (a.specificity != b.specificity || a.conditioned != b.conditioned) continue;
        if (reported_.contains({erasure, a.index, b.index})) continue;
        const model::Guard& ga = erasure ? model_.erasures[a.index].guard : model_.retentions[a.index].guard;
        const model::Guard& gb = erasure ? model_.erasures[b.index].guard : model_.retentions[b.index].guard;
        const Bdd::Ref both = state_.bdd.conjoin(guard(ga, a.index, erasure, binding), guard(gb, b.index, erasure, binding));
        if (!state_.encoding.possible(both)) continue;
        reported_.insert({erasure, a.index, b.index});
        const model::Provenance& first = erasure ? model_.erasures[a.index].provenance : model_.retentions[a.index].provenance;
        const model::Provenance& second = erasure ? model_.erasures[b.index].provenance : model_.retentions[b.index].provenance;
        const std::string& leaf = model_.data().node(model_.data().leaf_node(binding.data)).path;
        diag::Diagnostic& d = state_.context.report(
            diag::Code::retention_conflict, second.location,
            std::string(erasure ? "this erasure rule and another" : "this retention rule and another") +
                " both apply to `" + leaf +
                "` with the same specificity, so which one governs is ambiguous; name the data more "
                "specifically in one, or make their conditions exclusive");
        d.notes.push_back({first.location, "the other rule is here"});
      }
    }
  }

  // Reports each largest subtree of uncovered leaves once.
  void report_uncovered(const std::vector<bool>& uncovered, const std::vector<model::RuleIndex>& processed_by) {
    const model::Vocabulary& data = model_.data();
    std::vector<bool> reported(data.nodes().size(), false);
    for (model::NodeId id = 0; id < data.nodes().size(); ++id) {
      const model::Node& node = data.node(id);
      if (node.parent != model::no_node && reported[node.parent]) {
        reported[id] = true;
        continue;
      }
      bool all = true;
      bool any_processed = false;
      for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
        if (processed_by[leaf] == UINT32_MAX) continue;
        any_processed = true;
        all = all && uncovered[leaf];
      }
      if (!any_processed || !all) continue;
      reported[id] = true;
      const model::RuleIndex example = processed_by[node.first_leaf] != UINT32_MAX ? processed_by[node.first_leaf] : [&] {
        for (std::uint32_t leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) {
          if (processed_by[leaf] != UINT32_MAX) return processed_by[leaf];
        }
        return model::RuleIndex{0};
      }();
      diag::Diagnostic& d = state_.context.report(
          diag::Code::no_retention, node.location,
          "`" + node.path + "` may be processed, but no retention rule says how long it is kept" +
              " (in every case)");
      d.notes.push_back({model_.rules[example].provenance.location, "it is processed under this rule, for example"});
    }
  }

  LintState& state_;
  const model::Model& model_;
  std::map<std::tuple<std::uint32_t, bool, std::uint32_t>, Bdd::Ref> guards_;
  std::set<std::tuple<bool, std::uint32_t, std::uint32_t>> reported_;
};

}  // namespace

void lint_retention(LintState& state) { RetentionLints(state).run(); }

}  // namespace proviso::check
