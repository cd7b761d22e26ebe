// `proviso eval --policy FILE [REQUEST]`: decisions as JSON. One request as
// an argument, or JSON Lines on stdin answered line for line on stdout. A bad
// line gets `{"error": ...}` on its line and the stream goes on; the exit
// code then says that some line was bad.
#include <iostream>

#include "cli/common.hpp"
#include "json/request_json.hpp"

namespace proviso::cli {
namespace {

struct EvalOptions {
  std::string policy;
  std::string request;
};

int run_eval(const EvalOptions& options) {
  const LoadedPolicy loaded = load_for_decisions(options.policy);
  if (!loaded.policy) return loaded.exit_code;
  const Policy& policy = *loaded.policy;
  const auto answer = [&](std::string_view line) {
    auto parsed = json::parse_request(policy, line);
    if (!parsed) return std::make_pair(json::error_to_json(parsed.error().message), false);
    const Decision decision = policy.decide(parsed->request);
    return std::make_pair(json::decision_to_json(policy, parsed->request, decision), true);
  };
  if (!options.request.empty()) {
    const auto [text, ok] = answer(options.request);
    std::cout << text << '\n';
    return ok ? exit_ok : exit_usage;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  std::string out;
  bool every_line_answered = true;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      out += json::error_to_json("empty line: expected a request");
      every_line_answered = false;
    } else {
      auto [text, ok] = answer(line);
      out += text;
      every_line_answered = every_line_answered && ok;
    }
    out += '\n';
    // Flush per line when interactive, in large blocks otherwise.
    if (out.size() > (1u << 16) || std::cin.rdbuf()->in_avail() == 0) {
      std::cout << out << std::flush;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  return every_line_answered ? exit_ok : exit_usage;
}

}  // namespace

void register_eval(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand(
      "eval", "Answer requests as JSON: one given as an argument, or JSON Lines on stdin");
  command->add_option("--policy", options->policy, "The policy's entry file")->required();
  command->add_option("request", options->request, "One request as JSON (omit to read JSON Lines from stdin)");
  add_color_option(*command);
  command->callback([options] { throw CLI::RuntimeError(run_eval(*options)); });
}

}  // namespace proviso::cli
