// Differential testing: the compiled decide() and the reference interpreter
// must agree on every request — effect, reason, deciding rule, basis,
// obligations and retention — on the seed policy and on hundreds of random
// policies (random vocabularies, rules, conditions, imports).
//
// PROVISO_DIFFERENTIAL_REQUESTS sets the total (default 1,000,000; more for
// a longer run). A disagreement is shrunk to the fewest rules that still
// show it and printed as a policy plus a request, ready to reproduce.
#define BOOST_TEST_MODULE differential
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "compile/policy_data.hpp"
#include "eval/reference.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/policy_text.hpp"
#include "tests/support/random_requests.hpp"

namespace {

using namespace proviso;

std::uint64_t total_requests() {
  if (const char* text = std::getenv("PROVISO_DIFFERENTIAL_REQUESTS")) return std::strtoull(text, nullptr, 10);
  return 1'000'000;
}

// The reference decision in the compiled decision's terms, for comparison.
struct Outcome {
  Effect effect;
  Reason reason;
  long rule;
  int basis;
  std::vector<std::string> obligations;
  long retention;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

std::string describe(const Outcome& o) {
  std::ostringstream out;
  out << name_of(o.effect) << " reason=" << static_cast<int>(o.reason) << " rule=" << o.rule << " basis=" << o.basis
      << " retention=" << o.retention << " obligations=[";
  for (const auto& name : o.obligations) out << name << ' ';
  out << "]";
  return out.str();
}

Outcome compiled_outcome(const Policy& policy, const Decision& d) {
  const detail::PolicyData& data = policy.compiled();
  Outcome o{d.effect(), d.reason(), d.rule() ? d.rule() - data.rule_infos.data() : -1,
            d.basis() ? static_cast<int>(*d.basis()) : -1, {}, d.retention() ? d.retention() - data.retention_infos.data() : -1};
  for (const std::string_view name : d.obligations()) o.obligations.emplace_back(name);
  return o;
}

Outcome reference_outcome(const Policy& policy, const eval::ReferenceDecision& d) {
  const model::Model& model = policy.compiled().model;
  Outcome o{d.effect, d.reason, d.rule ? static_cast<long>(*d.rule) : -1, d.basis ? static_cast<int>(*d.basis) : -1,
            {}, d.retention ? static_cast<long>(*d.retention) : -1};
  for (std::uint32_t leaf = 0; leaf < model.obligations().leaf_count(); ++leaf) {
    if (d.obligations.contains(model.obligations().leaf_node(leaf))) {
      o.obligations.push_back(model.obligations().node(model.obligations().leaf_node(leaf)).path);
    }
  }
  return o;
}

bool agree(const Policy& policy, testing::DualRequest& request, std::string* report) {
  request.bind();
  const Outcome compiled = compiled_outcome(policy, policy.decide(request.compiled));
  const Outcome reference = reference_outcome(policy, eval::reference_decide(policy.compiled().model, request.reference));
  if (compiled == reference) return true;
  if (report != nullptr) *report = "compiled:  " + describe(compiled) + "\nreference: " + describe(reference);
  return false;
}

// Drops rules one at a time while the disagreement persists.
std::string shrink(const testing::GeneratedPolicy& generated, const testing::DualRequest& failing) {
  std::vector<bool> keep(generated.rules.size(), true);
  const auto still_fails = [&](const std::vector<bool>& mask, std::string* report) {
    std::string errors;
    auto policy = testing::compile_generated(generated, generated.entry_text(mask), errors);
    if (!policy) return false;
    testing::Random random(0);
    // Rebuild the same request against the smaller policy (same vocabulary, same leaves).
    testing::DualRequest request;
    request.reference = failing.reference;
    request.compiled = failing.compiled;
    SubjectBuilder builder = policy->subject();
    const model::Model& model = policy->compiled().model;
    for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
      const auto& slot = failing.reference.subject.values[a];
      if (!slot) continue;
      const std::string& name = model.attributes[a].name;
      if (const auto* b = std::get_if<bool>(&*slot)) builder.flag(name, *b);
      if (const auto* i = std::get_if<std::int64_t>(&*slot)) builder.integer(name, *i);
      if (const auto* e = std::get_if<std::uint32_t>(&*slot)) builder.value(name, model.attributes[a].values[*e]);
      if (const auto* set = std::get_if<eval::SubjectValues::Set>(&*slot)) {
        builder.clear(name);
        for (const auto node : *set) builder.add(name, model.vocabulary(model.attributes[a].element).node(node).path);
      }
    }
    request.subject = builder.build().value();
    return !agree(*policy, request, report);
  };
  for (std::size_t i = 0; i < keep.size(); ++i) {
    keep[i] = false;
    if (!still_fails(keep, nullptr)) keep[i] = true;
  }
  std::string report;
  still_fails(keep, &report);
  return testing::generated_text(generated, generated.entry_text(keep)) + "---- decisions\n" + report + "\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(compiled_and_reference_agree_on_the_seed_policy) {
  const auto loaded = load((testing::source_dir() / "policies/aiworksforus.policy").string());
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  const Policy& policy = loaded.value();
  testing::Random random(20250723);
  const std::uint64_t count = total_requests() / 5;
  std::uint64_t allowed = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    testing::DualRequest request = testing::random_request(policy, random);
    std::string report;
    if (!agree(policy, request, &report)) {
      BOOST_FAIL("disagreement on the seed policy for " << testing::request_json(policy, request) << "\n" << report);
    }
    allowed += policy.decide(request.compiled).allowed() ? 1 : 0;
  }
  BOOST_TEST_MESSAGE(count << " seed requests agree; " << allowed << " allowed");
  BOOST_TEST(allowed > 0u);  // the random requests do reach allows, not only default denies
}

BOOST_AUTO_TEST_CASE(compiled_and_reference_agree_on_random_policies) {
  const std::uint64_t policies = 400;
  const std::uint64_t per_policy = std::max<std::uint64_t>(1, (total_requests() - total_requests() / 5) / policies);
  std::uint64_t checked = 0;
  for (std::uint64_t seed = 1; seed <= policies; ++seed) {
    testing::GeneratorOptions options;
    options.seed = seed;
    options.files = 1 + static_cast<std::uint32_t>(seed % 3);
    options.data_leaves = 8 + static_cast<std::uint32_t>(seed % 30);
    options.purpose_leaves = 4 + static_cast<std::uint32_t>(seed % 12);
    options.recipient_leaves = 2 + static_cast<std::uint32_t>(seed % 5);
    options.rules = 5 + static_cast<std::uint32_t>(seed % 40);
    options.min_depth = 1 + static_cast<std::uint32_t>(seed % 2);
    options.max_depth = 2 + static_cast<std::uint32_t>(seed % 4);
    const testing::GeneratedPolicy generated = testing::generate_policy(options);
    std::string errors;
    auto policy = testing::compile_generated(generated, generated.entry_text(), errors);
    BOOST_TEST_REQUIRE(policy.has_value(), "generated policy " << seed << " does not check:\n" << errors << "\n"
                                                               << generated.entry_text());
    testing::Random random(seed * 7919);
    for (std::uint64_t i = 0; i < per_policy; ++i) {
      testing::DualRequest request = testing::random_request(*policy, random);
      if (!agree(*policy, request, nullptr)) {
        BOOST_FAIL("compiled and reference disagree (seed " << seed << ") on " << testing::request_json(*policy, request)
                                                            << "\nminimal reproducer:\n"
                                                            << shrink(generated, request));
      }
      ++checked;
    }
  }
  BOOST_TEST_MESSAGE(checked << " random requests agree over " << policies << " random policies");
  BOOST_TEST(checked >= per_policy * policies);
}
