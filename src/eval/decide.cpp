#include "eval/decide.hpp"

#include <algorithm>
#include <bit>
#include <tuple>
#include <type_traits>

namespace proviso::eval {
namespace {

using compile::Probe;

// The words a decision's tests read, side by side in one small array: the
// subject's words, then the request word. A test is then a single load
// whichever word it reads. Subjects with more words than fit here (over
// 960 bits, only in very large vocabularies) are read through Probe, which
// picks the request word by a select instead.
struct LocalWords {
  static constexpr std::uint32_t capacity = 16;
  std::uint64_t words[capacity];

  bool passes(const compile::Check& c) const noexcept { return c.holds(words[c.word]); }
  bool passes(const compile::Test& t) const noexcept {
    const std::uint64_t w = words[t.bit >> 6];
    return ((w & t.set) == t.set) & ((w & t.clear) == 0);
  }
};

// The `count` lowest bits (count <= 64).
constexpr std::uint64_t low_bits(std::uint32_t count) noexcept {
  return count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
}

template <typename Words>
bool condition_holds(const detail::PolicyData& data, std::uint32_t condition, const Words& words) noexcept {
  const compile::Condition& c = data.conditions[condition];
  const compile::Term* term = data.terms.data() + c.first_term;
  for (std::uint32_t t = 0; t < c.term_count; ++t) {
    const compile::Test* test = data.tests.data() + term[t].first_test;
    bool all = true;
    for (std::uint32_t i = 0; i < term[t].test_count && all; ++i) all = words.passes(test[i]);
    if (all) return true;
  }
  return false;
}

// A condition reference (see compile::compiled_condition): nearly always a
// single check, tested without a branch on its outcome.
template <typename Words>
[[gnu::always_inline]] inline bool check_holds(const detail::PolicyData& data, const compile::Check* checks, std::uint32_t ref,
                        const Words& words) noexcept {
  if (ref & compile::compiled_condition) [[unlikely]] {
    return condition_holds(data, ref & ~compile::compiled_condition, words);
  }
  return words.passes(checks[ref]);
}

template <typename Words>
inline const RetentionInfo* retention_of(const detail::PolicyData& data, std::uint32_t data_leaf,
                                         const Words& words) noexcept {
  const compile::Check* checks = data.checks.data();
  const compile::Entry* entry = data.retention_entries.data() + data.retention_first[data_leaf];
  const compile::Entry* end = data.retention_entries.data() + data.retention_first[data_leaf + 1];
  for (; entry != end; ++entry) {
    if (check_holds(data, checks, entry->check, words)) return &data.retention_infos[entry->rule];
  }
  return nullptr;
}

// The obligations of one applying allow: its unconditional ones, and those
// whose own condition holds.
template <typename Words>
inline std::uint64_t obligations_of(const detail::PolicyData& data, std::size_t entry_index,
                                    const Words& words) noexcept {
  const compile::RuleCode& rule = data.rules[data.entries[entry_index].rule];
  std::uint64_t obligations = rule.obligations;
  const compile::ConditionalObligation* o = data.conditional_obligations.data() + rule.first_conditional;
  for (std::uint32_t i = 0; i < rule.conditional_count; ++i) {
    if (check_holds(data, data.checks.data(), o[i].condition, words)) obligations |= o[i].bit;
  }
  return obligations;
}

// What a decision is about, in leaves.
struct Question {
  std::uint32_t data_leaf;
  std::uint32_t purpose_leaf;
  std::uint32_t recipient_leaf;  ///< no_recipient for processing
};

// True when `processing_deny`, a processing deny, takes precedence over
// `share_deny`, a `deny share` rule, for this question: the more specific
// decides (data, then purpose, then recipient, which only the share rule
// names), then the one written first. Read only when both apply.
bool precedes(const detail::PolicyData& data, std::uint32_t processing_deny, std::uint32_t share_deny,
              const Question& q) noexcept {
  using compile::Axis;
  const compile::SpecificityTable& s = data.specificity;
  const auto key = [&](std::uint32_t rule, std::uint32_t recipient) {
    return std::tuple(s.of(rule, Axis::data, q.data_leaf), s.of(rule, Axis::purpose, q.purpose_leaf), recipient, ~rule);
  };
  return key(processing_deny, 0) > key(share_deny, s.of(share_deny, Axis::recipient, q.recipient_leaf));
}

// What a decision reads: the list of its question (the cell's processing
// list, or the sharing table's list for the recipient), and for a sharing
// question the cell's processing denies, which deny sharing too.
struct Lists {
  compile::List own;
  std::uint32_t outer_first = 0;   ///< the processing list's first entry
  std::uint32_t outer_denies = 0;  ///< its denies, for a sharing question; else 0
};

// The deny that decides, given the first applying deny of the own list and
// of the outer processing denies (UINT32_MAX: none; not both).
Decision deny(const detail::PolicyData& data, std::uint32_t own_rule, std::uint32_t outer_rule,
              const Question& q) noexcept {
  if (own_rule == UINT32_MAX) return DecisionAccess::deny(data, outer_rule);
  if (outer_rule != UINT32_MAX && precedes(data, outer_rule, own_rule, q)) return DecisionAccess::deny(data, outer_rule);
  return DecisionAccess::deny(data, own_rule);
}

// An allow decides: entry `winner` of the own list, with the obligations of
// every applying allow (`applying` visits their entry numbers) when the
// list carries any, and the datum's retention.
template <typename Words, typename EachApplyingAllow>
inline Decision allow(const detail::PolicyData& data, const compile::List& own, std::uint32_t winner,
                      std::uint32_t data_leaf, const Words& words, EachApplyingAllow&& applying) noexcept {
  std::uint64_t obligations = 0;
  if (own.obligations()) {
    applying([&](std::uint32_t entry) { obligations |= obligations_of(data, own.first_entry + entry, words); });
  }
  return DecisionAccess::allow(data, data.entries[own.first_entry + winner].rule, obligations,
                               retention_of(data, data_leaf, words));
}

// The long way, for lists of more than 64 entries (only in very large
// policies): entry by entry.
template <typename Words>
Decision decide_long(const detail::PolicyData& data, const Lists& lists, const Question& q,
                     const Words& words) noexcept {
  const compile::Check* checks = data.checks.data();
  const auto first_applying = [&](std::uint32_t first, std::uint32_t count) {
    for (std::uint32_t i = 0; i < count; ++i) {
      if (check_holds(data, checks, data.entries[first + i].check, words)) return i;
    }
    return UINT32_MAX;
  };
  const compile::List& own = lists.own;
  const std::uint32_t outer = first_applying(lists.outer_first, lists.outer_denies);
  const std::uint32_t own_deny = first_applying(own.first_entry, own.denies);
  if (outer != UINT32_MAX || own_deny != UINT32_MAX) {
    return deny(data, own_deny == UINT32_MAX ? UINT32_MAX : data.entries[own.first_entry + own_deny].rule,
                outer == UINT32_MAX ? UINT32_MAX : data.entries[lists.outer_first + outer].rule, q);
  }
  const std::uint32_t first_allow = first_applying(own.first_entry + own.denies, own.allows());
  if (first_allow == UINT32_MAX) return DecisionAccess::default_deny();
  const std::uint32_t winner = own.denies + first_allow;
  return allow(data, own, winner, q.data_leaf, words, [&](auto&& visit) {
    for (std::uint32_t k = winner; k < own.size(); ++k) {
      if (check_holds(data, checks, data.entries[own.first_entry + k].check, words)) visit(k);
    }
  });
}

// The entries of a question, tested four at a time and without early
// exit: with random requests each test's outcome is unpredictable, and a
// mispredicted branch costs more than the mask tests it would skip. For a
// sharing question they are the outer processing denies followed by the own
// list, read from two places as one sequence, so a short sharing question
// still costs a single block of four. The first block is tested whatever the
// count, so the common short list costs no loop branch at all; entries past
// the end exist (the table ends with 64 never-true ones) and are masked off.
template <typename Words>
[[gnu::always_inline]] inline std::uint64_t applying(const detail::PolicyData& data, const Lists& lists,
                                                     std::uint32_t count, const Words& words) noexcept {
  const compile::Check* checks = data.checks.data();
  const compile::Entry* entries = data.entries.data();
  const std::uint32_t outer = lists.outer_denies;
  // Entry j of the sequence is entries[j + (j < outer ? outer_base : own_base)].
  const std::uint32_t outer_base = lists.outer_first;
  const std::uint32_t own_base = lists.own.first_entry - outer;
  const auto test = [&](std::uint32_t j) {
    const std::uint32_t base = j < outer ? outer_base : own_base;
    return std::uint64_t{check_holds(data, checks, entries[base + j].check, words)} << j;
  };
  std::uint64_t bits = test(0) | test(1) | test(2) | test(3);
  for (std::uint32_t j = 4; j < count; j += 4) bits |= test(j) | test(j + 1) | test(j + 2) | test(j + 3);
  return bits & low_bits(count);
}

// Decides from the lists: the first applying deny (of the own list or the
// outer processing denies, whichever takes precedence), else the first
// applying allow of the own list (lists are in precedence order).
template <typename Words>
[[gnu::always_inline]] inline Decision decide_lists(const detail::PolicyData& data, const Lists& lists,
                                                    const Question& q, const Words& words) noexcept {
  const compile::List& own = lists.own;
  // (64 would do, but a shift by 64 is not defined: such lists take the long way too.)
  if (own.size() + lists.outer_denies >= 64) [[unlikely]] {
    return decide_long(data, lists, q, words);
  }
  const std::uint64_t all = applying(data, lists, lists.outer_denies + own.size(), words);
  const std::uint64_t outer = all & low_bits(lists.outer_denies);
  const std::uint64_t bits = all >> lists.outer_denies;
  const std::uint64_t denies = bits & low_bits(own.denies);
  if ((denies | outer) != 0) {
    // Both candidates are read (the top bit keeps the index in the table
    // when a list has none) and one is picked without a branch, unless both
    // apply, which is rare.
    constexpr std::uint64_t top = std::uint64_t{1} << 63;
    const std::uint32_t own_rule = data.entries[own.first_entry + std::countr_zero(denies | top)].rule;
    const std::uint32_t outer_rule = data.entries[lists.outer_first + std::countr_zero(outer | top)].rule;
    bool outer_decides = denies == 0;
    // Non-zero only when both lists have an applying deny: one test that is
    // nearly always false, where `denies != 0 && outer != 0` would be two
    // unpredictable ones.
    const std::uint64_t both = (std::uint64_t{0} - static_cast<std::uint64_t>(denies != 0)) & outer;
    if (both != 0) [[unlikely]] outer_decides = precedes(data, outer_rule, own_rule, q);
    const std::uint32_t choose_outer = 0u - static_cast<std::uint32_t>(outer_decides);
    return DecisionAccess::deny(data, own_rule ^ ((own_rule ^ outer_rule) & choose_outer));
  }
  const std::uint64_t allows = bits & ~low_bits(own.denies);
  if (allows == 0) return DecisionAccess::default_deny();
  return allow(data, own, static_cast<std::uint32_t>(std::countr_zero(allows)), q.data_leaf, words,
               [&](auto&& visit) {
                 for (std::uint64_t rest = allows; rest != 0; rest &= rest - 1) {
                   visit(static_cast<std::uint32_t>(std::countr_zero(rest)));
                 }
               });
}

// The request word: the form's bit, and the subject's bits that `has this
// ...` tests read for this question's leaves.
inline std::uint64_t request_word(const detail::PolicyData& data, const std::uint64_t* subject, Form form,
                                  const Question& q) noexcept {
  std::uint64_t request = std::uint64_t{1} << static_cast<unsigned>(form);
  // Indexed by RequestPart; a processing question has no recipient, so a
  // recipient's bit reads leaf 0 and is masked off.
  const bool has_recipient = q.recipient_leaf != no_recipient;
  const std::uint32_t leaves[3] = {q.data_leaf, q.purpose_leaf, has_recipient ? q.recipient_leaf : 0};
  const auto& bits = data.layout.request_bits;
  for (std::size_t k = 0; k < bits.size(); ++k) {
    const auto part = static_cast<std::size_t>(bits[k].part);
    const std::uint32_t bit = bits[k].base + leaves[part];
    const std::uint64_t value = (subject[bit >> 6] >> (bit & 63)) & 1u &
                                static_cast<std::uint64_t>(has_recipient || bits[k].part != compile::RequestPart::recipient);
    request |= value << (compile::Layout::form_bits + k);
  }
  return request;
}

inline Probe make_probe(const detail::PolicyData& data, const Subject& subject, Form form,
                        const Question& q) noexcept {
  Probe p;
  p.words = detail::SubjectAccess::words(subject);
  p.request_index = data.layout.word_count;
  p.request_word = request_word(data, p.words, form, q);
  return p;
}

inline bool valid_subject(const detail::PolicyData& data, const Subject& subject) noexcept {
  return detail::SubjectAccess::policy(subject) == data.stamp &&
         detail::SubjectAccess::word_count(subject) == data.layout.word_count;
}

// Answers a valid question from the tables, reading the subject through `words`.
// `yes ? a : b` for an unpredictable condition: computed, not branched on.
template <typename T>
[[gnu::always_inline]] inline T pick(bool yes, const T& a, const T& b) noexcept {
  static_assert(sizeof(T) == sizeof(std::uint64_t) && std::is_trivially_copyable_v<T>);
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(yes);
  const std::uint64_t bits = (std::bit_cast<std::uint64_t>(a) & mask) | (std::bit_cast<std::uint64_t>(b) & ~mask);
  return std::bit_cast<T>(bits);
}

template <typename Words>
[[gnu::always_inline]] inline Decision decide_with(const detail::PolicyData& data, const Question& q,
                                                   const Words& words) noexcept {
  const bool sharing = q.recipient_leaf != no_recipient;
  const compile::Cell& cell = data.cells[std::size_t{q.data_leaf} * data.purpose_leaves + q.purpose_leaf];
  // Processing and sharing questions come mixed, so which one this is must
  // not be branched on: both lists are looked up and one is picked.
  const std::uint32_t recipients = std::max(1u, data.recipient_leaves);
  const std::uint32_t recipient = q.recipient_leaf & (0u - static_cast<std::uint32_t>(sharing));
  const compile::List& shared = data.sharing_tables[std::size_t{cell.sharing} * recipients + recipient];
  Lists lists;
  lists.own = pick(sharing, shared, cell.processing);
  lists.outer_first = cell.processing.first_entry;
  lists.outer_denies = cell.processing.denies & (0u - static_cast<std::uint32_t>(sharing));
  return decide_lists(data, lists, q, words);
}

}  // namespace

Probe probe(const detail::PolicyData& data, const Subject& subject, Form form, std::uint32_t data_leaf,
            std::uint32_t purpose_leaf, std::uint32_t recipient_leaf) noexcept {
  return make_probe(data, subject, form, Question{data_leaf, purpose_leaf, recipient_leaf});
}

bool holds(const detail::PolicyData& data, std::uint32_t condition, const Probe& probe) noexcept {
  return condition == compile::always || condition_holds(data, condition, probe);
}

bool entry_applies(const detail::PolicyData& data, const compile::Entry& entry, const Probe& probe) noexcept {
  return check_holds(data, data.checks.data(), entry.check, probe);
}

namespace {

// Decides a question whose leaves and form are yet to be checked.
[[gnu::always_inline]] inline Decision decide_checked(const detail::PolicyData& data, const Question& q, Form form,
                                                      const Subject& subject) noexcept {
  // Anything that does not belong to this policy is denied, never guessed.
  const bool sharing = q.recipient_leaf != no_recipient;
  if (!valid_subject(data, subject) | (q.data_leaf >= data.data_leaves) | (q.purpose_leaf >= data.purpose_leaves) |
      (sharing & (q.recipient_leaf >= data.recipient_leaves)) |
      (static_cast<unsigned>(form) >= compile::Layout::form_bits)) [[unlikely]] {
    return DecisionAccess::invalid();
  }
  const std::uint64_t* subject_words = detail::SubjectAccess::words(subject);
  const std::uint32_t count = data.layout.word_count;
  if (count < detail::SubjectAccess::inline_words) [[likely]] {
    // The subject's inline words, copied whole: a fixed copy has no loop
    // (and no call) to mispredict.
    LocalWords words;
    for (std::size_t i = 0; i < detail::SubjectAccess::inline_words; ++i) words.words[i] = subject_words[i];
    words.words[count] = request_word(data, subject_words, form, q);
    return decide_with(data, q, words);
  }
  if (count < LocalWords::capacity) {
    LocalWords words;
    for (std::uint32_t i = 0; i < count; ++i) words.words[i] = subject_words[i];
    words.words[count] = request_word(data, subject_words, form, q);
    return decide_with(data, q, words);
  }
  return decide_with(data, q, make_probe(data, subject, form, q));
}

}  // namespace

Decision decide(const detail::PolicyData& data, std::uint32_t data_leaf, std::uint32_t purpose_leaf,
                std::uint32_t recipient_leaf, Form form, const Subject& subject) noexcept {
  return decide_checked(data, Question{data_leaf, purpose_leaf, recipient_leaf}, form, subject);
}

Decision decide(const detail::PolicyData& data, const Request& request) noexcept {
  // Ids resolved against another policy name other leaves: they are refused.
  // Bitwise, not short-circuit: whether a request shares is unpredictable.
  const bool sharing = (request.recipient.leaf != UINT32_MAX) & (request.recipient.policy != 0);
  if ((request.subject == nullptr) | (request.data.policy != data.stamp) | (request.purpose.policy != data.stamp) |
      (sharing & (request.recipient.policy != data.stamp))) [[unlikely]] {
    return DecisionAccess::invalid();
  }
  return decide_checked(data, Question{request.data.leaf, request.purpose.leaf, sharing ? request.recipient.leaf : no_recipient},
                        request.form, *request.subject);
}

const RetentionInfo* retention(const detail::PolicyData& data, std::uint32_t data_leaf, Form form,
                               const Subject& subject) noexcept {
  if (!valid_subject(data, subject) || data_leaf >= data.data_leaves ||
      static_cast<unsigned>(form) >= compile::Layout::form_bits) {
    return nullptr;
  }
  return retention_of(data, data_leaf, make_probe(data, subject, form, Question{data_leaf, 0, no_recipient}));
}

}  // namespace proviso::eval
