// The compiled policy: what Policy::decide() reads, and everything the tools
// need to explain it. Built once by compile(), immutable afterwards, shared
// by every copy of a Policy and every thread.
//
// The hot path reads only the tables in the first half of this struct; they
// are flat arrays of small PODs, so a decision touches a handful of cache
// lines: the cell (which holds its processing list inline), for a sharing
// question one slot of a sharing table, the lists' entries, their checks.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "compile/specificity.hpp"
#include "model/model.hpp"
#include "proviso/decision.hpp"
#include "proviso/types.hpp"

namespace proviso::compile {

/// One test of a condition term on one word: (word & set) == set && (word & clear) == 0.
/// `bit` is the word's first bit (a multiple of 64): the subject's words
/// first, then the request word (see Layout).
struct Test {
  std::uint32_t bit = 0;
  std::uint64_t set = 0;
  std::uint64_t clear = 0;
};

/// A conjunction of tests.
struct Term {
  std::uint32_t first_test = 0;
  std::uint32_t test_count = 0;
};

/// A disjunction of terms. Condition 0 is "always"; a condition with no terms is "never".
struct Condition {
  std::uint32_t first_term = 0;
  std::uint32_t term_count = 0;
};
inline constexpr std::uint32_t always = 0;

/// One mask test, as in Test, folded into one comparison: the bits of
/// `mask` must read `want` (set bits of Test::set, clear bits of
/// Test::clear). Most conditions are exactly one such test (`age < 16`,
/// `consents has marketing`, `objections has this purpose`).
struct Check {
  std::uint64_t mask = 0;
  std::uint64_t want = 0;
  std::uint32_t word = 0;  ///< the word index (Test::bit / 64)

  static Check of(std::uint64_t set, std::uint64_t clear, std::uint32_t word) noexcept {
    // Contradictory bits (set and clear) can never read as wanted: keep
    // `want` outside `mask` so the comparison always fails.
    if ((set & clear) != 0) return Check{0, 1, word};
    return Check{set | clear, set, word};
  }
  bool holds(std::uint64_t w) const noexcept { return (w & mask) == want; }
};

/// What tests read: the subject's words and the request word. The subject
/// keeps one spare word after its last, so the request word's index can be
/// read from it without a branch and replaced by a select.
struct Probe {
  const std::uint64_t* words = nullptr;
  std::uint32_t request_index = 0;   ///< index of the request word (= the subject's word count)
  std::uint64_t request_word = 0;

  std::uint64_t word(std::uint32_t index) const noexcept {
    // A select by mask, not a conditional load: which word a test reads
    // varies from entry to entry, and a branch on it would mispredict.
    const std::uint64_t request = std::uint64_t{0} - static_cast<std::uint64_t>(index == request_index);
    return (words[index] & ~request) | (request_word & request);
  }

  /// True when a check holds.
  bool passes(const Check& c) const noexcept { return c.holds(word(c.word)); }
  /// True when a test holds.
  bool passes(const Test& t) const noexcept {
    const std::uint64_t w = word(t.bit >> 6);
    return ((w & t.set) == t.set) & ((w & t.clear) == 0);
  }
};

/// How an entry's condition is found: an index into `checks` (check 0 is the
/// empty test, "always"), or, with this bit set, an index into `conditions`
/// for the rare condition that needs several tests.
inline constexpr std::uint32_t compiled_condition = 0x8000'0000u;

/// An obligation whose requirement has its own condition.
struct ConditionalObligation {
  std::uint64_t bit = 0;
  std::uint32_t condition = 0;  ///< a check reference, as in Entry
};

/// A rule as it applies in one cell: the rule and its condition bound to
/// the cell's leaves. Eight bytes, so a cell's rules share a cache line.
struct Entry {
  std::uint32_t rule = 0;   ///< index into PolicyData::rules (or retention / erasure rules)
  std::uint32_t check = 0;  ///< see compiled_condition
};

/// A cell's rules: `denies` entries, then `allows` entries, each in
/// precedence order, starting at `first_entry`. Eight bytes, stored inline
/// in the cell and in sharing tables, so finding a list costs no extra load.
struct List {
  static constexpr std::uint32_t max_denies = UINT16_MAX;
  static constexpr std::uint32_t max_allows = 0x7FFF;

  std::uint32_t first_entry = 0;
  std::uint16_t denies = 0;
  std::uint16_t allows_and_flag = 0;  ///< the allows; the top bit: some allow carries obligations

  std::uint32_t allows() const noexcept { return allows_and_flag & max_allows; }
  std::uint32_t size() const noexcept { return std::uint32_t{denies} + allows(); }
  bool obligations() const noexcept { return (allows_and_flag >> 15) != 0; }
};

/// A (data leaf, purpose leaf) cell: the rules a processing question reads,
/// and which sharing table a sharing question reads.
struct Cell {
  List processing;
  std::uint32_t sharing = 0;  ///< table index into sharing_tables (0: no sharing rules)
};

/// What the hot path needs to know about a rule. Sixteen bytes.
struct RuleCode {
  std::uint64_t obligations = 0;  ///< required whenever the rule applies
  /// Its obligations with a condition of their own: conditional_obligations
  /// [first_conditional, first_conditional + conditional_count).
  std::uint32_t first_conditional = 0;
  std::uint16_t conditional_count = 0;
  Effect effect = Effect::deny;
  Basis basis = Basis::consent;
};

/// Where an attribute's value lives in the subject's bit vector.
struct AttributeLayout {
  model::AttributeType type = model::AttributeType::boolean;
  std::uint32_t first_bit = 0;
  std::uint32_t bit_count = 0;
  /// Integers: bit i is set when the value is below cuts[i].
  std::vector<std::int64_t> cuts;
};

/// Which part of the request a `has this ...` test reads.
enum class RequestPart : std::uint8_t { data, purpose, recipient };

/// A bit of the request word that depends on the request: the subject's
/// bit `base + leaf`, where leaf is the request's leaf of `part` (this is
/// how `objections has this purpose` becomes a plain mask test).
struct RequestBit {
  std::uint32_t base = 0;
  RequestPart part = RequestPart::purpose;
};

/// The bits a decision tests: the subject's words (each attribute in
/// turn), then one request word, computed per request: bit f is the
/// request's form f, and bit form_bits + k is request_bits[k].
struct Layout {
  static constexpr std::uint32_t form_bits = 4;
  static constexpr std::uint32_t max_request_bits = 64 - form_bits;
  std::vector<AttributeLayout> attributes;
  std::uint32_t bit_count = 0;   ///< the subject's bits
  std::uint32_t word_count = 0;  ///< the subject's words; the request word comes next
  std::vector<RequestBit> request_bits;
  std::vector<std::uint64_t> defaults;  ///< the encoding of a subject that sets nothing
};

}  // namespace proviso::compile

namespace proviso::detail {

struct PolicyData {
  // ---- the hot path ----------------------------------------------------------
  std::uint32_t data_leaves = 0;
  std::uint32_t purpose_leaves = 0;
  std::uint32_t recipient_leaves = 0;
  std::vector<compile::Cell> cells;  ///< data * purpose_leaves + purpose
  /// table * recipient_leaves + recipient → the `share` and `deny share`
  /// rules for that recipient. A sharing question also reads the cell's
  /// processing denies (every processing deny denies sharing too), so tables
  /// do not depend on them and are shared by every cell with the same
  /// sharing rules.
  std::vector<compile::List> sharing_tables;
  std::vector<compile::Entry> entries;
  std::vector<compile::Check> checks;          ///< checks[0] is "always"
  std::vector<compile::Condition> conditions;  ///< conditions[0] is "always"
  std::vector<compile::Term> terms;
  std::vector<compile::Test> tests;
  std::vector<compile::ConditionalObligation> conditional_obligations;
  std::vector<compile::RuleCode> rules;
  std::vector<std::uint32_t> retention_first;  ///< per data leaf, into retention_entries (size data_leaves + 1)
  std::vector<compile::Entry> retention_entries;  ///< rule = index into retention_infos
  std::vector<std::uint32_t> erasure_first;       ///< per data leaf, into erasure_entries (size data_leaves + 1)
  std::vector<compile::Entry> erasure_entries;    ///< rule = index into model.erasures, most specific first
  /// Read when a processing deny and a sharing deny both apply, to say which
  /// one decides (the more specific).
  compile::SpecificityTable specificity;

  // ---- what decisions point at -------------------------------------------------
  std::vector<RuleInfo> rule_infos;            ///< per rule of the model
  std::vector<RetentionInfo> retention_infos;  ///< per retention rule
  std::vector<RuleInfo> erasure_infos;         ///< per erasure rule
  std::vector<std::string> obligation_names;   ///< per obligation leaf, in bit order

  // ---- names and subjects --------------------------------------------------------
  compile::Layout layout;
  std::unordered_map<std::string, std::uint32_t> data_by_name;  ///< data leaves and fields
  std::string fingerprint;
  /// Identifies these compiled tables in ids and subjects (never 0): taken
  /// from the fingerprint, so reloading the same policy keeps ids valid and
  /// ids from any other policy are refused.
  std::uint64_t stamp = 0;

  // ---- the checked model, for explanations and the tools --------------------------
  model::Model model;

  /// The bytes of the tables decisions read (not the names, the infos or the model).
  std::size_t table_bytes() const noexcept {
    const auto bytes = [](const auto& v) { return v.size() * sizeof(v[0]); };
    return bytes(cells) + bytes(sharing_tables) + bytes(entries) + bytes(checks) + bytes(conditions) + bytes(terms) +
           bytes(tests) + bytes(conditional_obligations) + bytes(rules) + bytes(retention_first) +
           bytes(retention_entries) + bytes(erasure_first) + bytes(erasure_entries);
  }
};

}  // namespace proviso::detail
