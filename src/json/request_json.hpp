// Requests and decisions as JSON, exactly as shared/design/interfaces.md
// fixes them. The only place, with diagnostics_json, that knows JSON.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "eval/reference.hpp"
#include "proviso/policy.hpp"

namespace proviso::json {

/// A request read from JSON, owning its subject.
struct ParsedRequest {
  Request request;
  std::unique_ptr<Subject> subject;  ///< request.subject points here
  eval::ReferenceRequest reference;  ///< the same request as plain values, for explanations
};

/// Reads one request object: data, purpose, optional recipient and form,
/// optional subject. Unknown names and fields, wrong types and missing
/// fields are errors; nothing is guessed.
Result<ParsedRequest> parse_request(const Policy& policy, std::string_view text);

/// The decision as one line of JSON: decision, basis, obligations,
/// retention, rule, rule_id, section, reason.
std::string decision_to_json(const Policy& policy, const Request& request, const Decision& decision);

/// `{"error": "..."}` as one line.
std::string error_to_json(const std::string& message);

}  // namespace proviso::json
