#include "tests/support/policy_text.hpp"

#include <algorithm>

namespace proviso::testing {

const char* const test_prelude = R"(
data {
  account { email, name, phone }
  billing { card, invoices }
  usage { clicks, searches }
}
purposes {
  service { delivery, billing }
  marketing { newsletter, ads }
  analytics
  sale
}
recipients { processor { payment, hosting } partner public }
consents { marketing, cookies { ads, stats } }
obligations { pseudonymize "Pseudonymize first.", notify "Notify the person." }
events { closure, erasure_request }
subject {
  age: int = 18;
  region: one of {eu, us, other} = other;
  consents: set of consent;
  objections: set of purpose;
  restricted: bool = false;
}
)";

Checked check_text(const std::string& text, const std::map<std::string, std::string>& files) {
  Checked result;
  const loader::FileReader reader = [&files](const std::string& path, loader::ReadFailure& failure) -> std::optional<std::string> {
    const auto found = files.find(path);
    if (found == files.end()) {
      failure.message = "no such file";
      return std::nullopt;
    }
    return found->second;
  };
  result.program = loader::load_text("main.policy", text, result.diagnostics, reader);
  result.model = check::check(result.program, result.diagnostics);
  return result;
}

std::vector<std::string> Checked::codes() const {
  std::vector<std::string> codes;
  for (const diag::Diagnostic& d : diagnostics.all()) codes.emplace_back(diag::code_name(d.code));
  return codes;
}

bool Checked::has(const std::string& code) const {
  const auto all = codes();
  return std::find(all.begin(), all.end(), code) != all.end();
}

std::string Checked::text() const { return diag::render_text(diagnostics.all(), *program.sources); }

}  // namespace proviso::testing
