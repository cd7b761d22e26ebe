// Random requests for a checked policy, as the reference interpreter takes
// them (plain values) and as the compiled API takes them (ids and a Subject
// built through SubjectBuilder): the same request, two representations.
#pragma once

#include <string>

#include "eval/reference.hpp"
#include "proviso/policy.hpp"
#include "tests/support/policy_generator.hpp"

namespace proviso::testing {

/// A request in both forms.
struct DualRequest {
  eval::ReferenceRequest reference;
  Request compiled;
  Subject subject;  ///< compiled.subject points here once placed (call bind())
  void bind() { compiled.subject = &subject; }
};

/// A random request against `policy` (processing or sharing, any form, a
/// random subject that sometimes leaves attributes to their defaults).
DualRequest random_request(const Policy& policy, Random& random);

/// The request as JSON (the interface's request format), for reproducers.
std::string request_json(const Policy& policy, const DualRequest& request);

}  // namespace proviso::testing
