#include "eval/decide.hpp"

namespace proviso::eval {
namespace {

// Word 0 of the subject carries the form bits; the request supplies them,
// so word 0 is passed in already combined and never written back.
inline std::uint64_t word_at(const std::uint64_t* words, std::uint64_t word0, std::uint32_t index) noexcept {
  return index == 0 ? word0 : words[index];
}

inline bool condition_holds(const detail::PolicyData& data, std::uint32_t condition,
                            const std::uint64_t* words, std::uint64_t word0) noexcept {
  if (condition == compile::always) return true;
  const compile::Condition& c = data.conditions[condition];
  const compile::Term* term = data.terms.data() + c.first_term;
  for (std::uint32_t t = 0; t < c.term_count; ++t) {
    const compile::Test* test = data.tests.data() + term[t].first_test;
    bool all = true;
    for (std::uint32_t i = 0; i < term[t].test_count; ++i) {
      const std::uint64_t w = word_at(words, word0, test[i].word);
      if ((w & test[i].set) != test[i].set || (w & test[i].clear) != 0) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

inline const RetentionInfo* retention_of(const detail::PolicyData& data, std::uint32_t data_leaf,
                                         const std::uint64_t* words, std::uint64_t word0) noexcept {
  const compile::Entry* entry = data.retention_entries.data() + data.retention_first[data_leaf];
  const compile::Entry* end = data.retention_entries.data() + data.retention_first[data_leaf + 1];
  for (; entry != end; ++entry) {
    if (condition_holds(data, entry->condition, words, word0)) return &data.retention_infos[entry->rule];
  }
  return nullptr;
}

// The allows of a list: the first that applies decides; when the list
// carries obligations, every applicable allow contributes its own.
inline Decision decide_allows(const detail::PolicyData& data, const compile::List& list, std::uint32_t data_leaf,
                              const std::uint64_t* words, std::uint64_t word0) noexcept {
  const compile::Entry* entry = data.entries.data() + list.first_entry + list.denies;
  const compile::Entry* end = entry + list.allows;
  const compile::Entry* winner = nullptr;
  std::uint64_t obligations = 0;
  for (; entry != end; ++entry) {
    if (!condition_holds(data, entry->condition, words, word0)) continue;
    if (winner == nullptr) {
      winner = entry;
      if (!list.collect_obligations) break;
    }
    obligations |= data.rules[entry->rule].obligations;
    const compile::ConditionalObligation* o = data.conditional_obligations.data() + entry->first_obligation;
    for (std::uint32_t i = 0; i < entry->obligation_count; ++i) {
      if (condition_holds(data, o[i].condition, words, word0)) obligations |= o[i].bit;
    }
  }
  if (winner == nullptr) return DecisionAccess::default_deny();
  return DecisionAccess::allow(data, winner->rule, obligations, retention_of(data, data_leaf, words, word0));
}

// The first deny of a list that applies, if any.
inline const compile::Entry* first_deny(const detail::PolicyData& data, const compile::List& list,
                                        const std::uint64_t* words, std::uint64_t word0) noexcept {
  const compile::Entry* entry = data.entries.data() + list.first_entry;
  for (std::uint32_t i = 0; i < list.denies; ++i) {
    if (condition_holds(data, entry[i].condition, words, word0)) return entry + i;
  }
  return nullptr;
}

}  // namespace

bool holds(const detail::PolicyData& data, std::uint32_t condition, const std::uint64_t* words,
           std::uint64_t word0) noexcept {
  return condition_holds(data, condition, words, word0);
}

Decision decide(const detail::PolicyData& data, std::uint32_t data_leaf, std::uint32_t purpose_leaf,
                std::uint32_t recipient_leaf, Form form, const Subject& subject) noexcept {
  // Anything that does not belong to this policy is denied, never guessed.
  const bool sharing = recipient_leaf != no_recipient;
  if (detail::SubjectAccess::owner(subject) != &data ||
      detail::SubjectAccess::words(subject).size() != data.layout.word_count || data_leaf >= data.data_leaves ||
      purpose_leaf >= data.purpose_leaves || (sharing && recipient_leaf >= data.recipient_leaves) ||
      static_cast<unsigned>(form) >= compile::Layout::form_bits) {
    return DecisionAccess::invalid();
  }
  const std::uint64_t* words = detail::SubjectAccess::words(subject).data();
  const std::uint64_t word0 = words[0] | (std::uint64_t{1} << static_cast<unsigned>(form));
  const std::size_t cell = std::size_t{data_leaf} * data.purpose_leaves + purpose_leaf;

  const compile::List& processing = data.lists[data.cell_lists[cell]];
  if (!sharing) {
    if (const compile::Entry* deny = first_deny(data, processing, words, word0)) {
      return DecisionAccess::deny(data, deny->rule);
    }
    return decide_allows(data, processing, data_leaf, words, word0);
  }
  // Every processing deny also denies sharing. Where the cell has sharing
  // rules, its sharing lists hold those denies too, in precedence order.
  const std::uint32_t table = data.cell_sharing[cell];
  const compile::List& shares =
      table == 0 ? processing
                 : data.lists[data.sharing_tables[std::size_t{table} * data.recipient_leaves + recipient_leaf]];
  if (const compile::Entry* deny = first_deny(data, shares, words, word0)) {
    return DecisionAccess::deny(data, deny->rule);
  }
  if (table == 0) return DecisionAccess::default_deny();
  return decide_allows(data, shares, data_leaf, words, word0);
}

const RetentionInfo* retention(const detail::PolicyData& data, std::uint32_t data_leaf, Form form,
                               const Subject& subject) noexcept {
  if (detail::SubjectAccess::owner(subject) != &data ||
      detail::SubjectAccess::words(subject).size() != data.layout.word_count || data_leaf >= data.data_leaves ||
      static_cast<unsigned>(form) >= compile::Layout::form_bits) {
    return nullptr;
  }
  const std::uint64_t* words = detail::SubjectAccess::words(subject).data();
  return retention_of(data, data_leaf, words, words[0] | (std::uint64_t{1} << static_cast<unsigned>(form)));
}

}  // namespace proviso::eval
