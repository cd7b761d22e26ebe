#include "tests/support/policy_text.hpp"

#include <algorithm>

#include "api/policy_loader.hpp"
#include "compile/compiler.hpp"

namespace proviso::testing {
namespace {

// Reads imports from `files`, by name.
loader::FileReader reader_of(const std::map<std::string, std::string>& files) {
  return [&files](const std::string& path, loader::ReadFailure& failure) -> std::optional<std::string> {
    const auto found = files.find(path);
    if (found == files.end()) {
      failure.message = "no such file";
      return std::nullopt;
    }
    return found->second;
  };
}

const char* const test_vocabulary = R"(
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
)";

}  // namespace

const char* const test_subject = R"(subject {
  age: int = 18;
  region: one of {eu, us, other} = other;
  consents: set of consent;
  objections: set of purpose;
  restricted: bool = false;
}
)";

const std::string test_prelude = std::string(test_vocabulary) + test_subject;

Checked check_text(const std::string& text, const std::map<std::string, std::string>& files) {
  Checked result;
  result.program = loader::load_text("main.policy", text, result.diagnostics, reader_of(files));
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

std::optional<Policy> compile_text(const std::string& entry_name, const std::string& entry_text,
                                   const std::map<std::string, std::string>& files, bool lints,
                                   std::string& errors) {
  diag::Diagnostics diagnostics;
  auto program = loader::load_text(entry_name, entry_text, diagnostics, reader_of(files));
  check::Options options;
  options.lints = lints;
  auto model = check::check(program, diagnostics, options);
  if (!model) {
    errors = diag::render_text(diagnostics.all(), *program.sources);
    return std::nullopt;
  }
  auto data = compile::compile(std::move(*model), diagnostics);
  if (!data) {
    errors = "compilation failed";
    return std::nullopt;
  }
  return detail::PolicyLoader::make(std::move(data));
}

std::optional<Policy> compile_generated(const GeneratedPolicy& generated, const std::string& entry_text,
                                        std::string& errors) {
  return compile_text(generated.entry, entry_text, generated.imported, false, errors);
}

std::string generated_text(const GeneratedPolicy& generated) {
  return generated_text(generated, generated.entry_text());
}

std::string generated_text(const GeneratedPolicy& generated, const std::string& entry_text) {
  std::string out;
  for (const auto& [name, text] : generated.imported) out += "---- " + name + "\n" + text;
  return out + "---- " + generated.entry + "\n" + entry_text;
}

}  // namespace proviso::testing
