#include "check/durations.hpp"

#include <array>

#include "support/spelling.hpp"

namespace proviso::check {
namespace {

struct Unit {
  std::string_view singular;
  std::string_view plural;
  char designator;
  bool time;  // after the `T` in ISO 8601
};

// Largest first: a duration lists its units in this order.
constexpr std::array<Unit, 6> units = {{
    {"year", "years", 'Y', false},
    {"month", "months", 'M', false},
    {"week", "weeks", 'W', false},
    {"day", "days", 'D', false},
    {"hour", "hours", 'H', true},
    {"minute", "minutes", 'M', true},
}};

}  // namespace

std::optional<ResolvedDuration> resolve_duration(Context& context, const ast::Duration& duration,
                                                 source::FileId file) {
  std::string date_part;
  std::string time_part;
  std::string text;
  std::size_t previous_unit = 0;
  bool first = true;
  for (const ast::DurationPart& part : duration.parts) {
    std::size_t unit = units.size();
    for (std::size_t u = 0; u < units.size(); ++u) {
      if (part.unit.name == units[u].singular || part.unit.name == units[u].plural) unit = u;
    }
    if (unit == units.size()) {
      std::vector<std::string> names;
      for (const Unit& u : units) {
        names.emplace_back(u.singular);
        names.emplace_back(u.plural);
      }
      std::string message = "unknown unit of time `" + part.unit.name +
                            "`; use years, months, weeks, days, hours or minutes";
      if (const auto suggestion = support::closest_name(part.unit.name, names)) {
        message += "; did you mean `" + *suggestion + "`?";
      }
      context.report(diag::Code::bad_duration, Context::at(file, part.unit), std::move(message));
      return std::nullopt;
    }
    if (part.amount.overflow || part.amount.value < 0 || part.amount.value > 1'000'000) {
      context.report(diag::Code::bad_duration, Context::at(file, part.amount),
                     "a duration is a whole number from 0 to 1000000 of its unit");
      return std::nullopt;
    }
    if (!first && unit <= previous_unit) {
      context.report(diag::Code::bad_duration, Context::at(file, part),
                     "write the units of a duration once each, largest first, as in `1 year 6 months`");
      return std::nullopt;
    }
    first = false;
    previous_unit = unit;
    const std::string amount = std::to_string(part.amount.value);
    (units[unit].time ? time_part : date_part) += amount + units[unit].designator;
    if (!text.empty()) text += ' ';
    text += amount + ' ' + std::string(part.amount.value == 1 ? units[unit].singular : units[unit].plural);
  }
  ResolvedDuration result;
  result.iso = "P" + date_part + (time_part.empty() ? "" : "T" + time_part);
  result.text = std::move(text);
  return result;
}

}  // namespace proviso::check
