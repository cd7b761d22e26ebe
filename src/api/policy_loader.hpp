// The library's own door into Policy and LoadResult: building them from a
// loaded program or compiled data, for load(), the command line and tests
// that load from memory.
#pragma once

#include <memory>

#include "compile/policy_data.hpp"
#include "diag/diagnostic.hpp"
#include "load/loader.hpp"
#include "proviso/policy.hpp"

namespace proviso::detail {

struct PolicyLoader {
  /// Checks and compiles a loaded program into a LoadResult.
  static LoadResult finish(loader::Program program, diag::Diagnostics& diagnostics, const LoadOptions& options);
  /// A LoadResult that says the entry could not be loaded at all.
  static LoadResult failure(const std::string& message);
  /// A Policy over already compiled data.
  static Policy make(std::shared_ptr<const PolicyData> data) { return Policy(std::move(data)); }
};

}  // namespace proviso::detail
