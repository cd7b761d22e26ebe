// The review report in a real browser. `proviso doc` writes the seed
// policy's report; Debian's chromium, headless, loads it (with the network
// shut off: the page must need nothing from outside) and dumps the DOM it
// built. Then:
//   (a) it rendered: chromium exited cleanly, the DOM holds the matrix table
//       with one cell per (data leaf, purpose leaf), the page's script ran
//       without an error, and the console shows no uncaught exception;
//   (b) its matrix agrees with the policy: every rendered cell's
//       data-allow ("some request can be allowed"), bases and state are
//       checked against the exact outcome regions of analysis/outcomes.hpp,
//       and against Policy::decide on concrete subjects built from those
//       regions (see tests/report/cell_check.hpp).
// Without chromium the test fails and says how to install it: the report is
// a browser artefact, and CI installs the browser (scripts/install-deps
// --with-browser, run by `make test` and .ci/run).
#define BOOST_TEST_MODULE html_report
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "compile/policy_data.hpp"
#include "proviso/proviso.hpp"
#include "tests/report/cell_check.hpp"
#include "tests/support/golden.hpp"

using namespace proviso;
namespace fs = std::filesystem;

namespace {

std::string chromium_path() {
  const char* configured = std::getenv("PROVISO_CHROMIUM");
  return configured != nullptr && *configured != '\0' ? configured : "/usr/bin/chromium";
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A fresh folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "proviso-browser-XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string decode_entities(const std::string& text) {
  static const std::map<std::string, std::string> named = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}, {"middot", "\xC2\xB7"}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t semi = text.find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    const std::string entity = text.substr(i + 1, semi - i - 1);
    if (!entity.empty() && entity[0] == '#') {
      const long code = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X') ? std::strtol(entity.c_str() + 2, nullptr, 16)
                                                                                    : std::strtol(entity.c_str() + 1, nullptr, 10);
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else {
        out += "?";  // only ASCII entities matter here
      }
    } else if (const auto found = named.find(entity); found != named.end()) {
      out += found->second;
    } else {
      out += text.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// The start tags named `tag` in serialized HTML, as attribute maps. Values
// are read up to their closing quote, so a `>` inside one (which some
// serializers leave unescaped) does not end the tag.
std::vector<std::map<std::string, std::string>> start_tags(const std::string& html, const std::string& tag) {
  std::vector<std::map<std::string, std::string>> tags;
  const std::string open = "<" + tag;
  for (std::size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    std::size_t i = at + open.size();
    if (i < html.size() && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '>') continue;
    std::map<std::string, std::string> attributes;
    while (i < html.size() && html[i] != '>') {
      while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
      if (i >= html.size() || html[i] == '>' || html[i] == '/') {
        if (i < html.size() && html[i] == '/') ++i;
        continue;
      }
      std::string name;
      while (i < html.size() && html[i] != '=' && html[i] != '>' && !std::isspace(static_cast<unsigned char>(html[i]))) name += html[i++];
      std::string value;
      if (i < html.size() && html[i] == '=') {
        ++i;
        const char quote = html[i];
        if (quote == '"' || quote == '\'') {
          const std::size_t end = html.find(quote, i + 1);
          value = html.substr(i + 1, end - i - 1);
          i = end + 1;
        } else {
          while (i < html.size() && html[i] != '>' && !std::isspace(static_cast<unsigned char>(html[i]))) value += html[i++];
        }
      }
      attributes[name] = decode_entities(value);
    }
    tags.push_back(std::move(attributes));
  }
  return tags;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(the_seed_report_renders_in_chromium_and_its_matrix_agrees_with_decide) {
  const std::string chromium = chromium_path();
  if (access(chromium.c_str(), X_OK) != 0) {
    BOOST_FAIL("chromium is not installed (looked for `" + chromium +
               "`): this test renders the review report in a real headless browser. Install it with "
               "`scripts/install-deps --with-browser` (`make test` and .ci/run do), or point PROVISO_CHROMIUM at a "
               "Chromium binary.");
  }
  // Loaded as `proviso doc` is run below, by its path relative to the source
  // folder: locations, and so the fingerprint, name the files that way.
  fs::current_path(testing::source_dir());
  const LoadResult loaded = load("policies/aiworksforus.policy");
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  const Policy& policy = loaded.value();
  const model::Model& model = policy.compiled().model;

  TempDir dir;
  const fs::path page = dir.path / "report.html";
  const fs::path dom_file = dir.path / "dom.html";
  const fs::path log_file = dir.path / "chromium.log";
  BOOST_TEST_REQUIRE(shell("cd " + quoted(testing::source_dir().string()) + " && " + quoted(PROVISO_CLI) +
                           " doc --policy policies/aiworksforus.policy -o " + quoted(page.string())) == 0);

  // A fresh profile, nothing in the background, and no network at all.
  const std::string command =
      "timeout 300 " + quoted(chromium) +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --disable-extensions --host-resolver-rules='MAP * ~NOTFOUND'"
      " --enable-logging=stderr --v=0 --user-data-dir=" + quoted((dir.path / "profile").string()) +
      " --dump-dom " + quoted("file://" + page.string()) + " > " + quoted(dom_file.string()) + " 2> " + quoted(log_file.string());
  const int status = shell(command);
  const std::string dom = testing::read_file(dom_file);
  const std::string log = testing::read_file(log_file);
  BOOST_TEST_REQUIRE(status == 0, "chromium failed (exit " << status << "):\n" << log);

  // (a) It rendered.
  BOOST_TEST_REQUIRE(contains(dom, "id=\"matrix\""), "the dumped DOM has no matrix table:\n" << dom.substr(0, 2000));
  auto bodies = start_tags(dom, "body");
  BOOST_TEST_REQUIRE(bodies.size() == 1u);
  BOOST_TEST(bodies[0].count("data-script") == 1u, "the page's script did not run");
  BOOST_TEST(bodies[0]["data-script"] == "ok", "the page's script failed: " << bodies[0]["data-script"]);
  BOOST_TEST(!contains(log, "Uncaught"), "a script error in the console:\n" << log);
  BOOST_TEST(contains(dom, policy.fingerprint()));
  for (const char* section : {"id=\"sharing\"", "id=\"retention\"", "id=\"rules\"", "id=\"warnings\"", "id=\"silences\""}) {
    BOOST_TEST(contains(dom, section), section);
  }

  // (b) The rendered matrix agrees with the policy.
  std::vector<testing::CellClaim> claims;
  std::set<std::pair<std::string, std::string>> seen;
  std::size_t hatched = 0;
  for (auto& td : start_tags(dom, "td")) {
    if (!td.count("data-data")) continue;
    testing::CellClaim claim;
    claim.data = td["data-data"];
    claim.purpose = td["data-purpose"];
    BOOST_TEST_REQUIRE((td["data-allow"] == "yes" || td["data-allow"] == "no"), "data-allow is `" << td["data-allow"] << "`");
    claim.allowed = td["data-allow"] == "yes";
    claim.state = td["data-state"];
    std::istringstream bases(td["data-bases"]);
    for (std::string basis; bases >> basis;) claim.bases.insert(basis);
    BOOST_TEST(seen.insert({claim.data, claim.purpose}).second, "one cell per pair");
    // The hover text names the cell and, for an allowed cell, each basis.
    const std::string& title = td["title"];
    BOOST_TEST(title.rfind(claim.data + " for " + claim.purpose, 0) == 0u, title);
    for (const std::string& basis : claim.bases) BOOST_TEST(contains(title, "Allowed under " + basis), title);
    // Hatched exactly when the allow is conditional.
    const bool is_hatched = contains(" " + td["class"] + " ", " h ");
    BOOST_TEST(is_hatched == (td["data-reach"] == "conditional"), claim.data << " " << claim.purpose);
    hatched += is_hatched ? 1 : 0;
    claims.push_back(std::move(claim));
  }
  BOOST_TEST_REQUIRE(claims.size() == model.data().leaf_count() * model.purposes().leaf_count());
  BOOST_TEST(hatched > 0u);

  testing::CellCheckStats stats;
  const std::vector<std::string> problems = testing::check_cells(policy, claims, &stats);
  for (const std::string& problem : problems) BOOST_ERROR(problem);
  BOOST_TEST(stats.allowed_cells > 0u);
  BOOST_TEST(stats.allowed_cells < stats.cells);
  BOOST_TEST_MESSAGE("chromium rendered " << stats.cells << " cells (" << stats.allowed_cells << " allowed); "
                                          << stats.decisions << " decisions agree with the page");
}
