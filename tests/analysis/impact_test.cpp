// Impact of a person's choice (analysis::impact_of_withdrawal / _objection,
// proviso impact): every request that flips from allow to deny when a
// consent is withdrawn or a purpose objected to.
//
// Checked against the compiled engine, on the seed policy and on random
// policies:
//  - every listed request shape really flips: a subject meeting the listed
//    condition is built (the printed condition is read back), and for some
//    state of the choice it is allowed before and denied after;
//  - for random requests, a flip the analysis does not list never happens,
//    and a listed flip happens only for subjects meeting its condition.
#define BOOST_TEST_MODULE impact
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "analysis/impact.hpp"
#include "tests/analysis/analysis_support.hpp"
#include "tests/support/command.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/policy_text.hpp"
#include "tests/support/random_requests.hpp"

namespace {

using namespace proviso;
using analysis::Impact;
using analysis::ShapeName;
using testing::PlainRequest;

// A choice a person makes: withdrawing a consent, or objecting to a purpose.
struct Choice {
  bool withdraw = true;  // else object
  std::string node;      // the consent or purpose
  std::vector<std::string> attributes;  // the sets it changes
  std::vector<std::string> leaves;      // the leaves it sets (removes or adds)

  Choice(const model::Model& model, bool withdrawing, const std::string& name) : withdraw(withdrawing), node(name) {
    const auto kind = withdraw ? model::VocabularyKind::consent : model::VocabularyKind::purpose;
    for (const model::Attribute& a : model.attributes) {
      if (a.type == model::AttributeType::set && a.element == kind) attributes.push_back(a.name);
    }
    leaves = testing::leaves_under(model.vocabulary(kind), name);
  }

  std::string text() const { return (withdraw ? "--withdraw " : "--object ") + node; }

  // The request once the choice is made.
  PlainRequest made(PlainRequest request) const {
    for (const std::string& attribute : attributes) {
      auto& set = request.subject.sets[attribute];
      for (const std::string& leaf : leaves) {
        if (withdraw) {
          set.erase(leaf);
        } else {
          set.insert(leaf);
        }
      }
    }
    return request;
  }

  // The request with the choice's leaves in state `mask` (bit i: leaf i present).
  PlainRequest with_mask(PlainRequest request, std::uint64_t mask) const {
    for (const std::string& attribute : attributes) {
      auto& set = request.subject.sets[attribute];
      for (std::size_t i = 0; i < leaves.size(); ++i) {
        if ((mask >> i) & 1u) {
          set.insert(leaves[i]);
        } else {
          set.erase(leaves[i]);
        }
      }
    }
    return request;
  }

  Impact impact(const model::Model& model) const {
    if (withdraw) return analysis::impact_of_withdrawal(model, *model.consents().find(node));
    return analysis::impact_of_objection(model, *model.purposes().find(node));
  }
};

struct Stats {
  std::uint64_t choices = 0, listed = 0, flips_found = 0, random_requests = 0, random_flips = 0;
};

// The analysis indexed by shape, its conditions read back.
struct IndexedImpact {
  Impact impact;
  std::vector<testing::DescribedCondition> conditions;
  std::map<ShapeName, std::vector<std::size_t>> groups_of;

  explicit IndexedImpact(Impact i) : impact(std::move(i)) {
    for (std::size_t g = 0; g < impact.groups.size(); ++g) {
      conditions.emplace_back(impact.groups[g].condition);
      for (const ShapeName& shape : impact.groups[g].shapes) groups_of[shape].push_back(g);
    }
  }
};

bool flips(const Policy& policy, const PlainRequest& before, const PlainRequest& after) {
  return testing::decide(policy, before).allowed() && !testing::decide(policy, after).allowed();
}

// Checks one choice on one policy; a description of the first problem.
std::optional<std::string> check_choice(const Policy& policy, const Choice& choice, testing::Random& random,
                                        std::uint64_t requests, Stats& stats) {
  const model::Model& model = testing::model_of(policy);
  const IndexedImpact indexed(choice.impact(model));
  ++stats.choices;
  std::ostringstream problem;
  std::size_t total = 0;
  for (const auto& g : indexed.impact.groups) total += g.shapes.size();
  if (total != indexed.impact.shapes) return "Impact::shapes is " + std::to_string(indexed.impact.shapes) + ", the groups list " + std::to_string(total);

  // Every listed shape flips, for a subject meeting the condition and some
  // state of the choice (not already made).
  const std::uint64_t all_states = choice.leaves.size() >= 63 ? ~0ull : (1ull << choice.leaves.size()) - 1;  // all leaves present
  for (std::size_t g = 0; g < indexed.impact.groups.size(); ++g) {
    const auto& group = indexed.impact.groups[g];
    for (const ShapeName& shape : group.shapes) {
      // Under sanitizers (scale < 1) a sample of them.
      if (testing::analysis_scale() < 1 && !random.chance(testing::analysis_scale())) continue;
      ++stats.listed;
      bool found = false;
      for (int attempt = 0; attempt < 4 && !found; ++attempt) {
        testing::DualRequest dual = testing::random_request(policy, random);
        PlainRequest request = testing::plain_request(model, dual.reference);
        request.data = shape.data;
        request.purpose = shape.purpose;
        request.recipient = shape.recipient;
        if (attempt > 0) testing::sometimes_this(model, random, request);
        if (!indexed.conditions[g].satisfy(model, request)) {
          return "cannot build a subject meeting `" + group.condition + "`";
        }
        // The states the choice's leaves can be in before it is made.
        std::vector<std::uint64_t> states;
        if (choice.leaves.size() <= 8) {
          for (std::uint64_t mask = 0; mask <= all_states; ++mask) states.push_back(mask);
        } else {
          states.push_back(0);
          states.push_back(all_states);
          for (int i = 0; i < 256; ++i) states.push_back(random.next() & all_states);
        }
        for (const std::uint64_t mask : states) {
          const bool already = choice.withdraw ? mask == 0 : mask == all_states;
          if (already) continue;
          const PlainRequest before = choice.with_mask(request, mask);
          if (flips(policy, before, choice.made(before))) {
            found = true;
            break;
          }
        }
      }
      if (!found) {
        problem << choice.text() << " lists " << shape.data << " for " << shape.purpose
                << (shape.recipient.empty() ? "" : " shared with " + shape.recipient) << " (for subjects with "
                << group.condition << "), but no subject meeting that condition flips from allow to deny";
        return problem.str();
      }
      ++stats.flips_found;
    }
  }

  // Random requests: an unlisted flip never happens; a listed one only under its condition.
  for (std::uint64_t i = 0; i < requests; ++i) {
    testing::DualRequest dual = testing::random_request(policy, random);
    PlainRequest before = testing::plain_request(model, dual.reference);
    if (!indexed.groups_of.empty() && random.chance(0.5)) {  // a listed shape, any subject
      auto it = indexed.groups_of.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(random.below(indexed.groups_of.size())));
      before.data = it->first.data;
      before.purpose = it->first.purpose;
      before.recipient = it->first.recipient;
    }
    testing::sometimes_this(model, random, before);
    if (random.chance(0.5)) before = choice.with_mask(before, random.next() & all_states);
    ++stats.random_requests;
    if (!flips(policy, before, choice.made(before))) continue;
    ++stats.random_flips;
    const ShapeName shape{before.data, before.purpose, before.recipient};
    const auto found = indexed.groups_of.find(shape);
    if (found == indexed.groups_of.end()) {
      problem << choice.text() << " flips " << testing::plain_json(before)
              << " from allow to deny, but the impact does not list its request shape";
      return problem.str();
    }
    bool met = false;
    bool unknown = false;
    for (const std::size_t g : found->second) {
      // The condition speaks of the subject without the choice's own leaves.
      const std::optional<bool> holds = indexed.conditions[g].holds(model, before);
      met = met || holds == true;
      unknown = unknown || !holds.has_value();
    }
    if (!met && !unknown) {
      problem << choice.text() << " flips " << testing::plain_json(before)
              << " from allow to deny, but the subject meets none of the listed conditions:";
      for (const std::size_t g : found->second) problem << "\n    " << indexed.impact.groups[g].condition;
      return problem.str();
    }
  }
  return std::nullopt;
}

std::string stats_text(const Stats& s) {
  std::ostringstream out;
  out << s.choices << " choices: " << s.listed << " listed request shapes, each seen to flip (" << s.flips_found
      << "); " << s.random_requests << " random requests, " << s.random_flips << " of them flipping, each listed";
  return out.str();
}

const Policy& seed() {
  static const LoadResult loaded = load((testing::source_dir() / "policies/aiworksforus.policy").string());
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  return loaded.value();
}

bool lists(const Impact& impact, const ShapeName& shape) {
  for (const auto& g : impact.groups) {
    if (std::find(g.shapes.begin(), g.shapes.end(), shape) != g.shapes.end()) return true;
  }
  return false;
}

testing::CommandResult run(const std::string& arguments) {
  return testing::run_command(std::string(PROVISO_CLI) + " " + arguments);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_policy)

BOOST_AUTO_TEST_CASE(withdrawing_marketing_stops_the_newsletter) {
  const model::Model& model = testing::model_of(seed());
  const Impact impact = analysis::impact_of_withdrawal(model, *model.consents().find("marketing"));
  BOOST_TEST(impact.change == "withdrawing the consent `marketing`");
  BOOST_TEST(impact.shapes > 0u);
  BOOST_TEST(lists(impact, {"account.identity.email", "marketing.newsletter", ""}), analysis::render_impact(impact));
  // Transactional notices rest on the contract: withdrawing marketing leaves them alone.
  BOOST_TEST(!lists(impact, {"account.identity.email", "service.notifications", ""}));
  for (const auto& g : impact.groups) {
    if (std::find(g.shapes.begin(), g.shapes.end(), ShapeName{"account.identity.email", "marketing.newsletter", ""}) ==
        g.shapes.end()) {
      continue;
    }
    BOOST_TEST(g.condition.find("age >= 16") != std::string::npos, g.condition);
    BOOST_TEST(std::any_of(g.rules.begin(), g.rules.end(),
                           [](const std::string& r) { return r.find("`marketing-communications`") != std::string::npos; }));
  }
  const std::string text = analysis::render_impact(impact);
  BOOST_TEST(text.starts_with("proviso impact: withdrawing the consent `marketing` denies "), text);
}

BOOST_AUTO_TEST_CASE(objecting_to_ai_training_stops_training) {
  const model::Model& model = testing::model_of(seed());
  const Impact impact = analysis::impact_of_objection(model, *model.purposes().find("ai.training"));
  BOOST_TEST(lists(impact, {"content.conversation_logs", "ai.training", ""}), analysis::render_impact(impact));
  for (const auto& g : impact.groups) {
    for (const ShapeName& s : g.shapes) BOOST_TEST(s.purpose == "ai.training");
  }
}

BOOST_AUTO_TEST_CASE(every_consent_and_purpose_of_the_seed_policy) {
  const Policy& policy = seed();
  const model::Model& model = testing::model_of(policy);
  testing::Random random(77);
  Stats stats;
  const std::uint64_t requests = testing::scaled(1000, 100);
  // Every consent and half the purposes (a sample of them under sanitizers).
  const double share = std::min(1.0, testing::analysis_scale() * 2);
  for (const std::string& consent : model.consents().paths()) {
    if (share < 1 && !random.chance(share)) continue;
    const auto problem = check_choice(policy, Choice(model, true, consent), random, requests, stats);
    BOOST_TEST(!problem.has_value(), problem.value_or(""));
  }
  for (const std::string& purpose : model.purposes().paths()) {
    if (!random.chance(share / 2)) continue;
    const auto problem = check_choice(policy, Choice(model, false, purpose), random, requests / 2, stats);
    BOOST_TEST(!problem.has_value(), problem.value_or(""));
  }
  BOOST_TEST_MESSAGE("seed policy: " << stats_text(stats));
  BOOST_TEST(stats.random_flips > 0u);
}

BOOST_AUTO_TEST_CASE(the_command_line) {
  const std::string policy = (testing::source_dir() / "policies/aiworksforus.policy").string();
  const testing::CommandResult withdraw = run("impact --policy " + policy + " --withdraw marketing");
  BOOST_TEST(withdraw.exit_code == 0, withdraw.err);
  BOOST_TEST(withdraw.out.find("ALLOW -> DENY") != std::string::npos, withdraw.out);
  BOOST_TEST(withdraw.out.find("marketing.newsletter") != std::string::npos, withdraw.out);
  BOOST_TEST(withdraw.out.find("account.identity.email") != std::string::npos, withdraw.out);
  BOOST_TEST(run("impact --policy " + policy + " --object ai.training").exit_code == 0);
  BOOST_TEST(run("impact --policy " + policy + " --withdraw no_such_consent").exit_code == 2);
  BOOST_TEST(run("impact --policy " + policy + " --withdraw marketing --object ai.training").exit_code == 2);
  BOOST_TEST(run("impact --policy " + policy).exit_code == 2);
  BOOST_TEST(run("impact --policy /no/such/file.policy --withdraw marketing").exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()

// A processing request whose (data, purpose) no sharing rule covers, in a
// policy that declares recipients, is still a request a withdrawal can deny.
BOOST_AUTO_TEST_CASE(processing_without_any_sharing_rule_is_listed) {
  std::string errors;
  const auto policy = testing::compile_text("tiny.policy", R"(
policy tiny version "1";
data { a }
purposes { p }
recipients { r }
consents { c }
subject { consents: set of consent; }
@section("1") allow a for p under consent when consents has c;
@section("2") retain a for 1 year;
)", {}, true, errors);
  BOOST_TEST_REQUIRE(policy.has_value(), errors);
  const model::Model& model = testing::model_of(*policy);
  const Impact impact = analysis::impact_of_withdrawal(model, *model.consents().find("c"));
  BOOST_TEST(impact.shapes == 1u, analysis::render_impact(impact));
  BOOST_TEST(lists(impact, {"a", "p", ""}), analysis::render_impact(impact));
  // Worded for one request, and for everyone (the consent is the only condition).
  const std::string text = analysis::render_impact(impact);
  BOOST_TEST(text.starts_with("proviso impact: withdrawing the consent `c` denies 1 kind of request that was allowed\n"), text);
  BOOST_TEST(text.find("ALLOW -> DENY  for every subject\n") != std::string::npos, text);
  BOOST_TEST(text.find("subjects with every subject") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(listed_flips_happen_and_unlisted_ones_do_not) {
  const std::uint64_t policies = testing::scaled(100, 10);
  const std::uint64_t requests = testing::scaled(600, 60);
  Stats stats;
  for (std::uint64_t seed = 1; seed <= policies; ++seed) {
    testing::GeneratorOptions options;
    options.seed = 7000 + seed;
    options.files = 1 + static_cast<std::uint32_t>(seed % 2);
    options.data_leaves = 5 + static_cast<std::uint32_t>(seed % 12);
    options.purpose_leaves = 3 + static_cast<std::uint32_t>(seed % 8);
    options.recipient_leaves = 2 + static_cast<std::uint32_t>(seed % 3);
    options.consent_leaves = 3 + static_cast<std::uint32_t>(seed % 5);
    options.rules = 5 + static_cast<std::uint32_t>(seed % 25);
    options.min_depth = 1 + static_cast<std::uint32_t>(seed % 2);
    options.max_depth = 2 + static_cast<std::uint32_t>(seed % 3);
    const testing::GeneratedPolicy generated = testing::generate_policy(options);
    std::string errors;
    auto policy = testing::compile_generated(generated, generated.entry_text(), errors);
    BOOST_TEST_REQUIRE(policy.has_value(), errors);
    const model::Model& model = testing::model_of(*policy);
    testing::Random random(seed * 6151);
    const std::vector<std::string> consents = model.consents().paths();
    const std::vector<std::string> purposes = model.purposes().paths();
    for (int c = 0; c < 3; ++c) {
      const bool withdraw = c < 2;
      const Choice choice(model, withdraw, withdraw ? random.pick(consents) : random.pick(purposes));
      std::optional<std::string> problem;
      try {
        problem = check_choice(*policy, choice, random, requests, stats);
      } catch (const std::exception& e) {
        problem = e.what();
      }
      if (problem) BOOST_FAIL("policy " << seed << ": " << *problem << "\npolicy:\n" << testing::generated_text(generated));
    }
  }
  BOOST_TEST_MESSAGE("random policies: " << stats_text(stats));
  BOOST_TEST(stats.listed > 0u);
  BOOST_TEST(stats.random_flips > 0u);
}
