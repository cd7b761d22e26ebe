#include "json/diff_json.hpp"

#include <nlohmann/json.hpp>

namespace proviso::json {

std::string diff_to_json(const analysis::DiffResult& result) {
  using nlohmann::ordered_json;
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
    ordered_json requests = ordered_json::array();
    for (const analysis::ShapeChange& d : g.details) {
      ordered_json shape{{"data", d.shape.data}, {"purpose", d.shape.purpose}};
      if (!d.shape.recipient.empty()) shape["recipient"] = d.shape.recipient;
      shape["before"] = outcome(d.before);
      shape["after"] = outcome(d.after);
      shape["when"] = d.condition;
      requests.push_back(std::move(shape));
    }
    if (g.details.empty()) {
      for (const analysis::ShapeName& s : g.shapes) {
        ordered_json shape{{"data", s.data}, {"purpose", s.purpose}};
        if (!s.recipient.empty()) shape["recipient"] = s.recipient;
        requests.push_back(std::move(shape));
      }
    }
    c["requests"] = std::move(requests);
    changes.push_back(std::move(c));
  }
  out["changes"] = std::move(changes);
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace proviso::json
