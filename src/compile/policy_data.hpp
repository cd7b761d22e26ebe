// The compiled policy: what Policy::decide() reads, and everything the tools
// need to explain it. Built once by compile(), immutable afterwards, shared
// by every copy of a Policy and every thread.
//
// The hot path reads only the tables in the first half of this struct; they
// are flat arrays of small PODs, so a decision touches a handful of cache
// lines: the cell's list id, the list, its entries, their conditions.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/model.hpp"
#include "proviso/decision.hpp"
#include "proviso/types.hpp"

namespace proviso::compile {

/// One test of a condition term: (word & set) == set && (word & clear) == 0.
struct Test {
  std::uint32_t word = 0;
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

/// An obligation whose requirement has its own condition.
struct ConditionalObligation {
  std::uint64_t bit = 0;
  std::uint32_t condition = always;
};

/// A rule as it applies in one cell: its condition bound to the cell's leaves.
struct Entry {
  std::uint32_t rule = 0;       ///< index into PolicyData::rules
  std::uint32_t condition = always;
  std::uint32_t first_obligation = 0;  ///< into conditional_obligations
  std::uint16_t obligation_count = 0;
  std::uint16_t recipient_specificity = 0;  ///< sharing entries: for explanations
};

/// A cell's rules: `denies` entries, then `allows` entries, each in precedence order.
struct List {
  std::uint32_t first_entry = 0;
  std::uint32_t denies = 0;
  std::uint32_t allows = 0;
  bool collect_obligations = false;  ///< some allow carries obligations: evaluate them all
};
inline constexpr std::uint32_t empty_list = 0;

/// What the hot path needs to know about a rule.
struct RuleCode {
  Effect effect = Effect::deny;
  Basis basis = Basis::consent;
  std::uint64_t obligations = 0;  ///< required whenever the rule applies
};

/// Where an attribute's value lives in the subject's bit vector.
struct AttributeLayout {
  model::AttributeType type = model::AttributeType::boolean;
  std::uint32_t first_bit = 0;
  std::uint32_t bit_count = 0;
  /// Integers: bit i is set when the value is below cuts[i].
  std::vector<std::int64_t> cuts;
};

/// The subject's bit vector: the four form bits, then each attribute.
struct Layout {
  static constexpr std::uint32_t form_bits = 4;  ///< bit f of word 0: the request's form is f
  std::vector<AttributeLayout> attributes;
  std::uint32_t bit_count = form_bits;
  std::uint32_t word_count = 1;
  std::vector<std::uint64_t> defaults;  ///< the encoding of a subject that sets nothing
};

}  // namespace proviso::compile

namespace proviso::detail {

struct PolicyData {
  // ---- the hot path ----------------------------------------------------------
  std::uint32_t data_leaves = 0;
  std::uint32_t purpose_leaves = 0;
  std::uint32_t recipient_leaves = 0;
  std::vector<std::uint32_t> cell_lists;      ///< data * purpose_leaves + purpose → processing list
  std::vector<std::uint32_t> cell_sharing;    ///< same index → sharing table (0: none)
  std::vector<std::uint32_t> sharing_tables;  ///< table * recipient_leaves + recipient → list
  std::vector<compile::List> lists;           ///< lists[0] is the empty list
  std::vector<compile::Entry> entries;
  std::vector<compile::Condition> conditions;  ///< conditions[0] is "always"
  std::vector<compile::Term> terms;
  std::vector<compile::Test> tests;
  std::vector<compile::ConditionalObligation> conditional_obligations;
  std::vector<compile::RuleCode> rules;
  std::vector<std::uint32_t> retention_first;  ///< per data leaf, into retention_entries (size data_leaves + 1)
  std::vector<compile::Entry> retention_entries;  ///< rule = index into retention_infos
  std::vector<std::uint32_t> erasure_first;       ///< per data leaf, into erasure_entries (size data_leaves + 1)
  std::vector<compile::Entry> erasure_entries;    ///< rule = index into model.erasures, most specific first

  // ---- what decisions point at -------------------------------------------------
  std::vector<RuleInfo> rule_infos;            ///< per rule of the model
  std::vector<RetentionInfo> retention_infos;  ///< per retention rule
  std::vector<RuleInfo> erasure_infos;         ///< per erasure rule
  std::vector<std::string> obligation_names;   ///< per obligation leaf, in bit order

  // ---- names and subjects --------------------------------------------------------
  compile::Layout layout;
  std::unordered_map<std::string, std::uint32_t> data_by_name;  ///< data leaves and fields
  std::string fingerprint;

  // ---- the checked model, for explanations and the tools --------------------------
  model::Model model;
};

}  // namespace proviso::detail
