#include "json/diff_json.hpp"

#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

namespace proviso::json {
namespace {

using nlohmann::ordered_json;

// Request shapes as few blocks as an exact cover allows, each every
// combination of its data, purposes and (for sharing questions) recipients:
// shapes with the same data are gathered by purpose, and purposes with the
// same recipients share a block.
ordered_json shape_blocks(const std::vector<analysis::ShapeName>& shapes) {
  using Names = std::set<std::string>;
  ordered_json blocks = ordered_json::array();
  for (const bool sharing : {false, true}) {
    std::map<std::pair<std::string, std::string>, Names> data_of;  // (purpose, recipient) -> data
    for (const analysis::ShapeName& s : shapes) {
      if (s.recipient.empty() == sharing) continue;
      data_of[{s.purpose, s.recipient}].insert(s.data);
    }
    std::map<Names, std::map<std::string, Names>> cells;  // data -> purpose -> recipients
    for (const auto& [pair, data] : data_of) cells[data][pair.first].insert(pair.second);
    for (const auto& [data, purposes] : cells) {
      std::map<Names, Names> by_recipients;  // recipients -> purposes
      for (const auto& [purpose, recipients] : purposes) by_recipients[recipients].insert(purpose);
      for (const auto& [recipients, purpose_names] : by_recipients) {
        ordered_json block;
        block["data"] = std::vector<std::string>(data.begin(), data.end());
        block["purposes"] = std::vector<std::string>(purpose_names.begin(), purpose_names.end());
        if (sharing) block["recipients"] = std::vector<std::string>(recipients.begin(), recipients.end());
        blocks.push_back(std::move(block));
      }
    }
  }
  return blocks;
}

}  // namespace

std::string diff_to_json(const analysis::DiffResult& result) {
  ordered_json out;
  out["before"] = result.before_name;
  out["after"] = result.after_name;
  out["broadening"] = result.broadening();
  out["summary"] = analysis::diff_summary(result);
  out["shapes_compared"] = result.shapes_compared;
  out["shapes_changed"] = result.shapes_changed;
  ordered_json vocabulary = ordered_json::array();
  for (const analysis::VocabularyChange& v : result.vocabulary) {
    vocabulary.push_back({{"kind", v.kind}, {"name", v.name}, {"change", v.added ? "added" : "removed"}});
  }
  out["vocabulary"] = std::move(vocabulary);
  const auto outcome = [](const analysis::Outcome& o) {
    ordered_json j;
    j["decision"] = std::string(name_of(o.effect));
    if (o.basis) j["basis"] = std::string(name_of(*o.basis));
    if (o.effect == Effect::allow) j["obligations"] = o.obligations;
    if (!o.retention.empty()) j["retention"] = o.retention;
    return j;
  };
  ordered_json rules = ordered_json::array();
  for (const analysis::RuleChange& change : result.rules) {
    ordered_json r;
    r["change"] = change.kind == analysis::RuleChange::Kind::changed ? "changed"
                  : change.kind == analysis::RuleChange::Kind::added ? "added"
                                                                      : "removed";
    r["rule"] = change.label;
    r["rule_kind"] = change.rule_kind;
    if (!change.before_text.empty()) r["before"] = change.before_text;
    if (!change.after_text.empty()) r["after"] = change.after_text;
    if (!change.before_location.empty()) r["before_location"] = change.before_location;
    if (!change.after_location.empty()) r["after_location"] = change.after_location;
    rules.push_back(std::move(r));
  }
  out["rules"] = std::move(rules);
  const auto headline = [](Effect effect, const std::optional<Basis>& basis) {
    ordered_json j;
    j["decision"] = std::string(name_of(effect));
    if (basis) j["basis"] = std::string(name_of(*basis));
    return j;
  };
  ordered_json changes = ordered_json::array();
  for (const analysis::ChangeGroup& g : result.groups) {
    ordered_json c;
    c["kind"] = g.broadening() ? "broadening" : g.narrowing() ? "narrowing" : "terms";
    c["before"] = headline(g.before_effect, g.before_basis);
    c["after"] = headline(g.after_effect, g.after_basis);
    c["because"] = g.causes;
    c["when"] = g.condition;
    c["variants"] = g.variants;
    // Request shapes that change alike are listed together, with the exact
    // changes they share (outcome before and after, and for whom): a broad
    // edit repeats the same few changes over thousands of shapes.
    std::map<std::tuple<analysis::Outcome, analysis::Outcome, std::string>, std::size_t> case_index;
    std::vector<const analysis::ShapeChange*> cases;
    std::map<analysis::ShapeName, std::vector<std::size_t>> cases_of;
    std::vector<analysis::ShapeName> order;  // shapes as first listed
    for (const analysis::ShapeChange& d : g.details) {
      const auto [it, inserted] = case_index.try_emplace({d.before, d.after, d.condition}, cases.size());
      if (inserted) cases.push_back(&d);
      auto& mine = cases_of[d.shape];
      if (mine.empty()) order.push_back(d.shape);
      mine.push_back(it->second);
    }
    std::map<std::vector<std::size_t>, std::size_t> alike;  // the cases -> their entry
    std::vector<std::vector<analysis::ShapeName>> shapes_alike;
    std::vector<const std::vector<std::size_t>*> cases_alike;
    for (const analysis::ShapeName& shape : order) {
      const std::vector<std::size_t>& mine = cases_of[shape];
      const auto [it, inserted] = alike.try_emplace(mine, shapes_alike.size());
      if (inserted) {
        shapes_alike.emplace_back();
        cases_alike.push_back(&it->first);
      }
      shapes_alike[it->second].push_back(shape);
    }
    ordered_json requests = ordered_json::array();
    for (std::size_t i = 0; i < shapes_alike.size(); ++i) {
      ordered_json entry;
      entry["shapes"] = shape_blocks(shapes_alike[i]);
      ordered_json changes_of = ordered_json::array();
      for (const std::size_t k : *cases_alike[i]) {
        changes_of.push_back({{"before", outcome(cases[k]->before)},
                              {"after", outcome(cases[k]->after)},
                              {"when", cases[k]->condition}});
      }
      entry["cases"] = std::move(changes_of);
      requests.push_back(std::move(entry));
    }
    if (g.details.empty()) requests.push_back({{"shapes", shape_blocks(g.shapes)}});
    c["requests"] = std::move(requests);
    changes.push_back(std::move(c));
  }
  out["changes"] = std::move(changes);
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace proviso::json
