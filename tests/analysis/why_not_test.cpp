// Why-not answers (analysis::why_not, shown by `proviso explain` on a deny).
//
// The answer's changes are words ("the person gives the consent
// `marketing`") and, for tools, SubjectChange structures; this test reads
// the words back and applies both forms to the subject, and asks the
// compiled engine. The property, on the seed policy and on random policies:
//  - every suggested alternative, applied, gets the request allowed, with
//    the outcome the alternative announces;
//  - alternatives are smallest: all change the same number of things, and
//    no subject that differs in fewer things is allowed (every single
//    change is tried; pairs too, sampled, when three are needed);
//  - when no subject can be allowed, none of thousands of random subjects is.
#define BOOST_TEST_MODULE why_not
#include <boost/test/unit_test.hpp>

#include <functional>
#include <regex>
#include <sstream>

#include "analysis/why_not.hpp"
#include "json/request_json.hpp"
#include "tests/analysis/analysis_support.hpp"
#include "tests/support/command.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/policy_text.hpp"
#include "tests/support/random_requests.hpp"

namespace {

using namespace proviso;
using testing::PlainRequest;

// ---- reading the changes back ---------------------------------------------------

std::optional<model::AttributeId> attribute_named(const model::Model& model, const std::string& name,
                                                  model::AttributeType type) {
  const auto a = model.attribute(name);
  if (!a || model.attributes[*a].type != type) return std::nullopt;
  return a;
}

// Applies one change, as why_not words it, to the request. Empty on success,
// else what went wrong.
// Integer changes name an interval; any value in it must do, so one is picked at random.
std::string apply_change(const model::Model& model, const std::string& change, PlainRequest& request,
                         testing::Random& random) {
  static const std::regex gives("the person (gives|withdraws) the consent `([^`]+)`");
  static const std::regex set_change("`([^`]+)` is (added to|taken out of) `([^`]+)`");
  static const std::regex flag("`([^`]+)` is (true|false)");
  static const std::regex value("`([^`]+)` is `([^`]+)`");
  static const std::regex below("`([^`]+)` is below (-?[0-9]+)");
  static const std::regex or_more("`([^`]+)` is (-?[0-9]+) or more");
  static const std::regex range("`([^`]+)` is from (-?[0-9]+) to (-?[0-9]+)");
  static const std::regex exactly("`([^`]+)` is (-?[0-9]+)");
  static const std::regex form("the data is ([a-z]+) instead");
  std::smatch m;
  if (std::regex_match(change, m, gives)) {
    // The words do not name the attribute: fine while the policy has one set of consents.
    std::vector<std::string> holders;
    for (const model::Attribute& a : model.attributes) {
      if (a.type == model::AttributeType::set && a.element == model::VocabularyKind::consent) holders.push_back(a.name);
    }
    if (holders.size() != 1) return "ambiguous: " + std::to_string(holders.size()) + " attributes hold consents";
    auto& set = request.subject.sets[holders.front()];
    if (m[1] == "gives") {
      set.insert(m[2]);
    } else {
      set.erase(m[2]);
    }
    return {};
  }
  if (std::regex_match(change, m, set_change)) {
    if (!attribute_named(model, m[3], model::AttributeType::set)) return "no set attribute " + m[3].str();
    auto& set = request.subject.sets[m[3]];
    if (m[2] == "added to") {
      set.insert(m[1]);
    } else {
      set.erase(m[1]);
    }
    return {};
  }
  if (std::regex_match(change, m, flag) && attribute_named(model, m[1], model::AttributeType::boolean)) {
    request.subject.flags[m[1]] = m[2] == "true";
    return {};
  }
  if (std::regex_match(change, m, value)) {
    const auto a = attribute_named(model, m[1], model::AttributeType::enumeration);
    if (!a) return "no enumeration " + m[1].str();
    const auto& values = model.attributes[*a].values;
    if (std::find(values.begin(), values.end(), m[2].str()) == values.end()) return "no value " + m[2].str();
    request.subject.values[m[1]] = m[2];
    return {};
  }
  const auto integer = [&](const std::string& name, std::int64_t v) -> std::string {
    if (!attribute_named(model, name, model::AttributeType::integer)) return "no integer " + name;
    request.subject.integers[name] = v;
    return {};
  };
  const auto within = [&random](std::int64_t low, std::int64_t high) {  // [low, high], no overflow
    const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    const std::uint64_t offset = span >= 5 ? random.below(5) : random.below(span + 1);
    return random.chance(0.5) ? low + static_cast<std::int64_t>(offset) : high - static_cast<std::int64_t>(offset);
  };
  if (std::regex_match(change, m, below)) return integer(m[1], within(INT64_MIN, std::stoll(m[2]) - 1));
  if (std::regex_match(change, m, or_more)) return integer(m[1], within(std::stoll(m[2]), INT64_MAX));
  if (std::regex_match(change, m, range)) return integer(m[1], within(std::stoll(m[2]), std::stoll(m[3])));
  if (std::regex_match(change, m, exactly)) return integer(m[1], std::stoll(m[2]));
  if (std::regex_match(change, m, form)) {
    const auto f = form_named(m[1].str());
    if (!f) return "no form " + m[1].str();
    request.subject.form = *f;
    return {};
  }
  return "not understood";
}

// Applies one structured change (SubjectChange) to the request. Empty on
// success, else what went wrong; an integer interval is met with a value in it.
std::string apply_edit(const model::Model& model, const analysis::SubjectChange& edit, PlainRequest& request,
                       testing::Random& random) {
  using Kind = analysis::SubjectChange::Kind;
  if (edit.kind == Kind::form) {
    const auto f = form_named(edit.value);
    if (!f) return "no form " + edit.value;
    request.subject.form = *f;
    return {};
  }
  const auto a = model.attribute(edit.attribute);
  if (!a) return "no attribute " + edit.attribute;
  const model::Attribute& attribute = model.attributes[*a];
  if (edit.kind == Kind::add || edit.kind == Kind::remove) {
    if (attribute.type != model::AttributeType::set) return edit.attribute + " is not a set";
    auto& set = request.subject.sets[edit.attribute];
    if (edit.kind == Kind::add) {
      set.insert(edit.value);
    } else {
      set.erase(edit.value);
    }
    return {};
  }
  switch (attribute.type) {
    case model::AttributeType::boolean:
      if (edit.value != "true" && edit.value != "false") return "not a flag value: " + edit.value;
      request.subject.flags[edit.attribute] = edit.value == "true";
      return {};
    case model::AttributeType::enumeration:
      if (std::find(attribute.values.begin(), attribute.values.end(), edit.value) == attribute.values.end()) {
        return "no value " + edit.value;
      }
      request.subject.values[edit.attribute] = edit.value;
      return {};
    case model::AttributeType::integer: {
      if (!edit.at_least && !edit.below) return "an integer change without an interval";
      const std::int64_t low = edit.at_least.value_or(INT64_MIN);
      const std::int64_t high = edit.below ? *edit.below - 1 : INT64_MAX;
      if (low > high) return "an empty interval";
      const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
      const std::uint64_t offset = span >= 5 ? random.below(5) : random.below(span + 1);
      request.subject.integers[edit.attribute] =
          random.chance(0.5) ? low + static_cast<std::int64_t>(offset) : high - static_cast<std::int64_t>(offset);
      return {};
    }
    case model::AttributeType::set: break;
  }
  return "a value change of a set";
}

// ---- every single change of a request ---------------------------------------------

struct Variation {
  std::string slot;  // what it changes: an attribute, a set leaf, the form
  std::string what;
  std::function<void(PlainRequest&)> apply;
};

std::vector<Variation> single_changes(const Policy& policy, const PlainRequest& request) {
  const model::Model& model = testing::model_of(policy);
  std::vector<Variation> out;
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    const std::string name = attribute.name;
    switch (attribute.type) {
      case model::AttributeType::boolean: {
        const bool now = request.subject.flags.at(name);
        out.push_back({name, name + " = " + (now ? "false" : "true"), [name, now](PlainRequest& r) { r.subject.flags[name] = !now; }});
        break;
      }
      case model::AttributeType::enumeration:
        for (const std::string& v : attribute.values) {
          if (v == request.subject.values.at(name)) continue;
          out.push_back({name, name + " = " + v, [name, v](PlainRequest& r) { r.subject.values[name] = v; }});
        }
        break;
      case model::AttributeType::integer: {
        // One value in every interval the policy's comparisons cut.
        const auto& cuts = policy.compiled().layout.attributes[a].cuts;
        const std::int64_t now = request.subject.integers.at(name);
        const auto interval = [&](std::int64_t v) { return std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin(); };
        std::vector<std::int64_t> values;
        if (!cuts.empty() && cuts.front() != INT64_MIN) values.push_back(cuts.front() - 1);
        values.insert(values.end(), cuts.begin(), cuts.end());
        if (cuts.empty()) values.push_back(now == INT64_MAX ? now - 1 : now + 1);
        for (const std::int64_t v : values) {
          if (interval(v) == interval(now)) continue;
          out.push_back({name, name + " = " + std::to_string(v), [name, v](PlainRequest& r) { r.subject.integers[name] = v; }});
        }
        break;
      }
      case model::AttributeType::set: {
        const model::Vocabulary& vocabulary = model.vocabulary(attribute.element);
        for (std::uint32_t leaf = 0; leaf < vocabulary.leaf_count(); ++leaf) {
          const std::string path = vocabulary.node(vocabulary.leaf_node(leaf)).path;
          const bool now = request.subject.sets.at(name).contains(path);
          out.push_back({name + " " + path, (now ? "without " : "with ") + path + " in " + name,
                         [name, path, now](PlainRequest& r) {
                           if (now) {
                             r.subject.sets[name].erase(path);
                           } else {
                             r.subject.sets[name].insert(path);
                           }
                         }});
        }
        break;
      }
    }
  }
  for (const Form f : all_forms) {
    if (f == request.subject.form) continue;
    out.push_back({"form", "form = " + std::string(name_of(f)), [f](PlainRequest& r) { r.subject.form = f; }});
  }
  return out;
}

std::string alternative_text(const analysis::Alternative& a) {
  std::string text;
  for (const std::string& c : a.changes) text += (text.empty() ? "" : ", and ") + c;
  return text + "  (" + a.outcome + ")";
}

const std::string too_many = "more than three things about the person would have to change";

struct Stats {
  std::uint64_t denied = 0, possible = 0, impossible = 0, alternatives = 0, by_size[4] = {0, 0, 0, 0};
  std::uint64_t too_many = 0, singles = 0, pairs = 0, impossible_subjects = 0;
};

// Checks the why-not answer for one denied request; a description of the problem, if any.
std::optional<std::string> check_why_not(const Policy& policy, const eval::ReferenceRequest& reference,
                                         testing::Random& random, Stats& stats, std::uint64_t impossible_samples) {
  const model::Model& model = testing::model_of(policy);
  const PlainRequest request = testing::plain_request(model, reference);
  const analysis::WhyNot answer = analysis::why_not(model, reference);
  ++stats.denied;
  std::ostringstream problem;
  if (!answer.possible) {
    ++stats.impossible;
    if (answer.impossible.empty()) return "impossible, but no reason given";
    if (!answer.alternatives.empty()) return "impossible, yet alternatives are given";
    // No subject at all: random ones, and every single change of this one.
    for (std::uint64_t i = 0; i < impossible_samples; ++i) {
      testing::DualRequest other = testing::random_request(policy, random);
      PlainRequest candidate = testing::plain_request(model, other.reference);
      candidate.data = request.data;
      candidate.purpose = request.purpose;
      candidate.recipient = request.recipient;
      testing::sometimes_this(model, random, candidate);
      ++stats.impossible_subjects;
      if (testing::decide(policy, candidate).allowed()) {
        problem << "why-not says no subject can be allowed (" << answer.impossible << "), but this one is: "
                << testing::plain_json(candidate);
        return problem.str();
      }
    }
    for (const Variation& v : single_changes(policy, request)) {
      PlainRequest candidate = request;
      v.apply(candidate);
      if (testing::decide(policy, candidate).allowed()) {
        problem << "why-not says no subject can be allowed (" << answer.impossible << "), but with " << v.what << " it is";
        return problem.str();
      }
    }
    return std::nullopt;
  }
  ++stats.possible;
  if (answer.alternatives.empty()) return "possible, but no alternative given";
  std::size_t size = answer.alternatives.front().changes.size();
  const bool more_than_three = answer.alternatives.front().changes == std::vector<std::string>{too_many};
  if (more_than_three) {
    ++stats.too_many;
    size = 4;
  }
  for (const analysis::Alternative& alternative : answer.alternatives) {
    ++stats.alternatives;
    if (more_than_three) break;
    if (alternative.changes.size() != size) {
      return "alternatives of different sizes: " + alternative_text(answer.alternatives.front()) + " / " +
             alternative_text(alternative);
    }
    if (size == 0 || size > 3) return "an alternative with " + std::to_string(size) + " changes";
    ++stats.by_size[size];
    PlainRequest changed = request;
    for (const std::string& change : alternative.changes) {
      const std::string error = apply_change(model, change, changed, random);
      if (!error.empty()) return "cannot apply the change \"" + change + "\": " + error;
    }
    // The structured form says the same: applied, it gets the same outcome.
    if (alternative.edits.size() != alternative.changes.size()) {
      return "the alternative \"" + alternative_text(alternative) + "\" has " + std::to_string(alternative.edits.size()) +
             " structured changes";
    }
    PlainRequest edited = request;
    for (const analysis::SubjectChange& edit : alternative.edits) {
      const std::string error = apply_edit(model, edit, edited, random);
      if (!error.empty()) return "cannot apply a structured change of \"" + alternative_text(alternative) + "\": " + error;
    }
    for (const PlainRequest& candidate : {changed, edited}) {
      const Decision d = testing::decide(policy, candidate);
      const analysis::Outcome outcome = testing::outcome_of(d);
      if (!d.allowed()) {
        problem << "the alternative \"" << alternative_text(alternative) << "\" does not get it allowed: "
                << testing::plain_json(candidate) << " is denied";
        return problem.str();
      }
      if (outcome.text() != alternative.outcome) {
        problem << "the alternative \"" << alternative_text(alternative) << "\" announces " << alternative.outcome
                << " but the engine decides " << outcome.text();
        return problem.str();
      }
    }
  }
  // Smallest: nothing that changes fewer things is allowed.
  const std::vector<Variation> singles = single_changes(policy, request);
  if (size >= 2) {
    for (const Variation& v : singles) {
      PlainRequest candidate = request;
      v.apply(candidate);
      ++stats.singles;
      if (testing::decide(policy, candidate).allowed()) {
        problem << "why-not says " << size << " things must change (" << alternative_text(answer.alternatives.front())
                << "), but changing only " << v.what << " gets it allowed";
        return problem.str();
      }
    }
  }
  if (size >= 3 && singles.size() >= 2) {
    for (int i = 0; i < 400; ++i) {
      const Variation& a = singles[random.below(singles.size())];
      const Variation& b = singles[random.below(singles.size())];
      if (a.slot == b.slot) continue;
      PlainRequest candidate = request;
      a.apply(candidate);
      b.apply(candidate);
      ++stats.pairs;
      if (testing::decide(policy, candidate).allowed()) {
        problem << "why-not says " << (more_than_three ? "more than 3" : std::to_string(size))
                << " things must change, but changing " << a.what << " and " << b.what << " gets it allowed";
        return problem.str();
      }
    }
  }
  return std::nullopt;
}

std::string stats_text(const Stats& s) {
  std::ostringstream out;
  out << s.denied << " denied requests: " << s.possible << " possible (alternatives of 1/2/3 changes: " << s.by_size[1]
      << "/" << s.by_size[2] << "/" << s.by_size[3] << ", " << s.too_many << " needing more than three), "
      << s.impossible << " impossible (" << s.impossible_subjects << " random subjects tried, none allowed); "
      << s.singles << " single and " << s.pairs << " paired smaller changes tried, none allowed";
  return out.str();
}

// ---- the seed policy --------------------------------------------------------------

const Policy& seed() {
  static const LoadResult loaded = load((testing::source_dir() / "policies/aiworksforus.policy").string());
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  return loaded.value();
}

json::ParsedRequest request(const Policy& policy, const std::string& text) {
  auto parsed = json::parse_request(policy, text);
  if (!parsed.ok()) BOOST_FAIL(text << ": " << parsed.error().message);
  return std::move(parsed).value();
}

analysis::WhyNot why_not_of(const Policy& policy, const std::string& text, bool check = true) {
  const json::ParsedRequest parsed = request(policy, text);
  BOOST_TEST_REQUIRE(!policy.decide(parsed.request).allowed(), text << " is allowed");
  if (check) {
    testing::Random random(1);
    Stats stats;
    const auto problem = check_why_not(policy, parsed.reference, random, stats, 500);
    BOOST_TEST(!problem.has_value(), text << ": " << problem.value_or(""));
  }
  return analysis::why_not(testing::model_of(policy), parsed.reference);
}

bool suggests(const analysis::WhyNot& answer, const std::vector<std::string>& changes) {
  return std::any_of(answer.alternatives.begin(), answer.alternatives.end(),
                     [&](const analysis::Alternative& a) { return a.changes == changes; });
}

std::string all_text(const analysis::WhyNot& answer) {
  if (!answer.possible) return "impossible: " + answer.impossible;
  std::string text;
  for (const auto& a : answer.alternatives) text += "\n  " + alternative_text(a);
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_policy)

BOOST_AUTO_TEST_CASE(marketing_without_consent_needs_the_consent) {
  const auto answer = why_not_of(seed(), R"({"data": "account.identity.email", "purpose": "marketing.newsletter",
                                            "subject": {"age": 34, "region": "eu"}})");
  BOOST_TEST(answer.possible);
  BOOST_TEST(suggests(answer, {"the person gives the consent `marketing`"}), all_text(answer));
  for (const auto& a : answer.alternatives) BOOST_TEST(a.outcome.starts_with("allow under consent"), a.outcome);
}

BOOST_AUTO_TEST_CASE(ai_training_after_an_opt_out_needs_the_objection_withdrawn) {
  const auto answer = why_not_of(seed(), R"({"data": "content.conversation_logs", "purpose": "ai.training",
                                            "subject": {"objections": ["ai.training"]}})");
  BOOST_TEST(answer.possible);
  BOOST_TEST(suggests(answer, {"`ai.training` is taken out of `objections`"}), all_text(answer));
}

BOOST_AUTO_TEST_CASE(sale_is_impossible_and_names_the_deny) {
  const auto answer = why_not_of(seed(), R"({"data": "account.identity.email", "purpose": "sale"})");
  BOOST_TEST(!answer.possible);
  BOOST_TEST(answer.alternatives.empty());
  BOOST_TEST(answer.impossible.find("no subject can ever be allowed") != std::string::npos, answer.impossible);
  BOOST_TEST(answer.impossible.find("`no-sale`") != std::string::npos, answer.impossible);
  // Sharing it is impossible as well: the processing deny stops every disclosure.
  const auto shared = why_not_of(seed(), R"({"data": "account.identity.email", "purpose": "sale",
                                            "recipient": "processor.infrastructure"})");
  BOOST_TEST(!shared.possible);
  BOOST_TEST(shared.impossible.find("`no-sale`") != std::string::npos, shared.impossible);
}

BOOST_AUTO_TEST_CASE(two_blockers_need_two_changes) {
  const auto answer = why_not_of(seed(), R"({"data": "account.identity.name", "purpose": "service.delivery",
                                            "subject": {"age": 14, "restricted": true}})");
  BOOST_TEST_REQUIRE(answer.possible);
  for (const auto& a : answer.alternatives) BOOST_TEST(a.changes.size() == 2u, all_text(answer));
  BOOST_TEST(suggests(answer, {"`age` is 16 or more", "`restricted` is false"}), all_text(answer));
}

BOOST_AUTO_TEST_CASE(random_denied_requests_on_the_seed_policy) {
  const Policy& policy = seed();
  testing::Random random(424242);
  Stats stats;
  const std::uint64_t wanted = testing::scaled(300, 30);
  for (std::uint64_t tries = 0; stats.denied < wanted && tries < wanted * 50; ++tries) {
    testing::DualRequest dual = testing::random_request(policy, random);
    if (policy.decide(dual.compiled).allowed()) continue;
    const auto problem = check_why_not(policy, dual.reference, random, stats, testing::scaled(100, 20));
    if (problem) BOOST_FAIL(*problem << "\nrequest: " << testing::request_json(policy, dual));
  }
  BOOST_TEST_MESSAGE("seed policy: " << stats_text(stats));
  BOOST_TEST(stats.possible > 0u);
  BOOST_TEST(stats.impossible > 0u);
}

BOOST_AUTO_TEST_CASE(explain_prints_the_answer) {
  const std::string policy = (testing::source_dir() / "policies/aiworksforus.policy").string();
  const auto explain = [&](const std::string& request) {
    const testing::CommandResult result =
        testing::run_command(std::string(PROVISO_CLI) + " explain --policy " + policy + " '" + request + "'");
    BOOST_TEST(result.exit_code == 0, result.out << result.err);
    return result.out;
  };
  const std::string marketing = explain(R"({"data": "account.identity.email", "purpose": "marketing.newsletter"})");
  BOOST_TEST(marketing.find("why not   it would be allowed if:") != std::string::npos, marketing);
  BOOST_TEST(marketing.find("the person gives the consent `marketing`") != std::string::npos, marketing);
  const std::string sale = explain(R"({"data": "account.identity.email", "purpose": "sale"})");
  BOOST_TEST(sale.find("why not   no subject can ever be allowed this") != std::string::npos, sale);
  const std::string allowed =
      explain(R"({"data": "account.identity.email", "purpose": "marketing.newsletter", "subject": {"consents": ["marketing"]}})");
  BOOST_TEST(allowed.find("why not") == std::string::npos, allowed);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- small policies -----------------------------------------------------------------

namespace {

// A smaller vocabulary than testing::test_prelude, with its subject.
const std::string small_vocabulary = std::string(R"(
policy small version "1";
data { account { email, name } usage { clicks } }
purposes { service, marketing { newsletter, ads }, research, sale }
recipients { partner }
consents { marketing, cookies { ads, stats } }
)") + testing::test_subject;

Policy small(const std::string& rules) {
  std::string errors;
  auto policy = testing::compile_text("small.policy", small_vocabulary + rules, {}, false, errors);
  BOOST_TEST_REQUIRE(policy.has_value(), errors);
  return *policy;
}

bool some_allow_covers(const model::Model& model, const eval::ReferenceRequest& request) {
  return std::any_of(model.rules.begin(), model.rules.end(), [&](const model::Rule& rule) {
    return rule.effect == Effect::allow && eval::rule_considered(rule, request) && eval::rule_covers(model, rule, request);
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(small_policies)

BOOST_AUTO_TEST_CASE(a_form_an_enumeration_and_an_age_range) {
  const Policy policy = small(R"(
@section("1") allow usage for research under legitimate_interest when form is anonymized;
@section("2") allow account for service under contract when region is eu;
@section("3") allow account.email for marketing.ads under legitimate_interest when age >= 18 and age < 21;
)");
  BOOST_TEST(suggests(why_not_of(policy, R"({"data": "usage.clicks", "purpose": "research"})"),
                      {"the data is anonymized instead"}));
  BOOST_TEST(suggests(why_not_of(policy, R"({"data": "account.name", "purpose": "service"})"), {"`region` is `eu`"}));
  BOOST_TEST(suggests(why_not_of(policy, R"({"data": "account.email", "purpose": "marketing.ads", "subject": {"age": 30}})"),
                      {"`age` is from 18 to 20"}));
}

BOOST_AUTO_TEST_CASE(a_consent_with_parts_needs_each_part) {
  const Policy policy = small(R"(
@section("1") allow usage for marketing.ads under consent when consents has cookies;
)");
  const auto answer = why_not_of(policy, R"({"data": "usage.clicks", "purpose": "marketing.ads",
                                            "subject": {"consents": ["cookies.ads"]}})");
  BOOST_TEST(suggests(answer, {"the person gives the consent `cookies.stats`"}), all_text(answer));
  const auto both = why_not_of(policy, R"({"data": "usage.clicks", "purpose": "marketing.ads"})");
  BOOST_TEST(suggests(both, {"the person gives the consent `cookies.ads`", "the person gives the consent `cookies.stats`"}),
             all_text(both));
}

BOOST_AUTO_TEST_CASE(two_sets_of_consents_say_which_set) {
  // A child's account needs the child's and a parent's consent. With
  // `consents` holding `marketing` already, the missing one is the
  // parent's: "the person gives the consent `marketing`" would not say so.
  std::string errors;
  const auto policy = testing::compile_text("parents.policy", R"(
policy parents version "1";
data { account { email } }
purposes { marketing }
consents { marketing, cookies }
subject {
  consents: set of consent;
  parental_consents: set of consent;
}
@section("1") allow account for marketing under consent when consents has marketing and parental_consents has marketing;
)", {}, false, errors);
  BOOST_TEST_REQUIRE(policy.has_value(), errors);
  const auto parent = why_not_of(*policy, R"({"data": "account.email", "purpose": "marketing",
                                            "subject": {"consents": ["marketing"]}})");
  BOOST_TEST(suggests(parent, {"`marketing` is added to `parental_consents`"}), all_text(parent));
  const auto child = why_not_of(*policy, R"({"data": "account.email", "purpose": "marketing",
                                           "subject": {"parental_consents": ["marketing"]}})");
  BOOST_TEST(suggests(child, {"`marketing` is added to `consents`"}), all_text(child));
  BOOST_TEST_REQUIRE(child.alternatives.size() == 1u, all_text(child));
  BOOST_TEST_REQUIRE(child.alternatives.front().edits.size() == 1u);
  const analysis::SubjectChange& edit = child.alternatives.front().edits.front();
  BOOST_TEST((edit.kind == analysis::SubjectChange::Kind::add));
  BOOST_TEST(edit.attribute == "consents");
  BOOST_TEST(edit.value == "marketing");
}

BOOST_AUTO_TEST_CASE(structured_changes_name_attribute_and_value) {
  const Policy policy = small(R"(
@section("1") allow usage for research under legitimate_interest when form is anonymized;
@section("3") allow account.email for marketing.ads under legitimate_interest when age >= 18 and age < 21 and region is eu;
)");
  const auto form = why_not_of(policy, R"({"data": "usage.clicks", "purpose": "research"})");
  BOOST_TEST_REQUIRE(form.alternatives.size() == 1u, all_text(form));
  BOOST_TEST_REQUIRE(form.alternatives.front().edits.size() == 1u);
  BOOST_TEST((form.alternatives.front().edits.front().kind == analysis::SubjectChange::Kind::form));
  BOOST_TEST(form.alternatives.front().edits.front().value == "anonymized");
  const auto ads = why_not_of(policy, R"({"data": "account.email", "purpose": "marketing.ads", "subject": {"age": 30}})");
  BOOST_TEST_REQUIRE(ads.alternatives.size() == 1u, all_text(ads));
  const auto& edits = ads.alternatives.front().edits;
  BOOST_TEST_REQUIRE(edits.size() == 2u, all_text(ads));
  BOOST_TEST(edits[0].attribute == "age");
  BOOST_TEST((edits[0].at_least == std::optional<std::int64_t>(18)));
  BOOST_TEST((edits[0].below == std::optional<std::int64_t>(21)));
  BOOST_TEST(edits[1].attribute == "region");
  BOOST_TEST(edits[1].value == "eu");
}

BOOST_AUTO_TEST_CASE(impossible_when_nothing_allows_or_a_deny_always_follows) {
  const Policy policy = small(R"(
@section("1") @id("restricted-service") allow account for service under contract when restricted;
@section("2") @id("never-when-restricted") deny account for service when restricted;
)");
  const auto covered = why_not_of(policy, R"({"data": "account.email", "purpose": "service"})");
  BOOST_TEST(!covered.possible);
  BOOST_TEST(covered.impossible.find("whenever an allow applies, a deny applies too") != std::string::npos, covered.impossible);
  BOOST_TEST(covered.impossible.find("`never-when-restricted`") != std::string::npos, covered.impossible);
  const auto nothing = why_not_of(policy, R"({"data": "usage.clicks", "purpose": "service"})");
  BOOST_TEST(!nothing.possible);
  BOOST_TEST(nothing.impossible.find("no rule allows it") != std::string::npos, nothing.impossible);
  BOOST_TEST(nothing.impossible.find("default deny") != std::string::npos, nothing.impossible);
}

BOOST_AUTO_TEST_CASE(more_than_three_changes) {
  const Policy policy = small(R"(
@section("1") allow usage for service under contract
  when region is eu and restricted and age < 16 and consents has marketing and form is pseudonymized;
)");
  const auto answer = why_not_of(policy, R"({"data": "usage.clicks", "purpose": "service"})");
  BOOST_TEST(answer.possible);
  BOOST_TEST(suggests(answer, {too_many}), all_text(answer));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the property on random policies ----------------------------------------------------

BOOST_AUTO_TEST_CASE(every_alternative_gets_the_request_allowed_and_is_smallest) {
  const std::uint64_t policies = testing::scaled(120, 10);
  const std::uint64_t per_policy = testing::scaled(25, 5);
  Stats stats;
  for (std::uint64_t seed = 1; seed <= policies; ++seed) {
    testing::GeneratorOptions options;
    options.seed = 9000 + seed;
    options.files = 1;
    options.data_leaves = 5 + static_cast<std::uint32_t>(seed % 12);
    options.purpose_leaves = 3 + static_cast<std::uint32_t>(seed % 8);
    options.recipient_leaves = 2 + static_cast<std::uint32_t>(seed % 3);
    options.consent_leaves = 3 + static_cast<std::uint32_t>(seed % 4);
    options.rules = 4 + static_cast<std::uint32_t>(seed % 20);
    options.min_depth = 1 + static_cast<std::uint32_t>(seed % 2);
    options.max_depth = 2 + static_cast<std::uint32_t>(seed % 3);
    const testing::GeneratedPolicy generated = testing::generate_policy(options);
    std::string errors;
    auto policy = testing::compile_generated(generated, generated.entry_text(), errors);
    BOOST_TEST_REQUIRE(policy.has_value(), errors);
    testing::Random random(seed * 31337);
    // Denied requests until `per_policy` of them can be allowed; the first
    // few that cannot get thousands of random subjects each.
    std::uint64_t possible = 0;
    std::uint64_t impossible = 0;
    for (std::uint64_t tries = 0; possible < per_policy && tries < per_policy * 60; ++tries) {
      testing::DualRequest dual = testing::random_request(*policy, random);
      if (policy->decide(dual.compiled).allowed()) continue;
      // Shapes no allow covers are denied by default for everyone: a few suffice.
      if (!some_allow_covers(testing::model_of(*policy), dual.reference) && (impossible >= 4 || random.chance(0.9))) continue;
      std::optional<std::string> problem;
      const std::uint64_t before = stats.possible;
      try {
        problem = check_why_not(*policy, dual.reference, random, stats, impossible < 4 ? testing::scaled(2000, 200) : 0);
      } catch (const std::exception& e) {
        problem = e.what();
      }
      if (stats.possible > before) {
        ++possible;
      } else {
        ++impossible;
      }
      if (problem) {
        BOOST_FAIL("policy " << seed << ": " << *problem << "\nrequest: " << testing::request_json(*policy, dual)
                             << "\npolicy:\n" << testing::generated_text(generated));
      }
    }
  }
  BOOST_TEST_MESSAGE("random policies: " << stats_text(stats));
  BOOST_TEST(stats.by_size[1] > 0u);
  BOOST_TEST(stats.by_size[2] > 0u);
  BOOST_TEST(stats.impossible > 0u);
}
