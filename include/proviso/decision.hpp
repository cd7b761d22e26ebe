/// @file
/// The answer to a request: allow or deny, and when allowed, the lawful
/// basis, the obligations, the retention, and the rule that decided.
///
/// A Decision is a small value with no owned memory: it points into the
/// Policy that made it, which must outlive it.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proviso/types.hpp"

namespace proviso {

namespace detail {
struct PolicyData;
}

/// Where a rule of the policy stands and how it is known.
struct RuleInfo {
  std::string id;          ///< `@id`, stable across edits; empty when the rule has none
  std::string section;     ///< `@section`, the legal text it encodes
  std::string kind;        ///< "allow", "deny", "share", "deny share", "retain" or "erase"
  std::string file;        ///< the policy file it is written in
  std::uint32_t line = 0;  ///< 1-based
  std::uint32_t column = 0;
  std::string location;    ///< "file:line:col"
  std::string source;      ///< its first line of source text
};

/// How long a datum may be kept (from a `retain` rule).
struct RetentionInfo {
  bool indefinite = false;         ///< `indefinitely`: no period
  std::string period;              ///< ISO 8601 exactly as written, e.g. "P7Y"; empty when indefinite
  std::string period_text;         ///< as written, e.g. "7 years"
  std::string from;                ///< the event it runs from, e.g. "collection", "account_closure"
  std::vector<std::string> until;  ///< what ends it early: events, and "withdrawal of CONSENT"
  std::string then;                ///< "delete", "anonymize", "aggregate" or "pseudonymize"
  RuleInfo rule;                   ///< the `retain` rule
};

/// Why a decision came out as it did.
enum class Reason : std::uint8_t {
  allowed,          ///< an allow applied and no deny did
  denied_by_rule,   ///< a deny applied
  default_deny,     ///< no rule allows this
  invalid_request,  ///< an id or subject that does not belong to this policy: denied
};

/// The obligations of an allow, as a set of names. Iterating yields
/// std::string_view names in declaration order.
class ObligationSet {
 public:
  ObligationSet() = default;
  ObligationSet(std::uint64_t bits, const std::vector<std::string>* names) noexcept : bits_(bits), names_(names) {}

  /// True when there are none.
  bool empty() const noexcept { return bits_ == 0; }
  /// How many there are.
  std::size_t size() const noexcept { return static_cast<std::size_t>(std::popcount(bits_)); }
  /// One bit per obligation, in declaration order.
  std::uint64_t bits() const noexcept { return bits_; }
  /// True when the obligation with this name is required.
  bool contains(std::string_view name) const noexcept;

  /// Iterates the names of the required obligations.
  class iterator {
   public:
    iterator(std::uint64_t rest, const std::vector<std::string>* names) noexcept : rest_(rest), names_(names) {}
    std::string_view operator*() const noexcept { return (*names_)[static_cast<std::size_t>(std::countr_zero(rest_))]; }
    iterator& operator++() noexcept {
      rest_ &= rest_ - 1;
      return *this;
    }
    bool operator!=(const iterator& other) const noexcept { return rest_ != other.rest_; }

   private:
    std::uint64_t rest_;
    const std::vector<std::string>* names_;
  };
  iterator begin() const noexcept { return {bits_, names_}; }
  iterator end() const noexcept { return {0, names_}; }

 private:
  std::uint64_t bits_ = 0;
  const std::vector<std::string>* names_ = nullptr;
};

/// A decision. Default-constructed, it is a deny for an invalid request.
class Decision {
 public:
  /// True when the request is allowed.
  bool allowed() const noexcept { return effect_ == Effect::allow; }
  /// Allow or deny.
  Effect effect() const noexcept { return effect_; }
  /// Why: an allow applied, a deny applied, nothing allowed it, or the request was invalid.
  Reason reason() const noexcept { return reason_; }
  /// The lawful basis of the deciding allow; empty on deny.
  std::optional<Basis> basis() const noexcept {
    return allowed() ? std::optional<Basis>(basis_) : std::nullopt;
  }
  /// What the caller must do when going ahead; empty on deny.
  ObligationSet obligations() const noexcept { return obligations_; }
  /// How long the data may be kept, when the policy says; null otherwise (and on deny).
  const RetentionInfo* retention() const noexcept { return retention_; }
  /// The rule that decided; null on a default deny or an invalid request.
  const RuleInfo* rule() const noexcept { return rule_; }

 private:
  friend struct DecisionAccess;
  const RuleInfo* rule_ = nullptr;
  const RetentionInfo* retention_ = nullptr;
  ObligationSet obligations_;
  Effect effect_ = Effect::deny;
  Basis basis_ = Basis::consent;
  Reason reason_ = Reason::invalid_request;
};

}  // namespace proviso
