/// @file
/// The subject of a request: what the policy's `subject { ... }` declares
/// about the person the data concerns (age, region, consents, objections...).
///
/// A Subject is encoded once, when it is built, into the fixed-size bit
/// vector the compiled policy tests: integer comparisons become bits, a
/// consent to `cookies` becomes a bit per cookie consent. Deciding then costs
/// a few mask tests. Build subjects with Policy::subject() or
/// Policy::subject_from_json(); a Subject belongs to the Policy that built it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proviso/result.hpp"

namespace proviso {

namespace detail {
struct PolicyData;
struct SubjectAccess;
}  // namespace detail

/// A subject encoded for one policy. Cheap to share between threads (read-only).
class Subject {
 public:
  /// An empty subject that belongs to no policy; deciding with it is denied.
  Subject() = default;

 private:
  friend struct detail::SubjectAccess;
  // Most policies' subjects fit in a few words; those live inline, so a
  // decision reads them from the Subject itself rather than the heap.
  static constexpr std::size_t inline_words = 4;
  std::uint64_t policy_ = 0;  // the stamp of the compiled policy it was built for
  std::uint32_t count_ = 0;
  std::array<std::uint64_t, inline_words> inline_{};
  std::vector<std::uint64_t> heap_;
};

/// Collects attribute values by name, then checks and encodes them.
/// Attributes left out take their declared defaults. Mistakes (an unknown
/// attribute, a wrong type, an undeclared value, a missing required
/// attribute) are reported by build(), never guessed.
class SubjectBuilder {
 public:
  /// Sets an `int` attribute.
  SubjectBuilder& integer(std::string_view attribute, std::int64_t value);
  /// Sets a `bool` attribute.
  SubjectBuilder& flag(std::string_view attribute, bool value);
  /// Sets a `one of {...}` attribute to one of its values.
  SubjectBuilder& value(std::string_view attribute, std::string_view value);
  /// Adds a name (at any level of its vocabulary) to a `set of ...` attribute.
  SubjectBuilder& add(std::string_view attribute, std::string_view element);
  /// Makes a `set of ...` attribute empty, even if its default is not.
  SubjectBuilder& clear(std::string_view attribute);

  /// The encoded subject, or the first mistake found.
  Result<Subject> build() const;

 private:
  friend class Policy;
  struct Assignment {
    enum class Kind : std::uint8_t { integer, flag, value, add, clear } kind;
    std::string attribute;
    std::int64_t number = 0;
    std::string text;
  };
  explicit SubjectBuilder(std::shared_ptr<const detail::PolicyData> policy) : policy_(std::move(policy)) {}
  std::shared_ptr<const detail::PolicyData> policy_;
  std::vector<Assignment> assignments_;
};

}  // namespace proviso
