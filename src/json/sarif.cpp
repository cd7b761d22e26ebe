#include "json/sarif.hpp"

#include <nlohmann/json.hpp>

namespace proviso::json {
namespace {

using Json = nlohmann::ordered_json;

constexpr diag::Code all_codes[] = {
#define PROVISO_DIAGNOSTIC(id, code, severity) diag::Code::id,
#include "diag/kinds.def"
#undef PROVISO_DIAGNOSTIC
};

std::string_view level(diag::Severity severity) {
  switch (severity) {
    case diag::Severity::error: return "error";
    case diag::Severity::warning: return "warning";
    case diag::Severity::note: return "note";
  }
  return "error";
}

// "unknown-name" → "UnknownName" (SARIF's reportingDescriptor.name).
std::string pascal_case(std::string_view code) {
  std::string name;
  bool upper = true;
  for (const char c : code) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return name;
}

Json physical_location(const source::SourceManager& sources, const source::Location& location) {
  const source::LineColumn begin = sources.line_column(location.file, location.begin);
  const source::LineColumn end = sources.line_column(location.file, location.end);
  Json artifact;
  const std::string_view path = sources.path(location.file);
  artifact["uri"] = artifact_uri(path);
  if (!path.empty() && path.front() != '/') artifact["uriBaseId"] = "%SRCROOT%";
  Json region;
  region["startLine"] = begin.line;
  region["startColumn"] = begin.column;
  region["endLine"] = end.line;
  region["endColumn"] = end.column;
  Json physical;
  physical["artifactLocation"] = std::move(artifact);
  physical["region"] = std::move(region);
  return physical;
}

}  // namespace

std::string_view code_description(diag::Code code) noexcept {
  using C = diag::Code;
  switch (code) {
    case C::io_error: return "A policy file or an import cannot be read.";
    case C::file_too_large: return "A policy file is larger than Proviso reads safely.";
    case C::invalid_encoding: return "A policy file is not valid UTF-8 text.";
    case C::nesting_too_deep: return "Parentheses or braces nest deeper than the parser allows.";
    case C::syntax_error: return "The text does not follow the grammar of the policy language.";
    case C::too_many_errors: return "So many problems were found that the rest were not listed.";
    case C::integer_out_of_range: return "A number does not fit in 64 bits.";
    case C::import_missing: return "An imported file does not exist.";
    case C::import_cycle: return "Files import each other in a cycle.";
    case C::misplaced_header: return "The `policy` header is not at the start of the entry file.";
    case C::unknown_name: return "A name that is not declared.";
    case C::wrong_kind: return "A name of the wrong kind (a purpose where data is expected, a field in a rule, ...).";
    case C::duplicate_declaration: return "The same full name is declared twice.";
    case C::duplicate_id: return "Two rules have the same @id.";
    case C::reserved_name: return "A reserved word is used as a name.";
    case C::unknown_vocabulary: return "A vocabulary block that the language does not have.";
    case C::limit_exceeded: return "The policy exceeds a size limit of the compiled engine.";
    case C::field_not_leaf: return "A field maps to a data category that is not a leaf.";
    case C::empty_selection: return "A rule's list of names selects nothing.";
    case C::type_mismatch: return "A test or value does not fit the attribute's type.";
    case C::bad_default: return "An attribute's default is not a value of its type.";
    case C::bad_duration: return "A duration is not written as whole numbers of units, largest first.";
    case C::missing_basis: return "An allow or share rule names no lawful basis.";
    case C::unknown_basis: return "A lawful basis that is not one of the six of GDPR Art. 6(1).";
    case C::misplaced_clause: return "A clause that this kind of rule cannot have.";
    case C::missing_recipients: return "A sharing rule names no recipients.";
    case C::missing_attribute: return "A test does not give an attribute that has no default.";
    case C::unknown_annotation: return "An annotation other than @section, @id and @note.";
    case C::duplicate_annotation: return "The same annotation is given twice on one statement.";
    case C::bad_annotation: return "An annotation that is malformed or placed where it means nothing.";
    case C::missing_section: return "A rule with no @section tying it to the legal text.";
    case C::consent_not_required: return "An allow under consent whose condition does not require any consent.";
    case C::basis_conflict: return "Two allows with different lawful bases can apply to the same request.";
    case C::retention_conflict: return "Two retention rules tie and can apply to the same datum.";
    case C::ignores_objection: return "A legitimate-interest allow still allows when the person objects (GDPR Art. 21).";
    case C::no_retention: return "Data that may be processed but that no retention rule covers.";
    case C::unused_declaration: return "A vocabulary name, attribute or event that nothing uses.";
    case C::never_decides: return "A rule whose condition never holds, or an allow that a deny always overrides.";
    case C::analysis_limit: return "A lint could not be decided within its budget.";
  }
  return "A problem in a policy.";
}

std::string artifact_uri(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string uri;
  const bool absolute = !path.empty() && path.front() == '/';
  if (absolute) uri = "file://";
  for (const char raw : path) {
    const auto c = static_cast<unsigned char>(raw);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (c == '\\') {
      uri += '/';
    } else if (unreserved) {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri;
}

std::string diagnostics_to_sarif(const std::vector<DiagnosticSet>& sets, const SarifOptions& options) {
  Json rules = Json::array();
  for (const diag::Code code : all_codes) {
    Json rule;
    rule["id"] = std::string(diag::code_name(code));
    rule["name"] = pascal_case(diag::code_name(code));
    rule["shortDescription"]["text"] = std::string(code_description(code));
    rule["defaultConfiguration"]["level"] = std::string(level(diag::default_severity(code)));
    rules.push_back(std::move(rule));
  }

  Json results = Json::array();
  for (const DiagnosticSet& set : sets) {
    const source::SourceManager& sources = *set.sources;
    for (const diag::Diagnostic& d : *set.diagnostics) {
      Json result;
      result["ruleId"] = std::string(diag::code_name(d.code));
      result["ruleIndex"] = static_cast<std::size_t>(d.code);
      result["level"] = std::string(level(d.severity));
      result["message"]["text"] = d.message;
      Json location;
      location["physicalLocation"] = physical_location(sources, d.location);
      result["locations"] = Json::array({std::move(location)});
      if (!d.notes.empty()) {
        Json related = Json::array();
        int id = 0;
        for (const diag::Note& note : d.notes) {
          Json r;
          r["id"] = id++;
          r["physicalLocation"] = physical_location(sources, note.location);
          r["message"]["text"] = note.message;
          related.push_back(std::move(r));
        }
        result["relatedLocations"] = std::move(related);
      }
      results.push_back(std::move(result));
    }
  }

  Json driver;
  driver["name"] = "proviso";
  driver["version"] = options.tool_version;
  driver["semanticVersion"] = options.tool_version;
  driver["rules"] = std::move(rules);

  Json invocation;
  invocation["executionSuccessful"] = options.notifications.empty();
  if (!options.notifications.empty()) {
    Json notes = Json::array();
    for (const std::string& text : options.notifications) {
      Json n;
      n["level"] = "error";
      n["message"]["text"] = text;
      notes.push_back(std::move(n));
    }
    invocation["toolExecutionNotifications"] = std::move(notes);
  }

  Json run;
  run["tool"]["driver"] = std::move(driver);
  run["invocations"] = Json::array({std::move(invocation)});
  if (!options.root_uri.empty()) run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = options.root_uri;
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  return log.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace proviso::json
