#include "diag/diagnostic.hpp"

#include <algorithm>
#include <array>

namespace proviso::diag {
namespace {

struct KindInfo {
  std::string_view name;
  Severity severity;
};

constexpr Severity error = Severity::error;
constexpr Severity warning = Severity::warning;

constexpr std::array kind_table = {
#define PROVISO_DIAGNOSTIC(id, code, severity) KindInfo{code, severity},
#include "diag/kinds.def"
#undef PROVISO_DIAGNOSTIC
};

}  // namespace

std::string_view code_name(Code code) noexcept {
  return kind_table[static_cast<std::size_t>(code)].name;
}

Severity default_severity(Code code) noexcept {
  return kind_table[static_cast<std::size_t>(code)].severity;
}

std::string_view severity_name(Severity severity) noexcept {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

Diagnostic& Diagnostics::report(Code code, source::Location location, std::string message) {
  if (default_severity(code) == Severity::error) ++errors_;
  if (items_.size() >= limit) {
    if (dropped_++ == 0) {
      Diagnostic& last = items_.emplace_back();
      last.code = Code::too_many_errors;
      last.severity = default_severity(code);
      last.location = location;
      last.message = "too many problems; only the first " + std::to_string(limit) + " are shown";
    }
    overflow_ = Diagnostic{};
    return overflow_;
  }
  // A message quoting megabytes of input helps nobody.
  constexpr std::size_t longest = 2000;
  if (message.size() > longest) message = message.substr(0, longest) + "...";
  Diagnostic& d = items_.emplace_back();
  d.code = code;
  d.severity = default_severity(code);
  d.location = location;
  d.message = std::move(message);
  return d;
}

void Diagnostics::sort_by_location() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    if (a.location.begin != b.location.begin) return a.location.begin < b.location.begin;
    return a.code < b.code;
  });
}

}  // namespace proviso::diag
