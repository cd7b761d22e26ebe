/// @file
/// Result<T>: a value or an error message, for every fallible call of the
/// public API. Errors are values; no exception crosses the API.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace proviso {

/// What went wrong, in one sentence a user can act on.
struct Error {
  std::string message;  ///< e.g. "unknown purpose `marketing.promo`; did you mean `marketing.promotional`?"
};

/// Either a value or an Error (like std::expected, which C++20 lacks).
template <typename T>
class [[nodiscard]] Result {
 public:
  /// A successful result.
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  /// A failed result.
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  /// True when there is a value.
  bool ok() const noexcept { return state_.index() == 0; }
  /// Same as ok().
  explicit operator bool() const noexcept { return ok(); }

  /// The value; only call when ok().
  const T& value() const& { return std::get<0>(state_); }
  /// The value, moved out; only call when ok().
  T&& value() && { return std::get<0>(std::move(state_)); }
  /// The value; only call when ok().
  const T& operator*() const& { return value(); }
  /// The value's members; only call when ok().
  const T* operator->() const { return &value(); }

  /// The error; only call when !ok().
  const Error& error() const& { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace proviso
