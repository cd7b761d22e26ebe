#include "report/text.hpp"

#include <algorithm>
#include <cctype>

#include "analysis/model_text.hpp"

namespace proviso::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n': out += "&#10;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '|': out += "\\|"; break;
      case '\\': out += "\\\\"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// For each node: are all of its leaves members?
std::vector<bool> full_nodes(const model::Vocabulary& vocabulary, const LeafSet& leaves) {
  std::vector<std::uint32_t> prefix(leaves.size() + 1, 0);
  for (std::size_t i = 0; i < leaves.size(); ++i) prefix[i + 1] = prefix[i] + (leaves[i] ? 1 : 0);
  std::vector<bool> full(vocabulary.nodes().size(), false);
  for (std::size_t n = 0; n < full.size(); ++n) {
    const model::Node& node = vocabulary.nodes()[n];
    if (node.end_leaf <= node.first_leaf || node.end_leaf > leaves.size()) continue;
    full[n] = prefix[node.end_leaf] - prefix[node.first_leaf] == node.end_leaf - node.first_leaf;
  }
  return full;
}

}  // namespace

std::vector<std::string> cover(const model::Vocabulary& vocabulary, const LeafSet& leaves) {
  const std::vector<bool> full = full_nodes(vocabulary, leaves);
  std::vector<std::string> names;
  for (std::size_t n = 0; n < full.size(); ++n) {
    const model::Node& node = vocabulary.nodes()[n];
    if (!full[n] || node.builtin) continue;
    if (node.parent != model::no_node && full[node.parent]) continue;
    names.push_back(node.path);
  }
  return names;
}

std::string cover_text(const model::Vocabulary& vocabulary, const LeafSet& leaves) {
  const std::size_t members = count(leaves);
  if (members == 0) return "nothing";
  if (members == leaves.size()) return "all";
  LeafSet complement(leaves.size());
  for (std::size_t i = 0; i < leaves.size(); ++i) complement[i] = !leaves[i];
  const std::vector<std::string> in = cover(vocabulary, leaves);
  const std::vector<std::string> out = cover(vocabulary, complement);
  // "all except" only when it is clearly shorter than the list.
  if (in.size() > 2 && out.size() < in.size()) return "all except " + join(out, ", ");
  return join(in, ", ");
}

std::vector<std::string> leaf_paths(const model::Vocabulary& vocabulary, const LeafSet& leaves) {
  std::vector<std::string> paths;
  for (std::uint32_t leaf = 0; leaf < leaves.size(); ++leaf) {
    if (leaves[leaf]) paths.push_back(vocabulary.node(vocabulary.leaf_node(leaf)).path);
  }
  return paths;
}

std::size_t count(const LeafSet& leaves) { return static_cast<std::size_t>(std::count(leaves.begin(), leaves.end(), true)); }

bool section_less(std::string_view a, std::string_view b) {
  if (a.empty() != b.empty()) return b.empty();
  std::size_t i = 0;
  std::size_t j = 0;
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ei = i;
      std::size_t ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      // Compare the numbers by value: strip leading zeros, then by length, then by digits.
      std::string_view x = a.substr(i, ei - i);
      std::string_view y = b.substr(j, ej - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::string rule_name(const model::Model& model, const model::Provenance& provenance) {
  std::string name = provenance.id.empty() ? "rule at " + model.sources->describe(provenance.location) : provenance.id;
  if (!provenance.section.empty()) name += " (\xC2\xA7" + provenance.section + ")";
  return name;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

std::string retention_rule_text(const model::Model& model, const model::Retention& r) {
  std::string text = "retain " + analysis::selection_text(model.data(), r.data);
  const model::Node& event = model.events().node(r.event);
  switch (r.kind) {
    case model::RetentionKind::period:
      text += " for " + r.period_text;
      if (!event.builtin) text += " after " + event.path;
      break;
    case model::RetentionKind::until_event: text += " until " + event.path; break;
    case model::RetentionKind::indefinitely: text += " indefinitely"; break;
  }
  for (std::size_t i = 0; i < r.ends.size(); ++i) {
    text += (i ? ", " : " or until ") + std::string(r.ends[i].consent_withdrawal ? "withdrawal of " : "") +
            (r.ends[i].consent_withdrawal ? model.consents() : model.events()).node(r.ends[i].node).path;
  }
  if (r.then != model::EndAction::delete_data) text += " then " + std::string(model::name_of(r.then));
  const std::string guard = analysis::guard_text(model, r.guard);
  if (!guard.empty()) text += " " + guard;
  return text;
}

std::string erasure_rule_text(const model::Model& model, const model::Erasure& e) {
  std::string text = "erase " + analysis::selection_text(model.data(), e.data) + " within " + e.within_text +
                     " after " + model.events().node(e.event).path;
  if (!e.store.empty()) text += " in " + e.store;
  const std::string guard = analysis::guard_text(model, e.guard);
  if (!guard.empty()) text += " " + guard;
  return text;
}

}  // namespace proviso::report
