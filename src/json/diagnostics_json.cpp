#include "json/diagnostics_json.hpp"

#include <nlohmann/json.hpp>

namespace proviso::json {
namespace {

nlohmann::ordered_json located(const source::SourceManager& sources, const source::Location& location) {
  const source::LineColumn begin = sources.line_column(location.file, location.begin);
  const source::LineColumn end = sources.line_column(location.file, location.end);
  nlohmann::ordered_json object;
  object["file"] = std::string(sources.path(location.file));
  object["line"] = begin.line;
  object["column"] = begin.column;
  object["end_line"] = end.line;
  object["end_column"] = end.column;
  return object;
}

}  // namespace

std::string diagnostics_to_json(const std::vector<DiagnosticSet>& sets) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const DiagnosticSet& set : sets) {
    const source::SourceManager& sources = *set.sources;
    for (const diag::Diagnostic& d : *set.diagnostics) {
      nlohmann::ordered_json object = located(sources, d.location);
      object["severity"] = std::string(diag::severity_name(d.severity));
      object["code"] = std::string(diag::code_name(d.code));
      object["message"] = d.message;
      nlohmann::ordered_json notes = nlohmann::ordered_json::array();
      for (const diag::Note& note : d.notes) {
        nlohmann::ordered_json n = located(sources, note.location);
        n["message"] = note.message;
        notes.push_back(std::move(n));
      }
      object["notes"] = std::move(notes);
      array.push_back(std::move(object));
    }
  }
  // Invalid UTF-8 cannot reach here (the prescan rejects it), but replace
  // rather than throw if it ever does.
  return array.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace proviso::json
