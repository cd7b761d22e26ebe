// Unit tests of the public C++ API (include/proviso/), used the way a
// service uses it: load() and load_string() with their diagnostics, name
// resolution, building subjects, deciding (every form of decide(), retention,
// erasure deadlines, explanations), invalid requests, the fingerprint,
// threads, and how long a Decision's pointers stay valid.
//
// The decisions about the seed policy are written from the legal text
// (shared/seed/aiworksforus-privacy-policy.txt), quoted above each check: the
// test says what the privacy policy promises, and the engine must agree.
#define BOOST_TEST_MODULE api
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "proviso/proviso.hpp"

using namespace proviso;

namespace {

const std::string seed_path = std::string(PROVISO_SOURCE_DIR) + "/policies/aiworksforus.policy";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The seed policy, loaded once for the whole executable.
const Policy& seed() {
  static const LoadResult loaded = load(seed_path);
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  return loaded.value();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The error of a result, for failure messages (which Boost.Test builds even
// when the check passes, so this must not touch the error of an ok result).
template <typename T>
std::string error_of(const Result<T>& result) {
  return result.ok() ? std::string() : result.error().message;
}

DataId data(const char* name) {
  auto id = seed().data(name);
  BOOST_TEST_REQUIRE(id.ok(), error_of(id));
  return *id;
}
PurposeId purpose(const char* name) {
  auto id = seed().purpose(name);
  BOOST_TEST_REQUIRE(id.ok(), error_of(id));
  return *id;
}
RecipientId recipient(const char* name) {
  auto id = seed().recipient(name);
  BOOST_TEST_REQUIRE(id.ok(), error_of(id));
  return *id;
}

Subject build(const SubjectBuilder& builder) {
  auto subject = builder.build();
  BOOST_TEST_REQUIRE(subject.ok(), error_of(subject));
  return std::move(subject).value();
}

// An adult with every default (the seed's defaults: age 18, region `other`,
// account active, no consents, no objections, every flag false).
const Subject& adult() {
  static const Subject subject = build(seed().subject());
  return subject;
}

std::vector<std::string> obligation_names(ObligationSet obligations) {
  std::vector<std::string> result;
  for (const std::string_view name : obligations) result.emplace_back(name);
  return result;
}
using Names = std::vector<std::string>;

// The 1-based line where the rule with this @id starts: its keyword, on the
// first line after its annotations. Computed from the file so the test does
// not break when rules above it move.
std::uint32_t line_of_rule(const std::string& id) {
  std::istringstream lines(read_file(seed_path));
  std::string line;
  std::uint32_t number = 0;
  bool found = false;
  while (std::getline(lines, line)) {
    ++number;
    if (!found) {
      found = contains(line, "@id(\"" + id + "\")");
      if (!found) continue;
    }
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] != '@') return number;
  }
  BOOST_FAIL("no rule with @id " << id << " in the seed");
  return 0;
}

// Checks that `d` was decided by the rule `id` of §`section`, and where it stands.
void check_rule(const Decision& d, const std::string& id, const std::string& section) {
  BOOST_TEST_REQUIRE(d.rule() != nullptr);
  const RuleInfo& rule = *d.rule();
  BOOST_TEST(rule.id == id);
  BOOST_TEST(rule.section == section);
  BOOST_TEST(rule.file == seed_path);
  BOOST_TEST(rule.line == line_of_rule(id));
  BOOST_TEST(rule.column == 1u);
  BOOST_TEST(rule.location == seed_path + ":" + std::to_string(line_of_rule(id)) + ":1");
  BOOST_TEST(rule.source.rfind(rule.kind, 0) == 0u, rule.source);  // the source line starts with its keyword
}

// Two decisions are the same answer: same effect, reason, rule, basis,
// obligations and retention (the pointers point into the same policy).
bool same(const Decision& a, const Decision& b) {
  return a.effect() == b.effect() && a.reason() == b.reason() && a.rule() == b.rule() && a.basis() == b.basis() &&
         a.obligations().bits() == b.obligations().bits() && a.retention() == b.retention();
}

// A small policy for tests that need something the seed does not have.
const char* const small_policy = R"(policy small version "1";
data { account { email, name } billing { card } }
purposes { service { delivery, billing } marketing { newsletter } }
recipients { processor { payment } }
consents { marketing }
obligations { notify }
events { closure }
subject {
  age: int = 18;
  consents: set of consent;
}

@section("1") @id("deliver")
allow account, billing for service under contract;

@section("2") @id("newsletter")
allow account.email for marketing.newsletter under consent when consents has marketing requiring notify;

@section("3") retain account for 90 days after closure;
@section("3") retain billing for 7 years;
)";

}  // namespace

// =============================================================================
BOOST_AUTO_TEST_SUITE(loading)

BOOST_AUTO_TEST_CASE(the_seed_policy_loads_with_no_diagnostics_and_its_header) {
  // policies/README.md: "It checks with no errors and no warnings."
  const LoadResult loaded = load(seed_path);
  BOOST_TEST_REQUIRE(loaded.ok());
  BOOST_TEST(static_cast<bool>(loaded));
  BOOST_TEST(!loaded.unreadable());
  BOOST_TEST(loaded.diagnostics().empty(), to_string(loaded.diagnostics()));
  BOOST_TEST(loaded.value().name() == "aiworksforus");
  BOOST_TEST(loaded.value().version() == "2025-07-23");
}

BOOST_AUTO_TEST_CASE(a_policy_with_errors_is_refused_with_every_error_located) {
  const std::string text =
      "policy broken;\n"
      "data { account { email } }\n"
      "purposes { marketing { newsletter } }\n"
      "@section(\"1\")\n"
      "allow account.email for marketing.newsleter under consent;\n"
      "@section(\"2\")\n"
      "allow account for marketing;\n";
  const LoadResult loaded = load_string(text, "broken.policy");
  BOOST_TEST(!loaded.ok());
  BOOST_TEST(!loaded.unreadable());  // a policy problem, not an I/O one

  const auto& all = loaded.diagnostics();
  const auto unknown = std::find_if(all.begin(), all.end(), [](const Diagnostic& d) { return d.code == "unknown-name"; });
  BOOST_TEST_REQUIRE((unknown != all.end()), to_string(all));
  BOOST_TEST((unknown->severity == Severity::error));
  BOOST_TEST(unknown->position.file == "broken.policy");
  BOOST_TEST(unknown->position.line == 5u);
  BOOST_TEST(unknown->position.column == 25u);  // where `marketing.newsleter` starts
  BOOST_TEST(unknown->end.line == 5u);
  BOOST_TEST(unknown->end.column > unknown->position.column);
  BOOST_TEST(contains(unknown->message, "did you mean `marketing.newsletter`?"), unknown->message);
  BOOST_TEST(contains(unknown->rendered, "broken.policy:5:25: error:"), unknown->rendered);
  BOOST_TEST(contains(unknown->rendered, "^"), unknown->rendered);  // the caret under the name

  // The second rule's mistake is reported too: all errors, not the first.
  const auto basis = std::find_if(all.begin(), all.end(), [](const Diagnostic& d) { return d.code == "missing-basis"; });
  BOOST_TEST_REQUIRE((basis != all.end()), to_string(all));
  BOOST_TEST(basis->position.line == 7u);
  BOOST_TEST(contains(to_string(all), "broken.policy:7:"));
}

BOOST_AUTO_TEST_CASE(warnings_are_kept_when_the_policy_loads) {
  // A rule without @section loads, with a warning the caller can log.
  std::string text = small_policy;
  text += "allow account.name for marketing.newsletter under consent when consents has marketing;\n";
  const LoadResult loaded = load_string(text, "small.policy");
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  const auto& all = loaded.diagnostics();
  const auto warning = std::find_if(all.begin(), all.end(), [](const Diagnostic& d) { return d.code == "missing-section"; });
  BOOST_TEST_REQUIRE((warning != all.end()), to_string(all));
  BOOST_TEST((warning->severity == Severity::warning));
  BOOST_TEST(warning->position.file == "small.policy");
  BOOST_TEST(warning->position.line == 21u);
  BOOST_TEST(warning->position.column == 1u);
  for (const Diagnostic& d : all) BOOST_TEST((d.severity != Severity::error), d.message);
}

BOOST_AUTO_TEST_CASE(lints_can_be_turned_off) {
  // No retention rule covers `extra`, which may be processed: a lint warning,
  // which LoadOptions{.lints = false} skips.
  std::string text = small_policy;
  text += "data { extra }\n@section(\"9\") allow extra for service.delivery under contract;\n";
  const auto has_no_retention = [](const LoadResult& loaded) {
    return std::any_of(loaded.diagnostics().begin(), loaded.diagnostics().end(),
                       [](const Diagnostic& d) { return d.code == "no-retention"; });
  };
  const LoadResult linted = load_string(text, "small.policy");
  BOOST_TEST_REQUIRE(linted.ok(), to_string(linted.diagnostics()));
  BOOST_TEST(has_no_retention(linted), to_string(linted.diagnostics()));
  LoadOptions options;
  options.lints = false;
  const LoadResult quiet = load_string(text, "small.policy", options);
  BOOST_TEST_REQUIRE(quiet.ok());
  BOOST_TEST(!has_no_retention(quiet));
}

BOOST_AUTO_TEST_CASE(an_unreadable_entry_file_is_an_io_problem) {
  const LoadResult loaded = load("/nonexistent/folder/policy.policy");
  BOOST_TEST(!loaded.ok());
  BOOST_TEST(loaded.unreadable());
  BOOST_TEST_REQUIRE(!loaded.diagnostics().empty());
  BOOST_TEST(loaded.diagnostics().front().code == "io-error");
  BOOST_TEST(contains(loaded.diagnostics().front().message, "/nonexistent/folder/policy.policy"),
             loaded.diagnostics().front().message);
  BOOST_TEST(!to_string(loaded.diagnostics()).empty());
}

BOOST_AUTO_TEST_CASE(a_missing_import_is_a_policy_error_at_the_import_line) {
  // Only the entry file being unreadable is an I/O problem; a bad import is
  // the policy's fault and is located like any other error.
  const LoadResult loaded = load_string("policy p;\nimport \"nowhere.policy\";\n", "/tmp/entry.policy");
  BOOST_TEST(!loaded.ok());
  BOOST_TEST(!loaded.unreadable());
  BOOST_TEST_REQUIRE(!loaded.diagnostics().empty());
  BOOST_TEST(loaded.diagnostics().front().code == "import-missing");
  BOOST_TEST(loaded.diagnostics().front().position.file == "/tmp/entry.policy");
  BOOST_TEST(loaded.diagnostics().front().position.line == 2u);
}

BOOST_AUTO_TEST_CASE(load_string_resolves_imports_beside_its_display_path) {
  // The seed's own text, named as the seed file, finds vocabulary.policy and fields.policy.
  const LoadResult loaded = load_string(read_file(seed_path), seed_path);
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  BOOST_TEST(loaded.value().data("calls.transcript").ok());
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(name_resolution)

BOOST_AUTO_TEST_CASE(fields_and_leaves_resolve_to_the_same_ids) {
  const Policy& p = seed();
  // fields.policy: `field users.email: account.identity.email;`
  BOOST_TEST((data("users.email") == data("account.identity.email")));
  BOOST_TEST((data("calls.transcript") == data("content.conversation_logs")));
  BOOST_TEST(p.name_of(data("users.email")) == "account.identity.email");
  BOOST_TEST(p.name_of(purpose("marketing.promotional")) == "marketing.promotional");
  BOOST_TEST(p.name_of(recipient("processor.payment")) == "processor.payment");
  BOOST_TEST(!(data("users.email") == data("users.phone")));
  // A leaf directly under the root of its vocabulary is a leaf too.
  BOOST_TEST(purpose("sale").valid());
  BOOST_TEST(recipient("public").valid());
}

BOOST_AUTO_TEST_CASE(a_group_is_refused_with_a_message_naming_its_leaves) {
  const Policy& p = seed();
  const auto account = p.data("account");
  BOOST_TEST_REQUIRE(!account.ok());
  BOOST_TEST(contains(account.error().message, "`account` is not a single data category but a group"),
             account.error().message);
  BOOST_TEST(contains(account.error().message, "`account.identity.name`"), account.error().message);

  const auto marketing = p.purpose("marketing");
  BOOST_TEST_REQUIRE(!marketing.ok());
  BOOST_TEST(contains(marketing.error().message, "`marketing.promotional`"), marketing.error().message);

  const auto processor = p.recipient("processor");
  BOOST_TEST_REQUIRE(!processor.ok());
  BOOST_TEST(contains(processor.error().message, "`processor.infrastructure`"), processor.error().message);
}

BOOST_AUTO_TEST_CASE(a_misspelt_name_gets_did_you_mean) {
  const Policy& p = seed();
  const auto field = p.data("users.emial");
  BOOST_TEST_REQUIRE(!field.ok());
  BOOST_TEST(field.error().message ==
             "unknown data category or field `users.emial`; did you mean `users.email`?");
  const auto leaf = p.purpose("marketing.newsleter");
  BOOST_TEST_REQUIRE(!leaf.ok());
  BOOST_TEST(leaf.error().message == "unknown purpose `marketing.newsleter`; did you mean `marketing.newsletter`?");
  const auto to = p.recipient("processor.paymnet");
  BOOST_TEST_REQUIRE(!to.ok());
  BOOST_TEST(contains(to.error().message, "did you mean `processor.payment`?"), to.error().message);
  const auto form = Policy::form("pseudonymised");
  BOOST_TEST_REQUIRE(!form.ok());
  BOOST_TEST(contains(form.error().message, "did you mean `pseudonymized`?"), form.error().message);
}

BOOST_AUTO_TEST_CASE(unknown_names_are_refused_and_never_guessed) {
  const Policy& p = seed();
  const auto to = p.recipient("data_broker");
  BOOST_TEST_REQUIRE(!to.ok());
  BOOST_TEST(contains(to.error().message, "unknown recipient `data_broker`"), to.error().message);
  const auto why = p.purpose("world_domination");
  BOOST_TEST_REQUIRE(!why.ok());
  BOOST_TEST(contains(why.error().message, "unknown purpose `world_domination`"), why.error().message);
  // A name from another vocabulary is not accepted in the wrong place.
  BOOST_TEST(!p.purpose("processor.payment").ok());
  BOOST_TEST(!p.recipient("marketing.newsletter").ok());
  BOOST_TEST(!p.data("service.delivery").ok());
  BOOST_TEST(!p.data("").ok());
  const auto form = Policy::form("encrypted");
  BOOST_TEST_REQUIRE(!form.ok());
  BOOST_TEST(contains(form.error().message, "unknown form `encrypted`"), form.error().message);
}

BOOST_AUTO_TEST_CASE(every_form_resolves_by_name) {
  for (const Form form : all_forms) {
    const auto resolved = Policy::form(name_of(form));
    BOOST_TEST_REQUIRE(resolved.ok());
    BOOST_TEST((*resolved == form));
  }
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(subjects)

BOOST_AUTO_TEST_CASE(attributes_left_out_take_their_declared_defaults) {
  // vocabulary.policy: age 18, region `other`, account `active`, flags false,
  // sets empty. A subject that sets nothing must decide exactly like one
  // that sets each default explicitly, and unlike one that does not.
  const Policy& p = seed();
  const Subject explicit_defaults = build(p.subject()
                                              .integer("age", 18)
                                              .value("region", "other")
                                              .value("account", "active")
                                              .flag("restricted", false)
                                              .flag("dnt", false)
                                              .flag("enterprise", false)
                                              .clear("consents")
                                              .clear("objections"));
  const Subject eu = build(p.subject().value("region", "eu"));
  int differences_from_eu = 0;
  for (const char* d : {"users.email", "calls.transcript", "invoices.card_last4", "sessions.ip_address"}) {
    for (const char* why : {"service.delivery", "service.billing", "marketing.newsletter", "ai.training"}) {
      for (const char* to : {"processor.payment", "processor.infrastructure"}) {
        const Decision a = p.decide(data(d), purpose(why), recipient(to), adult());
        BOOST_TEST(same(a, p.decide(data(d), purpose(why), recipient(to), explicit_defaults)), d << " " << why << " " << to);
        if (!same(a, p.decide(data(d), purpose(why), recipient(to), eu))) ++differences_from_eu;
      }
    }
  }
  // §11: transfer safeguards apply to people outside the US, data residency to the EU.
  BOOST_TEST(differences_from_eu > 0);
  const Decision other = p.decide(data("invoices.card_last4"), purpose("service.billing"), recipient("processor.payment"), adult());
  BOOST_TEST(obligation_names(other.obligations()) == (Names{"processor_agreement", "transfer_safeguards"}));
}

BOOST_AUTO_TEST_CASE(a_value_of_the_wrong_type_is_refused) {
  const Policy& p = seed();
  const auto region = p.subject().integer("region", 3).build();
  BOOST_TEST_REQUIRE(!region.ok());
  BOOST_TEST(region.error().message == "`region` is one of `eu`, `us_ca`, `us`, `other`");
  const auto age = p.subject().flag("age", true).build();
  BOOST_TEST_REQUIRE(!age.ok());
  BOOST_TEST(age.error().message == "`age` is a whole number");
  const auto dnt = p.subject().value("dnt", "yes").build();
  BOOST_TEST_REQUIRE(!dnt.ok());
  BOOST_TEST(contains(dnt.error().message, "`dnt` is yes/no"), dnt.error().message);
  const auto consents = p.subject().value("consents", "marketing").build();
  BOOST_TEST_REQUIRE(!consents.ok());
  BOOST_TEST(consents.error().message == "`consents` is a set of consent names");
  BOOST_TEST(!p.subject().add("age", "18").build().ok());
  BOOST_TEST(!p.subject().clear("region").build().ok());
}

BOOST_AUTO_TEST_CASE(an_unknown_attribute_is_refused_with_a_suggestion) {
  const auto built = seed().subject().integer("agee", 30).build();
  BOOST_TEST_REQUIRE(!built.ok());
  BOOST_TEST(built.error().message == "unknown subject attribute `agee`; did you mean `age`?");
  const auto form = seed().subject().value("form", "identified").build();
  BOOST_TEST(!form.ok());  // the form belongs to the request, not the subject
}

BOOST_AUTO_TEST_CASE(an_undeclared_value_is_refused) {
  const auto typo = seed().subject().value("region", "ue").build();
  BOOST_TEST_REQUIRE(!typo.ok());
  BOOST_TEST(typo.error().message == "`ue` is not a value of `region`; did you mean `eu`?");
  // Nothing close: the message lists the values instead.
  const auto far = seed().subject().value("region", "atlantis").build();
  BOOST_TEST_REQUIRE(!far.ok());
  BOOST_TEST(far.error().message ==
             "`atlantis` is not a value of `region`; its values are `eu`, `us_ca`, `us`, `other`");
}

BOOST_AUTO_TEST_CASE(an_undeclared_set_element_is_refused) {
  const auto consent = seed().subject().add("consents", "marketting").build();
  BOOST_TEST_REQUIRE(!consent.ok());
  BOOST_TEST(consent.error().message == "unknown consent `marketting` in `consents`; did you mean `marketing`?");
  const auto objection = seed().subject().add("objections", "ai.trainig").build();
  BOOST_TEST_REQUIRE(!objection.ok());
  BOOST_TEST(contains(objection.error().message, "unknown purpose `ai.trainig` in `objections`"),
             objection.error().message);
  // A consent name is not a purpose, even when the words look alike.
  BOOST_TEST(!seed().subject().add("objections", "api_partners").build().ok());
}

BOOST_AUTO_TEST_CASE(set_elements_at_any_level_cover_their_leaves) {
  const Policy& p = seed();
  // §13 "Granular controls": an objection to the whole `marketing` group
  // covers marketing.newsletter, so the consent given earlier no longer allows it.
  const Subject consented = build(p.subject().add("consents", "marketing"));
  const Subject objects = build(p.subject().add("consents", "marketing").add("objections", "marketing"));
  BOOST_TEST(p.decide(data("users.email"), purpose("marketing.newsletter"), consented).allowed());
  const Decision denied = p.decide(data("users.email"), purpose("marketing.newsletter"), objects);
  BOOST_TEST(!denied.allowed());
  BOOST_TEST((denied.reason() == Reason::denied_by_rule));
  check_rule(denied, "objection-to-legitimate-interests-and-marketing", "8");

  // A consent to the `cookies` group is a consent to each cookie category (§9).
  const Subject cookies = build(p.subject().add("consents", "cookies"));
  const Decision performance =
      p.decide(data("web_analytics.client_id"), purpose("analytics.usage_trends"), cookies);
  BOOST_TEST(performance.allowed());
  check_rule(performance, "performance-cookies", "9");
  BOOST_TEST(!p.decide(data("web_analytics.client_id"), purpose("analytics.usage_trends"), adult()).allowed());

  // An objection to the `ai` group is an objection to ai.training (§5 opt-out).
  const Subject no_ai = build(p.subject().add("objections", "ai"));
  BOOST_TEST(!p.decide(data("calls.transcript"), purpose("ai.training"), no_ai, Form::pseudonymized).allowed());
}

BOOST_AUTO_TEST_CASE(clear_empties_a_set) {
  const Policy& p = seed();
  const Subject withdrawn = build(p.subject().add("consents", "marketing").clear("consents"));
  const Decision d = p.decide(data("users.email"), purpose("marketing.newsletter"), withdrawn);
  BOOST_TEST((d.reason() == Reason::default_deny));
}

BOOST_AUTO_TEST_CASE(a_required_attribute_must_be_given) {
  // An int (or one-of) without a default is required: never guessed.
  const std::string text = R"(policy required;
data { contract { terms } }
purposes { service }
subject { contract_months: int; tier: one of {basic, pro} = basic; }
@section("1") allow contract for service under contract when contract_months >= 12;
@section("2") retain contract for 1 year;
)";
  const LoadResult loaded = load_string(text, "required.policy");
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  const Policy& p = loaded.value();
  const auto missing = p.subject().value("tier", "pro").build();
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().message == "`contract_months` is required: the policy declares no default for it");
  const auto from_json = p.subject_from_json(R"({"tier": "pro"})");
  BOOST_TEST_REQUIRE(!from_json.ok());
  BOOST_TEST(contains(from_json.error().message, "`contract_months` is required"), from_json.error().message);

  const Subject long_contract = build(p.subject().integer("contract_months", 24));
  const Subject short_contract = build(p.subject().integer("contract_months", 6));
  const DataId terms = p.data("contract.terms").value();
  const PurposeId service = p.purpose("service").value();
  BOOST_TEST(p.decide(terms, service, long_contract).allowed());
  BOOST_TEST(!p.decide(terms, service, short_contract).allowed());
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(subjects_from_json)

BOOST_AUTO_TEST_CASE(a_json_subject_decides_like_the_same_built_subject) {
  const Policy& p = seed();
  const auto json = p.subject_from_json(
      R"({"age": 34, "region": "eu", "consents": ["marketing", "cookies.performance"],
          "objections": ["ai.training"], "account": "active", "restricted": false, "dnt": true})");
  BOOST_TEST_REQUIRE(json.ok(), error_of(json));
  const Subject built = build(p.subject()
                                  .integer("age", 34)
                                  .value("region", "eu")
                                  .add("consents", "marketing")
                                  .add("consents", "cookies.performance")
                                  .add("objections", "ai.training")
                                  .flag("dnt", true));
  for (const char* d : {"users.email", "calls.transcript", "web_analytics.client_id", "ad_tracking.click_id"}) {
    for (const char* why : {"marketing.newsletter", "ai.training", "analytics.usage_trends", "marketing.advertising"}) {
      BOOST_TEST(same(p.decide(data(d), purpose(why), *json), p.decide(data(d), purpose(why), built)), d << " " << why);
    }
  }
  BOOST_TEST(p.decide(data("users.email"), purpose("marketing.newsletter"), *json).allowed());
  BOOST_TEST(!p.decide(data("calls.transcript"), purpose("ai.training"), *json).allowed());
}

BOOST_AUTO_TEST_CASE(an_empty_object_is_the_default_subject) {
  const auto json = seed().subject_from_json("{}");
  BOOST_TEST_REQUIRE(json.ok());
  BOOST_TEST(same(seed().decide(data("users.full_name"), purpose("service.delivery"), *json),
                  seed().decide(data("users.full_name"), purpose("service.delivery"), adult())));
}

BOOST_AUTO_TEST_CASE(text_that_is_not_json_is_refused) {
  const auto broken = seed().subject_from_json(R"({"age": 34)");
  BOOST_TEST_REQUIRE(!broken.ok());
  BOOST_TEST(broken.error().message == "the subject is not valid JSON");
  BOOST_TEST(!seed().subject_from_json("").ok());
  const auto array = seed().subject_from_json("[1, 2]");
  BOOST_TEST_REQUIRE(!array.ok());
  BOOST_TEST(contains(array.error().message, "must be a JSON object"), array.error().message);
}

BOOST_AUTO_TEST_CASE(values_of_the_wrong_json_type_are_refused) {
  const Policy& p = seed();
  const auto age = p.subject_from_json(R"({"age": "thirty"})");
  BOOST_TEST_REQUIRE(!age.ok());
  BOOST_TEST(age.error().message == "`age` is a whole number");
  const auto consents = p.subject_from_json(R"({"consents": "marketing"})");
  BOOST_TEST_REQUIRE(!consents.ok());
  BOOST_TEST(consents.error().message == "`consents` is a set of consent names");
  const auto elements = p.subject_from_json(R"({"consents": [1]})");
  BOOST_TEST_REQUIRE(!elements.ok());
  BOOST_TEST(elements.error().message == "`consents` must be a list of names (strings)");
  const auto flag = p.subject_from_json(R"({"dnt": 1})");
  BOOST_TEST_REQUIRE(!flag.ok());
  BOOST_TEST(contains(flag.error().message, "`dnt` is yes/no"), flag.error().message);
  BOOST_TEST(!p.subject_from_json(R"({"age": null})").ok());
  BOOST_TEST(!p.subject_from_json(R"({"region": {"name": "eu"}})").ok());
  BOOST_TEST(!p.subject_from_json(R"({"agee": 30})").ok());
}

BOOST_AUTO_TEST_CASE(a_number_that_is_not_a_whole_number_is_refused) {
  const auto fraction = seed().subject_from_json(R"({"age": 15.5})");
  BOOST_TEST_REQUIRE(!fraction.ok());
  BOOST_TEST(fraction.error().message == "the value of `age` must be a whole number");
  BOOST_TEST(!seed().subject_from_json(R"({"age": 1e3})").ok());
}

// 2^63 must be refused, not wrapped around to a negative age (which would
// make the subject a child, or under `age > N` rules, allow what is denied).
BOOST_AUTO_TEST_CASE(a_number_too_large_for_an_integer_is_refused) {
  const auto huge = seed().subject_from_json(R"({"age": 9223372036854775808})");
  BOOST_TEST(!huge.ok());
  BOOST_TEST(contains(error_of(huge), "too large"), error_of(huge));
  BOOST_TEST(seed().subject_from_json(R"({"age": 9223372036854775807})").ok());  // the largest that fits
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
// Decisions on the seed policy, each from a sentence of the legal text.
BOOST_AUTO_TEST_SUITE(seed_decisions)

BOOST_AUTO_TEST_CASE(marketing_needs_consent_s13) {
  // §13 "Marketing communications require explicit consent"; "Clear
  // unsubscribe options in all marketing emails".
  const Policy& p = seed();
  const Decision without = p.decide(data("users.email"), purpose("marketing.newsletter"), adult());
  BOOST_TEST(!without.allowed());
  BOOST_TEST((without.effect() == Effect::deny));
  BOOST_TEST((without.reason() == Reason::default_deny));
  BOOST_TEST(without.rule() == nullptr);
  BOOST_TEST(!without.basis().has_value());
  BOOST_TEST(without.obligations().empty());
  BOOST_TEST(without.retention() == nullptr);

  const Subject consented = build(p.subject().integer("age", 34).add("consents", "marketing"));
  const Decision with = p.decide(data("users.email"), purpose("marketing.newsletter"), consented);
  BOOST_TEST(with.allowed());
  BOOST_TEST((with.reason() == Reason::allowed));
  BOOST_TEST((with.basis() == Basis::consent));
  BOOST_TEST(obligation_names(with.obligations()) == Names{"unsubscribe_option"});
  BOOST_TEST(with.obligations().contains("unsubscribe_option"));
  BOOST_TEST(!with.obligations().contains("pseudonymize"));
  BOOST_TEST(with.obligations().size() == 1u);
  check_rule(with, "marketing-communications", "13");
  BOOST_TEST(with.rule()->kind == "allow");
  // §7 "Account Data: Retained for the duration of your account plus 90 days after termination".
  BOOST_TEST_REQUIRE(with.retention() != nullptr);
  BOOST_TEST(with.retention()->period == "P90D");
  BOOST_TEST(with.retention()->period_text == "90 days");
  BOOST_TEST(with.retention()->from == "account_closure");
  BOOST_TEST(with.retention()->rule.id == "retain-account-data");
}

BOOST_AUTO_TEST_CASE(granular_controls_stop_one_type_of_marketing_s13) {
  // §13 "Granular controls for different types of communications".
  const Policy& p = seed();
  const Subject no_newsletter =
      build(p.subject().add("consents", "marketing").add("objections", "marketing.newsletter"));
  BOOST_TEST(!p.decide(data("users.email"), purpose("marketing.newsletter"), no_newsletter).allowed());
  BOOST_TEST(p.decide(data("users.email"), purpose("marketing.promotional"), no_newsletter).allowed());
  BOOST_TEST(p.decide(data("users.email"), purpose("marketing.events"), no_newsletter).allowed());
}

BOOST_AUTO_TEST_CASE(transactional_notifications_cannot_be_opted_out_of_s13) {
  // §13 "Transactional: Account notifications, billing alerts, and service
  // updates (cannot opt out)": an objection to every purpose leaves them allowed.
  const Policy& p = seed();
  SubjectBuilder builder = p.subject();
  for (const char* group : {"service", "ai", "personalization", "security", "marketing", "analytics", "legal",
                            "automated_decision", "sale"}) {
    builder.add("objections", group);
  }
  const Subject objects_to_everything = build(builder);
  const Decision d = p.decide(data("users.email"), purpose("service.notifications"), objects_to_everything);
  BOOST_TEST(d.allowed());
  BOOST_TEST((d.basis() == Basis::contract));
  BOOST_TEST(d.obligations().empty());
  check_rule(d, "transactional-notifications", "13");
  // ...while the same person's objection does stop the newsletter.
  BOOST_TEST(!p.decide(data("users.email"), purpose("marketing.newsletter"), objects_to_everything).allowed());
}

BOOST_AUTO_TEST_CASE(ai_training_is_de_identified_and_can_be_opted_out_of_s5) {
  // §5 "Personal identifiers are removed or pseudonymized before use in
  // training"; "You can opt out of contributing data to model training".
  const Policy& p = seed();
  const DataId transcript = data("calls.transcript");
  const PurposeId training = purpose("ai.training");

  const Decision identified = p.decide(transcript, training, adult(), Form::identified);
  BOOST_TEST(identified.allowed());
  BOOST_TEST((identified.basis() == Basis::legitimate_interest));  // §3 "Improving and developing our services"
  BOOST_TEST(obligation_names(identified.obligations()) == Names{"pseudonymize"});
  check_rule(identified, "ai-training", "5");

  const Decision pseudonymized = p.decide(transcript, training, adult(), Form::pseudonymized);
  BOOST_TEST(pseudonymized.allowed());
  BOOST_TEST(pseudonymized.obligations().empty());  // already de-identified
  // §7 "Communication Logs: Retained for 3 years".
  BOOST_TEST_REQUIRE(pseudonymized.retention() != nullptr);
  BOOST_TEST(pseudonymized.retention()->period == "P3Y");
  BOOST_TEST(pseudonymized.retention()->from == "collection");

  const Subject opted_out = build(p.subject().add("objections", "ai.training"));
  const Decision denied = p.decide(transcript, training, opted_out, Form::pseudonymized);
  BOOST_TEST(!denied.allowed());
  BOOST_TEST((denied.reason() == Reason::denied_by_rule));
  BOOST_TEST(!denied.basis().has_value());
  BOOST_TEST(denied.obligations().empty());
  BOOST_TEST(denied.retention() == nullptr);
  check_rule(denied, "ai-training-opt-out", "5");
  BOOST_TEST(denied.rule()->kind == "deny");
  // The opt-out stops the training infrastructure too.
  BOOST_TEST(!p.decide(transcript, training, recipient("processor.infrastructure"), opted_out, Form::pseudonymized).allowed());
  BOOST_TEST(p.decide(transcript, training, recipient("processor.infrastructure"), adult(), Form::pseudonymized).allowed());
}

BOOST_AUTO_TEST_CASE(personal_information_is_never_sold_s8_s14) {
  // §14 "We do not sell personal information"; §8 "(we do not sell personal data)".
  const Policy& p = seed();
  const Subject consents_to_all = build(p.subject()
                                            .add("consents", "marketing")
                                            .add("consents", "api_partners")
                                            .add("consents", "service_improvement")
                                            .add("consents", "cookies"));
  for (const char* d : {"users.email", "calls.transcript", "invoices.card_last4", "sessions.ip_address"}) {
    const Decision processing = p.decide(data(d), purpose("sale"), consents_to_all);
    BOOST_TEST(!processing.allowed(), d);
    check_rule(processing, "no-sale", "14");
    for (const char* to : {"partner.api_marketplace", "partner.advertising", "acquirer", "public"}) {
      const Decision sharing = p.decide(data(d), purpose("sale"), recipient(to), consents_to_all, Form::aggregated);
      BOOST_TEST(!sharing.allowed(), d << " to " << to);
      BOOST_TEST((sharing.reason() == Reason::denied_by_rule));
      BOOST_TEST(sharing.rule()->id == "no-sale");
    }
  }
}

BOOST_AUTO_TEST_CASE(children_under_16_are_not_served_s12) {
  // §12 "Our services are not intended for children under 16".
  const Policy& p = seed();
  const Subject fifteen = build(p.subject().integer("age", 15));
  const Subject sixteen = build(p.subject().integer("age", 16));
  const Decision child = p.decide(data("users.full_name"), purpose("service.delivery"), fifteen);
  BOOST_TEST(!child.allowed());
  check_rule(child, "no-children", "12");
  BOOST_TEST(p.decide(data("users.full_name"), purpose("service.delivery"), sixteen).allowed());
  // Sharing is processing too: a child's card details do not go to the processor either.
  const Decision shared = p.decide(data("invoices.card_last4"), purpose("service.billing"),
                                   recipient("processor.payment"), fifteen);
  BOOST_TEST(!shared.allowed());
  BOOST_TEST(shared.rule()->id == "no-children");
}

BOOST_AUTO_TEST_CASE(payment_details_go_to_the_payment_processor_under_contract_s6) {
  // §6 "Payment Processors: Credit card processing and billing services";
  // "All processors are bound by contractual obligations"; §11 safeguards
  // for transfers out of the EU, "EU customer data may be processed within the EU/EEA".
  const Policy& p = seed();
  const Subject eu = build(p.subject().value("region", "eu"));
  const Subject us = build(p.subject().value("region", "us"));
  const DataId card = data("invoices.card_last4");
  const Decision to_processor = p.decide(card, purpose("service.billing"), recipient("processor.payment"), eu);
  BOOST_TEST(to_processor.allowed());
  BOOST_TEST((to_processor.basis() == Basis::contract));
  BOOST_TEST(obligation_names(to_processor.obligations()) ==
             (Names{"processor_agreement", "transfer_safeguards", "data_residency"}));
  check_rule(to_processor, "payment-processors", "6");
  BOOST_TEST(to_processor.rule()->kind == "share");
  // §7 "Financial Records: Retained for 7 years".
  BOOST_TEST_REQUIRE(to_processor.retention() != nullptr);
  BOOST_TEST(to_processor.retention()->period == "P7Y");
  BOOST_TEST(to_processor.retention()->from == "collection");
  BOOST_TEST(to_processor.retention()->until.empty());  // a deletion request does not end a legal duty
  BOOST_TEST(to_processor.retention()->rule.id == "retain-financial-records");

  // "Primary data processing occurs in the United States": no transfer safeguards for US customers.
  const Decision us_customer = p.decide(card, purpose("service.billing"), recipient("processor.payment"), us);
  BOOST_TEST(obligation_names(us_customer.obligations()) == Names{"processor_agreement"});
  // Card details are for billing, not for marketplace partners or other purposes.
  BOOST_TEST(!p.decide(card, purpose("service.billing"), recipient("partner.api_marketplace"), eu).allowed());
  BOOST_TEST(!p.decide(card, purpose("marketing.promotional"), recipient("processor.payment"), eu).allowed());
  // Processing the card for billing is allowed; sharing needs its own share rule.
  BOOST_TEST(p.decide(card, purpose("service.billing"), eu).allowed());
}

BOOST_AUTO_TEST_CASE(do_not_track_is_honoured_s9) {
  // §9 "We honor Do Not Track signals"; advertising cookies need consent.
  const Policy& p = seed();
  const Subject consented = build(p.subject().add("consents", "cookies.advertising"));
  const Subject tracked_not = build(p.subject().add("consents", "cookies.advertising").flag("dnt", true));
  BOOST_TEST(p.decide(data("ad_tracking.click_id"), purpose("marketing.advertising"), consented).allowed());
  const Decision dnt = p.decide(data("ad_tracking.click_id"), purpose("marketing.advertising"), tracked_not);
  BOOST_TEST(!dnt.allowed());
  check_rule(dnt, "do-not-track", "9");
}

BOOST_AUTO_TEST_CASE(retention_periods_are_reported_exactly_as_the_seed_states_them_s7) {
  // §7 Specific Retention Periods.
  const Policy& p = seed();
  struct Expected {
    const char* field;
    const char* period;
    const char* from;
    const char* rule;
  };
  for (const Expected& e : {
           Expected{"users.email", "P90D", "account_closure", "retain-account-data"},      // account + 90 days
           Expected{"invoices.total", "P7Y", "collection", "retain-financial-records"},     // 7 years
           Expected{"calls.transcript", "P3Y", "collection", "retain-communication-logs"}, // 3 years
           Expected{"feature_events.feature", "P2Y", "collection", "retain-usage-analytics"},  // individual: 2 years
           Expected{"audit_log.event", "P1Y", "collection", "retain-security-logs"},       // 1 year
           Expected{"leads.email", "P5Y", "last_interaction", "retain-marketing-data"},    // 5 years from last interaction
       }) {
    const RetentionInfo* r = p.retention(data(e.field), adult());
    BOOST_TEST_REQUIRE(r != nullptr, e.field);
    BOOST_TEST(r->period == e.period, e.field);
    BOOST_TEST(r->from == e.from, e.field);
    BOOST_TEST(r->rule.id == e.rule, e.field);
    BOOST_TEST(r->rule.section == "7");
    BOOST_TEST(r->rule.kind == "retain");
    BOOST_TEST(!r->indefinite);
    BOOST_TEST(r->then == "delete");
  }
  // "Marketing Data: Retained until you withdraw consent".
  const RetentionInfo* marketing = p.retention(data("leads.email"), adult());
  BOOST_TEST((std::find(marketing->until.begin(), marketing->until.end(), "withdrawal of marketing") !=
              marketing->until.end()));
  // "Usage Analytics: Aggregated data retained indefinitely".
  const RetentionInfo* aggregated = p.retention(data("feature_events.feature"), adult(), Form::aggregated);
  BOOST_TEST_REQUIRE(aggregated != nullptr);
  BOOST_TEST(aggregated->indefinite);
  BOOST_TEST(aggregated->period.empty());
  // "Anonymized data may be retained".
  const RetentionInfo* anonymized = p.retention(data("calls.transcript"), adult(), Form::anonymized);
  BOOST_TEST_REQUIRE(anonymized != nullptr);
  BOOST_TEST(anonymized->indefinite);
  BOOST_TEST(anonymized->rule.id == "retain-anonymized-data");
}

BOOST_AUTO_TEST_CASE(erasure_deadlines_follow_the_deletion_section_s7) {
  // §7 "Personal data is deleted within 30 days unless legal retention is
  // required"; "Backups containing your data are overwritten within 90 days".
  const Policy& p = seed();
  const auto transcript = p.erasures(data("calls.transcript"), adult());
  const auto find = [&](const std::string& after, const std::string& store) -> const ErasureInfo* {
    for (const ErasureInfo& e : transcript) {
      if (e.after == after && e.store == store) return &e;
    }
    return nullptr;
  };
  const ErasureInfo* live = find("erasure_request", "");
  BOOST_TEST_REQUIRE(live != nullptr);
  BOOST_TEST(live->within == "P30D");
  BOOST_TEST(live->within_text == "30 days");
  BOOST_TEST(live->rule.id == "erase-on-request");
  const ErasureInfo* backups = find("erasure_request", "backups");
  BOOST_TEST_REQUIRE(backups != nullptr);
  BOOST_TEST(backups->within == "P90D");
  // §12 "We will investigate and delete the information promptly".
  const ErasureInfo* child = find("child_data_identified", "");
  BOOST_TEST_REQUIRE(child != nullptr);
  BOOST_TEST(child->rule.section == "12");
  BOOST_TEST(transcript.size() == 3u);

  // Financial records are under legal retention: no erasure on request.
  BOOST_TEST(p.erasures(data("invoices.total"), adult()).empty());
  // Anonymized data "may be retained": nothing to erase.
  BOOST_TEST(p.erasures(data("calls.transcript"), adult(), Form::anonymized).empty());
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(invalid_requests)

void check_invalid(const Decision& d) {
  BOOST_TEST(!d.allowed());
  BOOST_TEST((d.effect() == Effect::deny));
  BOOST_TEST((d.reason() == Reason::invalid_request));
  BOOST_TEST(d.rule() == nullptr);
  BOOST_TEST(!d.basis().has_value());
  BOOST_TEST(d.obligations().empty());
  BOOST_TEST(d.retention() == nullptr);
}

BOOST_AUTO_TEST_CASE(default_constructed_ids_are_denied_as_invalid) {
  const Policy& p = seed();
  const PurposeId delivery = purpose("service.delivery");
  const DataId email = data("users.email");
  check_invalid(p.decide(DataId{}, delivery, adult()));
  check_invalid(p.decide(email, PurposeId{}, adult()));
  check_invalid(p.decide(DataId{}, PurposeId{}, adult()));
  check_invalid(p.decide(email, delivery, RecipientId{}, adult()));  // the sharing overload needs a recipient
  check_invalid(p.decide(DataId{1'000'000}, delivery, adult()));
  check_invalid(p.decide(email, PurposeId{1'000'000}, adult()));
  check_invalid(p.decide(email, delivery, RecipientId{1'000'000}, adult()));
  check_invalid(p.decide(email, delivery, adult(), static_cast<Form>(17)));
  check_invalid(Decision{});  // a default Decision is an invalid-request deny too
  BOOST_TEST(p.retention(DataId{}, adult()) == nullptr);
  BOOST_TEST(p.retention(email, adult(), static_cast<Form>(17)) == nullptr);
  BOOST_TEST(p.erasures(DataId{}, adult()).empty());
  BOOST_TEST(p.erasures(email, adult(), static_cast<Form>(200)).empty());
  // A Request with a default recipient is a processing question, and valid.
  BOOST_TEST(p.decide(Request{email, delivery, {}, Form::identified, &adult()}).allowed());
}

BOOST_AUTO_TEST_CASE(a_subject_or_id_from_another_policy_is_denied_as_invalid) {
  // Another policy's subjects and ids are encoded for other tables: never trusted here.
  const LoadResult other = load_string(
      "data { x } purposes { p } subject { age: int = 18; }\n"
      "@section(\"1\") allow x for p under contract; @section(\"1\") retain x for 1 year;",
      "other.policy");
  BOOST_TEST_REQUIRE(other.ok(), to_string(other.diagnostics()));
  const Subject foreign = build(other.value().subject());
  const DataId email = data("users.email");
  check_invalid(seed().decide(email, purpose("service.delivery"), foreign));
  check_invalid(seed().decide(email, purpose("service.billing"), recipient("processor.payment"), foreign));
  BOOST_TEST(seed().retention(email, foreign) == nullptr);
  BOOST_TEST(seed().erasures(email, foreign).empty());
  // Its ids name other leaves: refused too, even where the index exists here.
  const DataId x = other.value().data("x").value();
  BOOST_TEST(x.leaf < 50u);
  check_invalid(seed().decide(x, purpose("service.delivery"), adult()));
  check_invalid(seed().decide(email, other.value().purpose("p").value(), adult()));
  // The same question with its own policy's subject is answered.
  BOOST_TEST(other.value().decide(x, other.value().purpose("p").value(), foreign).allowed());
}

BOOST_AUTO_TEST_CASE(a_reload_of_the_same_policy_accepts_earlier_subjects_and_ids) {
  // The same text compiles to the same tables (the same fingerprint), so a
  // service that reloads an unchanged policy keeps its resolved ids and subjects.
  const LoadResult again = load(seed_path);
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST(again.value().fingerprint() == seed().fingerprint());
  const Subject subject = build(again.value().subject());
  const Decision d = seed().decide(data("users.email"), purpose("service.delivery"), subject);
  BOOST_TEST(d.allowed());
  BOOST_TEST((again.value().decide(data("users.email"), purpose("service.delivery"), adult()).effect() == d.effect()));
}

BOOST_AUTO_TEST_CASE(a_default_subject_is_denied_as_invalid) {
  const Subject nobody;
  check_invalid(seed().decide(data("users.email"), purpose("service.delivery"), nobody));
  check_invalid(seed().decide(Request{data("users.email"), purpose("service.delivery"), {}, Form::identified, &nobody}));
  BOOST_TEST(seed().retention(data("users.email"), nobody) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_request_without_a_subject_is_denied_as_invalid) {
  const Policy& p = seed();
  const Request request{data("users.email"), purpose("service.delivery"), {}, Form::identified, nullptr};
  check_invalid(p.decide(request));
  Decision batch[1];
  p.decide(std::span<const Request>(&request, 1), batch);
  check_invalid(batch[0]);
  BOOST_TEST(contains(p.explain(request, batch[0]), "does not belong to this policy"));
}

BOOST_AUTO_TEST_CASE(an_invalid_request_is_explained_without_crashing) {
  const Policy& p = seed();
  const Request request{DataId{}, PurposeId{}, RecipientId{42'000}, Form::identified, nullptr};
  const std::string sentence = p.explain(request, p.decide(request));
  BOOST_TEST(!sentence.empty());
  BOOST_TEST(p.name_of(DataId{}) == "<invalid data>");
  BOOST_TEST(p.name_of(PurposeId{}) == "<invalid purpose>");
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(batches_and_explanations)

// A varied set of requests: fields, purposes, recipients, forms and subjects
// whose answers cover allow, deny by rule, default deny and invalid.
struct Requests {
  std::vector<Subject> subjects;
  std::vector<Request> requests;
  Requests() {
    const Policy& p = seed();
    subjects.push_back(build(p.subject()));
    subjects.push_back(build(p.subject().integer("age", 12)));
    subjects.push_back(build(p.subject().value("region", "eu").add("consents", "marketing").add("consents", "cookies")));
    subjects.push_back(build(p.subject().add("objections", "ai").add("objections", "marketing").flag("restricted", true)));
    subjects.push_back(build(p.subject().value("account", "terminated").flag("enterprise", true)));
    const std::vector<RecipientId> recipients = {RecipientId{}, recipient("processor.infrastructure"),
                                                 recipient("processor.payment"), recipient("public")};
    for (const Subject& s : subjects) {
      for (const char* d : {"users.email", "calls.transcript", "invoices.card_last4", "sessions.ip_address",
                            "leads.score", "agents.fine_tune_dataset", "web_analytics.client_id"}) {
        for (const char* why : {"service.delivery", "service.billing", "marketing.newsletter", "ai.training",
                                "ai.private_training", "analytics.usage_trends", "sale", "legal.tax"}) {
          for (const RecipientId r : recipients) {
            for (const Form f : all_forms) requests.push_back({data(d), purpose(why), r, f, &s});
          }
        }
      }
    }
    requests.push_back({data("users.email"), purpose("service.delivery"), {}, Form::identified, nullptr});
    requests.push_back({DataId{}, purpose("service.delivery"), {}, Form::identified, &subjects.front()});
  }
};

BOOST_AUTO_TEST_CASE(a_batch_answers_each_request_as_deciding_it_alone) {
  const Requests r;
  std::vector<Decision> batch(r.requests.size());
  seed().decide(r.requests, batch);
  std::array<int, 4> reasons{};
  for (std::size_t i = 0; i < r.requests.size(); ++i) {
    const Request& q = r.requests[i];
    const Decision single = seed().decide(q);
    BOOST_TEST(same(batch[i], single), "request " << i);
    ++reasons[static_cast<std::size_t>(single.reason())];
    // The two-argument forms give the same answer as the Request form.
    if (q.subject != nullptr && q.recipient.valid()) {
      BOOST_TEST(same(single, seed().decide(q.data, q.purpose, q.recipient, *q.subject, q.form)), "request " << i);
    } else if (q.subject != nullptr) {
      BOOST_TEST(same(single, seed().decide(q.data, q.purpose, *q.subject, q.form)), "request " << i);
    }
  }
  for (const int count : reasons) BOOST_TEST(count > 0);  // every kind of answer was compared
}

BOOST_AUTO_TEST_CASE(a_batch_leaves_extra_decisions_untouched) {
  const Requests r;
  const Decision marker =
      seed().decide(data("users.email"), purpose("service.delivery"), r.subjects.front());
  BOOST_TEST_REQUIRE(marker.allowed());
  std::vector<Decision> decisions(5, marker);
  const std::span<const Request> two(r.requests.data() + r.requests.size() - 2, 2);  // both invalid
  seed().decide(two, decisions);
  BOOST_TEST((decisions[0].reason() == Reason::invalid_request));
  BOOST_TEST((decisions[1].reason() == Reason::invalid_request));
  for (std::size_t i = 2; i < decisions.size(); ++i) BOOST_TEST(same(decisions[i], marker));
}

BOOST_AUTO_TEST_CASE(explain_gives_one_sentence_naming_the_deciding_rule) {
  const Policy& p = seed();
  const Subject consented = build(p.subject().add("consents", "marketing"));
  const Request allowed{data("users.email"), purpose("marketing.newsletter"), {}, Form::identified, &consented};
  const std::string yes = p.explain(allowed, p.decide(allowed));
  BOOST_TEST(contains(yes, "allowed by rule `marketing-communications` (\xC2\xA7" "13)"), yes);
  BOOST_TEST(contains(yes, seed_path + ":" + std::to_string(line_of_rule("marketing-communications")) + ":1"), yes);
  BOOST_TEST(contains(yes, "`account.identity.email` for `marketing.newsletter` under consent"), yes);
  BOOST_TEST(contains(yes, "requiring `unsubscribe_option`"), yes);
  BOOST_TEST(yes.back() == '.');

  const Request sale{data("users.email"), purpose("sale"), recipient("partner.api_marketplace"), Form::identified,
                     &consented};
  const std::string no = p.explain(sale, p.decide(sale));
  BOOST_TEST(contains(no, "denied by rule `no-sale` (\xC2\xA7" "14)"), no);
  BOOST_TEST(contains(no, "shared with `partner.api_marketplace`"), no);

  const Request nothing{data("users.email"), purpose("marketing.newsletter"), {}, Form::identified, &adult()};
  const std::string none = p.explain(nothing, p.decide(nothing));
  BOOST_TEST(contains(none, "default deny"), none);
  BOOST_TEST(std::count(none.begin(), none.end(), '\n') == 0);
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(fingerprint)

BOOST_AUTO_TEST_CASE(the_fingerprint_is_sha256_in_hex) {
  const std::string& f = seed().fingerprint();
  BOOST_TEST(std::regex_match(f, std::regex("sha256:[0-9a-f]{64}")), f);
}

BOOST_AUTO_TEST_CASE(the_same_text_gives_the_same_fingerprint) {
  const std::string text = read_file(seed_path);
  const LoadResult a = load_string(text, seed_path);
  const LoadResult b = load_string(text, seed_path);
  BOOST_TEST_REQUIRE(a.ok());
  BOOST_TEST_REQUIRE(b.ok());
  BOOST_TEST(a.value().fingerprint() == b.value().fingerprint());
  BOOST_TEST(a.value().fingerprint() == seed().fingerprint());  // load() and load_string() agree
}

BOOST_AUTO_TEST_CASE(changing_one_rule_changes_the_fingerprint) {
  // §7 communication logs kept 4 years instead of 3.
  std::string text = read_file(seed_path);
  const std::string from = "retain content.conversation_logs, content.support_requests\n  for 3 years";
  const auto at = text.find(from);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "retain content.conversation_logs, content.support_requests\n  for 4 years");
  const LoadResult changed = load_string(text, seed_path);
  BOOST_TEST_REQUIRE(changed.ok(), to_string(changed.diagnostics()));
  BOOST_TEST(std::regex_match(changed.value().fingerprint(), std::regex("sha256:[0-9a-f]{64}")));
  BOOST_TEST(changed.value().fingerprint() != seed().fingerprint());
  BOOST_TEST(changed.value().retention(changed.value().data("calls.transcript").value(),
                                       changed.value().subject().build().value())->period == "P4Y");
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
BOOST_AUTO_TEST_SUITE(threads_and_lifetimes)

BOOST_AUTO_TEST_CASE(four_threads_deciding_at_once_agree_with_one) {
  // One Policy and one set of Subjects shared by every thread, read-only.
  const batches_and_explanations::Requests r;
  const Policy& p = seed();
  std::vector<Decision> expected(r.requests.size());
  std::vector<const RetentionInfo*> expected_retention(r.requests.size());
  for (std::size_t i = 0; i < r.requests.size(); ++i) {
    expected[i] = p.decide(r.requests[i]);
    if (r.requests[i].subject != nullptr) {
      expected_retention[i] = p.retention(r.requests[i].data, *r.requests[i].subject, r.requests[i].form);
    }
  }

  constexpr int thread_count = 4;
  constexpr int rounds = 20;
  std::vector<std::vector<Decision>> got(thread_count, std::vector<Decision>(r.requests.size()));
  std::vector<std::vector<const RetentionInfo*>> got_retention(thread_count,
                                                               std::vector<const RetentionInfo*>(r.requests.size()));
  std::vector<int> mismatches(thread_count, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < rounds; ++round) {
        // Alternate the single and batch forms so both run concurrently.
        if ((round + t) % 2 == 0) {
          p.decide(r.requests, got[t]);
        } else {
          for (std::size_t i = 0; i < r.requests.size(); ++i) got[t][i] = p.decide(r.requests[i]);
        }
        for (std::size_t i = 0; i < r.requests.size(); ++i) {
          if (r.requests[i].subject != nullptr) {
            got_retention[t][i] = p.retention(r.requests[i].data, *r.requests[i].subject, r.requests[i].form);
          }
          if (!same(got[t][i], expected[i]) || got_retention[t][i] != expected_retention[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < thread_count; ++t) BOOST_TEST(mismatches[t] == 0, "thread " << t);
}

BOOST_AUTO_TEST_CASE(a_decision_stays_valid_while_a_copy_of_the_policy_lives) {
  std::optional<Policy> copy;
  std::optional<Subject> subject;
  Decision decision;
  {
    const LoadResult loaded = load(seed_path);
    BOOST_TEST_REQUIRE(loaded.ok());
    const Policy& original = loaded.value();
    subject = build(original.subject().value("region", "eu"));
    decision = original.decide(original.data("invoices.card_last4").value(), original.purpose("service.billing").value(),
                               original.recipient("processor.payment").value(), *subject);
    copy = original;  // copies share the compiled data
  }  // the LoadResult and the Policy inside it are gone
  BOOST_TEST_REQUIRE(decision.allowed());
  // Everything the decision points at is read again (AddressSanitizer would
  // catch a use after free here).
  BOOST_TEST(decision.rule()->id == "payment-processors");
  BOOST_TEST(decision.retention()->period == "P7Y");
  BOOST_TEST(obligation_names(decision.obligations()) == (Names{"processor_agreement", "transfer_safeguards", "data_residency"}));
  // The subject built by the original belongs to the copy as well, and the
  // copy gives the very same answer, pointing at the very same rule.
  const Decision again = copy->decide(copy->data("invoices.card_last4").value(), copy->purpose("service.billing").value(),
                                      copy->recipient("processor.payment").value(), *subject);
  BOOST_TEST(same(again, decision));
  BOOST_TEST(copy->fingerprint() == seed().fingerprint());
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================
// docs/embedding.md quotes the example service; the quotes must stay its lines.
BOOST_AUTO_TEST_SUITE(embedding_guide)

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The lines between `// [name]` and `// [/name]` in the example, without
// their common indentation; empty when there is no such region.
std::string excerpt(const std::vector<std::string>& source, const std::string& name) {
  const auto trimmed = [](const std::string& line) { return line.substr(std::min(line.find_first_not_of(' '), line.size())); };
  const auto begin = std::find_if(source.begin(), source.end(), [&](const std::string& l) { return trimmed(l) == "// [" + name + "]"; });
  const auto end = std::find_if(begin, source.end(), [&](const std::string& l) { return trimmed(l) == "// [/" + name + "]"; });
  if (begin == source.end() || end == source.end()) return {};
  std::size_t indent = std::string::npos;
  for (auto line = begin + 1; line != end; ++line) {
    if (!line->empty()) indent = std::min(indent, line->find_first_not_of(' '));
  }
  std::string text;
  for (auto line = begin + 1; line != end; ++line) text += (line->empty() ? std::string() : line->substr(indent)) + "\n";
  return text;
}

BOOST_AUTO_TEST_CASE(every_quote_is_the_example_verbatim) {
  const auto guide = lines_of(read_file(std::string(PROVISO_SOURCE_DIR) + "/docs/embedding.md"));
  const auto example =
      lines_of(read_file(std::string(PROVISO_SOURCE_DIR) + "/examples/transcript_store/transcript_store.cpp"));
  BOOST_TEST_REQUIRE(!guide.empty());
  BOOST_TEST_REQUIRE(!example.empty());
  std::vector<std::string> quoted;
  for (std::size_t i = 0; i < guide.size(); ++i) {
    const std::string marker = "<!-- quote: ";
    if (guide[i].rfind(marker, 0) != 0) continue;
    const std::string name = guide[i].substr(marker.size(), guide[i].find(" -->") - marker.size());
    quoted.push_back(name);
    BOOST_TEST_REQUIRE(i + 1 < guide.size());
    BOOST_TEST(guide[i + 1] == "```cpp", name);
    std::string block;
    for (std::size_t j = i + 2; j < guide.size() && guide[j] != "```"; ++j) block += guide[j] + "\n";
    const std::string expected = excerpt(example, name);
    BOOST_TEST(!expected.empty(), "no region `" << name << "` in the example");
    BOOST_TEST(block == expected, "the quote `" << name << "` differs from the example");
  }
  // Every region marked in the example is quoted, so no marker is left behind.
  for (const std::string& line : example) {
    const auto at = line.find("// [/");
    if (at == std::string::npos) continue;
    const std::string name = line.substr(at + 5, line.find(']', at) - at - 5);
    BOOST_TEST((std::find(quoted.begin(), quoted.end(), name) != quoted.end()), "region `" << name << "` is not quoted");
  }
  BOOST_TEST(quoted.size() >= 7u);
}

BOOST_AUTO_TEST_SUITE_END()
