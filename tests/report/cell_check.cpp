#include "tests/report/cell_check.hpp"

#include <stdexcept>

#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "analysis/outcomes.hpp"
#include "compile/policy_data.hpp"

namespace proviso::testing {

Subject build_subject(const Policy& policy, const report::ExampleSubject& example) {
  SubjectBuilder builder = policy.subject();
  for (const report::ExampleValue& value : example.values) {
    switch (value.type) {
      case model::AttributeType::boolean: builder.flag(value.attribute, value.flag); break;
      case model::AttributeType::integer: builder.integer(value.attribute, value.integer); break;
      case model::AttributeType::enumeration: builder.value(value.attribute, value.value); break;
      case model::AttributeType::set:
        builder.clear(value.attribute);
        for (const std::string& element : value.elements) builder.add(value.attribute, element);
        break;
    }
  }
  auto subject = builder.build();
  if (!subject.ok()) throw std::runtime_error("cannot build an example subject: " + subject.error().message);
  return std::move(subject).value();
}

std::vector<std::string> check_cells(const Policy& policy, const std::vector<CellClaim>& claims, CellCheckStats* stats) {
  const model::Model& model = policy.compiled().model;
  analysis::Bdd bdd;
  analysis::Encoding encoding(model, bdd);
  const analysis::CellIndex cells(model);
  std::vector<std::string> problems;
  CellCheckStats counted;

  const auto decide = [&](DataId d, PurposeId p, const report::ExampleSubject& example) {
    ++counted.decisions;
    const Subject subject = build_subject(policy, example);
    return policy.decide(d, p, subject, example.form);
  };

  for (const CellClaim& claim : claims) {
    ++counted.cells;
    const std::string cell = "`" + claim.data + "` for `" + claim.purpose + "`";
    const auto data_id = policy.data(claim.data);
    const auto purpose_id = policy.purpose(claim.purpose);
    const auto data_node = model.data().find(claim.data);
    const auto purpose_node = model.purposes().find(claim.purpose);
    if (!data_id.ok() || !purpose_id.ok() || !data_node || !purpose_node) {
      problems.push_back(cell + ": not a cell of the policy");
      continue;
    }
    const std::uint32_t d = data_id->leaf;
    const std::uint32_t p = purpose_id->leaf;

    // Silence: no processing rule covers the cell (from the rules' own selections).
    std::vector<model::RuleIndex> covering;
    for (const model::Rule& rule : model.rules) {
      if (!rule.sharing && rule.data.covers(model.data(), *data_node) && rule.purposes.covers(model.purposes(), *purpose_node)) {
        covering.push_back(rule.index);
      }
    }
    if ((claim.state == "silent") != covering.empty()) {
      problems.push_back(cell + ": said " + claim.state + ", but " + std::to_string(covering.size()) + " rules cover it");
    }

    // The exact outcomes.
    const auto regions = analysis::outcomes(encoding, model, cells, analysis::Shape{d, p, analysis::Binding::none});
    std::set<std::string> bases;
    for (const analysis::Region& region : regions) {
      if (region.outcome.effect == Effect::allow) bases.insert(std::string(name_of(*region.outcome.basis)));
    }
    if (claim.allowed != !bases.empty()) {
      problems.push_back(cell + ": said " + (claim.allowed ? "allowed" : "never allowed") + ", but the outcomes have " +
                         std::to_string(bases.size()) + " allowing bases");
    }
    if (claim.allowed && claim.bases != bases) problems.push_back(cell + ": the bases said differ from the outcomes'");
    if ((claim.state == "allowed") != claim.allowed) problems.push_back(cell + ": state and allow disagree");

    // The compiled engine.
    if (claim.allowed) {
      ++counted.allowed_cells;
      bool some_allowed = false;
      for (const analysis::Region& region : regions) {
        if (region.outcome.effect != Effect::allow) continue;
        const auto example = report::example_subject(encoding, model, region.where);
        if (!example) {
          problems.push_back(cell + ": an allowing region has no subject");
          continue;
        }
        const Decision decision = decide(*data_id, *purpose_id, *example);
        if (!decision.allowed() || decision.basis() != region.outcome.basis) {
          problems.push_back(cell + ": decide() does not allow under " + std::string(name_of(*region.outcome.basis)) +
                             " for " + report::example_text(*example));
        } else {
          some_allowed = true;
        }
      }
      if (!some_allowed) problems.push_back(cell + ": said allowed, but decide() allowed no subject built for it");
    } else {
      std::vector<report::ExampleSubject> subjects;
      for (const Form form : all_forms) {
        if (auto example = report::example_subject(encoding, model, encoding.form_is(form))) subjects.push_back(*example);
      }
      const analysis::Binding binding{d, p, analysis::Binding::none};
      for (const model::RuleIndex r : covering) {
        const analysis::Bdd::Ref holds = encoding.guard(model.rules[r].guard, binding);
        for (const analysis::Bdd::Ref side : {holds, bdd.negate(holds)}) {
          for (const Form form : all_forms) {
            if (auto example = report::example_subject(encoding, model, bdd.conjoin(side, encoding.form_is(form)))) {
              subjects.push_back(*example);
            }
          }
        }
      }
      for (const report::ExampleSubject& example : subjects) {
        if (decide(*data_id, *purpose_id, example).allowed()) {
          problems.push_back(cell + ": said never allowed, but decide() allows " + report::example_text(example));
          break;
        }
      }
    }
  }
  if (stats) *stats = counted;
  return problems;
}

}  // namespace proviso::testing
