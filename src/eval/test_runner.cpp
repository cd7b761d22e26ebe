#include "eval/test_runner.hpp"

#include <algorithm>

#include "compile/policy_data.hpp"

namespace proviso::eval {
namespace {

std::string label(const RuleInfo& info) {
  std::string text = info.id.empty() ? "the " + info.kind + " rule" : "rule `" + info.id + "`";
  if (!info.section.empty()) text += " (\xC2\xA7" + info.section + ")";
  return text;
}

// Says an expectation or a decision in the words of the test language.
struct Statement {
  std::string effect;
  std::string basis;
  std::string obligations;
  std::string retention;
  std::string by;

  // Only what the test states is compared, and shown.
  std::string text(const model::TestCase& test) const {
    std::string out = effect;
    if (test.basis && !basis.empty()) out += " under " + basis;
    if (test.obligations) out += " requiring " + (obligations.empty() ? std::string("nothing") : obligations);
    if (test.retention) out += " retained " + (retention.empty() ? std::string("(no retention)") : retention);
    if (!test.by.empty()) out += " by `" + (by.empty() ? std::string("(no rule)") : by) + "`";
    return out;
  }
};

std::string retention_words(const std::string& period, const std::string& period_text, bool indefinite,
                            const std::string& from) {
  if (indefinite) return "indefinitely";
  if (period == "P0D") return "until " + from;
  std::string text = "for " + period_text + " (" + period + ")";
  if (from != "collection") text += " after " + from;
  return text;
}

}  // namespace

Result<Subject> build_subject(const Policy& policy, const model::SubjectValues& values) {
  const model::Model& model = policy.compiled().model;
  SubjectBuilder builder = policy.subject();
  for (model::AttributeId a = 0; a < model.attributes.size() && a < values.values.size(); ++a) {
    const auto& slot = values.values[a];
    if (!slot) continue;
    const model::Attribute& attribute = model.attributes[a];
    if (const auto* b = std::get_if<bool>(&*slot)) builder.flag(attribute.name, *b);
    if (const auto* i = std::get_if<std::int64_t>(&*slot)) builder.integer(attribute.name, *i);
    if (const auto* e = std::get_if<std::uint32_t>(&*slot)) builder.value(attribute.name, attribute.values[*e]);
    if (const auto* set = std::get_if<model::SubjectValues::Set>(&*slot)) {
      builder.clear(attribute.name);
      for (const model::NodeId node : *set) builder.add(attribute.name, model.vocabulary(attribute.element).node(node).path);
    }
  }
  return builder.build();
}

std::size_t TestRun::passed() const {
  return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), [](const TestResult& r) { return r.passed; }));
}

TestRun run_tests(const Policy& policy) {
  const detail::PolicyData& data = policy.compiled();
  const model::Model& model = data.model;
  TestRun run;
  std::vector<bool> rule_covered(model.rules.size(), false);
  std::vector<bool> retention_covered(model.retentions.size(), false);
  std::vector<bool> erasure_covered(model.erasures.size(), false);

  for (const model::TestCase& test : model.tests) {
    TestResult result;
    result.test = &test;
    result.location = model.sources->describe(test.provenance.location);
    auto subject = build_subject(policy, test.subject);
    if (!subject) {  // the checker validated the values, so this is a bug, reported as a failure
      result.expected = "a valid subject";
      result.actual = subject.error().message;
      run.results.push_back(std::move(result));
      continue;
    }
    Request request;
    request.data = DataId{model.data().node(test.data).first_leaf, data.stamp};
    request.purpose = PurposeId{model.purposes().node(test.purpose).first_leaf, data.stamp};
    if (test.recipient != model::no_node) {
      request.recipient = RecipientId{model.recipients().node(test.recipient).first_leaf, data.stamp};
    }
    request.form = test.form;
    request.subject = &subject.value();
    const Decision decision = policy.decide(request);
    result.decision = decision;

    // Coverage: the deciding rule, the retention it reports, the erasure deadlines that apply.
    if (decision.rule() != nullptr) rule_covered[static_cast<std::size_t>(decision.rule() - data.rule_infos.data())] = true;
    if (decision.retention() != nullptr) {
      retention_covered[static_cast<std::size_t>(decision.retention() - data.retention_infos.data())] = true;
      for (const ErasureInfo& erasure : policy.erasures(request.data, subject.value(), request.form)) {
        for (std::size_t e = 0; e < data.erasure_infos.size(); ++e) {
          if (data.erasure_infos[e].location == erasure.rule.location) erasure_covered[e] = true;
        }
      }
    }

    Statement expected;
    expected.effect = std::string(name_of(test.effect));
    if (test.basis) expected.basis = std::string(name_of(*test.basis));
    if (test.obligations) {
      for (const model::NodeId o : *test.obligations) {
        expected.obligations += (expected.obligations.empty() ? "" : ", ") + model.obligations().node(o).path;
      }
    }
    if (test.retention) {
      const model::ExpectedRetention& r = *test.retention;
      expected.retention = retention_words(r.period, r.period_text, r.kind == model::RetentionKind::indefinitely,
                                           r.event == model::no_node ? "" : model.events().node(r.event).path);
    }
    expected.by = test.by;

    Statement actual;
    actual.effect = std::string(name_of(decision.effect()));
    if (decision.basis()) actual.basis = std::string(name_of(*decision.basis()));
    // Obligations in declaration order, as the expectation lists them.
    for (std::uint32_t leaf = 0; leaf < model.obligations().leaf_count(); ++leaf) {
      const std::string& name = model.obligations().node(model.obligations().leaf_node(leaf)).path;
      if (decision.obligations().contains(name)) actual.obligations += (actual.obligations.empty() ? "" : ", ") + name;
    }
    if (const RetentionInfo* r = decision.retention()) {
      actual.retention = retention_words(r->period, r->period_text, r->indefinite, r->from);
    }
    if (decision.rule() != nullptr) actual.by = decision.rule()->id;

    // Expected obligations are sorted by node id, which is declaration order: comparable as text.
    bool passed = expected.effect == actual.effect;
    if (test.basis) passed = passed && expected.basis == actual.basis;
    if (test.obligations) passed = passed && expected.obligations == actual.obligations;
    if (test.retention) {
      const RetentionInfo* r = decision.retention();
      const model::ExpectedRetention& e = *test.retention;
      const bool indefinite = e.kind == model::RetentionKind::indefinitely;
      passed = passed && r != nullptr && r->indefinite == indefinite && (indefinite || r->period == e.period) &&
               (indefinite || r->from == model.events().node(e.event).path);
    }
    if (!test.by.empty()) passed = passed && expected.by == actual.by;

    result.passed = passed;
    result.expected = expected.text(test);
    result.actual = actual.text(test);
    if (!passed) {
      result.actual += decision.rule() != nullptr
                           ? " — decided by " + label(*decision.rule()) + " at " + decision.rule()->location
                           : std::string(" — no rule allows it (default deny)");
    }
    run.results.push_back(std::move(result));
  }

  for (std::size_t r = 0; r < model.rules.size(); ++r) {
    run.coverage.push_back({data.rule_infos[r].location, label(data.rule_infos[r]), rule_covered[r]});
  }
  for (std::size_t r = 0; r < model.retentions.size(); ++r) {
    run.coverage.push_back({data.retention_infos[r].rule.location, label(data.retention_infos[r].rule), retention_covered[r]});
  }
  for (std::size_t r = 0; r < model.erasures.size(); ++r) {
    run.coverage.push_back({data.erasure_infos[r].location, label(data.erasure_infos[r]), erasure_covered[r]});
  }
  return run;
}

}  // namespace proviso::eval
