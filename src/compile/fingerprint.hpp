// The compiled policy's fingerprint: SHA-256 of a canonical serialisation of
// every table and every name a decision can carry. Two compilations of the
// same policy text give the same bytes and the same fingerprint; any change
// that can change an answer changes it.
#pragma once

#include <string>

#include "compile/policy_data.hpp"

namespace proviso::compile {

/// The canonical bytes of a compiled policy (everything but the model).
std::string serialize(const detail::PolicyData& data);

/// "sha256:" followed by the SHA-256 of serialize(data).
std::string fingerprint(const detail::PolicyData& data);

}  // namespace proviso::compile
