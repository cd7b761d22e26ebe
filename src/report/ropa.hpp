// The record of processing activities (GDPR Art. 30(1)) generated from a
// checked policy: one activity per purpose leaf and lawful basis that some
// allow (or share) makes possible, with the data processed, the recipients,
// the retention, the conditions and the rules behind it. Rendered as
// Markdown for people and CSV for spreadsheets.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/cells.hpp"
#include "analysis/encoding.hpp"
#include "model/model.hpp"
#include "proviso/policy.hpp"
#include "report/text.hpp"

namespace proviso::report {

/// One processing activity: a purpose, pursued on one lawful basis.
struct Activity {
  std::uint32_t purpose = 0;  ///< purpose leaf index
  Basis basis = Basis::consent;
  LeafSet data;               ///< data leaves the allows let be processed for it (the shares', when no allow serves it)
  LeafSet recipients;         ///< recipient leaves the shares let receive data for it
  /// Retention as decisions report it ("P7Y from collection"; "not stated"),
  /// with the data leaves it applies to, in order of first appearance.
  std::vector<std::pair<std::string, LeafSet>> retention;
  std::vector<std::string> conditions;   ///< the deciding allows' own conditions ("none" when one has none)
  std::vector<std::string> obligations;  ///< what they require, with each obligation's own condition
  std::vector<model::RuleIndex> rules;   ///< the allows and shares that decide, in rule order
};

/// Every activity, by purpose (vocabulary order), then basis (Art. 6(1) order).
std::vector<Activity> processing_activities(analysis::Encoding& encoding, const model::Model& model,
                                            const analysis::CellIndex& cells);

/// What heads the record.
struct RecordHeader {
  std::string controller;   ///< the policy's name
  std::string version;      ///< the policy's version
  std::string fingerprint;  ///< the compiled policy's fingerprint
};

/// The record as a Markdown document: title, controller, provenance note, one table.
std::string ropa_markdown(const model::Model& model, const RecordHeader& header, const std::vector<Activity>& activities);

/// The record as CSV (RFC 4180: a header row, CRLF line ends, quoted where needed);
/// list values are separated by "; ".
std::string ropa_csv(const model::Model& model, const std::vector<Activity>& activities);

/// The record's output formats.
enum class RopaFormat { markdown, csv };

/// The record of a loaded policy, in one format.
std::string ropa(const Policy& policy, RopaFormat format);

}  // namespace proviso::report
