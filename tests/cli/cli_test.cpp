// The `proviso` command as CI and services use it: exit codes, JSON that
// parses, answers in order, errors located. (diff, impact, fmt, doc, ropa
// and SARIF have their own suites.)
#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/command.hpp"
#include "tests/support/scratch.hpp"

namespace {

using proviso::testing::CommandResult;
using proviso::testing::run_command;
using proviso::testing::ScratchFolder;

const std::string seed = std::string(PROVISO_SOURCE_DIR) + "/policies/aiworksforus.policy";

CommandResult run_proviso(const std::string& arguments, const std::string& input = "") {
  return run_command(std::string(PROVISO_CLI) + " " + arguments, input);
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

const std::string tiny_header = R"(policy tiny version "1";
data { a }
purposes { p }
subject { age: int; }
)";

const std::string email_request =
    R"({"data": "users.email", "purpose": "marketing.newsletter", "subject": {"age": 34, "consents": ["marketing"]}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(check)

BOOST_AUTO_TEST_CASE(the_seed_policy_is_valid) {
  const CommandResult r = run_proviso("check " + quoted(seed));
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.find("error") == std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(an_error_exits_1_located_with_a_suggestion) {
  ScratchFolder scratch;
  const std::string file = scratch.write("bad.policy", tiny_header + "@section(\"1\") allow a for q under contract;\n");
  const CommandResult r = run_proviso("check --color never " + quoted(file));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("bad.policy:5:27: error: unknown purpose `q`; did you mean `p`?") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("^") != std::string::npos, "a caret under the name");
}

BOOST_AUTO_TEST_CASE(json_lists_every_diagnostic) {
  ScratchFolder scratch;
  const std::string file = scratch.write("bad.policy", tiny_header + "@section(\"1\") allow a for q under contract;\n"
                                                                     "@section(\"2\") allow b for p under contract;\n");
  const CommandResult r = run_proviso("check --format json " + quoted(file));
  BOOST_TEST(r.exit_code == 1);
  const auto diagnostics = nlohmann::json::parse(r.out);
  BOOST_TEST_REQUIRE(diagnostics.is_array());
  BOOST_TEST(diagnostics.size() >= 2u);
  for (const auto& d : diagnostics) {
    BOOST_TEST(d.at("severity").get<std::string>() == "error");
    BOOST_TEST(d.at("line").get<int>() >= 5);
    BOOST_TEST(!d.at("code").get<std::string>().empty());
  }
}

BOOST_AUTO_TEST_CASE(a_missing_file_exits_2) {
  const CommandResult r = run_proviso("check /nonexistent/policy.policy");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("no such file") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(eval)

BOOST_AUTO_TEST_CASE(one_request_gets_its_decision) {
  const CommandResult r = run_proviso("eval --policy " + quoted(seed) + " " + quoted(email_request));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto decision = nlohmann::json::parse(r.out);
  BOOST_TEST(decision.at("decision").get<std::string>() == "allow");
  BOOST_TEST(decision.at("basis").get<std::string>() == "consent");
  BOOST_TEST(decision.at("rule_id").get<std::string>() == "marketing-communications");
  BOOST_TEST(decision.at("section").get<std::string>() == "13");
  BOOST_TEST(decision.at("obligations").size() == 1u);
  BOOST_TEST(decision.at("retention").at("period").get<std::string>() == "P90D");
}

BOOST_AUTO_TEST_CASE(a_bad_request_is_an_error_value_and_exit_2) {
  const CommandResult r = run_proviso("eval --policy " + quoted(seed) + " " +
                                  quoted(R"({"data": "users.emial", "purpose": "marketing.newsletter", "subject": {}})"));
  BOOST_TEST(r.exit_code == 2);
  const auto answer = nlohmann::json::parse(r.out);
  BOOST_TEST(answer.at("error").get<std::string>().find("did you mean `users.email`?") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_lines_are_answered_in_order_line_for_line) {
  std::string input;
  const int requests = 200;
  for (int i = 0; i < requests; ++i) {
    const int age = i % 2 == 0 ? 34 : 14;  // children are denied everything
    input += R"({"data": "users.email", "purpose": "marketing.newsletter", "subject": {"age": )" + std::to_string(age) +
             R"(, "consents": ["marketing"]}})" + "\n";
  }
  const CommandResult r = run_proviso("eval --policy " + quoted(seed), input);
  BOOST_TEST(r.exit_code == 0, r.err);
  const auto answers = lines(r.out);
  BOOST_TEST_REQUIRE(answers.size() == static_cast<std::size_t>(requests));
  for (int i = 0; i < requests; ++i) {
    const auto decision = nlohmann::json::parse(answers[static_cast<std::size_t>(i)]);
    BOOST_TEST(decision.at("decision").get<std::string>() == (i % 2 == 0 ? "allow" : "deny"), "line " << i + 1);
  }
}

BOOST_AUTO_TEST_CASE(a_bad_line_is_answered_on_its_line_and_the_stream_goes_on) {
  const std::string input = email_request + "\n" + "not json\n" + "\n" + email_request + "\n";
  const CommandResult r = run_proviso("eval --policy " + quoted(seed), input);
  BOOST_TEST(r.exit_code == 2, "some line was bad");
  const auto answers = lines(r.out);
  BOOST_TEST_REQUIRE(answers.size() == 4u);
  BOOST_TEST(nlohmann::json::parse(answers[0]).at("decision").get<std::string>() == "allow");
  BOOST_TEST(nlohmann::json::parse(answers[1]).contains("error"));
  BOOST_TEST(nlohmann::json::parse(answers[2]).contains("error"));
  BOOST_TEST(nlohmann::json::parse(answers[3]).at("decision").get<std::string>() == "allow");
}

BOOST_AUTO_TEST_CASE(an_invalid_policy_answers_nothing) {
  ScratchFolder scratch;
  const std::string file = scratch.write("bad.policy", tiny_header + "@section(\"1\") allow a for q under contract;\n");
  const CommandResult r = run_proviso("eval --policy " + quoted(file) + " " + quoted(R"({"data": "a", "purpose": "p"})"));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.empty(), "no decision from a policy that does not check: " << r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(explain)

BOOST_AUTO_TEST_CASE(a_denial_is_explained_with_the_way_to_an_allow) {
  const CommandResult r =
      run_proviso("explain --color never --policy " + quoted(seed) + " " +
              quoted(R"({"data": "users.email", "purpose": "marketing.newsletter", "subject": {"age": 34}})"));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("decision  DENY") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("the person gives the consent `marketing`") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("rule `marketing-communications` (§13)") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(test_command)

BOOST_AUTO_TEST_CASE(the_seed_policy_tests_pass_with_full_coverage) {
  std::string files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PROVISO_SOURCE_DIR) + "/policies/tests")) {
    if (entry.path().extension() == ".policy") files += " " + quoted(entry.path().string());
  }
  const CommandResult r = run_proviso("test --coverage-min 100 --format json" + files);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto report = nlohmann::json::parse(r.out);
  BOOST_TEST(report.at("failed").get<int>() == 0);
  BOOST_TEST(report.at("passed").get<int>() > 200);
  BOOST_TEST(report.at("coverage").at("percent").get<double>() == 100.0);
}

BOOST_AUTO_TEST_CASE(a_failing_test_exits_1_and_says_what_was_expected) {
  ScratchFolder scratch;
  const std::string file = scratch.write(
      "tested.policy", tiny_header + R"(@section("1") allow a for p under contract when age >= 18;
@section("2") retain a for 1 year;
test "adults" {
  ask a for p given age = 30;
  expect allow under contract;
}
test "wrong on purpose" {
  ask a for p given age = 10;
  expect allow;
}
)");
  const CommandResult text = run_proviso("test --color never " + quoted(file));
  BOOST_TEST(text.exit_code == 1);
  BOOST_TEST(text.out.find("FAIL") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("1 passed, 1 failed") != std::string::npos, text.out);

  const CommandResult json = run_proviso("test --format json " + quoted(file));
  BOOST_TEST(json.exit_code == 1);
  const auto report = nlohmann::json::parse(json.out);
  BOOST_TEST(report.at("passed").get<int>() == 1);
  BOOST_TEST(report.at("failed").get<int>() == 1);
  BOOST_TEST(report.at("tests").at(1).at("passed").get<bool>() == false);
}

BOOST_AUTO_TEST_CASE(coverage_below_the_minimum_fails) {
  ScratchFolder scratch;
  const std::string file = scratch.write("half.policy", tiny_header + R"(@section("1") allow a for p under contract when age >= 18;
@section("1") deny a for p when age > 90;
@section("2") retain a for 1 year;
test "adults" {
  ask a for p given age = 30;
  expect allow;
}
)");
  const CommandResult r = run_proviso("test --coverage --coverage-min 90 " + quoted(file));
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST((r.out + r.err).find("coverage") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(usage)

BOOST_AUTO_TEST_CASE(usage_problems_exit_2) {
  BOOST_TEST(run_proviso("").exit_code == 2);
  BOOST_TEST(run_proviso("frobnicate").exit_code == 2);
  BOOST_TEST(run_proviso("eval '{}'").exit_code == 2, "--policy is required");
  BOOST_TEST(run_proviso("check").exit_code == 2, "files are required");
}

BOOST_AUTO_TEST_SUITE_END()
