// Small text helpers the reports share: escaping for HTML, CSV and Markdown,
// naming sets of vocabulary leaves the way a policy author would (the fewest
// categories that cover them), ordering sections, and labelling rules.
// Reports sit at the end of the pipeline: they read the checked Model and
// the analyses, never the compiled tables' internals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace proviso::report {

/// Membership of each leaf of one vocabulary (indexed by leaf index).
using LeafSet = std::vector<bool>;

/// `text` safe in HTML text and in double- or single-quoted attribute values.
std::string html_escape(std::string_view text);

/// One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
/// comma, a quote, or a line break; as is otherwise.
std::string csv_field(std::string_view text);

/// Text safe in one cell of a Markdown table: `|` escaped, line breaks as `<br>`,
/// and `<`, `>`, `&` escaped so the text is never read as HTML.
std::string markdown_cell(std::string_view text);

/// The fewest nodes of `vocabulary` whose leaves are exactly the members of
/// `leaves`, by full path, in preorder: {"account", "billing.history"}.
std::vector<std::string> cover(const model::Vocabulary& vocabulary, const LeafSet& leaves);

/// The members of `leaves` as a policy would name them: "all", "all except
/// technical.cookies" (when that is shorter than a list of three or more), or
/// "account, billing.history"; "nothing" when empty.
std::string cover_text(const model::Vocabulary& vocabulary, const LeafSet& leaves);

/// Every member's full path, in preorder.
std::vector<std::string> leaf_paths(const model::Vocabulary& vocabulary, const LeafSet& leaves);

/// The number of members.
std::size_t count(const LeafSet& leaves);

/// Orders `@section` values as a reader expects: "2" < "10" < "10.1" < "A";
/// an empty section (none given) last.
bool section_less(std::string_view a, std::string_view b);

/// A rule as a reviewer names it: "marketing-communications (§13)", or
/// "rule at file:line:col (§13)" when it has no `@id`.
std::string rule_name(const model::Model& model, const model::Provenance& provenance);

/// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// A retention rule in the policy's own words ("retain billing for 7 years
/// unless form is anonymized"), with durations as written.
std::string retention_rule_text(const model::Model& model, const model::Retention& retention);

/// An erase rule in the policy's own words.
std::string erasure_rule_text(const model::Model& model, const model::Erasure& erasure);

}  // namespace proviso::report
