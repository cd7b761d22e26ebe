#include "api/diagnostics.hpp"

namespace proviso::api {
namespace {

SourcePosition position(const source::SourceManager& sources, source::FileId file, std::uint32_t offset) {
  if (file >= sources.size()) return {};
  const source::LineColumn at = sources.line_column(file, offset);
  return {std::string(sources.path(file)), at.line, at.column};
}

Severity severity(diag::Severity s) {
  switch (s) {
    case diag::Severity::note: return Severity::note;
    case diag::Severity::warning: return Severity::warning;
    case diag::Severity::error: return Severity::error;
  }
  return Severity::error;
}

}  // namespace

std::vector<Diagnostic> to_public(const std::vector<diag::Diagnostic>& diagnostics,
                                  const source::SourceManager& sources) {
  std::vector<Diagnostic> result;
  result.reserve(diagnostics.size());
  for (const diag::Diagnostic& d : diagnostics) {
    Diagnostic out;
    out.severity = severity(d.severity);
    out.code = std::string(diag::code_name(d.code));
    out.message = d.message;
    out.position = position(sources, d.location.file, d.location.begin);
    out.end = position(sources, d.location.file, d.location.end);
    for (const diag::Note& note : d.notes) {
      out.notes.push_back({position(sources, note.location.file, note.location.begin), note.message});
    }
    if (d.location.file < sources.size()) out.rendered = diag::render_text({d}, sources);
    result.push_back(std::move(out));
  }
  return result;
}

}  // namespace proviso::api

namespace proviso {

std::string to_string(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    if (!d.rendered.empty()) {
      text += d.rendered;
    } else {
      text += (d.position.file.empty() ? std::string("proviso") : d.position.file) + ": " +
              (d.severity == Severity::error ? "error: " : "warning: ") + d.message + " [" + d.code + "]\n";
    }
  }
  return text;
}

}  // namespace proviso
