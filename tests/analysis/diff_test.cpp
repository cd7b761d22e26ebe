// The exact semantic diff (analysis::diff, proviso diff).
//
//  - unit tests on small hand-written policies: what counts as no change,
//    how rules are matched, and each kind of change a reviewer must see;
//  - the key property, checked differentially against the compiled engine:
//    on random policies A and mutations B of them, a request decides
//    differently in A and B exactly when the diff lists its shape with those
//    two outcomes and a condition the request meets (the printed conditions
//    are read back and evaluated);
//  - the command line: exit codes of --fail-on, JSON and Markdown output.
//
// PROVISO_ANALYSIS_SCALE scales the property test (it shrinks by itself
// under sanitizers).
#define BOOST_TEST_MODULE diff
#include <boost/test/unit_test.hpp>

#include <array>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/condition_text.hpp"
#include "analysis/diff.hpp"
#include "json/diff_json.hpp"
#include "tests/analysis/analysis_support.hpp"
#include "tests/support/command.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/policy_text.hpp"
#include "tests/support/random_requests.hpp"
#include "tests/support/scratch.hpp"

namespace {

using namespace proviso;
using analysis::ChangeGroup;
using analysis::DiffResult;
using analysis::Outcome;
using analysis::RuleChange;
using analysis::ShapeChange;
using analysis::ShapeName;

// ---- small policies ------------------------------------------------------------

// A small policy: the test vocabulary (testing::test_prelude), then `rules`.
std::string policy(const std::string& rules, const std::string& extra_vocabulary = "") {
  return "policy small version \"1\";\n" + testing::test_prelude + extra_vocabulary + rules;
}

const char* const base_rules = R"(
@section("4") @id("service")
allow account, billing for service under contract;

@section("13") @id("newsletter")
allow account.email for marketing.newsletter under consent when consents has marketing;

@section("12") @id("no-children")
deny all for all when age < 16;

@section("14")
deny all for sale;

@section("7") retain account for 2 years;
@section("7") retain billing for 7 years;
@section("7") retain usage for 1 year;
)";

// `text` with `from` replaced by `to` (which must be there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  BOOST_TEST_REQUIRE(at != std::string::npos, "`" << from << "` is not in the text");
  return text.replace(at, from.size(), to);
}

// Keeps every checked version alive for the models' lifetime.
std::vector<std::unique_ptr<testing::Checked>>& kept() {
  static std::vector<std::unique_ptr<testing::Checked>> all;
  return all;
}

const model::Model& checked(const std::string& text) {
  auto result = std::make_unique<testing::Checked>(testing::check_text(text));
  BOOST_TEST_REQUIRE(result->model.has_value(), "the policy does not check:\n" << result->text() << "\n" << text);
  kept().push_back(std::move(result));
  return *kept().back()->model;
}

DiffResult diff_of(const std::string& before, const std::string& after) {
  return analysis::diff(checked(before), checked(after), analysis::DiffOptions{.details = true});
}

std::string describe(const DiffResult& result) { return analysis::render_text(result); }

const ShapeChange* find_detail(const DiffResult& result, const ShapeName& shape) {
  for (const ChangeGroup& g : result.groups) {
    for (const ShapeChange& d : g.details) {
      if (d.shape == shape) return &d;
    }
  }
  return nullptr;
}

bool all_groups(const DiffResult& result, bool (ChangeGroup::*kind)() const) {
  return std::all_of(result.groups.begin(), result.groups.end(), [&](const ChangeGroup& g) { return (g.*kind)(); });
}

// An outcome as JSON (diff_json.cpp) in Outcome::text()'s words.
std::string outcome_text(const nlohmann::json& o) {
  if (o["decision"] == "deny") return "deny";
  std::string text = "allow under " + o["basis"].get<std::string>();
  const auto obligations = o["obligations"].get<std::vector<std::string>>();
  for (std::size_t i = 0; i < obligations.size(); ++i) text += (i ? ", " : ", requiring ") + obligations[i];
  if (o.contains("retention")) text += ", kept " + o["retention"].get<std::string>();
  return text;
}

using ListedChange = std::tuple<ShapeName, std::string, std::string, std::string>;  // shape, before, after, when

// Every (shape, outcome before, outcome after, condition) the JSON of a
// diff lists, its shape blocks expanded; each listed once, or `duplicate`.
std::set<ListedChange> json_changes(const nlohmann::json& json, bool& duplicate) {
  std::set<ListedChange> out;
  for (const auto& group : json["changes"]) {
    for (const auto& request : group["requests"]) {
      for (const auto& block : request["shapes"]) {
        const auto recipients =
            block.contains("recipients") ? block["recipients"].get<std::vector<std::string>>() : std::vector<std::string>{""};
        for (const std::string data : block["data"]) {
          for (const std::string purpose : block["purposes"]) {
            for (const std::string& recipient : recipients) {
              for (const auto& c : request["cases"]) {
                const ListedChange listed{ShapeName{data, purpose, recipient}, outcome_text(c["before"]),
                                          outcome_text(c["after"]), c["when"].get<std::string>()};
                duplicate = duplicate || !out.insert(listed).second;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

// The same from the result's details.
std::set<ListedChange> detail_changes(const DiffResult& result) {
  std::set<ListedChange> out;
  for (const ChangeGroup& g : result.groups) {
    for (const ShapeChange& d : g.details) out.insert({d.shape, d.before.text(), d.after.text(), d.condition});
  }
  return out;
}

// What `proviso diff --fail-on MODE` decides (diff_command.cpp), from the result.
bool fails(const DiffResult& result, const std::string& mode) {
  if (mode == "any") return !result.empty();
  if (mode == "broadening") return result.broadening();
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(small_policies)

BOOST_AUTO_TEST_CASE(identical_versions_have_no_changes) {
  const DiffResult result = diff_of(policy(base_rules), policy(base_rules));
  BOOST_TEST(result.empty());
  BOOST_TEST(result.rules.empty());
  BOOST_TEST(result.vocabulary.empty());
  BOOST_TEST(!result.broadening());
  BOOST_TEST(result.shapes_changed == 0u);
  BOOST_TEST(analysis::diff_summary(result) == "no changes");
}

BOOST_AUTO_TEST_CASE(reformatted_and_reordered_rules_are_no_change) {
  // Same rules: other order, other line breaks, comments, an unnamed rule moved.
  const std::string reordered = R"(
// retention first this time
@section("7") retain usage    for 1 year;
@section("7")
retain billing
  for 7 years;
@section("14") deny all
  for sale;   // moved up
@section("12") @id("no-children")
deny all for all
  when age < 16;
@section("7") retain account for 2 years;
@section("13") @id("newsletter")
allow account.email
  for marketing.newsletter
  under consent
  when consents has marketing;
@section("4") @id("service")
allow account, billing
  for service
  under contract;
)";
  const DiffResult result = diff_of(policy(base_rules), policy(reordered));
  BOOST_TEST(result.empty(), describe(result));
  BOOST_TEST(result.rules.empty(), describe(result));
  BOOST_TEST(!fails(result, "any"));
}

BOOST_AUTO_TEST_CASE(a_rule_edited_under_the_same_id_is_changed) {
  std::string after = base_rules;
  after = replaced(after, "consents has marketing", "consents has marketing and region is eu");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(result.rules.size() == 1u, describe(result));
  const RuleChange& change = result.rules.front();
  BOOST_TEST((change.kind == RuleChange::Kind::changed));
  BOOST_TEST(change.label.find("`newsletter`") != std::string::npos, change.label);
  BOOST_TEST(change.label.find("\xC2\xA7" "13") != std::string::npos, change.label);
  BOOST_TEST(change.before_text.find("when consents has marketing") != std::string::npos, change.before_text);
  BOOST_TEST(change.after_text.find("region is eu") != std::string::npos, change.after_text);
  // It narrows the newsletter to EU residents.
  BOOST_TEST(all_groups(result, &ChangeGroup::narrowing), describe(result));
  const ShapeChange* detail = find_detail(result, {"account.email", "marketing.newsletter", ""});
  BOOST_TEST_REQUIRE(detail != nullptr, describe(result));
  BOOST_TEST(detail->condition.find("region") != std::string::npos, detail->condition);
}

BOOST_AUTO_TEST_CASE(the_summary_condition_names_what_the_edit_added) {
  // Newsletters narrowed to EU residents: non-EU residents with the consent
  // lose them. The group's summary condition must say so (its details do);
  // `consents has marketing` alone would tell a reviewer every consenting
  // person lost the newsletter.
  const std::string after = replaced(base_rules, "when consents has marketing", "when consents has marketing and region is eu");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(result.groups.size() == 1u, describe(result));
  const ChangeGroup& g = result.groups.front();
  BOOST_TEST(g.narrowing());
  BOOST_TEST(g.condition.find("region") != std::string::npos, "the summary says `when " << g.condition
                                                                  << "`; the detail says `" << g.details.front().condition << "`");
  // One request shape changes: the summary is its exact condition.
  BOOST_TEST_REQUIRE(g.details.size() == 1u, describe(result));
  BOOST_TEST(g.condition == g.details.front().condition);
  BOOST_TEST(g.condition == "age >= 16 and region is not eu and consents has marketing");
  BOOST_TEST(analysis::diff_summary(result).starts_with("1 kind of request decides differently"), analysis::diff_summary(result));
}

BOOST_AUTO_TEST_CASE(an_allow_that_does_not_decide_is_named_for_its_obligations) {
  // The service rule decides (written first, as specific); `extra` applies
  // too and adds its obligations. Editing them changes the outcome, and
  // `extra` is why, though it decides nothing.
  const std::string extra =
      "@section(\"5\") @id(\"extra\") allow account for service under contract when consents has marketing requiring pseudonymize;\n";
  const std::string before = std::string(base_rules) + extra;
  const DiffResult result = diff_of(policy(before), policy(replaced(before, "requiring pseudonymize", "requiring notify")));
  BOOST_TEST_REQUIRE(!result.empty(), describe(result));
  for (const ChangeGroup& g : result.groups) {
    BOOST_TEST_REQUIRE(g.causes.size() == 1u, describe(result));
    BOOST_TEST(g.causes.front() == result.rules.front().label, describe(result));
  }
}

BOOST_AUTO_TEST_CASE(the_summary_condition_is_exact_when_an_unedited_rule_decides) {
  // The edited deny no longer applies outside the EU; the unedited allows
  // decide there now. The summary says who is affected, not just `age < 16`.
  const std::string after = replaced(base_rules, "deny all for all when age < 16", "deny all for all when age < 16 and region is eu");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(result.groups.size() == 2u, describe(result));
  for (const ChangeGroup& g : result.groups) {
    BOOST_TEST(g.broadening());
    const std::string expected = g.after_basis == Basis::consent ? "age < 16 and region is not eu and consents has marketing"
                                                                 : "age < 16 and region is not eu";
    BOOST_TEST(g.condition == expected, describe(result));
  }
}

BOOST_AUTO_TEST_CASE(the_summary_condition_of_a_rule_without_condition_leaves_out_who_a_deny_stops) {
  // `requiring notify` on the service: every subject the service is allowed
  // for, which is not the under-16s (a deny stops them before and after).
  const std::string after = replaced(base_rules, "for service under contract;", "for service under contract requiring notify;");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(result.groups.size() == 1u, describe(result));
  BOOST_TEST(result.groups.front().condition == "age >= 16", describe(result));
}

BOOST_AUTO_TEST_CASE(rules_added_and_removed) {
  const std::string added = std::string(base_rules) +
                            "@section(\"9\") @id(\"analytics\")\nallow usage for analytics under legitimate_interest;\n";
  const DiffResult more = diff_of(policy(base_rules), policy(added));
  BOOST_TEST_REQUIRE(more.rules.size() == 1u, describe(more));
  BOOST_TEST((more.rules.front().kind == RuleChange::Kind::added));
  BOOST_TEST(more.rules.front().before_text.empty());
  BOOST_TEST(more.rules.front().after_text.find("allow usage for analytics") != std::string::npos);
  BOOST_TEST(more.broadening(), describe(more));
  BOOST_TEST(find_detail(more, {"usage.clicks", "analytics", ""}) != nullptr, describe(more));

  const DiffResult fewer = diff_of(policy(added), policy(base_rules));
  BOOST_TEST_REQUIRE(fewer.rules.size() == 1u, describe(fewer));
  BOOST_TEST((fewer.rules.front().kind == RuleChange::Kind::removed));
  BOOST_TEST(fewer.rules.front().after_text.empty());
  BOOST_TEST(fewer.rules.front().label.find("`analytics`") != std::string::npos);
  BOOST_TEST(!fewer.broadening(), describe(fewer));
  BOOST_TEST(all_groups(fewer, &ChangeGroup::narrowing), describe(fewer));

  // A rule without an @id whose text changes is one removed and one added.
  std::string edited = base_rules;
  edited = replaced(edited, "deny all for sale", "deny all for sale, analytics");
  const DiffResult renamed = diff_of(policy(base_rules), policy(edited));
  BOOST_TEST_REQUIRE(renamed.rules.size() == 2u, describe(renamed));
  std::multiset<RuleChange::Kind> kinds;
  for (const RuleChange& change : renamed.rules) kinds.insert(change.kind);
  BOOST_TEST(kinds.count(RuleChange::Kind::added) == 1u);
  BOOST_TEST(kinds.count(RuleChange::Kind::removed) == 1u);
  BOOST_TEST(renamed.empty(), "denying analytics changes nothing: nothing allowed it\n" << describe(renamed));
}

BOOST_AUTO_TEST_CASE(a_lower_age_threshold_broadens_for_the_ages_between) {
  std::string after = base_rules;
  after = replaced(after, "age < 16", "age < 13");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(!result.empty());
  BOOST_TEST(result.broadening());
  BOOST_TEST(fails(result, "broadening"));
  BOOST_TEST(all_groups(result, &ChangeGroup::broadening), describe(result));
  bool mentioned = false;
  for (const ChangeGroup& g : result.groups) {
    mentioned = mentioned || g.condition.find("13 <= age < 16") != std::string::npos;
    BOOST_TEST(g.causes.size() == 1u);
    BOOST_TEST(g.causes.front().find("`no-children`") != std::string::npos, g.causes.front());
    BOOST_TEST(g.causes.front() == result.rules.front().label);  // one name for the edited rule
  }
  BOOST_TEST(mentioned, describe(result));
  // The service, for 13-to-15-year-olds: deny -> allow under contract, kept 2 years.
  const ShapeChange* detail = find_detail(result, {"account.name", "service.delivery", ""});
  BOOST_TEST_REQUIRE(detail != nullptr, describe(result));
  BOOST_TEST(detail->before.text() == "deny");
  BOOST_TEST(detail->after.text() == "allow under contract, kept P2Y from collection");
  BOOST_TEST(detail->condition == "13 <= age < 16");
  // The first group is broadening (broadening is listed first).
  BOOST_TEST(result.groups.front().broadening());
  BOOST_TEST(analysis::render_text(result).find("BROADENS") != std::string::npos);
  BOOST_TEST(analysis::render_markdown(result).find("BROADENS") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_json_lists_each_change_once_with_the_shapes_it_applies_to) {
  const DiffResult result = diff_of(policy(base_rules), policy(replaced(base_rules, "age < 16", "age < 13")));
  const auto json = nlohmann::json::parse(json::diff_to_json(result));
  bool duplicate = false;
  BOOST_TEST((json_changes(json, duplicate) == detail_changes(result)));
  BOOST_TEST(!duplicate);
  // The service's shapes change alike: one entry, one block of data × purposes.
  std::size_t entries = 0;
  for (const auto& group : json["changes"]) entries += group["requests"].size();
  BOOST_TEST(entries < detail_changes(result).size(), json.dump(2));
  for (const auto& group : json["changes"]) {
    if (group["after"]["basis"] != "contract") continue;
    bool billing = false;
    for (const auto& request : group["requests"]) {
      for (const auto& block : request["shapes"]) {
        billing = billing || (block["data"] == nlohmann::json::array({"billing.card", "billing.invoices"}) &&
                              block["purposes"] == nlohmann::json::array({"service.billing", "service.delivery"}));
      }
    }
    BOOST_TEST(billing, json.dump(2));
  }
}

BOOST_AUTO_TEST_CASE(a_higher_age_threshold_narrows) {
  std::string after = base_rules;
  after = replaced(after, "age < 16", "age < 18");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(!result.empty());
  BOOST_TEST(!result.broadening());
  BOOST_TEST(all_groups(result, &ChangeGroup::narrowing), describe(result));
  // Exactly who loses what: the 16- and 17-year-olds, and for the
  // newsletter only those who gave the consent it rests on.
  for (const ChangeGroup& g : result.groups) {
    BOOST_TEST(g.condition == (g.before_basis == Basis::consent ? "16 <= age < 18 and consents has marketing" : "16 <= age < 18"));
  }
  BOOST_TEST(!fails(result, "broadening"));
  BOOST_TEST(fails(result, "any"));
  BOOST_TEST(!fails(result, "none"));
  BOOST_TEST(analysis::render_text(result).find("NARROWS") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_basis_change_is_a_change_of_terms) {
  std::string after = base_rules;
  after = replaced(after, "for service under contract", "for service under legitimate_interest unless objections has this purpose");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(!result.empty());
  BOOST_TEST(!result.broadening());
  bool terms = false;
  for (const ChangeGroup& g : result.groups) {
    if (g.broadening() || g.narrowing()) continue;
    terms = true;
    BOOST_TEST((g.before_effect == Effect::allow && g.after_effect == Effect::allow));
    BOOST_TEST((g.before_basis == Basis::contract));
    BOOST_TEST((g.after_basis == Basis::legitimate_interest));
  }
  BOOST_TEST(terms, describe(result));
  const auto json = nlohmann::json::parse(json::diff_to_json(result));
  std::set<std::string> kinds;
  for (const auto& change : json["changes"]) kinds.insert(change["kind"].get<std::string>());
  BOOST_TEST(kinds.contains("terms"));
  // Objecting to the service now denies it: a narrowing, for those subjects only.
  const ShapeChange* detail = find_detail(result, {"account.email", "service.delivery", ""});
  BOOST_TEST_REQUIRE(detail != nullptr);
  BOOST_TEST(render_text(result).find("CHANGES") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_obligation_added) {
  std::string after = base_rules;
  after = replaced(after, "for service under contract;", "for service under contract requiring notify;");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(result.groups.size() == 1u, describe(result));
  const ChangeGroup& g = result.groups.front();
  BOOST_TEST(!g.broadening());
  BOOST_TEST(!g.narrowing());
  BOOST_TEST((g.before_basis == Basis::contract && g.after_basis == Basis::contract));
  const ShapeChange* detail = find_detail(result, {"billing.card", "service.billing", ""});
  BOOST_TEST_REQUIRE(detail != nullptr, describe(result));
  BOOST_TEST(detail->condition == "age >= 16");
  BOOST_TEST(detail->before.obligations.empty());
  BOOST_TEST(detail->after.obligations == std::vector<std::string>{"notify"});
  BOOST_TEST(detail->after.retention == "P7Y from collection");
  bool variant = false;
  for (const std::string& v : g.variants) variant = variant || v.find("requiring notify") != std::string::npos;
  BOOST_TEST(variant);
}

BOOST_AUTO_TEST_CASE(a_retention_period_changed) {
  std::string after = base_rules;
  after = replaced(after, "retain account for 2 years", "retain account for 3 years after closure");
  const DiffResult result = diff_of(policy(base_rules), policy(after));
  BOOST_TEST_REQUIRE(!result.empty(), describe(result));
  BOOST_TEST(!result.broadening());
  // The retention rule has no @id and its text changed: one removed, one added.
  BOOST_TEST_REQUIRE(result.rules.size() == 2u, describe(result));
  for (const RuleChange& change : result.rules) {
    BOOST_TEST(change.label.starts_with("retention rule (\xC2\xA7" "7)"), change.label);
  }
  for (const ChangeGroup& g : result.groups) {
    BOOST_TEST_REQUIRE(g.causes.size() == 1u);
    BOOST_TEST(g.causes.front().starts_with("retention rule"), g.causes.front());
  }
  const ShapeChange* detail = find_detail(result, {"account.phone", "service.delivery", ""});
  BOOST_TEST_REQUIRE(detail != nullptr, describe(result));
  BOOST_TEST(detail->before.retention == "P2Y from collection");
  BOOST_TEST(detail->after.retention == "P3Y from closure");
  BOOST_TEST((detail->before.effect == Effect::allow && detail->after.effect == Effect::allow));
  // Billing's retention did not change: no billing shape is listed.
  for (const ChangeGroup& g : result.groups) {
    for (const ShapeName& s : g.shapes) BOOST_TEST(s.data.starts_with("account."), s.data);
  }
}

BOOST_AUTO_TEST_CASE(an_erasure_deadline_changed_is_listed_but_decides_nothing) {
  const std::string before = std::string(base_rules) + "@section(\"7\") erase all within 30 days after erasure_request;\n";
  const std::string after = std::string(base_rules) + "@section(\"7\") erase all within 60 days after erasure_request;\n";
  const DiffResult result = diff_of(policy(before), policy(after));
  BOOST_TEST(result.empty(), describe(result));  // decisions do not carry erasure deadlines
  BOOST_TEST_REQUIRE(result.rules.size() == 2u, describe(result));
  for (const RuleChange& change : result.rules) BOOST_TEST(change.label.starts_with("erasure rule"), change.label);
  BOOST_TEST(analysis::diff_summary(result) == "rules were edited, but no decision changes");
}

BOOST_AUTO_TEST_CASE(a_new_data_leaf_that_an_allow_covers_broadens) {
  const std::string old_vocabulary = testing::test_prelude;
  std::string new_vocabulary = testing::test_prelude;
  new_vocabulary = replaced(new_vocabulary, "account { email, name, phone }", "account { email, name, phone, fax }");
  const std::string header = "policy small version \"1\";\n";
  const DiffResult result =
      analysis::diff(checked(header + old_vocabulary + base_rules), checked(header + new_vocabulary + base_rules),
                     analysis::DiffOptions{.details = true});
  BOOST_TEST(result.rules.empty(), describe(result));
  BOOST_TEST_REQUIRE(result.vocabulary.size() == 1u, describe(result));
  BOOST_TEST(result.vocabulary.front().kind == "data category");
  BOOST_TEST(result.vocabulary.front().name == "account.fax");
  BOOST_TEST(result.vocabulary.front().added);
  BOOST_TEST(result.broadening(), describe(result));
  const ShapeChange* detail = find_detail(result, {"account.fax", "service.delivery", ""});
  BOOST_TEST_REQUIRE(detail != nullptr, describe(result));
  BOOST_TEST(detail->before.text() == "deny");
  BOOST_TEST(detail->after.text() == "allow under contract, kept P2Y from collection");
  for (const ChangeGroup& g : result.groups) {
    for (const ShapeName& s : g.shapes) BOOST_TEST(s.data == "account.fax");
  }
}

BOOST_AUTO_TEST_CASE(vocabulary_changes_are_listed) {
  std::string new_vocabulary = testing::test_prelude;
  new_vocabulary = replaced(new_vocabulary, "  analytics\n", "  analytics\n  research\n");
  new_vocabulary = replaced(new_vocabulary, "consents { marketing, cookies { ads, stats } }", "consents { marketing, cookies { ads } }");
  new_vocabulary = replaced(new_vocabulary, "  restricted: bool = false;", "  restricted: bool = false;\n  vip: bool = false;");
  const std::string header = "policy small version \"1\";\n";
  const DiffResult result = analysis::diff(checked(header + testing::test_prelude + base_rules),
                                           checked(header + new_vocabulary + base_rules));
  std::set<std::tuple<std::string, std::string, bool>> listed;
  for (const auto& v : result.vocabulary) listed.insert({v.kind, v.name, v.added});
  BOOST_TEST(listed.contains({"purpose", "research", true}), describe(result));
  BOOST_TEST(listed.contains({"consent", "cookies.stats", false}), describe(result));
  BOOST_TEST(listed.contains({"subject attribute", "vip", true}), describe(result));
  BOOST_TEST(listed.size() == 3u, describe(result));
  BOOST_TEST(result.empty(), "no decision changes\n" << describe(result));
  const std::string text = analysis::render_text(result);
  BOOST_TEST(text.find("+ purpose `research`") != std::string::npos, text);
  BOOST_TEST(text.find("- consent `cookies.stats`") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(printed_conditions_are_short_and_exact) {
  // Each rule's condition, made a function of the subject and printed back:
  // prime, irredundant alternatives, not the diagram's paths (`age < 16 or
  // (age >= 16 and restricted) or ...`), and a node for all of its parts.
  const model::Model& model = checked(policy(R"(
@section("1") deny all for sale when not objections has marketing;
@section("2") deny all for sale when age < 16 or restricted or objections has analytics;
@section("3") deny all for sale when consents has cookies and region is eu or region is us and consents has cookies;
@section("4") deny all for sale when region is eu or region is us or region is other;
@section("5") deny all for sale when age >= 16 and (consents has marketing and region is eu or restricted and region is eu);
)"));
  analysis::Bdd bdd;
  analysis::Encoding encoding(model, bdd);
  std::vector<std::string> printed;
  std::vector<std::string> plain;
  for (const model::Rule& rule : model.rules) {
    const analysis::Bdd::Ref f = encoding.guard(rule.guard, analysis::Binding{});
    printed.push_back(analysis::describe_condition(encoding, f, {&model}));
    plain.push_back(analysis::describe_condition(encoding, f));
  }
  BOOST_TEST_REQUIRE(printed.size() == 5u);
  BOOST_TEST(printed[0] == "not objections has marketing");
  // Without the vocabulary: each part that may be missing.
  BOOST_TEST(plain[0] == "not objections has marketing.ads or not objections has marketing.newsletter");
  BOOST_TEST(printed[1] == "age < 16 or restricted or objections has analytics");
  BOOST_TEST(printed[2] == "region is not other and consents has cookies");
  BOOST_TEST(printed[3] == "every subject");
  // What every alternative requires is said once.
  BOOST_TEST(printed[4] == "age >= 16 and region is eu and (restricted or consents has marketing)");
}

BOOST_AUTO_TEST_CASE(fail_on_follows_broadening_and_any) {
  std::string narrower = base_rules;
  narrower = replaced(narrower, "age < 16", "age < 18");
  std::string broader = base_rules;
  broader = replaced(broader, "age < 16", "age < 13");
  const DiffResult none = diff_of(policy(base_rules), policy(base_rules));
  const DiffResult narrowing = diff_of(policy(base_rules), policy(narrower));
  const DiffResult broadening = diff_of(policy(base_rules), policy(broader));
  BOOST_TEST(!fails(none, "broadening"));
  BOOST_TEST(!fails(none, "any"));
  BOOST_TEST(!fails(narrowing, "broadening"));
  BOOST_TEST(fails(narrowing, "any"));
  BOOST_TEST(fails(broadening, "broadening"));
  BOOST_TEST(fails(broadening, "any"));
  BOOST_TEST(!fails(broadening, "none"));
  // Both directions at once: broadening wins.
  const std::string both =
      narrower + "@section(\"9\") @id(\"analytics\")\nallow usage for analytics under legitimate_interest;\n";
  const DiffResult mixed = diff_of(policy(base_rules), policy(both));
  BOOST_TEST(mixed.broadening(), describe(mixed));
  BOOST_TEST(mixed.groups.front().broadening());
  BOOST_TEST(std::any_of(mixed.groups.begin(), mixed.groups.end(), [](const ChangeGroup& g) { return g.narrowing(); }));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the property: the diff lists exactly the requests that decide differently --

namespace {

// Mutations of a generated (wild) policy's rules.
class Mutator {
 public:
  Mutator(testing::Random& random, const model::Model& model) : random_(random) {
    data_ = model.data().paths();
    purposes_ = model.purposes().paths();
    recipients_ = model.recipients().paths();
    consents_ = model.consents().paths();
  }

  // Applies one mutation; says what it did, or returns false when it did not apply.
  bool mutate(std::vector<std::string>& rules, std::string& what) {
    if (rules.empty()) return false;
    const std::size_t index = static_cast<std::size_t>(random_.below(rules.size()));
    std::string& text = rules[index];
    auto rule = testing::parse_access_rule(text);
    const auto set = [&](const std::string& description) {
      what = description + " (rule " + std::to_string(index) + ")";
      if (rule) text = rule->text();
      return true;
    };
    switch (random_.below(11)) {
      case 0:
        what = "drop: rule " + std::to_string(index) + ": " + text;
        rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(index));
        return true;
      case 1:  // allow <-> deny, share <-> deny share
        if (!rule) return false;
        if (rule->kind == "allow" || rule->kind == "share") {
          rule->kind = rule->kind == "allow" ? "deny" : "deny share";
          rule->basis.clear();
          rule->requiring.clear();
        } else {
          rule->kind = rule->kind == "deny" ? "allow" : "share";
          rule->basis = basis();
        }
        return set("flip: the effect");
      case 2: {  // a threshold, in some rule that has one
        std::vector<std::size_t> with;
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (threshold(rules[i]) != std::string::npos) with.push_back(i);
        }
        if (with.empty()) return false;
        const std::size_t chosen = random_.pick(with);
        std::string& target = rules[chosen];
        const std::size_t at = threshold(target);
        std::size_t end = at;
        if (target[end] == '-') ++end;
        while (end < target.size() && std::isdigit(static_cast<unsigned char>(target[end]))) ++end;
        const std::int64_t old_value = std::stoll(target.substr(at, end - at));
        std::int64_t value = old_value;
        while (value == old_value) {
          value = random_.chance(0.5) ? old_value + static_cast<std::int64_t>(random_.below(7)) - 3
                                      : std::array<std::int64_t, 6>{0, 2, 13, 16, 18, 65}[random_.below(6)];
        }
        target = target.substr(0, at) + std::to_string(value) + target.substr(end);
        what = "threshold: " + std::to_string(old_value) + " -> " + std::to_string(value) + " (rule " + std::to_string(chosen) + ")";
        return true;
      }
      case 3:
        if (!rule || rule->basis.empty()) return false;
        rule->basis = basis(rule->basis);
        return set("basis: changed");
      case 4:  // a condition added
        if (!rule) return false;
        if (rule->when.empty() || random_.chance(0.3)) {
          if (rule->when.empty()) {
            rule->when = atom(*rule);
          } else if (rule->unless.empty()) {
            rule->unless = atom(*rule);
          } else {
            rule->unless = "(" + rule->unless + ") or " + atom(*rule);
          }
        } else {
          rule->when = "(" + rule->when + ") and " + (random_.chance(0.3) ? "not " : "") + atom(*rule);
        }
        return set("condition+: added a condition");
      case 5:  // a condition removed
        if (!rule || (rule->when.empty() && rule->unless.empty())) return false;
        (rule->when.empty() || (!rule->unless.empty() && random_.chance(0.5)) ? rule->unless : rule->when).clear();
        return set("condition-: removed a condition");
      case 6: {  // a selection
        if (!rule) return false;
        const std::uint64_t which = random_.below(rule->recipients.empty() ? 2 : 3);
        std::string& selection = which == 0 ? rule->data : which == 1 ? rule->purposes : rule->recipients;
        const auto& names = which == 0 ? data_ : which == 1 ? purposes_ : recipients_;
        selection = random_.chance(0.5) ? random_.pick(names) : selection + ", " + random_.pick(names);
        return set("selection: changed a selection");
      }
      case 7:  // an obligation
        if (!rule || rule->basis.empty()) return false;
        if (rule->requiring.empty() || random_.chance(0.3)) {
          rule->requiring = "o" + std::to_string(random_.below(4)) + (random_.chance(0.5) ? " when " + atom(*rule) : "");
        } else {
          rule->requiring += ", o" + std::to_string(random_.below(4));
        }
        return set("obligations: changed");
      case 8: {  // a rule added: a copy elsewhere
        if (!rule) return false;
        testing::AccessRuleText copy = *rule;
        copy.annotations = "@section(\"99\") @id(\"m" + std::to_string(next_id_++) + "\")\n";
        copy.data = random_.pick(data_);
        if (random_.chance(0.5)) copy.purposes = random_.pick(purposes_);
        rules.push_back(copy.text());
        what = "add: " + rules.back();
        return true;
      }
      case 9: {  // a retention
        std::vector<std::size_t> retains;
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (rules[i].starts_with("@section(\"7\") retain")) retains.push_back(i);
        }
        if (retains.empty()) return false;
        const std::size_t chosen = random_.pick(retains);
        std::string& target = rules[chosen];
        const std::size_t years = target.find(" for ");
        if (years != std::string::npos && std::isdigit(static_cast<unsigned char>(target[years + 5]))) {
          std::size_t end = years + 5;
          while (std::isdigit(static_cast<unsigned char>(target[end]))) ++end;
          target = target.substr(0, years + 5) + std::to_string(1 + random_.below(90)) + target.substr(end);
        } else if (target.find(" indefinitely") != std::string::npos) {
          target = replaced(target, " indefinitely", " for 3 years");
        } else if (target.find(" then anonymize") != std::string::npos) {
          target = replaced(target, " then anonymize", "");
        } else {
          return false;
        }
        what = "retention: rule " + std::to_string(chosen) + ": " + target;
        return true;
      }
      default:  // the recipients of a sharing rule
        if (!rule || rule->recipients.empty()) return false;
        rule->recipients = random_.chance(0.2) ? "all" : random_.pick(recipients_);
        return set("recipients: changed");
    }
  }

 private:
  std::string basis(const std::string& other = "") {
    static const std::vector<std::string> bases = {"consent",        "contract",    "legal_obligation",
                                                   "vital_interest", "public_task", "legitimate_interest"};
    std::string b = random_.pick(bases);
    while (b == other) b = random_.pick(bases);
    return b;
  }

  std::string atom(const testing::AccessRuleText& rule) {
    switch (random_.below(12)) {
      case 0: return random_.chance(0.5) ? "restricted" : "enterprise";
      case 1: return "age < " + std::to_string(std::array<int, 4>{13, 16, 18, 21}[random_.below(4)]);
      case 2: return "age >= " + std::to_string(std::array<int, 3>{16, 18, 65}[random_.below(3)]);
      case 3: return "region is eu";
      case 4: return "region in {us, us_ca}";
      case 5: return "consents has " + random_.pick(consents_);
      case 6: return random_.chance(0.5) ? "form is anonymized" : "form in {aggregated, anonymized}";
      case 7: return "opt_outs has this data";
      case 8: return "tier >= " + std::to_string(random_.below(4));
      case 9: return "objections has this purpose";
      case 10: return "plan is pro";
      default: return rule.recipients.empty() ? "dnt" : "blocked has this recipient";
    }
  }

  // Where the number of an `age` or `tier` comparison starts, or npos.
  std::size_t threshold(const std::string& text) {
    std::vector<std::size_t> found;
    for (const char* attribute : {"age ", "tier "}) {
      for (std::size_t at = text.find(attribute); at != std::string::npos; at = text.find(attribute, at + 1)) {
        const std::size_t space = text.find(' ', text.find(' ', at) + 1);
        if (space != std::string::npos && space + 1 < text.size() &&
            (std::isdigit(static_cast<unsigned char>(text[space + 1])) || text[space + 1] == '-')) {
          found.push_back(space + 1);
        }
      }
    }
    if (found.empty()) return std::string::npos;
    return random_.pick(found);
  }

  testing::Random& random_;
  std::vector<std::string> data_, purposes_, recipients_, consents_;
  int next_id_ = 0;
};

// A diff with its details indexed by shape, and their conditions read back.
struct IndexedDiff {
  DiffResult result;
  struct Entry {
    const ShapeChange* detail;
    std::size_t group;
    testing::DescribedCondition condition;
  };
  std::map<ShapeName, std::vector<Entry>> by_shape;
  std::vector<testing::DescribedCondition> group_conditions;
  std::vector<std::pair<const ShapeChange*, std::size_t>> all;  // every detail, for targeted requests

  explicit IndexedDiff(DiffResult r) : result(std::move(r)) {
    for (std::size_t g = 0; g < result.groups.size(); ++g) {
      group_conditions.emplace_back(result.groups[g].condition);
      for (const ShapeChange& d : result.groups[g].details) {
        by_shape[d.shape].push_back({&d, g, testing::DescribedCondition(d.condition)});
        all.push_back({&d, g});
      }
    }
  }
};

// Structural sanity of a detailed diff; a message on the first problem.
std::optional<std::string> check_structure(const DiffResult& result) {
  std::set<std::tuple<ShapeName, Outcome, Outcome>> seen;
  std::set<ShapeName> changed;
  bool broadening = false;
  for (const ChangeGroup& g : result.groups) {
    broadening = broadening || g.broadening();
    std::set<ShapeName> shapes(g.shapes.begin(), g.shapes.end());
    std::set<ShapeName> detailed;
    if (g.details.empty()) return "a group without details: " + g.condition;
    for (const ShapeChange& d : g.details) {
      detailed.insert(d.shape);
      changed.insert(d.shape);
      if (d.before == d.after) return "a detail with equal outcomes for " + d.shape.data + " " + d.shape.purpose;
      if (d.before.effect != g.before_effect || d.after.effect != g.after_effect || d.before.basis != g.before_basis ||
          d.after.basis != g.after_basis) {
        return "a detail (" + d.before.text() + " -> " + d.after.text() + ") in a group of another kind";
      }
      if (d.condition == "no subject" || d.condition.empty()) return "a detail for no subject";
      if (!seen.insert({d.shape, d.before, d.after}).second) {
        return "the same change listed twice for " + d.shape.data + " " + d.shape.purpose + " " + d.shape.recipient;
      }
    }
    if (shapes != detailed) return "a group's shapes are not the shapes of its details";
  }
  if (broadening != result.broadening()) return "DiffResult::broadening() disagrees with the groups";
  if (changed.size() != result.shapes_changed) {
    return "shapes_changed is " + std::to_string(result.shapes_changed) + " but the details name " +
           std::to_string(changed.size()) + " shapes";
  }
  return std::nullopt;
}

// The property on one request. Returns a description of the violation.
std::optional<std::string> check_request(const Policy& a, const Policy& b, const IndexedDiff& diff,
                                         const testing::PlainRequest& request, std::size_t* every_subject_hits) {
  const Outcome before = testing::outcome_of(testing::decide(a, request));
  const Outcome after = testing::outcome_of(testing::decide(b, request));
  const model::Model& model = testing::model_of(b);
  const ShapeName shape{request.data, request.purpose, request.recipient};
  const auto found = diff.by_shape.find(shape);
  const IndexedDiff::Entry* matched = nullptr;
  std::ostringstream problem;
  const auto observed = [&] { return "observed: " + before.text() + "  ->  " + after.text(); };
  if (found != diff.by_shape.end()) {
    for (const IndexedDiff::Entry& entry : found->second) {
      const std::optional<bool> holds = entry.condition.holds(model, request);
      const bool same = entry.detail->before == before && entry.detail->after == after;
      if (same) matched = &entry;
      if (same && holds == false) {
        problem << "the request decides as the diff lists (" << observed() << ") but does not meet its condition `"
                << entry.detail->condition << "`";
        return problem.str();
      }
      if (!same && holds == true) {
        problem << "the request meets the condition `" << entry.detail->condition << "` of the listed change "
                << entry.detail->before.text() << "  ->  " << entry.detail->after.text() << ", but " << observed();
        return problem.str();
      }
      if (same && entry.detail->condition == "every subject" && every_subject_hits) ++*every_subject_hits;
    }
  }
  if (before != after && matched == nullptr) {
    problem << "the decisions differ (" << observed() << ") but the diff does not list this change for the shape";
    if (found != diff.by_shape.end()) {
      problem << "; it lists:";
      for (const auto& entry : found->second) {
        problem << "\n    " << entry.detail->before.text() << "  ->  " << entry.detail->after.text() << "  when "
                << entry.detail->condition;
      }
    }
    return problem.str();
  }
  if (matched != nullptr && diff.group_conditions[matched->group].holds(model, request) == false) {
    problem << "the request changes as listed, but does not meet its group's condition `"
            << diff.result.groups[matched->group].condition << "`";
    return problem.str();
  }
  return std::nullopt;
}

// The rule lists with the rules both versions share dropped, while the
// violation persists: the smallest pair of policies that still shows it.
std::string reproducer(const testing::GeneratedPolicy& generated, std::vector<std::string> a_rules,
                       std::vector<std::string> b_rules, const testing::PlainRequest& request) {
  const auto fails = [&](const std::vector<std::string>& ra, const std::vector<std::string>& rb,
                         std::string* report) -> bool {
    testing::GeneratedPolicy pa = generated;
    testing::GeneratedPolicy pb = generated;
    pa.rules = ra;
    pb.rules = rb;
    std::string errors;
    auto a = testing::compile_generated(pa, pa.entry_text(), errors);
    auto b = testing::compile_generated(pb, pb.entry_text(), errors);
    if (!a || !b) return false;
    try {
      IndexedDiff diff(analysis::diff(testing::model_of(*a), testing::model_of(*b), analysis::DiffOptions{.details = true}));
      const auto problem = check_request(*a, *b, diff, request, nullptr);
      if (problem && report) *report = *problem;
      return problem.has_value();
    } catch (const std::exception& e) {
      if (report) *report = e.what();
      return true;
    }
  };
  // Shared rules, paired.
  bool progress = true;
  while (progress) {
    progress = false;
    for (std::size_t i = 0; i < a_rules.size(); ++i) {
      const auto j = std::find(b_rules.begin(), b_rules.end(), a_rules[i]);
      if (j == b_rules.end()) continue;
      auto ra = a_rules;
      auto rb = b_rules;
      ra.erase(ra.begin() + static_cast<std::ptrdiff_t>(i));
      rb.erase(rb.begin() + (j - b_rules.begin()));
      if (fails(ra, rb, nullptr)) {
        a_rules = std::move(ra);
        b_rules = std::move(rb);
        progress = true;
        break;
      }
    }
  }
  std::string report;
  fails(a_rules, b_rules, &report);
  std::string out = "---- shared declarations (" + generated.entry + ")\n" + generated.header_and_declarations;
  for (const auto& [name, text] : generated.imported) out += "---- " + name + "\n" + text;
  out += "---- rules of A (old)\n";
  for (const auto& rule : a_rules) out += rule + "\n";
  out += "---- rules of B (new)\n";
  for (const auto& rule : b_rules) out += rule + "\n";
  out += "---- request\n" + testing::plain_json(request) + "\n---- " + report + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_diff_lists_exactly_the_requests_that_decide_differently) {
  const std::uint64_t policies = testing::scaled(150, 10);
  const std::uint64_t per_policy = testing::scaled(2000, 200);
  std::uint64_t checked_requests = 0;
  std::uint64_t differing = 0;
  std::uint64_t targeted_met = 0;
  std::size_t every_subject_hits = 0;
  std::uint64_t groups = 0;
  std::uint64_t group_subjects = 0;
  std::uint64_t details = 0;
  std::uint64_t empty_diffs = 0;
  std::map<std::string, std::uint64_t> mutation_kinds;
  for (std::uint64_t seed = 1; seed <= policies; ++seed) {
    testing::GeneratorOptions options;
    options.seed = 5000 + seed;
    options.files = 1 + static_cast<std::uint32_t>(seed % 3);
    options.data_leaves = 6 + static_cast<std::uint32_t>(seed % 14);
    options.purpose_leaves = 4 + static_cast<std::uint32_t>(seed % 8);
    options.recipient_leaves = 2 + static_cast<std::uint32_t>(seed % 4);
    options.rules = 5 + static_cast<std::uint32_t>(seed % 25);
    options.retentions = 2 + static_cast<std::uint32_t>(seed % 6);
    options.min_depth = 1 + static_cast<std::uint32_t>(seed % 2);
    options.max_depth = 2 + static_cast<std::uint32_t>(seed % 3);
    const testing::GeneratedPolicy generated = testing::generate_policy(options);
    std::string errors;
    auto a = testing::compile_generated(generated, generated.entry_text(), errors);
    BOOST_TEST_REQUIRE(a.has_value(), "generated policy " << seed << " does not check:\n" << errors);

    // B: one to three mutations that still check.
    testing::Random random(seed * 104729);
    testing::GeneratedPolicy mutated = generated;
    std::optional<Policy> b;
    std::string mutations;
    for (int attempt = 0; attempt < 50 && !b; ++attempt) {
      mutated.rules = generated.rules;
      mutations.clear();
      Mutator mutator(random, testing::model_of(*a));
      const std::uint64_t count = 1 + random.below(3);
      for (std::uint64_t m = 0; m < count;) {
        std::string what;
        if (mutator.mutate(mutated.rules, what)) {
          mutations += "  " + what + "\n";
          mutation_kinds[what.substr(0, what.find(':'))]++;
          ++m;
        }
      }
      b = testing::compile_generated(mutated, mutated.entry_text(), errors);
    }
    BOOST_TEST_REQUIRE(b.has_value(), "no mutation of policy " << seed << " checks");

    const model::Model& model_a = testing::model_of(*a);
    const model::Model& model_b = testing::model_of(*b);
    IndexedDiff diff(analysis::diff(model_a, model_b, analysis::DiffOptions{.details = true}));
    const auto structure = check_structure(diff.result);
    BOOST_TEST_REQUIRE(!structure.has_value(), "policy " << seed << ": " << *structure << "\nmutations:\n" << mutations);
    if (diff.result.empty()) ++empty_diffs;
    details += diff.all.size();

    // The JSON lists exactly the details, each once (shapes that change alike together).
    {
      bool duplicate = false;
      const auto listed = json_changes(nlohmann::json::parse(json::diff_to_json(diff.result)), duplicate);
      BOOST_TEST_REQUIRE(!duplicate, "policy " << seed << ": the JSON lists a change twice");
      BOOST_TEST_REQUIRE((listed == detail_changes(diff.result)),
                         "policy " << seed << ": the JSON does not list exactly the diff's changes");
    }

    // A group's condition is exact, not only true of every change it lists:
    // a subject meeting it changes so for one of the group's request shapes.
    for (std::size_t g = 0; g < diff.result.groups.size(); ++g) {
      const ChangeGroup& group = diff.result.groups[g];
      testing::PlainRequest request = testing::plain_request(model_b, testing::random_request(*b, random).reference);
      ++groups;
      if (!diff.group_conditions[g].satisfy(model_b, request)) continue;
      ++group_subjects;
      const bool found = std::any_of(group.shapes.begin(), group.shapes.end(), [&](const ShapeName& shape) {
        request.data = shape.data;
        request.purpose = shape.purpose;
        request.recipient = shape.recipient;
        const Outcome before = testing::outcome_of(testing::decide(*a, request));
        const Outcome after = testing::outcome_of(testing::decide(*b, request));
        return before != after && before.effect == group.before_effect && before.basis == group.before_basis &&
               after.effect == group.after_effect && after.basis == group.after_basis;
      });
      BOOST_TEST_REQUIRE(found, "policy " << seed << ": the subject " << testing::plain_json(request) << " meets `"
                                          << group.condition << "`, but none of its group's requests changes so for it"
                                          << "\nmutations:\n" << mutations);
    }

    // The diff the other way round lists the same changes, reversed.
    {
      const DiffResult back = analysis::diff(model_b, model_a, analysis::DiffOptions{.details = true});
      std::set<std::tuple<ShapeName, Outcome, Outcome>> forward, backward;
      for (const auto& [detail, group] : diff.all) forward.insert({detail->shape, detail->after, detail->before});
      for (const ChangeGroup& g : back.groups) {
        for (const ShapeChange& d : g.details) backward.insert({d.shape, d.before, d.after});
      }
      BOOST_TEST(forward == backward, "policy " << seed << ": diff(B, A) is not diff(A, B) reversed\nmutations:\n"
                                                << mutations);
      BOOST_TEST(back.broadening() == std::any_of(diff.result.groups.begin(), diff.result.groups.end(),
                                                  [](const ChangeGroup& g) { return g.narrowing(); }));
    }

    for (std::uint64_t i = 0; i < per_policy; ++i) {
      testing::DualRequest dual = testing::random_request(*b, random);
      testing::PlainRequest request = testing::plain_request(model_b, dual.reference);
      // Half the requests go to a shape the diff lists, half of those meeting its condition.
      const bool targeted = !diff.all.empty() && random.chance(0.5);
      if (targeted) {
        const auto& [detail, group] = diff.all[random.below(diff.all.size())];
        request.data = detail->shape.data;
        request.purpose = detail->shape.purpose;
        request.recipient = detail->shape.recipient;
        testing::sometimes_this(model_b, random, request);
        if (random.chance(0.5)) {
          const testing::DescribedCondition condition(detail->condition);
          if (condition.satisfy(model_b, request)) ++targeted_met;
        }
      }
      std::optional<std::string> problem;
      try {
        problem = check_request(*a, *b, diff, request, &every_subject_hits);
      } catch (const std::exception& e) {
        problem = e.what();
      }
      if (problem) {
        BOOST_FAIL("policy " << seed << ": " << *problem << "\nrequest: " << testing::plain_json(request)
                             << "\nmutations:\n" << mutations << "minimal reproducer:\n"
                             << reproducer(generated, generated.rules, mutated.rules, request));
      }
      const Outcome before = testing::outcome_of(testing::decide(*a, request));
      const Outcome after = testing::outcome_of(testing::decide(*b, request));
      if (before != after) ++differing;
      ++checked_requests;
    }
  }
  std::string kinds;
  for (const auto& [kind, count] : mutation_kinds) kinds += " " + kind + "=" + std::to_string(count);
  BOOST_TEST_MESSAGE(checked_requests << " requests over " << policies << " policy pairs (" << empty_diffs
                                      << " with no change, " << details << " listed changes): " << differing
                                      << " decided differently, each listed; " << targeted_met
                                      << " built to meet a listed condition; " << group_subjects << " of "
                                      << groups << " groups' conditions met by a subject built for it, each changing; " << every_subject_hits
                                      << " hits of `every subject` changes; mutations:" << kinds);
  BOOST_TEST(differing > checked_requests / 20, "too few requests decide differently to test anything");
  BOOST_TEST(empty_diffs < policies / 2);
  BOOST_TEST(group_subjects > groups / 2);
}

// ---- the command line --------------------------------------------------------

namespace {

using testing::CommandResult;

// Runs the command line (in `directory`, when given).
CommandResult run(const std::string& arguments, const std::string& directory = "") {
  return testing::run_command((directory.empty() ? "" : "cd '" + directory + "' && ") +
                              std::string(PROVISO_CLI) + " " + arguments);
}

std::string with(const std::string& from, const std::string& to) { return policy(replaced(base_rules, from, to)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(exit_codes_follow_fail_on) {
  const testing::ScratchFolder files;
  const std::string old_file = files.write("old.policy", policy(base_rules));
  const std::string broader = files.write("broader.policy", with("age < 16", "age < 13"));
  const std::string narrower = files.write("narrower.policy", with("age < 16", "age < 18"));
  const std::string same = files.write("same.policy", policy(base_rules));

  BOOST_TEST(run("diff " + old_file + " " + broader).exit_code == 1);
  BOOST_TEST(run("diff " + old_file + " " + broader + " --fail-on broadening").exit_code == 1);
  BOOST_TEST(run("diff " + old_file + " " + broader + " --fail-on none").exit_code == 0);
  BOOST_TEST(run("diff " + old_file + " " + narrower).exit_code == 0);
  BOOST_TEST(run("diff " + old_file + " " + narrower + " --fail-on any").exit_code == 1);
  BOOST_TEST(run("diff " + old_file + " " + narrower + " --fail-on none").exit_code == 0);
  BOOST_TEST(run("diff " + old_file + " " + same + " --fail-on any").exit_code == 0);
  // Usage and I/O problems are 2; a version that does not check is 1.
  BOOST_TEST(run("diff " + old_file + " " + (files.dir / "missing.policy").string()).exit_code == 2);
  BOOST_TEST(run("diff " + old_file + " " + narrower + " --fail-on sometimes").exit_code == 2);
  const std::string broken = files.write("broken.policy", policy("allow account for servise under contract;"));
  BOOST_TEST(run("diff " + old_file + " " + broken).exit_code == 1);

  const CommandResult text = run("diff " + old_file + " " + broader);
  BOOST_TEST(text.out.find("BROADENS") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("13 <= age < 16") != std::string::npos, text.out);
}

BOOST_AUTO_TEST_CASE(an_edited_rule_has_one_label_everywhere) {
  // The versions are different files: the changed rule is named where the
  // new version has it, in the list of edited rules and in every group's
  // causes, and the list says where the old version had it.
  const testing::ScratchFolder files;
  const std::string old_file = files.write("old.policy", policy(base_rules));
  const std::string new_file = files.write("new.policy", with("age < 16", "age < 13"));
  const CommandResult text = run("diff " + old_file + " " + new_file);
  const std::string label = "rule `no-children` (\xC2\xA7" "12) at " + new_file + ":";
  BOOST_TEST(text.out.find("  changed " + label) != std::string::npos, text.out);
  BOOST_TEST(text.out.find("(old version: " + old_file + ":") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("  because  " + label) != std::string::npos, text.out);
  // The old file is named once: in that note.
  const std::size_t first = text.out.find(old_file);
  BOOST_TEST((first != std::string::npos && text.out.find(old_file, first + 1) == std::string::npos), text.out);
  const auto json = nlohmann::json::parse(run("diff " + old_file + " " + new_file + " --format json").out);
  const std::string rule = json["rules"][0]["rule"];
  BOOST_TEST(json["rules"][0]["rule_kind"] == "deny");
  BOOST_TEST(json["rules"][0]["before_location"].get<std::string>().starts_with(old_file + ":"));
  BOOST_TEST(json["rules"][0]["after_location"].get<std::string>().starts_with(new_file + ":"));
  for (const auto& change : json["changes"]) BOOST_TEST(change["because"] == nlohmann::json::array({rule}));
}

BOOST_AUTO_TEST_CASE(json_output_has_the_documented_keys) {
  const testing::ScratchFolder files;
  const std::string old_file = files.write("old.policy", policy(base_rules));
  const std::string broader = files.write("broader.policy", with("age < 16", "age < 13"));
  const CommandResult run_json = run("diff " + old_file + " " + broader + " --format json");
  BOOST_TEST(run_json.exit_code == 1);
  nlohmann::json j;
  BOOST_REQUIRE_NO_THROW(j = nlohmann::json::parse(run_json.out));
  for (const char* key : {"before", "after", "broadening", "summary", "shapes_compared", "shapes_changed", "vocabulary",
                          "rules", "changes"}) {
    BOOST_TEST(j.contains(key), key);
  }
  BOOST_TEST(j["broadening"] == true);
  BOOST_TEST_REQUIRE(j["rules"].size() == 1u);
  BOOST_TEST(j["rules"][0]["change"] == "changed");
  for (const char* key : {"rule", "before", "after"}) BOOST_TEST(j["rules"][0].contains(key), key);
  BOOST_TEST_REQUIRE(!j["changes"].empty());
  for (const auto& change : j["changes"]) {
    for (const char* key : {"kind", "before", "after", "because", "when", "variants", "requests"}) {
      BOOST_TEST(change.contains(key), key);
    }
    BOOST_TEST(change["kind"] == "broadening");
    BOOST_TEST(change["when"] == (change["after"]["basis"] == "consent" ? "13 <= age < 16 and consents has marketing"
                                                                         : "13 <= age < 16"));
    BOOST_TEST(change["before"]["decision"] == "deny");
    BOOST_TEST(change["after"]["decision"] == "allow");
    BOOST_TEST(change["after"].contains("basis"));
    BOOST_TEST_REQUIRE(!change["requests"].empty());
    for (const auto& request : change["requests"]) {
      for (const char* key : {"shapes", "cases"}) BOOST_TEST(request.contains(key), key);
      for (const auto& block : request["shapes"]) {
        for (const char* key : {"data", "purposes"}) BOOST_TEST(block.contains(key), key);
      }
      for (const auto& c : request["cases"]) {
        for (const char* key : {"before", "after", "when"}) BOOST_TEST(c.contains(key), key);
      }
    }
  }
  // A narrowing-only diff in JSON exits 0.
  const std::string narrower = files.write("narrower.policy", with("age < 16", "age < 18"));
  const CommandResult narrowing = run("diff " + old_file + " " + narrower + " --format json");
  BOOST_TEST(narrowing.exit_code == 0);
  BOOST_TEST(nlohmann::json::parse(narrowing.out)["changes"][0]["kind"] == "narrowing");
}

BOOST_AUTO_TEST_CASE(markdown_output_has_a_heading) {
  const testing::ScratchFolder files;
  const std::string old_file = files.write("old.policy", policy(base_rules));
  const std::string broader = files.write("broader.policy", with("age < 16", "age < 13"));
  const CommandResult markdown = run("diff " + old_file + " " + broader + " --format markdown");
  BOOST_TEST(markdown.exit_code == 1);
  BOOST_TEST(markdown.out.starts_with("### Policy changes"), markdown.out);
  BOOST_TEST(markdown.out.find("#### ") != std::string::npos, markdown.out);
  BOOST_TEST(markdown.out.find("BROADENS") != std::string::npos, markdown.out);
  BOOST_TEST(markdown.out.find("`13 <= age < 16`") != std::string::npos, markdown.out);
  const CommandResult none = run("diff " + old_file + " " + old_file + " --format markdown");
  BOOST_TEST(none.exit_code == 0);
  BOOST_TEST(none.out.starts_with("### Policy changes: no changes"), none.out);
}

BOOST_AUTO_TEST_CASE(the_example_in_the_cli_guide_is_real) {
  // docs/cli.md, section `proviso diff`: a one-line change to the seed policy
  // (the ```diff block) and the start of what `proviso diff` prints for it.
  const std::string guide = testing::read_file(testing::source_dir() / "docs/cli.md");
  const std::size_t section = guide.find("\n## proviso diff");
  BOOST_TEST_REQUIRE(section != std::string::npos);
  const std::size_t change = guide.find("```diff\n-", section);
  BOOST_TEST_REQUIRE(change != std::string::npos);
  const std::size_t minus = change + 8;
  const std::size_t plus = guide.find("\n+", minus) + 1;
  const std::string old_line = guide.substr(minus + 1, plus - 1 - minus - 1);
  const std::string new_line = guide.substr(plus + 1, guide.find('\n', plus) - plus - 1);
  const std::string command = "$ proviso diff base/policies/aiworksforus.policy policies/aiworksforus.policy\n";
  const std::size_t example = guide.find("```\n" + command, section);
  BOOST_TEST_REQUIRE(example != std::string::npos);
  const std::size_t begin = example + 4 + command.size();
  std::string shown = guide.substr(begin, guide.find("\n  ...\n", begin) + 1 - begin);

  const testing::ScratchFolder files;
  namespace fs = std::filesystem;
  fs::create_directories(files.dir / "base");
  fs::copy(testing::source_dir() / "policies", files.dir / "base/policies", fs::copy_options::recursive);
  fs::copy(testing::source_dir() / "policies", files.dir / "policies", fs::copy_options::recursive);
  const fs::path edited = files.dir / "policies/aiworksforus.policy";
  std::string text = testing::read_file(edited);
  const std::size_t at = text.find("\n" + old_line + "\n");
  BOOST_TEST_REQUIRE(at != std::string::npos, "the seed policy has no line `" << old_line << "`");
  text.replace(at + 1, old_line.size(), new_line);
  testing::write_file(edited, text);
  const CommandResult real = run("diff base/policies/aiworksforus.policy policies/aiworksforus.policy", files.dir.string());
  BOOST_TEST(real.exit_code == 1);
  BOOST_TEST(real.out.substr(0, shown.size()) == shown,
             "docs/cli.md shows an output `proviso diff` no longer prints; it prints:\n" << real.out.substr(0, 3000));

  // Its JSON: every changed shape, in a size proportionate to the change
  // (it was 14.7 MB with an entry per shape and outcome, texts repeated).
  const CommandResult json = run("diff base/policies/aiworksforus.policy policies/aiworksforus.policy --format json", files.dir.string());
  BOOST_TEST(json.out.size() < 2'500'000u, json.out.size() << " bytes");
  const auto parsed = nlohmann::json::parse(json.out);
  bool duplicate = false;
  std::set<ShapeName> shapes;
  for (const auto& [shape, before, after, when] : json_changes(parsed, duplicate)) shapes.insert(shape);
  BOOST_TEST(!duplicate);
  BOOST_TEST(shapes.size() == parsed["shapes_changed"].get<std::size_t>());
}

BOOST_AUTO_TEST_SUITE_END()
