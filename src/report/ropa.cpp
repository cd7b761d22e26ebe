#include "report/ropa.hpp"

#include <algorithm>
#include <map>

#include "analysis/model_text.hpp"
#include "compile/policy_data.hpp"
#include "analysis/outcomes.hpp"

namespace proviso::report {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// The columns of one activity, as text.
struct Columns {
  std::string purpose;
  std::string description;
  std::string basis;
  std::vector<std::string> data;
  std::vector<std::string> recipients;
  std::vector<std::string> retention;
  std::vector<std::string> conditions;
  std::vector<std::string> obligations;
  std::vector<std::string> rules;
};

Columns columns(const model::Model& model, const Activity& a) {
  Columns c;
  const model::Node& purpose = model.purposes().node(model.purposes().leaf_node(a.purpose));
  c.purpose = purpose.path;
  c.description = purpose.description;
  c.basis = std::string(name_of(a.basis));
  c.data = leaf_paths(model.data(), a.data);
  c.recipients = leaf_paths(model.recipients(), a.recipients);
  for (const auto& [text, leaves] : a.retention) c.retention.push_back(text + " (" + cover_text(model.data(), leaves) + ")");
  c.conditions = a.conditions;
  c.obligations = a.obligations;
  for (const model::RuleIndex r : a.rules) c.rules.push_back(rule_name(model, model.rules[r].provenance));
  return c;
}

}  // namespace

std::vector<Activity> processing_activities(analysis::Encoding& encoding, const model::Model& model,
                                            const analysis::CellIndex& cells) {
  const std::size_t data_leaves = model.data().leaf_count();
  const std::uint32_t recipient_leaves = static_cast<std::uint32_t>(model.recipients().leaf_count());
  std::map<std::pair<std::uint32_t, Basis>, Activity> activities;

  // Processing allows give the data (and its retention); share allows give
  // the recipients. Data that is only ever disclosed for a purpose (a share
  // with no allow for that purpose and basis) is kept aside and listed only
  // for an activity that has no processing allow at all.
  std::map<std::pair<std::uint32_t, Basis>, Activity> shared_only;
  const auto record = [&](std::uint32_t d, std::uint32_t p, std::uint32_t r) {
    for (const analysis::Region& region : analysis::outcomes(encoding, model, cells, analysis::Shape{d, p, r})) {
      if (region.outcome.effect != Effect::allow) continue;
      const bool sharing = r != analysis::Binding::none;
      auto& into = sharing ? shared_only : activities;
      auto [it, inserted] = into.try_emplace({p, *region.outcome.basis});
      Activity& a = it->second;
      if (inserted) {
        a.purpose = p;
        a.basis = *region.outcome.basis;
        a.data.assign(data_leaves, false);
        a.recipients.assign(recipient_leaves, false);
      }
      a.data[d] = true;
      if (sharing) a.recipients[r] = true;
      const std::string retention = region.outcome.retention.empty() ? "not stated" : region.outcome.retention;
      auto found = std::find_if(a.retention.begin(), a.retention.end(), [&](const auto& e) { return e.first == retention; });
      if (found == a.retention.end()) {
        a.retention.emplace_back(retention, LeafSet(data_leaves, false));
        found = a.retention.end() - 1;
      }
      found->second[d] = true;
      for (const model::RuleIndex rule : region.rules) {
        if (std::find(a.rules.begin(), a.rules.end(), rule) == a.rules.end()) a.rules.push_back(rule);
      }
    }
  };

  for (std::uint32_t d = 0; d < cells.data_leaves(); ++d) {
    for (std::uint32_t p = 0; p < cells.purpose_leaves(); ++p) {
      const auto processing = cells.processing(d, p);
      const bool some_allow = std::any_of(processing.begin(), processing.end(),
                                          [&](model::RuleIndex r) { return model.rules[r].effect == Effect::allow; });
      if (some_allow) record(d, p, analysis::Binding::none);
      const auto shares = cells.sharing(d, p);
      for (std::uint32_t r = 0; r < recipient_leaves; ++r) {
        const bool some_share = std::any_of(shares.begin(), shares.end(), [&](model::RuleIndex rule) {
          return model.rules[rule].effect == Effect::allow && analysis::contains(cells.recipients(rule), r);
        });
        if (some_share) record(d, p, r);
      }
    }
  }
  for (auto& [key, shared] : shared_only) {
    auto [it, inserted] = activities.try_emplace(key);
    if (inserted) {
      it->second = std::move(shared);  // disclosure is the only processing for it
      continue;
    }
    Activity& a = it->second;
    a.recipients = shared.recipients;
    for (const model::RuleIndex rule : shared.rules) {
      if (std::find(a.rules.begin(), a.rules.end(), rule) == a.rules.end()) a.rules.push_back(rule);
    }
  }

  std::vector<Activity> result;
  for (auto& [key, a] : activities) {
    std::sort(a.rules.begin(), a.rules.end());
    for (const model::RuleIndex r : a.rules) {
      const model::Rule& rule = model.rules[r];
      const std::string guard = analysis::guard_text(model, rule.guard);
      add_unique(a.conditions, guard.empty() ? "none" : guard);
      for (const model::ObligationUse& use : rule.obligations) {
        const std::string own = analysis::guard_text(model, use.guard);
        add_unique(a.obligations, model.obligations().node(use.obligation).path + (own.empty() ? "" : " " + own));
      }
    }
    result.push_back(std::move(a));
  }
  return result;
}

std::string ropa_markdown(const model::Model& model, const RecordHeader& header, const std::vector<Activity>& activities) {
  std::string out = "# Record of processing activities\n\n";
  out += "Controller: **" + markdown_cell(header.controller) + "**";
  if (!header.version.empty()) out += ", policy version " + markdown_cell(header.version);
  out += ".\n\n";
  out += "Generated by `proviso ropa` from the compiled policy, fingerprint `" + header.fingerprint +
         "` (GDPR Art. 30(1)). Each row is a processing activity: a purpose and the lawful basis it rests on, "
         "as the policy's rules make it possible for some person. The data are what the `allow` rules let be "
         "processed for it (for a purpose served only by disclosures, what the `share` rules let be disclosed); "
         "the recipients are who the `share` rules let receive data for it. Both are the categories of the "
         "policy's vocabulary. Retention is what a decision reports for that data (ISO 8601 period, from the "
         "event it runs from). Conditions are the deciding rules' own conditions, before the policy's denies "
         "(children, objections, restrictions) narrow them further.\n\n";
  out += "| # | Purpose | Description | Lawful basis | Categories of personal data | Categories of recipients | "
         "Retention | Conditions | Obligations | Rules |\n";
  out += "|---|---|---|---|---|---|---|---|---|---|\n";
  std::size_t number = 0;
  for (const Activity& a : activities) {
    const Columns c = columns(model, a);
    const auto list = [](const std::vector<std::string>& items) {
      return items.empty() ? std::string("none") : markdown_cell(join(items, ", "));
    };
    const auto lines = [](const std::vector<std::string>& items) {
      std::string text;
      for (std::size_t i = 0; i < items.size(); ++i) text += (i ? "<br>" : "") + markdown_cell(items[i]);
      return items.empty() ? std::string("none") : text;
    };
    out += "| " + std::to_string(++number) + " | `" + c.purpose + "` | " + markdown_cell(c.description) + " | " + c.basis +
           " | " + list(c.data) + " | " + list(c.recipients) + " | " + lines(c.retention) + " | " + lines(c.conditions) +
           " | " + lines(c.obligations) + " | " + list(c.rules) + " |\n";
  }
  out += '\n';
  out += std::to_string(activities.size());
  out += " processing activities.\n";
  return out;
}

std::string ropa_csv(const model::Model& model, const std::vector<Activity>& activities) {
  std::string out =
      "purpose,purpose_description,lawful_basis,data_categories,recipient_categories,retention,conditions,obligations,rules\r\n";
  for (const Activity& a : activities) {
    const Columns c = columns(model, a);
    const std::vector<std::string> fields = {c.purpose,
                                             c.description,
                                             c.basis,
                                             join(c.data, "; "),
                                             join(c.recipients, "; "),
                                             join(c.retention, "; "),
                                             join(c.conditions, "; "),
                                             join(c.obligations, "; "),
                                             join(c.rules, "; ")};
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      out += csv_field(fields[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string ropa(const Policy& policy, RopaFormat format) {
  const model::Model& model = policy.compiled().model;
  analysis::Bdd bdd;
  analysis::Encoding encoding(model, bdd);
  const analysis::CellIndex cells(model);
  const std::vector<Activity> activities = processing_activities(encoding, model, cells);
  if (format == RopaFormat::csv) return ropa_csv(model, activities);
  return ropa_markdown(model, RecordHeader{model.name, model.version, policy.fingerprint()}, activities);
}

}  // namespace proviso::report
