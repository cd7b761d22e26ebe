// `proviso check --format sarif`: SARIF 2.1.0 for code-scanning tools.
//
// Every bad policy of the diagnostics corpus (tests/diagnostics/bad) is
// checked as `proviso check` does and written as SARIF; the log must have
// the structure SARIF 2.1.0 requires and one result per diagnostic, with its
// level, its code as ruleId (and the rule at ruleIndex), its message, its
// region, and its notes as related locations. Then the command itself: exit
// codes unchanged, SARIF on stdout.
#define BOOST_TEST_MODULE sarif
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "check/checker.hpp"
#include "diag/diagnostic.hpp"
#include "json/sarif.hpp"
#include "load/loader.hpp"
#include "tests/support/command.hpp"
#include "tests/support/files.hpp"
#include "tests/support/golden.hpp"

namespace {

using namespace proviso;
namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr diag::Code all_codes[] = {
#define PROVISO_DIAGNOSTIC(id, code, severity) diag::Code::id,
#include "diag/kinds.def"
#undef PROVISO_DIAGNOSTIC
};

// A reader that resolves relative paths under `base`, so files are named
// relative to it (as `proviso check` run there would name them).
loader::FileReader reader_under(const fs::path& base) {
  return [base, inner = loader::filesystem_reader()](const std::string& path, loader::ReadFailure& failure) {
    const fs::path p(path);
    return inner(p.is_absolute() ? p.string() : (base / p).string(), failure);
  };
}

struct Checked {
  loader::Program program;
  diag::Diagnostics diagnostics;
};

Checked check_file(const std::string& relative) {
  Checked checked;
  checked.program = loader::load_file(relative, checked.diagnostics, reader_under(testing::source_dir()));
  (void)check::check(checked.program, checked.diagnostics);
  checked.diagnostics.sort_by_location();
  return checked;
}

// The run's structure: what every SARIF 2.1.0 log must have.
const Json& checked_run(const Json& log) {
  BOOST_TEST_REQUIRE(log.is_object());
  BOOST_TEST(log.at("version") == "2.1.0");
  BOOST_TEST(log.at("$schema").get<std::string>().find("sarif") != std::string::npos);
  BOOST_TEST_REQUIRE(log.at("runs").is_array());
  BOOST_TEST_REQUIRE(log.at("runs").size() == 1u);
  const Json& run = log.at("runs")[0];
  const Json& driver = run.at("tool").at("driver");
  BOOST_TEST(driver.at("name") == "proviso");
  BOOST_TEST(!driver.at("version").get<std::string>().empty());
  BOOST_TEST(run.at("columnKind") == "unicodeCodePoints");
  BOOST_TEST_REQUIRE(run.at("results").is_array());
  BOOST_TEST_REQUIRE(run.at("invocations").is_array());
  BOOST_TEST(run.at("invocations")[0].at("executionSuccessful").is_boolean());
  return run;
}

void check_region(const Json& physical, const std::string& uri) {
  const Json& artifact = physical.at("artifactLocation");
  BOOST_TEST(artifact.at("uri") == uri);
  BOOST_TEST(artifact.at("uriBaseId") == "%SRCROOT%");
  const Json& region = physical.at("region");
  const int start_line = region.at("startLine");
  const int start_column = region.at("startColumn");
  const int end_line = region.at("endLine");
  const int end_column = region.at("endColumn");
  BOOST_TEST(start_line >= 1);
  BOOST_TEST(start_column >= 1);
  BOOST_TEST(end_line >= start_line);
  if (end_line == start_line) BOOST_TEST(end_column >= start_column);
}

using testing::CommandResult;
using testing::run_command;

}  // namespace

BOOST_AUTO_TEST_CASE(the_driver_lists_every_diagnostic_kind_as_a_rule) {
  const Json log = Json::parse(json::diagnostics_to_sarif({}));
  const Json& run = checked_run(log);
  const Json& rules = run.at("tool").at("driver").at("rules");
  BOOST_TEST_REQUIRE(rules.size() == std::size(all_codes));
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const diag::Code code = all_codes[i];
    BOOST_TEST_CONTEXT("rule " << i) {
      BOOST_TEST(rules[i].at("id") == std::string(diag::code_name(code)));
      const std::string description = rules[i].at("shortDescription").at("text");
      BOOST_TEST(!description.empty());
      BOOST_TEST(description == std::string(json::code_description(code)));
      BOOST_TEST(rules[i].at("defaultConfiguration").at("level") ==
                 std::string(diag::severity_name(diag::default_severity(code))));
      BOOST_TEST(!rules[i].at("name").get<std::string>().empty());
    }
    ids.insert(rules[i].at("id").get<std::string>());
  }
  BOOST_TEST(ids.size() == rules.size(), "rule ids are unique");
  BOOST_TEST(run.at("results").empty());
  BOOST_TEST(run.at("invocations")[0].at("executionSuccessful") == true);
}

BOOST_AUTO_TEST_CASE(every_bad_policy_gives_one_result_per_diagnostic) {
  const fs::path corpus = testing::source_dir() / "tests/diagnostics/bad";
  std::size_t files = 0;
  std::size_t results = 0;
  std::size_t related = 0;
  std::map<std::string, std::size_t> levels;
  for (const fs::path& path : testing::files_with_extension(corpus, ".policy")) {
    if (path.parent_path().filename() == "imports") continue;  // helpers imported by the cases
    const std::string relative = fs::relative(path, testing::source_dir()).generic_string();
    BOOST_TEST_CONTEXT(relative) {
      const Checked checked = check_file(relative);
      const auto& diagnostics = checked.diagnostics.all();
      BOOST_TEST_REQUIRE(!diagnostics.empty());
      const Json log = Json::parse(json::diagnostics_to_sarif({{&diagnostics, checked.program.sources.get()}}));
      const Json& run = checked_run(log);
      const Json& rules = run.at("tool").at("driver").at("rules");
      const Json& found = run.at("results");
      BOOST_TEST_REQUIRE(found.size() == diagnostics.size());
      for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const diag::Diagnostic& d = diagnostics[i];
        const Json& result = found[i];
        BOOST_TEST(result.at("ruleId") == std::string(diag::code_name(d.code)));
        const std::size_t index = result.at("ruleIndex");
        BOOST_TEST_REQUIRE(index < rules.size());
        BOOST_TEST(rules[index].at("id") == result.at("ruleId"));
        BOOST_TEST(result.at("level") == std::string(diag::severity_name(d.severity)));
        BOOST_TEST(result.at("message").at("text") == d.message);
        BOOST_TEST_REQUIRE(result.at("locations").size() == 1u);
        const std::string uri = json::artifact_uri(checked.program.sources->path(d.location.file));
        check_region(result.at("locations")[0].at("physicalLocation"), uri);
        // The region is the diagnostic's: the same line and column `proviso check` prints.
        const auto begin = checked.program.sources->line_column(d.location.file, d.location.begin);
        BOOST_TEST(result.at("locations")[0].at("physicalLocation").at("region").at("startLine") == begin.line);
        BOOST_TEST(result.at("locations")[0].at("physicalLocation").at("region").at("startColumn") == begin.column);
        if (d.notes.empty()) {
          BOOST_TEST(!result.contains("relatedLocations"));
        } else {
          const Json& notes = result.at("relatedLocations");
          BOOST_TEST_REQUIRE(notes.size() == d.notes.size());
          for (std::size_t n = 0; n < notes.size(); ++n) {
            BOOST_TEST(notes[n].at("id") == n);
            BOOST_TEST(notes[n].at("message").at("text") == d.notes[n].message);
            check_region(notes[n].at("physicalLocation"),
                         json::artifact_uri(checked.program.sources->path(d.notes[n].location.file)));
          }
          related += notes.size();
        }
        ++levels[result.at("level").get<std::string>()];
      }
      results += found.size();
      ++files;
    }
  }
  BOOST_TEST(files >= 100u);
  BOOST_TEST(levels["error"] > 0u);
  BOOST_TEST(levels["warning"] > 0u);
  BOOST_TEST(related > 0u, "some diagnostics of the corpus have notes");
  BOOST_TEST_MESSAGE(files << " bad policies, " << results << " results, " << related << " related locations");
}

BOOST_AUTO_TEST_CASE(paths_become_uri_references) {
  BOOST_TEST(json::artifact_uri("policies/acme.policy") == "policies/acme.policy");
  BOOST_TEST(json::artifact_uri("../shared/a b#1.policy") == "../shared/a%20b%231.policy");
  BOOST_TEST(json::artifact_uri("/tmp/x y/p.policy") == "file:///tmp/x%20y/p.policy");
  BOOST_TEST(json::artifact_uri("caf\xC3\xA9.policy") == "caf%C3%A9.policy");
}

BOOST_AUTO_TEST_CASE(the_command_prints_sarif_and_keeps_its_exit_codes) {
  const std::string cd = "cd '" + testing::source_dir().string() + "' && ";
  const std::string cli = std::string("'") + PROVISO_CLI + "'";

  const CommandResult bad = run_command(cd + cli + " check --format sarif tests/diagnostics/bad/duplicate_id.policy");
  BOOST_TEST(bad.exit_code == 1);
  const Json log = Json::parse(bad.out);
  const Json& run_object = checked_run(log);
  BOOST_TEST_REQUIRE(run_object.at("results").size() == 1u);
  const Json& result = run_object.at("results")[0];
  BOOST_TEST(result.at("ruleId") == "duplicate-id");
  BOOST_TEST(result.at("level") == "error");
  BOOST_TEST(result.at("relatedLocations").size() == 1u);
  check_region(result.at("locations")[0].at("physicalLocation"), "tests/diagnostics/bad/duplicate_id.policy");
  const std::string root = run_object.at("originalUriBaseIds").at("%SRCROOT%").at("uri");
  BOOST_TEST(root.rfind("file:///", 0) == 0u);
  BOOST_TEST(root.back() == '/');

  const CommandResult warned = run_command(cd + cli + " check --format sarif tests/diagnostics/bad/warn_missing_section.policy");
  BOOST_TEST(warned.exit_code == 0, "warnings alone do not fail the check");
  const Json warned_log = Json::parse(warned.out);
  BOOST_TEST_REQUIRE(!checked_run(warned_log).at("results").empty());
  BOOST_TEST(checked_run(warned_log).at("results")[0].at("level") == "warning");

  const CommandResult clean = run_command(cd + cli + " check --format sarif policies/aiworksforus.policy");
  BOOST_TEST(clean.exit_code == 0);
  BOOST_TEST(checked_run(Json::parse(clean.out)).at("results").empty());

  const CommandResult missing = run_command(cd + cli + " check --format sarif no/such/file.policy 2>/dev/null");
  BOOST_TEST(missing.exit_code == 2);
  const Json missing_log = Json::parse(missing.out);
  const Json& invocation = checked_run(missing_log).at("invocations")[0];
  BOOST_TEST(invocation.at("executionSuccessful") == false);
  BOOST_TEST(invocation.at("toolExecutionNotifications").size() == 1u);
}
