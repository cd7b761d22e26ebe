#include "support/spelling.hpp"

#include <algorithm>
#include <numeric>

namespace proviso::support {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows are enough for the adjacent-transposition case.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

namespace {

std::string_view last_segment(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

}  // namespace

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  // Names longer than any real identifier are not typos; comparing them
  // against every candidate would only cost time.
  if (name.empty() || name.size() > 200) return std::nullopt;
  const std::size_t limit = std::clamp<std::size_t>(name.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name) continue;
    const std::size_t length_gap =
        candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
    if (length_gap <= limit) {
      const std::size_t distance = edit_distance(name, candidate);
      if (distance < best_distance) {
        best_distance = distance;
        best = candidate;
      }
    }
  }
  if (best) return best;
  // `email` for `account.identity.email`: the right leaf under the wrong path.
  const std::string_view leaf = last_segment(name);
  for (const std::string& candidate : candidates) {
    if (last_segment(candidate) == leaf && candidate != name) return candidate;
  }
  return std::nullopt;
}

std::string not_a_value(std::string_view word, std::string_view attribute, const std::vector<std::string>& values) {
  std::string message = "`" + std::string(word) + "` is not a value of `" + std::string(attribute) + "`";
  if (const auto suggestion = closest_name(word, values)) return message + "; did you mean `" + *suggestion + "`?";
  std::string list;
  for (const std::string& value : values) list += (list.empty() ? "`" : ", `") + value + "`";
  return message + "; its values are " + list;
}

}  // namespace proviso::support
