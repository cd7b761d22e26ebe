// The reports: the decision matrix and the tables of the review report, the
// HTML page's escaping and self-containment, the record of processing
// activities (Markdown and CSV), and the `doc` and `ropa` commands.
//
// Facts about the seed policy are taken from the legal text
// (shared/seed/aiworksforus-privacy-policy.txt): §13 "Marketing
// communications require explicit consent", §7 "Financial Records: Retained
// for 7 years", §14 "We do not sell personal information".
#define BOOST_TEST_MODULE report
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "compile/policy_data.hpp"
#include "proviso/proviso.hpp"
#include "report/example.hpp"
#include "report/html_report.hpp"
#include "report/matrix.hpp"
#include "report/ropa.hpp"
#include "report/tables.hpp"
#include "report/text.hpp"
#include "tests/report/cell_check.hpp"
#include "tests/support/command.hpp"
#include "tests/support/golden.hpp"

namespace proviso {
std::ostream& operator<<(std::ostream& out, Basis basis) { return out << name_of(basis); }
namespace report {
std::ostream& operator<<(std::ostream& out, CellState state) { return out << name_of(state); }
std::ostream& operator<<(std::ostream& out, Reach reach) { return out << name_of(reach); }
}  // namespace report
}  // namespace proviso

using namespace proviso;
namespace fs = std::filesystem;

namespace {

// The seed policy, loaded as the commands below load it: by its path
// relative to the source folder, which locations (and so the fingerprint) name.
const LoadResult& seed_result() {
  static const LoadResult loaded = [] {
    fs::current_path(PROVISO_SOURCE_DIR);
    return load("policies/aiworksforus.policy");
  }();
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  return loaded;
}
const Policy& seed() { return seed_result().value(); }

Policy load_text(const std::string& text) {
  const LoadResult loaded = load_string(text, (fs::path(PROVISO_SOURCE_DIR) / "tests/report/test.policy").string());
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  return loaded.value();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::uint32_t data_leaf(const model::Model& m, const std::string& path) { return m.data().node(*m.data().find(path)).first_leaf; }
std::uint32_t purpose_leaf(const model::Model& m, const std::string& path) {
  return m.purposes().node(*m.purposes().find(path)).first_leaf;
}

// The claims a Matrix makes, as the browser test reads them from the page.
std::vector<testing::CellClaim> claims_of(const model::Model& m, const report::Matrix& matrix) {
  std::vector<testing::CellClaim> claims;
  for (const report::MatrixCell& cell : matrix.cells) {
    testing::CellClaim claim;
    claim.data = m.data().node(m.data().leaf_node(cell.data)).path;
    claim.purpose = m.purposes().node(m.purposes().leaf_node(cell.purpose)).path;
    claim.allowed = cell.state == report::CellState::allowed;
    for (const report::Grant& grant : cell.grants) claim.bases.insert(std::string(name_of(grant.basis)));
    claim.state = std::string(report::name_of(cell.state));
    claims.push_back(std::move(claim));
  }
  return claims;
}

// A minimal RFC 4180 reader: fields, quoted fields with doubled quotes, CRLF rows.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  bool field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      field_started = false;
      rows.emplace_back();
      ++i;
    } else {
      BOOST_TEST_REQUIRE(c != '\n', "a bare LF outside quotes at offset " << i);
      field += c;
      field_started = true;
    }
  }
  BOOST_TEST_REQUIRE(!quoted, "an unterminated quoted field");
  if (rows.back().empty() && field.empty()) rows.pop_back();
  return rows;
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (true) {
    const std::size_t next = text.find(separator, at);
    parts.push_back(text.substr(at, next - at));
    if (next == std::string::npos) break;
    at = next + separator.size();
  }
  return parts;
}

using testing::CommandResult;
using testing::run_command;

const char* const small_policy = R"(
policy small version "1";
data {
  account { email, name }
  usage { clicks }
  spare { notes }
}
purposes {
  service { delivery }
  marketing { newsletter }
  research { study }
}
recipients { processor { mail } partner { ads } }
consents { marketing }
subject {
  age: int = 18;
  consents: set of consent;
  objections: set of purpose;
}

@section("1") @id("service") allow account, usage for service under contract;
@section("2") @id("newsletter") allow account.email for marketing.newsletter under consent when consents has marketing;
@section("3") @id("children") deny all for service, marketing when age < 16;
@section("4") @id("clicks-always") allow usage.clicks for research.study under legitimate_interest;
@section("4") @id("no-study-of-names") deny account.name for research.study;
@section("5") @id("mail") share account.email with processor.mail for marketing.newsletter under consent when consents has marketing;
@section("6") @id("no-ads") deny share all with partner.ads for marketing;
@section("7") @id("keep") retain account, usage, spare for 2 years;
@section("7") @id("keep-email") retain account.email for 30 days after collection when consents has marketing;
)";

}  // namespace

// ---- text helpers ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(escaping) {
  BOOST_TEST(report::html_escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  BOOST_TEST(report::html_escape("line\nbreak") == "line&#10;break");
  BOOST_TEST(report::csv_field("plain") == "plain");
  BOOST_TEST(report::csv_field("a, b") == "\"a, b\"");
  BOOST_TEST(report::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(report::csv_field("two\nlines") == "\"two\nlines\"");
  BOOST_TEST(report::markdown_cell("a | b <c> & d\ne") == "a \\| b &lt;c&gt; &amp; d<br>e");
}

BOOST_AUTO_TEST_CASE(sections_sort_as_readers_expect) {
  std::vector<std::string> sections = {"10", "", "2", "A", "10.1", "9", "2.10", "2.9"};
  std::sort(sections.begin(), sections.end(), [](const std::string& a, const std::string& b) { return report::section_less(a, b); });
  const std::vector<std::string> expected = {"2", "2.9", "2.10", "9", "10", "10.1", "A", ""};
  BOOST_TEST(sections == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(leaf_sets_are_named_by_the_fewest_categories) {
  const model::Model& m = seed().compiled().model;
  const model::Vocabulary& data = m.data();
  report::LeafSet set(data.leaf_count(), false);
  BOOST_TEST(report::cover_text(data, set) == "nothing");
  const model::Node& billing = data.node(*data.find("billing"));
  for (std::uint32_t l = billing.first_leaf; l < billing.end_leaf; ++l) set[l] = true;
  set[data_leaf(m, "account.identity.email")] = true;
  BOOST_TEST(report::cover_text(data, set) == "account.identity.email, billing");
  std::fill(set.begin(), set.end(), true);
  BOOST_TEST(report::cover_text(data, set) == "all");
  set[data_leaf(m, "technical.cookies.advertising")] = false;
  BOOST_TEST(report::cover_text(data, set) == "all except technical.cookies.advertising");
  BOOST_TEST(report::leaf_paths(data, set).size() == data.leaf_count() - 1);
}

// ---- the decision matrix ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_seed_matrix_agrees_with_the_outcomes_and_with_decide) {
  const model::Model& m = seed().compiled().model;
  const report::Matrix matrix = report::decision_matrix(m);
  BOOST_TEST(matrix.cells.size() == m.data().leaf_count() * m.purposes().leaf_count());
  testing::CellCheckStats stats;
  const std::vector<std::string> problems = testing::check_cells(seed(), claims_of(m, matrix), &stats);
  for (const std::string& problem : problems) BOOST_ERROR(problem);
  BOOST_TEST(stats.allowed_cells > 100u);
  BOOST_TEST(stats.decisions > stats.cells);
  BOOST_TEST_MESSAGE(stats.cells << " cells, " << stats.allowed_cells << " allowed, " << stats.decisions << " decisions");
}

BOOST_AUTO_TEST_CASE(the_check_catches_a_wrong_matrix) {
  // The same check the browser test applies to the rendered page must fail
  // on a page that lies; otherwise its passing would prove nothing.
  const model::Model& m = seed().compiled().model;
  const std::vector<testing::CellClaim> truth = claims_of(m, report::decision_matrix(m));
  const auto find = [&](const std::string& d, const std::string& p) {
    return static_cast<std::size_t>(std::find_if(truth.begin(), truth.end(), [&](const testing::CellClaim& c) {
                                      return c.data == d && c.purpose == p;
                                    }) - truth.begin());
  };
  const auto mutated = [&](std::size_t index, auto change) {
    std::vector<testing::CellClaim> claims = {truth[index]};
    change(claims[0]);
    return testing::check_cells(seed(), claims);
  };
  const std::size_t newsletter = find("account.identity.email", "marketing.newsletter");
  const std::size_t sale = find("billing.history", "sale");
  const std::size_t silent = find("usage.features", "legal.tax");
  BOOST_TEST_REQUIRE(testing::check_cells(seed(), {truth[newsletter], truth[sale], truth[silent]}).empty());
  BOOST_TEST(!mutated(newsletter, [](testing::CellClaim& c) { c.allowed = false; c.state = "denied"; c.bases.clear(); }).empty());
  BOOST_TEST(!mutated(newsletter, [](testing::CellClaim& c) { c.bases = {"contract"}; }).empty());
  BOOST_TEST(!mutated(sale, [](testing::CellClaim& c) { c.allowed = true; c.state = "allowed"; c.bases = {"consent"}; }).empty());
  BOOST_TEST(!mutated(sale, [](testing::CellClaim& c) { c.state = "silent"; }).empty());
  BOOST_TEST(!mutated(silent, [](testing::CellClaim& c) { c.state = "denied"; }).empty());
}

BOOST_AUTO_TEST_CASE(the_seed_matrix_says_what_the_legal_text_says) {
  const model::Model& m = seed().compiled().model;
  const report::Matrix matrix = report::decision_matrix(m);
  const auto at = [&](const std::string& d, const std::string& p) -> const report::MatrixCell& {
    return matrix.at(data_leaf(m, d), purpose_leaf(m, p));
  };
  // §13: "Marketing communications require explicit consent".
  const report::MatrixCell& newsletter = at("account.identity.email", "marketing.newsletter");
  BOOST_TEST(newsletter.state == report::CellState::allowed);
  BOOST_TEST(newsletter.reach == report::Reach::conditional);
  BOOST_TEST_REQUIRE(newsletter.grants.size() == 1u);
  BOOST_TEST(newsletter.grants[0].basis == Basis::consent);
  BOOST_TEST(contains(newsletter.grants[0].condition, "consents has marketing"));
  BOOST_TEST(contains(newsletter.grants[0].condition, "age >= 16"));  // §12
  // §4: service delivery under contract, with the denies as exceptions.
  const report::MatrixCell& delivery = at("account.identity.email", "service.delivery");
  BOOST_TEST(delivery.state == report::CellState::allowed);
  BOOST_TEST(delivery.reach == report::Reach::exceptions);
  BOOST_TEST(delivery.grants[0].basis == Basis::contract);
  BOOST_TEST(contains(delivery.denied_condition, "age < 16"));
  // §14: "We do not sell personal information".
  for (std::uint32_t d = 0; d < m.data().leaf_count(); ++d) {
    BOOST_TEST(matrix.at(d, purpose_leaf(m, "sale")).state == report::CellState::denied);
  }
  // §3 tax records: the law requires them, for everyone.
  const report::MatrixCell& tax = at("billing.history", "legal.tax");
  BOOST_TEST(tax.reach == report::Reach::always);
  BOOST_TEST(tax.grants[0].basis == Basis::legal_obligation);
  // Two bases under disjoint conditions (§3, §4): consent for identified data, legitimate interest otherwise.
  const report::MatrixCell& development = at("usage.features", "ai.development");
  BOOST_TEST_REQUIRE(development.grants.size() == 2u);
  BOOST_TEST(development.grants[0].basis == Basis::consent);
  BOOST_TEST(development.grants[1].basis == Basis::legitimate_interest);
  BOOST_TEST(contains(development.grants[0].condition, "form is identified"));
  // Tax purposes nobody wrote a rule for: silences.
  BOOST_TEST(at("usage.features", "legal.tax").state == report::CellState::silent);
  BOOST_TEST(matrix.count(report::CellState::silent) > 0u);
}

BOOST_AUTO_TEST_CASE(every_kind_of_cell) {
  const Policy policy = load_text(small_policy);
  const model::Model& m = policy.compiled().model;
  const report::Matrix matrix = report::decision_matrix(m);
  const auto at = [&](const std::string& d, const std::string& p) -> const report::MatrixCell& {
    return matrix.at(data_leaf(m, d), purpose_leaf(m, p));
  };
  BOOST_TEST(at("usage.clicks", "research.study").reach == report::Reach::always);
  BOOST_TEST(at("account.name", "service.delivery").reach == report::Reach::exceptions);
  BOOST_TEST(at("account.email", "marketing.newsletter").reach == report::Reach::conditional);
  BOOST_TEST(at("account.name", "research.study").state == report::CellState::denied);
  BOOST_TEST(at("account.name", "marketing.newsletter").state == report::CellState::denied);  // only the deny covers it
  BOOST_TEST(at("spare.notes", "service.delivery").state == report::CellState::denied);  // the children deny covers it
  BOOST_TEST(at("spare.notes", "research.study").state == report::CellState::silent);
  BOOST_TEST(at("account.email", "research.study").state == report::CellState::silent);
  const std::vector<std::string> problems = testing::check_cells(policy, claims_of(m, matrix));
  for (const std::string& problem : problems) BOOST_ERROR(problem);

  const analysis::CellIndex cells(m);
  const report::Silences silences = report::silences(m, cells);
  // spare × everything, account.email/name × research... count them from the rules directly.
  std::size_t expected = 0;
  for (const report::MatrixCell& cell : matrix.cells) expected += cell.state == report::CellState::silent ? 1 : 0;
  BOOST_TEST(silences.processing_cells == expected);
  std::size_t grouped = 0;
  for (const report::SilenceGroup& g : silences.processing) grouped += g.silent;
  BOOST_TEST(grouped == expected);
  // Sharing: research has no share rule and no deny covering usage.clicks, so both recipients are silent there.
  bool research_silent = false;
  for (const report::SilenceGroup& g : silences.sharing) {
    if (m.purposes().node(g.purpose).path == "research" && g.data[data_leaf(m, "usage.clicks")]) research_silent = true;
  }
  BOOST_TEST(research_silent);
}

BOOST_AUTO_TEST_CASE(example_subjects_satisfy_their_condition) {
  const model::Model& m = seed().compiled().model;
  analysis::Bdd bdd;
  analysis::Encoding encoding(m, bdd);
  const analysis::CellIndex cells(m);
  const report::Matrix matrix = report::decision_matrix(encoding, m, cells);
  const report::MatrixCell& cell = matrix.at(data_leaf(m, "account.identity.email"), purpose_leaf(m, "marketing.newsletter"));
  const auto example = report::example_subject(encoding, m, cell.grants[0].where);
  BOOST_TEST_REQUIRE(example.has_value());
  const std::string text = report::example_text(*example);
  BOOST_TEST(contains(text, "consents = {marketing}"), text);
  BOOST_TEST(contains(text, "age = 18"), text);  // the default, where the condition leaves it free
  BOOST_TEST(!report::example_subject(encoding, m, analysis::Bdd::zero).has_value());
}

// ---- the tables ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(retention_follows_the_legal_text) {
  const model::Model& m = seed().compiled().model;
  analysis::Bdd bdd;
  analysis::Encoding encoding(m, bdd);
  const auto table = report::retention_table(encoding, m, analysis::CellIndex(m));
  BOOST_TEST_REQUIRE(table.size() == m.data().leaf_count());
  // §7 "Financial Records: Retained for 7 years".
  const report::LeafRetention& billing = table[data_leaf(m, "billing.history")];
  bool seven_years = false;
  for (const report::RetentionChoice& choice : billing.choices) {
    if (choice.retention && m.retentions[*choice.retention].period == "P7Y") {
      seven_years = true;
      BOOST_TEST(m.retentions[*choice.retention].provenance.id == "retain-financial-records");
      BOOST_TEST(choice.condition == "form is not anonymized");
    }
  }
  BOOST_TEST(seven_years);
  // Financial records survive a deletion request: no erasure deadline covers them.
  BOOST_TEST(billing.erasures.empty());
  BOOST_TEST(!table[data_leaf(m, "account.identity.email")].erasures.empty());
}

BOOST_AUTO_TEST_CASE(sharing_follows_the_legal_text) {
  const model::Model& m = seed().compiled().model;
  analysis::Bdd bdd;
  analysis::Encoding encoding(m, bdd);
  const analysis::CellIndex cells(m);
  const auto rows = report::sharing_table(encoding, m, cells);
  // §6 Payment processors: "credit card processing and billing services".
  const std::uint32_t payment = m.recipients().node(*m.recipients().find("processor.payment")).first_leaf;
  bool found = false;
  for (const report::SharingRow& row : rows) {
    if (row.recipient != payment) continue;
    BOOST_TEST(row.basis == Basis::contract);
    BOOST_TEST(row.purposes[purpose_leaf(m, "service.billing")]);
    if (row.data[data_leaf(m, "billing.payment_details")]) found = true;
  }
  BOOST_TEST(found);
  // §14: nothing is ever shared for sale.
  for (const report::SharingRow& row : rows) BOOST_TEST(!row.purposes[purpose_leaf(m, "sale")]);
  // Objections read as `this purpose`, so purposes with the same rules share a row.
  bool generalized = false;
  for (const report::SharingRow& row : rows) generalized |= contains(row.condition, "objections has this purpose");
  BOOST_TEST(generalized);
}

// ---- the HTML page -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_page_is_self_contained_and_has_every_part) {
  const std::string page = report::html_report(seed(), seed_result().diagnostics());
  BOOST_TEST(page.rfind("<!DOCTYPE html>", 0) == 0u);
  for (const char* id : {"id=\"decision-matrix\"", "id=\"matrix\"", "id=\"sharing\"", "id=\"retention\"", "id=\"rules\"",
                         "id=\"warnings\"", "id=\"silences\"", "id=\"legend\"", "id=\"fingerprint\""}) {
    BOOST_TEST(contains(page, id), id);
  }
  BOOST_TEST(contains(page, seed().fingerprint()));
  BOOST_TEST(contains(page, "aiworksforus"));
  BOOST_TEST(contains(page, "2025-07-23"));
  // No external resources: nothing fetched, every link internal.
  BOOST_TEST(!contains(page, " src="));
  BOOST_TEST(!contains(page, "<link"));
  BOOST_TEST(!contains(page, "@import"));
  BOOST_TEST(!contains(page, "url("));
  const std::regex href("href=\"([^\"]*)\"");
  std::size_t links = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), href); it != std::sregex_iterator(); ++it, ++links) {
    BOOST_TEST((*it)[1].str().rfind("#", 0) == 0u, (*it)[1].str());
  }
  BOOST_TEST(links > 50u);
  // Every rule is there, by section.
  const model::Model& m = seed().compiled().model;
  for (const model::Rule& rule : m.rules) BOOST_TEST(contains(page, "id=\"rule-" + std::to_string(rule.index) + "\""));
  for (const model::Retention& r : m.retentions) BOOST_TEST(contains(page, "id=\"retain-" + std::to_string(r.index) + "\""));
  for (const model::Erasure& e : m.erasures) BOOST_TEST(contains(page, "id=\"erase-" + std::to_string(e.index) + "\""));
  BOOST_TEST(contains(page, "<h3>\xC2\xA7 13</h3>"));
  BOOST_TEST(contains(page, "id=\"no-warnings\""));  // the seed checks clean
}

BOOST_AUTO_TEST_CASE(policy_text_is_escaped_everywhere) {
  const std::string text = R"(
policy hostile version "1.0 <script>alert(\"v\")</script> & co";
data { account "account <b>data</b> & \"more\"" { email "e-mail <i>address</i>", name } }
purposes { service "the <service> & 'friends'" { delivery "deliver <it> & 'more'" } }
subject { age: int = 18; }
@section("3 <a href=x>") @id("deliver-<the>-service")
@note("Note with <script>alert(1)</script> & \"quotes\" 'single'")
allow account for service under contract;
@section("7") retain account for 2 years;
@section("7") deny all for all when age < 16;
)";
  const LoadResult loaded = load_string(text, "hostile.policy");
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  const std::string page = report::html_report(loaded.value(), loaded.diagnostics());
  BOOST_TEST(!contains(page, "<script>alert"));
  BOOST_TEST(!contains(page, "<b>data"));
  BOOST_TEST(!contains(page, "<i>address"));
  BOOST_TEST(!contains(page, "<a href=x"));
  BOOST_TEST(!contains(page, "<service>"));
  BOOST_TEST(contains(page, "1.0 &lt;script&gt;alert(&quot;v&quot;)&lt;/script&gt; &amp; co"));
  BOOST_TEST(contains(page, "Note with &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;"));
  BOOST_TEST(contains(page, "\xC2\xA7 3 &lt;a href=x&gt;"));
  BOOST_TEST(contains(page, "deliver-&lt;the&gt;-service"));
  // Exactly one script element: the page's own.
  std::size_t scripts = 0;
  for (std::size_t at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1)) ++scripts;
  BOOST_TEST(scripts == 1u);

  const std::string markdown = report::ropa(loaded.value(), report::RopaFormat::markdown);
  BOOST_TEST(!contains(markdown, "<script>"));
  BOOST_TEST(!contains(markdown, "<service>"));
  BOOST_TEST(!contains(markdown, "<it>"));
  BOOST_TEST(contains(markdown, "deliver &lt;it&gt; &amp; 'more'"));
}

BOOST_AUTO_TEST_CASE(warnings_are_listed) {
  const LoadResult loaded = load_string(R"(
policy warned;
data { account { email } }
purposes { service { delivery } }
allow account for service under contract;
@section("7") retain account for 2 years;
)", "warned.policy");
  BOOST_TEST_REQUIRE(loaded.ok(), to_string(loaded.diagnostics()));
  BOOST_TEST_REQUIRE(!loaded.diagnostics().empty());
  const std::string page = report::html_report(loaded.value(), loaded.diagnostics());
  BOOST_TEST(contains(page, "id=\"warnings-table\""));
  BOOST_TEST(contains(page, "missing-section"));
  BOOST_TEST(contains(page, "Rules without a section"));
}

// ---- the record of processing activities ------------------------------------------------

BOOST_AUTO_TEST_CASE(the_record_as_markdown) {
  const std::string record = report::ropa(seed(), report::RopaFormat::markdown);
  BOOST_TEST(record.rfind("# Record of processing activities\n", 0) == 0u);
  BOOST_TEST(contains(record, "Controller: **aiworksforus**, policy version 2025-07-23."));
  BOOST_TEST(contains(record, "fingerprint `" + seed().fingerprint() + "`"));
  BOOST_TEST(contains(record, "| # | Purpose | Description | Lawful basis | Categories of personal data | "
                              "Categories of recipients | Retention | Conditions | Obligations | Rules |"));
  // Every table row has the header's ten columns.
  std::istringstream lines(record);
  std::string line;
  std::size_t rows = 0;
  bool newsletter = false;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0 || contains(line, "| # |")) continue;
    std::size_t bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i) bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\') ? 1 : 0;
    BOOST_TEST(bars == 11u, line);
    ++rows;
    // §13: the newsletter is sent on consent, to the email address.
    if (contains(line, "| `marketing.newsletter` |") && contains(line, "| consent |")) {
      newsletter = true;
      BOOST_TEST(contains(line, "account.identity.email"));
      BOOST_TEST(contains(line, "when consents has marketing"));
      BOOST_TEST(contains(line, "unsubscribe_option"));
      BOOST_TEST(contains(line, "marketing-communications (\xC2\xA7" "13)"));
    }
  }
  BOOST_TEST(newsletter);
  BOOST_TEST(rows > 30u);
  BOOST_TEST(contains(record, std::to_string(rows) + " processing activities."));
}

BOOST_AUTO_TEST_CASE(the_record_as_csv) {
  const std::string csv = report::ropa(seed(), report::RopaFormat::csv);
  const auto rows = parse_csv(csv);
  BOOST_TEST_REQUIRE(rows.size() > 30u);
  const std::vector<std::string> header = {"purpose",    "purpose_description", "lawful_basis", "data_categories",
                                           "recipient_categories", "retention", "conditions", "obligations", "rules"};
  BOOST_TEST(rows[0] == header, boost::test_tools::per_element());
  bool newsletter = false;
  bool billing = false;
  bool tax = false;
  std::set<std::pair<std::string, std::string>> activities;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    BOOST_TEST_REQUIRE(row.size() == header.size());
    BOOST_TEST(activities.insert({row[0], row[2]}).second, "one row per purpose and basis");
    BOOST_TEST(basis_named(row[2]).has_value(), row[2]);
    const auto data = split(row[3], "; ");
    const auto has = [&](const std::string& leaf) { return std::find(data.begin(), data.end(), leaf) != data.end(); };
    // §13: "Marketing communications require explicit consent".
    if (row[0] == "marketing.newsletter" && row[2] == "consent") {
      newsletter = true;
      BOOST_TEST(has("account.identity.email"));
      BOOST_TEST(row[6] == "when consents has marketing");
      BOOST_TEST(contains(row[4], "processor.communication"));
    }
    // §7: "Financial Records: Retained for 7 years".
    if (row[0] == "service.billing" && row[2] == "contract") {
      billing = true;
      BOOST_TEST(has("billing.payment_details"));
      BOOST_TEST(contains(row[5], "P7Y from collection (billing"), row[5]);
      BOOST_TEST(contains(row[4], "processor.payment"));
    }
    if (row[0] == "legal.tax") {
      tax = true;
      BOOST_TEST(row[2] == "legal_obligation");
      BOOST_TEST(contains(row[5], "P7Y from collection"));
    }
    // §14: no sale, ever.
    BOOST_TEST(row[0] != "sale");
  }
  BOOST_TEST(newsletter);
  BOOST_TEST(billing);
  BOOST_TEST(tax);
  // The description of service.delivery holds a comma: it must be quoted.
  BOOST_TEST(contains(csv, "service.delivery,\"create, configure and manage AI agents; deliver the services\","));
}

BOOST_AUTO_TEST_CASE(activities_of_a_small_policy) {
  const Policy policy = load_text(small_policy);
  const model::Model& m = policy.compiled().model;
  analysis::Bdd bdd;
  analysis::Encoding encoding(m, bdd);
  const analysis::CellIndex cells(m);
  const auto activities = report::processing_activities(encoding, m, cells);
  // service.delivery/contract, marketing.newsletter/consent, research.study/legitimate_interest.
  BOOST_TEST_REQUIRE(activities.size() == 3u);
  BOOST_TEST(activities[0].basis == Basis::contract);
  BOOST_TEST(report::cover_text(m.data(), activities[0].data) == "account, usage");
  BOOST_TEST(report::count(activities[0].recipients) == 0u);
  BOOST_TEST(activities[1].basis == Basis::consent);
  BOOST_TEST(report::cover_text(m.data(), activities[1].data) == "account.email");
  BOOST_TEST(report::cover_text(m.recipients(), activities[1].recipients) == "processor");
  BOOST_TEST(activities[1].conditions == std::vector<std::string>{"when consents has marketing"});
  // Retention: the email's own 30-day rule applies whenever consent is given, which the allow requires.
  BOOST_TEST_REQUIRE(activities[1].retention.size() == 1u);
  BOOST_TEST(activities[1].retention[0].first == "P30D from collection");
  BOOST_TEST(report::cover_text(m.data(), activities[0].data) == "account, usage");
  bool two_years = false;
  for (const auto& [text, leaves] : activities[0].retention) two_years |= text == "P2Y from collection";
  BOOST_TEST(two_years);
  BOOST_TEST(activities[2].basis == Basis::legitimate_interest);
  BOOST_TEST(activities[2].conditions == std::vector<std::string>{"none"});
}

// ---- the commands ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_doc_and_ropa_commands) {
  const fs::path dir = fs::temp_directory_path() / ("proviso-report-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string cd = "cd '" + testing::source_dir().string() + "' && ";
  const std::string cli = std::string("'") + PROVISO_CLI + "'";
  const std::string html = (dir / "report.html").string();

  BOOST_TEST(run_command(cd + cli + " doc --policy policies/aiworksforus.policy -o '" + html + "'").exit_code == 0);
  const std::string page = testing::read_file(html);
  BOOST_TEST(contains(page, "id=\"matrix\""));
  BOOST_TEST((page == report::html_report(seed(), seed_result().diagnostics())), "the command writes the library's page");

  const CommandResult markdown = run_command(cd + cli + " ropa --policy policies/aiworksforus.policy");
  BOOST_TEST(markdown.exit_code == 0);
  BOOST_TEST((markdown.out == report::ropa(seed(), report::RopaFormat::markdown)), "the command prints the library's record");
  const std::string csv_path = (dir / "ropa.csv").string();
  BOOST_TEST(run_command(cd + cli + " ropa --policy policies/aiworksforus.policy --format csv -o '" + csv_path + "'").exit_code == 0);
  BOOST_TEST((testing::read_file(csv_path) == report::ropa(seed(), report::RopaFormat::csv)), "the command writes the library's CSV");

  // Exit codes: 1 for a policy with errors, 2 for a file that cannot be read or a bad flag.
  BOOST_TEST(run_command(cd + cli + " doc --policy tests/diagnostics/bad/duplicate_id.policy -o '" + html + "' 2>/dev/null").exit_code == 1);
  BOOST_TEST(run_command(cd + cli + " ropa --policy tests/diagnostics/bad/duplicate_id.policy 2>/dev/null").exit_code == 1);
  BOOST_TEST(run_command(cd + cli + " doc --policy no/such.policy 2>/dev/null").exit_code == 2);
  BOOST_TEST(run_command(cd + cli + " ropa --policy no/such.policy 2>/dev/null").exit_code == 2);
  BOOST_TEST(run_command(cd + cli + " ropa --policy policies/aiworksforus.policy --format pdf 2>/dev/null").exit_code == 2);
  BOOST_TEST(run_command(cd + cli + " doc --policy policies/aiworksforus.policy -o /no/such/dir/r.html 2>/dev/null").exit_code == 2);
  fs::remove_all(dir);
}
