// load() and load_string(): read, parse, check and compile a policy, with
// every failure turned into diagnostics; nothing is thrown to the caller.
#include "api/diagnostics.hpp"
#include "api/policy_loader.hpp"
#include "check/checker.hpp"
#include "compile/compiler.hpp"
#include "load/loader.hpp"
#include "proviso/policy.hpp"

namespace proviso {
namespace detail {

LoadResult PolicyLoader::finish(loader::Program program, diag::Diagnostics& diagnostics, const LoadOptions& options) {
  LoadResult result;
  if (program.entry_unreadable) return failure(program.entry_error);
  check::Options check_options;
  check_options.lints = options.lints;
  std::optional<model::Model> model = check::check(program, diagnostics, check_options);
  if (model) {
    auto data = compile::compile(std::move(*model), diagnostics);
    if (data) result.policy_ = Policy(std::move(data));
  }
  diagnostics.sort_by_location();
  result.diagnostics_ = api::to_public(diagnostics.all(), *program.sources);
  return result;
}

LoadResult PolicyLoader::failure(const std::string& message) {
  LoadResult result;
  Diagnostic d;
  d.code = std::string(diag::code_name(diag::Code::io_error));
  d.message = message;
  result.diagnostics_.push_back(std::move(d));
  result.unreadable_ = true;
  return result;
}

}  // namespace detail

LoadResult load(const std::string& path, const LoadOptions& options) noexcept {
  try {
    diag::Diagnostics diagnostics;
    loader::Program program = loader::load_file(path, diagnostics);
    return detail::PolicyLoader::finish(std::move(program), diagnostics, options);
  } catch (const std::exception& error) {
    return detail::PolicyLoader::failure(std::string("cannot load `") + path + "`: " + error.what());
  }
}

LoadResult load_string(std::string_view text, const std::string& display_path, const LoadOptions& options) noexcept {
  try {
    diag::Diagnostics diagnostics;
    loader::Program program = loader::load_text(display_path, std::string(text), diagnostics);
    return detail::PolicyLoader::finish(std::move(program), diagnostics, options);
  } catch (const std::exception& error) {
    return detail::PolicyLoader::failure(std::string("cannot load the policy: ") + error.what());
  }
}

}  // namespace proviso
