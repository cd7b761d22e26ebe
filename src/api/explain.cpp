// Policy::explain (one sentence per decision) and Policy::erasures.
#include <set>

#include "compile/policy_data.hpp"
#include "eval/decide.hpp"
#include "proviso/policy.hpp"

namespace proviso {
namespace {

std::string rule_name(const RuleInfo& rule) {
  std::string name = rule.id.empty() ? "the " + rule.kind + " rule" : "rule `" + rule.id + "`";
  if (!rule.section.empty()) name += " (\xC2\xA7" + rule.section + ")";
  return name + " at " + rule.location;
}

}  // namespace

std::string Policy::explain(const Request& request, const Decision& decision) const {
  const bool sharing = request.recipient.valid();
  const std::string what = "`" + name_of(request.data) + "` " +
                           (sharing ? "shared with `" + name_of(request.recipient) + "` for `"
                                    : std::string("for `")) +
                           name_of(request.purpose) + "`";
  switch (decision.reason()) {
    case Reason::allowed: {
      std::string sentence = "allowed by " + rule_name(*decision.rule()) + ": " + what + " under " +
                             std::string(proviso::name_of(*decision.basis()));
      if (!decision.obligations().empty()) {
        sentence += ", requiring";
        bool first = true;
        for (const std::string_view obligation : decision.obligations()) {
          sentence += (first ? " `" : ", `") + std::string(obligation) + "`";
          first = false;
        }
      }
      return sentence + ".";
    }
    case Reason::denied_by_rule: return "denied by " + rule_name(*decision.rule()) + ", which applies to " + what + ".";
    case Reason::default_deny: return "denied: no rule allows " + what + " for this subject (default deny).";
    case Reason::invalid_request: break;
  }
  return "denied: the request does not belong to this policy (an id or subject from elsewhere).";
}

std::vector<ErasureInfo> Policy::erasures(DataId data, const Subject& subject, Form form) const {
  std::vector<ErasureInfo> result;
  const detail::PolicyData& d = *data_;
  if (data.leaf >= d.data_leaves || detail::SubjectAccess::policy(subject) != d.stamp || data.policy != d.stamp ||
      detail::SubjectAccess::word_count(subject) != d.layout.word_count ||
      static_cast<unsigned>(form) >= compile::Layout::form_bits) {
    return result;
  }
  const compile::Probe probe = eval::probe(d, subject, form, data.leaf, 0, eval::no_recipient);
  std::set<std::pair<model::NodeId, std::string>> seen;  // one deadline per event and store
  for (std::uint32_t i = d.erasure_first[data.leaf]; i < d.erasure_first[data.leaf + 1]; ++i) {
    const compile::Entry& entry = d.erasure_entries[i];
    if (!eval::entry_applies(d, entry, probe)) continue;
    const model::Erasure& erasure = d.model.erasures[entry.rule];
    if (!seen.insert({erasure.event, erasure.store}).second) continue;
    result.push_back({erasure.within, erasure.within_text, d.model.events().node(erasure.event).path, erasure.store,
                      d.erasure_infos[entry.rule]});
  }
  return result;
}

}  // namespace proviso
