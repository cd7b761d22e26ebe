/// @file
/// The small closed sets of the policy language that every layer shares:
/// lawful bases, data forms and effects. Plain enums with name conversions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace proviso {

/// The six lawful bases of GDPR Art. 6(1), built into the language.
enum class Basis : std::uint8_t {
  consent,
  contract,
  legal_obligation,
  vital_interest,
  public_task,
  legitimate_interest,
};

/// Every basis, in the order used to break ties between allows (Art. 6(1) a-f).
inline constexpr std::array<Basis, 6> all_bases = {
    Basis::consent,     Basis::contract,    Basis::legal_obligation,
    Basis::vital_interest, Basis::public_task, Basis::legitimate_interest,
};

/// How identifiable the data in a request is; a request says `identified` unless told otherwise.
enum class Form : std::uint8_t { identified, pseudonymized, aggregated, anonymized };

/// Every form, from most to least identifiable.
inline constexpr std::array<Form, 4> all_forms = {Form::identified, Form::pseudonymized,
                                                  Form::aggregated, Form::anonymized};

/// What a rule or a decision does: allow or deny.
enum class Effect : std::uint8_t { deny, allow };

/// The language's name of a basis, e.g. "legitimate_interest".
constexpr std::string_view name_of(Basis basis) noexcept {
  switch (basis) {
    case Basis::consent: return "consent";
    case Basis::contract: return "contract";
    case Basis::legal_obligation: return "legal_obligation";
    case Basis::vital_interest: return "vital_interest";
    case Basis::public_task: return "public_task";
    case Basis::legitimate_interest: return "legitimate_interest";
  }
  return "consent";
}

/// The language's name of a form, e.g. "pseudonymized".
constexpr std::string_view name_of(Form form) noexcept {
  switch (form) {
    case Form::identified: return "identified";
    case Form::pseudonymized: return "pseudonymized";
    case Form::aggregated: return "aggregated";
    case Form::anonymized: return "anonymized";
  }
  return "identified";
}

/// "allow" or "deny".
constexpr std::string_view name_of(Effect effect) noexcept {
  return effect == Effect::allow ? "allow" : "deny";
}

/// The basis with this name, if there is one.
constexpr std::optional<Basis> basis_named(std::string_view name) noexcept {
  for (const Basis basis : all_bases) {
    if (name_of(basis) == name) return basis;
  }
  return std::nullopt;
}

/// The form with this name, if there is one.
constexpr std::optional<Form> form_named(std::string_view name) noexcept {
  for (const Form form : all_forms) {
    if (name_of(form) == name) return form;
  }
  return std::nullopt;
}

}  // namespace proviso
