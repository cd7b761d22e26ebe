// Policy::subject_from_json: a subject from a JSON object of attribute values.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "proviso/policy.hpp"

namespace proviso {

namespace json {

/// Fills a builder from a parsed JSON object; an Error on the first bad value.
std::optional<Error> fill_subject(SubjectBuilder& builder, const nlohmann::json& object) {
  if (!object.is_object()) return Error{"`subject` must be a JSON object of attribute values"};
  for (const auto& [name, value] : object.items()) {
    if (value.is_boolean()) {
      builder.flag(name, value.get<bool>());
    } else if (value.is_number_unsigned() &&
               value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      // Checked first: an unsigned number is also "an integer" to the JSON
      // library, and converting it would wrap around to a negative value.
      return Error{"the value of `" + name + "` is too large"};
    } else if (value.is_number_integer()) {
      builder.integer(name, value.get<std::int64_t>());
    } else if (value.is_number()) {
      return Error{"the value of `" + name + "` must be a whole number"};
    } else if (value.is_string()) {
      builder.value(name, value.get<std::string>());
    } else if (value.is_array()) {
      builder.clear(name);
      for (const auto& element : value) {
        if (!element.is_string()) return Error{"`" + name + "` must be a list of names (strings)"};
        builder.add(name, element.get<std::string>());
      }
    } else {
      return Error{"the value of `" + name + "` must be a number, true/false, a name or a list of names"};
    }
  }
  return std::nullopt;
}

}  // namespace json

Result<Subject> Policy::subject_from_json(std::string_view text) const {
  const nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return Error{"the subject is not valid JSON"};
  SubjectBuilder builder = subject();
  if (const auto error = json::fill_subject(builder, object)) return *error;
  return builder.build();
}

}  // namespace proviso
