#include "report/html_report.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "analysis/model_text.hpp"
#include "compile/policy_data.hpp"
#include "report/matrix.hpp"
#include "report/tables.hpp"
#include "report/text.hpp"

namespace proviso::report {
namespace {

using Html = std::string;

Html esc(std::string_view text) { return html_escape(text); }

// Art. 6(1) letter and colour of each basis.
constexpr std::string_view letters[] = {"a", "b", "c", "d", "e", "f"};
constexpr std::string_view colours[] = {"#2f6fb0", "#2e8b57", "#8c564b", "#c62828", "#7b52ab", "#d97b00"};

std::size_t basis_index(Basis basis) { return static_cast<std::size_t>(basis); }

std::string basis_label(Basis basis) {
  return std::string(name_of(basis)) + " (Art. 6(1)(" + std::string(letters[basis_index(basis)]) + "))";
}

Html basis_badge(Basis basis) {
  return "<span class=\"badge bb-" + std::string(letters[basis_index(basis)]) + "\">" + esc(name_of(basis)) + "</span>";
}

// The part of a path below its top-level node ("identity.email" of
// "account.identity.email"); the whole name for a top-level leaf.
std::string below_top(const std::string& path) {
  const auto dot = path.find('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

std::string anchor(std::string_view prefix, std::size_t index) { return std::string(prefix) + std::to_string(index); }

// Everything the page needs, computed once.
struct Page {
  const Policy& policy;
  const detail::PolicyData& data;
  const model::Model& model;
  const std::vector<Diagnostic>& diagnostics;
  const HtmlReportOptions& options;
  analysis::Bdd bdd;
  analysis::Encoding encoding;
  analysis::CellIndex cells;
  Matrix matrix;

  Page(const Policy& p, const std::vector<Diagnostic>& d, const HtmlReportOptions& o)
      : policy(p), data(p.compiled()), model(p.compiled().model), diagnostics(d), options(o), encoding(model, bdd),
        cells(model) {
    matrix = decision_matrix(encoding, model, cells);
  }

  // A link to a rule's entry in the rules section.
  Html rule_link(model::RuleIndex r) const {
    return "<a href=\"#" + anchor("rule-", r) + "\">" + esc(rule_name(model, model.rules[r].provenance)) + "</a>";
  }
  Html rule_links(const std::vector<model::RuleIndex>& rules) const {
    Html out;
    for (std::size_t i = 0; i < rules.size(); ++i) out += (i ? ", " : "") + rule_link(rules[i]);
    return out;
  }
  std::string rule_names(const std::vector<model::RuleIndex>& rules) const {
    std::vector<std::string> names;
    for (const model::RuleIndex r : rules) names.push_back(rule_name(model, model.rules[r].provenance));
    return join(names, ", ");
  }
  // A set of leaves named compactly, with every leaf in the hover text.
  Html leaves(const model::Vocabulary& vocabulary, const LeafSet& set) const {
    return "<span title=\"" + esc(join(leaf_paths(vocabulary, set), "\n")) + "\">" + esc(cover_text(vocabulary, set)) +
           "</span>";
  }
};

std::string css() {
  std::string out = R"CSS(
:root{--deny:#c8c8c8;--line:#dedede;--ink:#1d1d1f;--muted:#6a6a6a}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0;background:#fff}
header,main,footer{max-width:1500px;margin:0 auto;padding:0 24px}
header{padding-top:20px;border-bottom:1px solid var(--line)}
h1{font-size:24px;margin:0 0 8px}
h2{font-size:19px;margin:36px 0 8px;padding-top:8px;border-top:2px solid var(--ink)}
h3{font-size:15px;margin:20px 0 6px}
p.lead{color:var(--muted);max-width:70em;margin:4px 0 12px}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12.5px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table.counts{border-collapse:collapse;margin:8px 0 12px}
table.counts td,table.counts th{border:1px solid var(--line);padding:3px 10px;text-align:right}
table.counts th{text-align:left;font-weight:normal;color:var(--muted)}
nav ol{columns:2;max-width:40em;padding-left:20px}
table.list{border-collapse:collapse;width:100%;margin:6px 0 12px}
table.list th,table.list td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.list thead th{background:#f4f4f4;position:sticky;top:0;z-index:1}
table.list tr.group th{background:#fafafa;border-top:2px solid #999;font-size:14px}
.desc{color:var(--muted);font-weight:normal}
.cond{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;white-space:nowrap}
.scroll{overflow:auto;max-height:85vh;border:1px solid var(--line)}
table.matrix{border-collapse:collapse;font-size:11px}
table.matrix th{font-weight:normal;background:#fff}
table.matrix thead th.pg{border-left:2px solid #888;border-bottom:1px solid #888;font-weight:600;text-align:left;padding:2px 4px;white-space:nowrap}
table.matrix thead th.p{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;padding:4px 2px;text-align:left;height:150px}
table.matrix tbody th.dg{border-top:2px solid #888;vertical-align:top;text-align:left;padding:2px 6px;font-weight:600;white-space:nowrap}
table.matrix tbody th.d{text-align:right;padding:0 6px;white-space:nowrap}
table.matrix tbody tr.first > *{border-top:2px solid #888}
table.matrix td.c{width:21px;min-width:21px;height:19px;padding:0;border:1px solid #fff;text-align:center;cursor:pointer;font-weight:700;font-size:10px}
table.matrix td.c.first{border-left:2px solid #888}
table.matrix td.s{background:#fff;box-shadow:inset 0 0 0 1px #b9b9b9;color:#9a9a9a}
table.matrix td.n{background:var(--deny)}
table.matrix td.h span{background:#fff;border-radius:2px;padding:0 2px;display:inline-block;line-height:12px}
table.matrix td.a.m{color:#fff;text-shadow:0 0 2px #000}
table.matrix tr:hover th.d,table.matrix th.hl{background:#ffec99}
table.matrix td.sel{outline:2px solid #000;outline-offset:-2px}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:8px 0;align-items:center}
.legend .sw{display:inline-block;width:21px;height:19px;vertical-align:middle;margin-right:5px;text-align:center;font-weight:700;font-size:10px;line-height:19px}
#cell-detail{white-space:pre-wrap;background:#f6f6f6;border:1px solid var(--line);padding:8px 10px;margin:8px 0;min-height:3.2em}
article.rule{border-left:3px solid var(--line);padding:2px 0 2px 10px;margin:10px 0}
article.rule h4{margin:0;font-size:13px;font-weight:600}
article.rule .loc{color:var(--muted);font-weight:normal;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
article.rule pre{margin:4px 0;white-space:pre-wrap;background:#f8f8f8;padding:4px 8px}
article.rule p.note{margin:2px 0;color:#444;font-style:italic}
.kind{display:inline-block;font-size:11px;padding:0 5px;border:1px solid #999;border-radius:3px;margin-right:6px;text-transform:uppercase}
.none{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;padding:24px;border-top:1px solid var(--line);margin-top:40px}
@media print{.scroll{overflow:visible;max-height:none}#cell-detail{display:none}h2{break-before:page}}
)CSS";
  for (std::size_t b = 0; b < 6; ++b) {
    const std::string l(letters[b]);
    const std::string c(colours[b]);
    out += "td.a.b-" + l + ",.sw.b-" + l + "{background:" + c + ";color:#fff}\n";
    out += "td.h.b-" + l + ",.sw.h.b-" + l + "{background:repeating-linear-gradient(135deg," + c + " 0 3px,#fff 3px 6px);color:" + c + "}\n";
    out += ".bb-" + l + "{background:" + c + "}\n";
  }
  return out;
}

constexpr std::string_view script = R"JS(
(function () {
  try {
    var table = document.getElementById('matrix');
    var detail = document.getElementById('cell-detail');
    var selected = null, lit = null;
    table.addEventListener('click', function (e) {
      var cell = e.target.closest('td[data-data]');
      if (!cell) return;
      if (selected) selected.classList.remove('sel');
      selected = cell;
      cell.classList.add('sel');
      detail.textContent = cell.getAttribute('title');
    });
    table.addEventListener('mouseover', function (e) {
      var cell = e.target.closest('td[data-data]');
      if (lit) lit.classList.remove('hl');
      lit = cell ? table.querySelector('th[data-purpose="' + CSS.escape(cell.getAttribute('data-purpose')) + '"]') : null;
      if (lit) lit.classList.add('hl');
    });
    document.body.setAttribute('data-script', 'ok');
  } catch (error) {
    document.body.setAttribute('data-script', 'error: ' + error);
  }
})();
)JS";

// ---- (a) header -------------------------------------------------------------

Html header(const Page& page) {
  const model::Model& m = page.model;
  std::size_t allows = 0, denies = 0, shares = 0, deny_shares = 0;
  for (const model::Rule& rule : m.rules) {
    (rule.effect == Effect::allow ? (rule.sharing ? shares : allows) : (rule.sharing ? deny_shares : denies))++;
  }
  std::size_t warnings = 0;
  for (const Diagnostic& d : page.diagnostics) warnings += d.severity == Severity::warning ? 1 : 0;
  const auto row = [](std::string_view what, std::size_t n) {
    return "<tr><th>" + esc(what) + "</th><td>" + std::to_string(n) + "</td></tr>";
  };
  Html out = "<header>\n<h1>Privacy policy review: " + esc(m.name) + "</h1>\n<dl class=\"facts\">";
  out += "<dt>Policy</dt><dd><code>" + esc(m.name) + "</code></dd>";
  out += "<dt>Version</dt><dd>" + (m.version.empty() ? Html("<span class=\"none\">not stated</span>") : esc(m.version)) + "</dd>";
  out += "<dt>Fingerprint</dt><dd><code id=\"fingerprint\">" + esc(page.policy.fingerprint()) + "</code></dd>";
  out += "<dt>Entry file</dt><dd><code>" + esc(m.sources->size() ? m.sources->path(0) : "") + "</code> (" +
         std::to_string(m.sources->size()) + " files)</dd>";
  out += "</dl>\n<table class=\"counts\" id=\"counts\">";
  out += row("data leaves", m.data().leaf_count());
  out += row("purpose leaves", m.purposes().leaf_count());
  out += row("recipient leaves", m.recipients().leaf_count());
  out += row("allow rules", allows) + row("deny rules", denies) + row("share rules", shares) +
         row("deny share rules", deny_shares);
  out += row("retain rules", m.retentions.size()) + row("erase rules", m.erasures.size());
  out += row("matrix cells where some request is allowed", page.matrix.count(CellState::allowed));
  out += row("matrix cells where every request is denied", page.matrix.count(CellState::denied));
  out += row("matrix cells no rule addresses (silences)", page.matrix.count(CellState::silent));
  out += row("warnings", warnings);
  out += "</table>\n<nav><ol>"
         "<li><a href=\"#decision-matrix\">Decision matrix</a></li>"
         "<li><a href=\"#sharing\">Sharing</a></li>"
         "<li><a href=\"#retention\">Retention and erasure</a></li>"
         "<li><a href=\"#rules\">Rules by section</a></li>"
         "<li><a href=\"#warnings\">Warnings</a></li>"
         "<li><a href=\"#silences\">Silences</a></li>"
         "</ol></nav>\n</header>\n";
  return out;
}

// ---- (b) the decision matrix -----------------------------------------------------

std::string cell_title(const Page& page, const MatrixCell& cell) {
  const model::Model& m = page.model;
  std::string title = m.data().node(m.data().leaf_node(cell.data)).path + " for " +
                      m.purposes().node(m.purposes().leaf_node(cell.purpose)).path + " (processing, any form)\n";
  switch (cell.state) {
    case CellState::silent:
      title += "No rule addresses this cell: the default deny decides every request.";
      return title;
    case CellState::denied:
      title += "Every request is denied";
      title += cell.denying_rules.empty() ? " (default deny: no allow ever applies)" : ", by " + page.rule_names(cell.denying_rules);
      title += ".";
      if (!cell.rules.empty()) title += "\nRules covering the cell: " + page.rule_names(cell.rules) + ".";
      return title;
    case CellState::allowed: break;
  }
  for (const Grant& grant : cell.grants) {
    title += "Allowed under " + basis_label(grant.basis) + " when: " + grant.condition + "\n  by " +
             page.rule_names(grant.rules) + "\n";
  }
  if (cell.reach == Reach::always) {
    title += "Never denied.";
  } else {
    title += "Denied when: " + cell.denied_condition;
    if (!cell.denying_rules.empty()) title += "\n  by " + page.rule_names(cell.denying_rules) + " (or the default deny)";
  }
  return title;
}

Html matrix_cell(const Page& page, const MatrixCell& cell, bool first_of_group) {
  const model::Model& m = page.model;
  std::string classes = "c";
  std::string style;
  std::string text;
  std::string bases;
  switch (cell.state) {
    case CellState::silent:
      classes += " s";
      text = "&middot;";
      break;
    case CellState::denied: classes += " n"; break;
    case CellState::allowed: {
      const bool hatched = cell.reach == Reach::conditional;
      classes += hatched ? " h" : " a";
      std::vector<std::string> stops;
      for (std::size_t i = 0; i < cell.grants.size(); ++i) {
        const std::size_t b = basis_index(cell.grants[i].basis);
        bases += (i ? " " : "") + std::string(name_of(cell.grants[i].basis));
        text += (i ? "/" : "") + std::string(letters[b]);
      }
      if (cell.grants.size() == 1) {
        classes += " b-" + std::string(letters[basis_index(cell.grants[0].basis)]);
      } else {
        // Several bases (under disjoint conditions): stripes of each colour.
        std::string gradient = "repeating-linear-gradient(135deg";
        std::size_t at = 0;
        for (const Grant& grant : cell.grants) {
          const std::string colour(colours[basis_index(grant.basis)]);
          gradient += "," + colour + " " + std::to_string(at) + "px " + std::to_string(at + 4) + "px";
          at += 4;
          if (hatched) {
            gradient += ",#fff " + std::to_string(at) + "px " + std::to_string(at + 3) + "px";
            at += 3;
          }
        }
        style = "background:" + gradient + ")";
        classes += " m";
      }
      if (hatched) text = "<span>" + text + "</span>";
      break;
    }
  }
  if (first_of_group) classes += " first";
  Html out = "<td class=\"" + classes + "\"";
  if (!style.empty()) out += " style=\"" + esc(style) + "\"";
  out += " data-data=\"" + esc(m.data().node(m.data().leaf_node(cell.data)).path) + "\"";
  out += " data-purpose=\"" + esc(m.purposes().node(m.purposes().leaf_node(cell.purpose)).path) + "\"";
  out += " data-state=\"" + std::string(name_of(cell.state)) + "\"";
  out += " data-allow=\"" + std::string(cell.state == CellState::allowed ? "yes" : "no") + "\"";
  out += " data-reach=\"" + std::string(name_of(cell.reach)) + "\"";
  out += " data-bases=\"" + bases + "\"";
  out += " title=\"" + esc(cell_title(page, cell)) + "\">" + text + "</td>";
  return out;
}

// Top-level nodes of a vocabulary, with their leaf ranges.
std::vector<model::NodeId> top_nodes(const model::Vocabulary& vocabulary) {
  std::vector<model::NodeId> tops;
  for (model::NodeId n = 0; n < vocabulary.nodes().size(); ++n) {
    const model::Node& node = vocabulary.node(n);
    if (node.parent == model::no_node && node.end_leaf > node.first_leaf && !node.builtin) tops.push_back(n);
  }
  return tops;
}

Html legend() {
  Html out = "<div class=\"legend\" id=\"legend\">";
  for (const Basis basis : all_bases) {
    const std::string l(letters[basis_index(basis)]);
    out += "<span><span class=\"sw b-" + l + "\">" + l + "</span>" + esc(basis_label(basis)) + "</span>";
  }
  out += "</div><div class=\"legend\">"
         "<span><span class=\"sw b-a\">a</span>solid: an allow applies to every request; a deny may still "
         "override it for some people (hover for when)</span>"
         "<span><span class=\"sw h b-a\"><span style=\"background:#fff\">a</span></span>hatched: allowed only "
         "under conditions the allow states (consent given, a form of the data, ...)</span>"
         "<span><span class=\"sw\" style=\"background:var(--deny)\"></span>every request is denied</span>"
         "<span><span class=\"sw\" style=\"box-shadow:inset 0 0 0 1px #b9b9b9;color:#9a9a9a\">&middot;</span>"
         "silence: no rule addresses the cell; the default deny decides</span>"
         "</div>";
  return out;
}

Html matrix_section(const Page& page) {
  const model::Model& m = page.model;
  const model::Vocabulary& data = m.data();
  const model::Vocabulary& purposes = m.purposes();
  Html out = "<section id=\"decision-matrix\">\n<h2>1. Decision matrix</h2>\n";
  out += "<p class=\"lead\">May this data be used for this purpose? One row per data category, one column per "
         "purpose; the processing question (no recipient), over every person and every form of the data "
         "(identified, pseudonymized, aggregated, anonymized). Each cell is coloured by the lawful basis of "
         "the allow(s) possible there, with its GDPR Art. 6(1) letter. Hover over a cell, or click it, for the "
         "exact conditions and the deciding rules; they are computed exactly from the policy, not sampled.</p>\n";
  out += legend();
  out += "<pre id=\"cell-detail\">Click a cell to read its conditions here.</pre>\n";
  out += "<div class=\"scroll\"><table class=\"matrix\" id=\"matrix\">\n<thead><tr><th colspan=\"2\" rowspan=\"2\" "
         "class=\"corner\">data \\ purpose</th>";
  const std::vector<model::NodeId> purpose_tops = top_nodes(purposes);
  for (const model::NodeId top : purpose_tops) {
    const model::Node& node = purposes.node(top);
    out += "<th class=\"pg\" colspan=\"" + std::to_string(node.end_leaf - node.first_leaf) + "\" title=\"" +
           esc(node.path + (node.description.empty() ? "" : ": " + node.description)) + "\">" + esc(node.path) + "</th>";
  }
  out += "</tr>\n<tr>";
  std::vector<bool> purpose_group_start(purposes.leaf_count(), false);
  for (const model::NodeId top : purpose_tops) purpose_group_start[purposes.node(top).first_leaf] = true;
  for (std::uint32_t p = 0; p < purposes.leaf_count(); ++p) {
    const model::Node& node = purposes.node(purposes.leaf_node(p));
    out += "<th class=\"p\" data-purpose=\"" + esc(node.path) + "\" title=\"" +
           esc(node.path + (node.description.empty() ? "" : ": " + node.description)) + "\">" + esc(below_top(node.path)) +
           "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const model::NodeId top : top_nodes(data)) {
    const model::Node& group = data.node(top);
    for (std::uint32_t d = group.first_leaf; d < group.end_leaf; ++d) {
      const model::Node& node = data.node(data.leaf_node(d));
      const bool first = d == group.first_leaf;
      out += first ? "<tr class=\"first\">" : "<tr>";
      if (first) {
        out += "<th class=\"dg\" rowspan=\"" + std::to_string(group.end_leaf - group.first_leaf) + "\" title=\"" +
               esc(group.path + (group.description.empty() ? "" : ": " + group.description)) + "\">" + esc(group.path) + "</th>";
      }
      out += "<th class=\"d\" data-data=\"" + esc(node.path) + "\" title=\"" +
             esc(node.path + (node.description.empty() ? "" : ": " + node.description)) + "\">" + esc(below_top(node.path)) +
             "</th>";
      for (std::uint32_t p = 0; p < purposes.leaf_count(); ++p) out += matrix_cell(page, page.matrix.at(d, p), purpose_group_start[p]);
      out += "</tr>\n";
    }
  }
  out += "</tbody></table></div>\n</section>\n";
  return out;
}

// ---- (c) sharing -------------------------------------------------------------------

Html sharing_section(Page& page) {
  const model::Model& m = page.model;
  const std::vector<SharingRow> rows = sharing_table(page.encoding, m, page.cells);
  Html out = "<section id=\"sharing\">\n<h2>2. Sharing</h2>\n";
  out += "<p class=\"lead\">For each recipient: which data may be shared with it, for which purposes, on which "
         "basis and under which conditions (the sharing question: <code>share</code> rules, limited by every "
         "<code>deny share</code> and every <code>deny</code>). Conditions are exact and include the denies "
         "that narrow them; a list of categories names every leaf below them (hover for the leaves).</p>\n";
  out += "<table class=\"list\" id=\"sharing-table\"><thead><tr><th>Purposes</th><th>Data</th><th>Basis</th>"
         "<th>When</th><th>Rules</th></tr></thead>\n<tbody>\n";
  std::vector<bool> seen(m.recipients().leaf_count(), false);
  std::uint32_t current = UINT32_MAX;
  for (const SharingRow& row : rows) {
    if (row.recipient != current) {
      current = row.recipient;
      seen[current] = true;
      const model::Node& node = m.recipients().node(m.recipients().leaf_node(current));
      out += "<tr class=\"group\" data-recipient=\"" + esc(node.path) + "\"><th colspan=\"5\">" + esc(node.path) +
             (node.description.empty() ? "" : " <span class=\"desc\">&mdash; " + esc(node.description) + "</span>") +
             "</th></tr>\n";
    }
    out += "<tr><td>" + page.leaves(m.purposes(), row.purposes) + "</td><td>" + page.leaves(m.data(), row.data) +
           "</td><td>" + basis_badge(row.basis) + "</td><td class=\"cond\">" + esc(row.condition) + "</td><td>" +
           page.rule_links(row.rules) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  std::vector<std::string> never;
  for (std::uint32_t r = 0; r < seen.size(); ++r) {
    if (!seen[r]) never.push_back(m.recipients().node(m.recipients().leaf_node(r)).path);
  }
  out += "<p>" + (never.empty() ? Html("Every recipient may receive some data.")
                                : "Nothing may be shared with: <code>" + esc(join(never, ", ")) + "</code>.") +
         "</p>\n</section>\n";
  return out;
}

// ---- (d) retention -----------------------------------------------------------------

Html retention_section(Page& page) {
  const model::Model& m = page.model;
  const std::vector<LeafRetention> table = retention_table(page.encoding, m, page.cells);
  Html out = "<section id=\"retention\">\n<h2>3. Retention and erasure</h2>\n";
  out += "<p class=\"lead\">How long each data category may be kept: the period as written and in ISO 8601 (as "
         "decisions report it), the event it runs from, what ends it early, what happens at its end, and when "
         "each retention rule is the one that applies (the most specific rule wins; a rule with a condition "
         "before one without). Erasure deadlines apply after the events named. Data leaves of a category "
         "with the same retention and erasure share a row.</p>\n";
  out += "<table class=\"list\" id=\"retention-table\"><thead><tr><th>Data</th><th>Kept for</th><th>ISO 8601</th>"
         "<th>From</th><th>Ends early on</th><th>Then</th><th>Applies when</th><th>Rule</th><th>Erasure deadlines</th>"
         "</tr></thead>\n<tbody>\n";

  // The rows of one leaf (everything but the data cell), and its erasure cell.
  const auto choice_rows = [&](const LeafRetention& entry) {
    std::vector<Html> rows;
    for (const RetentionChoice& choice : entry.choices) {
      if (!choice.retention) {
        rows.push_back("<td colspan=\"5\" class=\"none\">no retention rule applies</td><td class=\"cond\">" +
                       esc(choice.condition) + "</td><td></td>");
        continue;
      }
      const std::uint32_t index = *choice.retention;
      const model::Retention& r = m.retentions[index];
      const RetentionInfo& info = page.data.retention_infos[index];
      const bool indefinite = r.kind == model::RetentionKind::indefinitely;
      const std::string kept = indefinite ? "indefinitely"
                               : r.kind == model::RetentionKind::until_event ? "until " + info.from
                                                                               : r.period_text;
      rows.push_back("<td>" + esc(kept) + "</td><td><code>" + esc(indefinite ? "-" : info.period) + "</code></td><td><code>" +
                     esc(info.from) + "</code></td><td>" +
                     (info.until.empty() ? Html("<span class=\"none\">nothing</span>") : esc(join(info.until, ", "))) +
                     "</td><td>" + esc(indefinite ? "-" : info.then) + "</td><td class=\"cond\">" + esc(choice.condition) +
                     "</td><td><a href=\"#" + anchor("retain-", index) + "\">" + esc(rule_name(m, r.provenance)) + "</a></td>");
    }
    if (rows.empty()) {
      rows.push_back("<td colspan=\"5\" class=\"none\">no retention rule applies</td><td class=\"cond\">every subject</td><td></td>");
    }
    return rows;
  };
  const auto erasure_cell = [&](const LeafRetention& entry) {
    Html cell;
    for (const std::uint32_t e : entry.erasures) {
      const model::Erasure& erasure = m.erasures[e];
      const std::string guard = analysis::guard_text(m, erasure.guard);
      cell += "<div>" + esc(erasure.within_text) + " (<code>" + esc(erasure.within) + "</code>) after <code>" +
              esc(m.events().node(erasure.event).path) + "</code>" +
              (erasure.store.empty() ? "" : " in <code>" + esc(erasure.store) + "</code>") +
              (guard.empty() ? "" : " <span class=\"cond\">" + esc(guard) + "</span>") + " &mdash; <a href=\"#" +
              anchor("erase-", e) + "\">" + esc(rule_name(m, erasure.provenance)) + "</a></div>";
    }
    return cell.empty() ? Html("<span class=\"none\">none</span>") : cell;
  };

  for (const model::NodeId top : top_nodes(m.data())) {
    const model::Node& group = m.data().node(top);
    out += "<tr class=\"group\"><th colspan=\"9\">" + esc(group.path) +
           (group.description.empty() ? "" : " <span class=\"desc\">&mdash; " + esc(group.description) + "</span>") +
           "</th></tr>\n";
    // Leaves of the category with the same rows, in order of first appearance.
    std::vector<std::pair<std::pair<std::vector<Html>, Html>, std::vector<std::uint32_t>>> same;
    for (std::uint32_t leaf = group.first_leaf; leaf < group.end_leaf; ++leaf) {
      auto content = std::make_pair(choice_rows(table[leaf]), erasure_cell(table[leaf]));
      auto found = std::find_if(same.begin(), same.end(), [&](const auto& s) { return s.first == content; });
      if (found == same.end()) {
        same.push_back({std::move(content), {leaf}});
      } else {
        found->second.push_back(leaf);
      }
    }
    for (const auto& [content, leaves] : same) {
      const auto& [rows, erasures] = content;
      const std::string span = std::to_string(rows.size());
      Html names;
      std::string paths;
      for (const std::uint32_t leaf : leaves) {
        const std::string& path = m.data().node(m.data().leaf_node(leaf)).path;
        names += "<div><code>" + esc(path) + "</code></div>";
        paths += (paths.empty() ? "" : " ") + path;
      }
      for (std::size_t i = 0; i < rows.size(); ++i) {
        out += "<tr data-data=\"" + esc(paths) + "\">";
        if (i == 0) out += "<th rowspan=\"" + span + "\">" + names + "</th>";
        out += rows[i];
        if (i == 0) out += "<td rowspan=\"" + span + "\">" + erasures + "</td>";
        out += "</tr>\n";
      }
    }
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

// ---- (e) rules by section -------------------------------------------------------------

Html rules_section(const Page& page) {
  const model::Model& m = page.model;
  struct Entry {
    std::string section;
    source::Location location;
    std::string kind;
    std::string anchor;
    const model::Provenance* provenance;
    std::string where;
    std::string text;
  };
  std::vector<Entry> entries;
  for (const model::Rule& rule : m.rules) {
    const RuleInfo& info = page.data.rule_infos[rule.index];
    entries.push_back({rule.provenance.section, rule.provenance.location, info.kind, anchor("rule-", rule.index),
                       &rule.provenance, info.location, analysis::rule_text(m, rule)});
  }
  for (const model::Retention& r : m.retentions) {
    entries.push_back({r.provenance.section, r.provenance.location, "retain", anchor("retain-", r.index), &r.provenance,
                       page.data.retention_infos[r.index].rule.location, retention_rule_text(m, r)});
  }
  for (const model::Erasure& e : m.erasures) {
    entries.push_back({e.provenance.section, e.provenance.location, "erase", anchor("erase-", e.index), &e.provenance,
                       page.data.erasure_infos[e.index].location, erasure_rule_text(m, e)});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.section != b.section) return section_less(a.section, b.section);
    return std::tie(a.location.file, a.location.begin) < std::tie(b.location.file, b.location.begin);
  });
  Html out = "<section id=\"rules\">\n<h2>4. Rules by section</h2>\n";
  out += "<p class=\"lead\">Every rule of the policy, grouped by the section of the legal text it encodes "
         "(<code>@section</code>), with its stable id (<code>@id</code>), where it is written, and its text as "
         "the checker read it.</p>\n";
  std::string current = "\x01";
  for (const Entry& e : entries) {
    if (e.section != current) {
      current = e.section;
      out += "<h3>" + (current.empty() ? Html("Rules without a section") : "\xC2\xA7 " + esc(current)) + "</h3>\n";
    }
    out += "<article class=\"rule\" id=\"" + e.anchor + "\"><h4><span class=\"kind\">" + esc(e.kind) + "</span>" +
           (e.provenance->id.empty() ? Html("<span class=\"none\">no @id</span>") : esc(e.provenance->id)) +
           " <span class=\"loc\">" + esc(e.where) + "</span></h4><pre>" + esc(e.text) + "</pre>";
    if (!e.provenance->note.empty()) out += "<p class=\"note\">" + esc(e.provenance->note) + "</p>";
    out += "</article>\n";
  }
  out += "</section>\n";
  return out;
}

// ---- (f) warnings ----------------------------------------------------------------------

Html warnings_section(const Page& page) {
  Html out = "<section id=\"warnings\">\n<h2>5. Warnings</h2>\n";
  std::vector<const Diagnostic*> warnings;
  for (const Diagnostic& d : page.diagnostics) {
    if (d.severity != Severity::error) warnings.push_back(&d);
  }
  if (warnings.empty()) return out + "<p id=\"no-warnings\">The checker found no warnings.</p>\n</section>\n";
  out += "<p class=\"lead\">What the checker flagged but accepted (<code>proviso check</code> prints the same).</p>\n";
  out += "<table class=\"list\" id=\"warnings-table\"><thead><tr><th>Where</th><th>Code</th><th>Warning</th></tr></thead><tbody>\n";
  for (const Diagnostic* d : warnings) {
    out += "<tr><td><code>" + esc(d->position.file + ":" + std::to_string(d->position.line) + ":" +
                                  std::to_string(d->position.column)) +
           "</code></td><td><code>" + esc(d->code) + "</code></td><td>" + esc(d->message);
    for (const DiagnosticNote& note : d->notes) {
      out += "<div class=\"desc\">note: " + esc(note.message) + " <code>" +
             esc(note.position.file + ":" + std::to_string(note.position.line)) + "</code></div>";
    }
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

// ---- (g) silences ------------------------------------------------------------------------

Html silences_section(const Page& page) {
  const model::Model& m = page.model;
  const Silences found = silences(m, page.cells);
  Html out = "<section id=\"silences\">\n<h2>6. Silences</h2>\n";
  out += "<p class=\"lead\">Where the policy says nothing: no rule addresses these requests at all, so the "
         "default deny decides them. That is safe, but it is a decision nobody wrote down; check that each "
         "is meant.</p>\n";
  out += "<h3>Processing</h3>\n";
  const std::size_t cells = std::size_t{page.matrix.data_leaves} * page.matrix.purpose_leaves;
  out += "<p id=\"processing-silences\">" + std::to_string(found.processing_cells) + " of " + std::to_string(cells) +
         " (data, purpose) cells have no <code>allow</code> or <code>deny</code> rule.</p>\n";
  if (!found.processing.empty()) {
    out += "<table class=\"list\" id=\"processing-silences-table\"><thead><tr><th>Data category</th><th>Purpose category</th>"
           "<th>Silent cells</th><th>Data</th><th>Purposes</th></tr></thead><tbody>\n";
    for (const SilenceGroup& g : found.processing) {
      out += "<tr><td><code>" + esc(m.data().node(g.row).path) + "</code></td><td><code>" + esc(m.purposes().node(g.purpose).path) +
             "</code></td><td>" + std::to_string(g.silent) + " of " + std::to_string(g.total) +
             (g.silent == g.total ? " (all)" : "") + "</td><td>" + page.leaves(m.data(), g.data) + "</td><td>" +
             page.leaves(m.purposes(), g.purposes) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "<h3>Sharing</h3>\n";
  const std::size_t triples = cells * m.recipients().leaf_count();
  out += "<p id=\"sharing-silences\">" + std::to_string(found.sharing_cells) + " of " + std::to_string(triples) +
         " (data, purpose, recipient) cells have no <code>share</code> or <code>deny share</code> rule for the "
         "recipient, and no <code>deny</code> rule either.</p>\n";
  if (!found.sharing.empty()) {
    out += "<table class=\"list\" id=\"sharing-silences-table\"><thead><tr><th>Recipient category</th><th>Purpose category</th>"
           "<th>Silent cells</th><th>Recipients</th><th>Purposes</th><th>Data</th></tr></thead><tbody>\n";
    for (const SilenceGroup& g : found.sharing) {
      out += "<tr><td><code>" + esc(m.recipients().node(g.row).path) + "</code></td><td><code>" +
             esc(m.purposes().node(g.purpose).path) + "</code></td><td>" + std::to_string(g.silent) + " of " +
             std::to_string(g.total) + (g.silent == g.total ? " (all)" : "") + "</td><td>" +
             page.leaves(m.recipients(), g.recipients) + "</td><td>" + page.leaves(m.purposes(), g.purposes) + "</td><td>" +
             page.leaves(m.data(), g.data) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "</section>\n";
  return out;
}

}  // namespace

std::string html_report(const Policy& policy, const std::vector<Diagnostic>& diagnostics, const HtmlReportOptions& options) {
  Page page(policy, diagnostics, options);
  const model::Model& m = page.model;
  Html out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta name=\"generator\" content=\"" + esc(options.generator) + "\">\n"
             "<title>Privacy policy review: " + esc(m.name) + (m.version.empty() ? "" : " " + esc(m.version)) + "</title>\n"
             "<style>" + css() + "</style>\n</head>\n<body>\n";
  out += header(page);
  out += "<main>\n";
  out += matrix_section(page);
  out += sharing_section(page);
  out += retention_section(page);
  out += rules_section(page);
  out += warnings_section(page);
  out += silences_section(page);
  out += "</main>\n<footer>Generated by " + esc(options.generator) + " from policy fingerprint <code>" +
         esc(policy.fingerprint()) + "</code>. Every cell, table and condition is computed exactly from the compiled "
         "policy. Anything the policy does not allow is denied.</footer>\n";
  out += "<script>" + std::string(script) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace proviso::report
