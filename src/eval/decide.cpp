#include "eval/decide.hpp"

#include <algorithm>
#include <bit>

namespace proviso::eval {
namespace {

using compile::Probe;

inline bool condition_holds(const detail::PolicyData& data, std::uint32_t condition, const Probe& probe) noexcept {
  const compile::Condition& c = data.conditions[condition];
  const compile::Term* term = data.terms.data() + c.first_term;
  for (std::uint32_t t = 0; t < c.term_count; ++t) {
    const compile::Test* test = data.tests.data() + term[t].first_test;
    bool all = true;
    for (std::uint32_t i = 0; i < term[t].test_count && all; ++i) all = probe.passes(test[i]);
    if (all) return true;
  }
  return false;
}

// A condition reference (see compile::compiled_condition): nearly always a
// single check, tested without a branch on its outcome.
inline bool check_holds(const detail::PolicyData& data, const compile::Check* checks, std::uint32_t ref,
                        const Probe& probe) noexcept {
  if (ref & compile::compiled_condition) [[unlikely]] {
    return condition_holds(data, ref & ~compile::compiled_condition, probe);
  }
  return probe.passes(checks[ref]);
}

inline const RetentionInfo* retention_of(const detail::PolicyData& data, std::uint32_t data_leaf,
                                         const Probe& probe) noexcept {
  const compile::Check* checks = data.checks.data();
  const compile::Entry* entry = data.retention_entries.data() + data.retention_first[data_leaf];
  const compile::Entry* end = data.retention_entries.data() + data.retention_first[data_leaf + 1];
  for (; entry != end; ++entry) {
    if (check_holds(data, checks, entry->check, probe)) return &data.retention_infos[entry->rule];
  }
  return nullptr;
}

// The obligations of one applying allow: its unconditional ones, and those
// whose own condition holds.
inline std::uint64_t obligations_of(const detail::PolicyData& data, std::size_t entry_index,
                                    const Probe& probe) noexcept {
  std::uint64_t obligations = data.rules[data.entries[entry_index].rule].obligations;
  const compile::EntryObligations& own = data.entry_obligations[entry_index];
  const compile::ConditionalObligation* o = data.conditional_obligations.data() + own.first;
  for (std::uint32_t i = 0; i < own.count; ++i) {
    if (check_holds(data, data.checks.data(), o[i].condition, probe)) obligations |= o[i].bit;
  }
  return obligations;
}

// The long way, for lists of more than 64 entries (only in very large
// policies): entry by entry.
Decision decide_long_list(const detail::PolicyData& data, std::uint32_t list_index, std::uint32_t data_leaf,
                          const Probe& probe) noexcept {
  const compile::List& list = data.lists[list_index];
  const compile::Check* checks = data.checks.data();
  const compile::Entry* entries = data.entries.data() + list.first_entry;
  for (std::uint32_t i = 0; i < list.denies; ++i) {
    if (check_holds(data, checks, entries[i].check, probe)) return DecisionAccess::deny(data, entries[i].rule);
  }
  const std::uint32_t total = std::uint32_t{list.denies} + list.allows;
  for (std::uint32_t i = list.denies; i < total; ++i) {
    if (!check_holds(data, checks, entries[i].check, probe)) continue;
    std::uint64_t obligations = 0;
    if (data.list_obligations[list_index]) {
      for (std::uint32_t k = i; k < total; ++k) {
        if (check_holds(data, checks, entries[k].check, probe)) {
          obligations |= obligations_of(data, list.first_entry + k, probe);
        }
      }
    }
    return DecisionAccess::allow(data, entries[i].rule, obligations, retention_of(data, data_leaf, probe));
  }
  return DecisionAccess::default_deny();
}

// Decides from a list: the first applying deny, else the first applying
// allow (lists are in precedence order), with the obligations of every
// applying allow when the list carries any. Entries are tested four at a
// time and without early exit: with random requests each test's outcome is
// unpredictable, and a mispredicted branch costs more than the mask tests
// it would skip. Entries past the list's end exist (the table ends with
// never-true ones) and are masked off.
inline Decision decide_list(const detail::PolicyData& data, std::uint32_t list_index, std::uint32_t data_leaf,
                            const Probe& probe) noexcept {
  const compile::List list = data.lists[list_index];
  const std::uint32_t total = std::uint32_t{list.denies} + list.allows;
  if (total > 64) [[unlikely]] {
    return decide_long_list(data, list_index, data_leaf, probe);
  }
  const compile::Check* checks = data.checks.data();
  const compile::Entry* entries = data.entries.data() + list.first_entry;
  std::uint64_t bits = 0;
  for (std::uint32_t i = 0; i < total; i += 4) {
    bits |= (std::uint64_t{check_holds(data, checks, entries[i].check, probe)} << i) |
            (std::uint64_t{check_holds(data, checks, entries[i + 1].check, probe)} << (i + 1)) |
            (std::uint64_t{check_holds(data, checks, entries[i + 2].check, probe)} << (i + 2)) |
            (std::uint64_t{check_holds(data, checks, entries[i + 3].check, probe)} << (i + 3));
  }
  const std::uint64_t live = total == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << total) - 1;
  const std::uint64_t deny_mask = list.denies == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << list.denies) - 1;
  bits &= live;
  if (const std::uint64_t denies = bits & deny_mask) {
    return DecisionAccess::deny(data, entries[std::countr_zero(denies)].rule);
  }
  std::uint64_t allows = bits & ~deny_mask;
  if (allows == 0) return DecisionAccess::default_deny();
  const compile::Entry& winner = entries[std::countr_zero(allows)];
  std::uint64_t obligations = 0;
  if (data.list_obligations[list_index]) {
    for (; allows != 0; allows &= allows - 1) {
      obligations |= obligations_of(data, list.first_entry + static_cast<std::uint32_t>(std::countr_zero(allows)), probe);
    }
  }
  return DecisionAccess::allow(data, winner.rule, obligations, retention_of(data, data_leaf, probe));
}

// The request word: the form's bit, and the subject's bits that `has this
// ...` tests read for this request's leaves.
inline Probe make_probe(const detail::PolicyData& data, const Subject& subject, Form form, std::uint32_t data_leaf,
                        std::uint32_t purpose_leaf, std::uint32_t recipient_leaf) noexcept {
  Probe p;
  p.words = detail::SubjectAccess::words(subject);
  p.request_index = data.layout.word_count;
  std::uint64_t request = std::uint64_t{1} << static_cast<unsigned>(form);
  // Indexed by RequestPart; a processing question has no recipient, so a
  // recipient's bit reads leaf 0 and is masked off.
  const bool has_recipient = recipient_leaf != no_recipient;
  const std::uint32_t leaves[3] = {data_leaf, purpose_leaf, has_recipient ? recipient_leaf : 0};
  const auto& bits = data.layout.request_bits;
  for (std::size_t k = 0; k < bits.size(); ++k) {
    const auto part = static_cast<std::size_t>(bits[k].part);
    const std::uint32_t bit = bits[k].base + leaves[part];
    const std::uint64_t value = (p.words[bit >> 6] >> (bit & 63)) & 1u &
                                static_cast<std::uint64_t>(has_recipient || bits[k].part != compile::RequestPart::recipient);
    request |= value << (compile::Layout::form_bits + k);
  }
  p.request_word = request;
  return p;
}

inline bool valid_subject(const detail::PolicyData& data, const Subject& subject) noexcept {
  return detail::SubjectAccess::policy(subject) == data.stamp &&
         detail::SubjectAccess::word_count(subject) == data.layout.word_count;
}

}  // namespace

Probe probe(const detail::PolicyData& data, const Subject& subject, Form form, std::uint32_t data_leaf,
            std::uint32_t purpose_leaf, std::uint32_t recipient_leaf) noexcept {
  return make_probe(data, subject, form, data_leaf, purpose_leaf, recipient_leaf);
}

bool holds(const detail::PolicyData& data, std::uint32_t condition, const Probe& probe) noexcept {
  return condition == compile::always || condition_holds(data, condition, probe);
}

bool entry_applies(const detail::PolicyData& data, const compile::Entry& entry, const Probe& probe) noexcept {
  return check_holds(data, data.checks.data(), entry.check, probe);
}

Decision decide(const detail::PolicyData& data, std::uint32_t data_leaf, std::uint32_t purpose_leaf,
                std::uint32_t recipient_leaf, Form form, const Subject& subject) noexcept {
  // Anything that does not belong to this policy is denied, never guessed.
  const bool sharing = recipient_leaf != no_recipient;
  if (!valid_subject(data, subject) || data_leaf >= data.data_leaves || purpose_leaf >= data.purpose_leaves ||
      (sharing && recipient_leaf >= data.recipient_leaves) ||
      static_cast<unsigned>(form) >= compile::Layout::form_bits) [[unlikely]] {
    return DecisionAccess::invalid();
  }
  const Probe p = make_probe(data, subject, form, data_leaf, purpose_leaf, sharing ? recipient_leaf : no_recipient);
  const compile::Cell cell = data.cells[std::size_t{data_leaf} * data.purpose_leaves + purpose_leaf];
  // A processing question reads the cell's list; a sharing question the
  // cell's list for that recipient (which holds the processing denies too:
  // every processing deny also denies sharing). Both are looked up and one
  // is picked, rather than branching on which question it is.
  const std::uint32_t recipients = std::max(1u, data.recipient_leaves);
  const std::uint32_t shared = data.sharing_tables[std::size_t{cell.sharing} * recipients + (sharing ? recipient_leaf : 0)];
  return decide_list(data, sharing ? shared : cell.processing, data_leaf, p);
}

const RetentionInfo* retention(const detail::PolicyData& data, std::uint32_t data_leaf, Form form,
                               const Subject& subject) noexcept {
  if (!valid_subject(data, subject) || data_leaf >= data.data_leaves ||
      static_cast<unsigned>(form) >= compile::Layout::form_bits) {
    return nullptr;
  }
  return retention_of(data, data_leaf, make_probe(data, subject, form, data_leaf, 0, no_recipient));
}

}  // namespace proviso::eval
