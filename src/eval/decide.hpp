// The hot path: answering a request from the compiled tables. No
// allocation, no lock, no exception, no virtual call; a table lookup and a
// handful of mask tests.
#pragma once

#include <algorithm>

#include "compile/policy_data.hpp"
#include "proviso/decision.hpp"
#include "proviso/policy.hpp"
#include "proviso/subject.hpp"

namespace proviso {

/// Builds Decisions from inside the library (Decision's fields are private).
struct DecisionAccess {
  static Decision allow(const detail::PolicyData& data, std::uint32_t rule, std::uint64_t obligations,
                        const RetentionInfo* retention) noexcept {
    Decision d;
    d.effect_ = Effect::allow;
    d.reason_ = Reason::allowed;
    d.basis_ = data.rules[rule].basis;
    d.rule_ = &data.rule_infos[rule];
    d.obligations_ = ObligationSet(obligations, &data.obligation_names);
    d.retention_ = retention;
    return d;
  }
  static Decision deny(const detail::PolicyData& data, std::uint32_t rule) noexcept {
    Decision d;
    d.reason_ = Reason::denied_by_rule;
    d.rule_ = &data.rule_infos[rule];
    return d;
  }
  static Decision default_deny() noexcept {
    Decision d;
    d.reason_ = Reason::default_deny;
    return d;
  }
  static Decision invalid() noexcept { return Decision{}; }
};

namespace detail {

/// Reads a Subject's owner and bits (Subject's fields are private).
struct SubjectAccess {
  /// Subjects with fewer words keep them inline, in this many words (the
  /// rest zero), which may all be read.
  static constexpr std::size_t inline_words = Subject::inline_words;
  static std::uint64_t policy(const Subject& s) noexcept { return s.policy_; }
  static std::uint32_t word_count(const Subject& s) noexcept { return s.count_; }
  static const std::uint64_t* words(const Subject& s) noexcept {
    return s.count_ < Subject::inline_words ? s.inline_.data() : s.heap_.data();
  }
  // The words are stored with one spare zero word after the last, which the
  // hot path may read (and ignore) instead of branching; see compile::Probe.
  static Subject make(const PolicyData& owner, std::vector<std::uint64_t> words) {
    Subject s;
    s.policy_ = owner.stamp;
    s.count_ = static_cast<std::uint32_t>(words.size());
    if (words.size() < Subject::inline_words) {
      std::copy(words.begin(), words.end(), s.inline_.begin());
    } else {
      words.push_back(0);
      s.heap_ = std::move(words);
    }
    return s;
  }
};

}  // namespace detail

namespace eval {

inline constexpr std::uint32_t no_recipient = UINT32_MAX;

/// Decides one request. `recipient` is no_recipient for a processing question.
Decision decide(const detail::PolicyData& data, std::uint32_t data_leaf, std::uint32_t purpose_leaf,
                std::uint32_t recipient_leaf, Form form, const Subject& subject) noexcept;

/// Decides one request, refusing ids and subjects of other policies.
Decision decide(const detail::PolicyData& data, const Request& request) noexcept;

/// The retention of a datum; null when no retention rule applies.
const RetentionInfo* retention(const detail::PolicyData& data, std::uint32_t data_leaf, Form form,
                               const Subject& subject) noexcept;

/// What the tests of a request read: the subject's bits and the request's leaves.
compile::Probe probe(const detail::PolicyData& data, const Subject& subject, Form form, std::uint32_t data_leaf,
                     std::uint32_t purpose_leaf, std::uint32_t recipient_leaf) noexcept;

/// True when an entry's condition holds.
bool entry_applies(const detail::PolicyData& data, const compile::Entry& entry, const compile::Probe& probe) noexcept;

/// True when compiled condition `condition` holds.
bool holds(const detail::PolicyData& data, std::uint32_t condition, const compile::Probe& probe) noexcept;

}  // namespace eval
}  // namespace proviso
