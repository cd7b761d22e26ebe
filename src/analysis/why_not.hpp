// Why-not answers: for a denied request, the smallest change to the subject
// (a consent given, an objection withdrawn, a different form, an attribute
// with another value) that would get it allowed — or the reason no subject
// ever can be. Exact: searched over the same BDDs as every other analysis.
#pragma once

#include <string>
#include <vector>

#include "eval/reference.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// A way to get the request allowed: the changes, each in plain words.
struct Alternative {
  std::vector<std::string> changes;  ///< e.g. "the person gives the consent `marketing`"
  std::string outcome;               ///< what the request would then get, e.g. "allow under consent"
};

struct WhyNot {
  bool possible = false;                  ///< some subject can be allowed this request
  std::vector<Alternative> alternatives;  ///< the smallest changes (fewest attributes changed), a few of them
  std::string impossible;                 ///< when !possible: why no subject can be
};

/// Answers for one request (which must be denied for the subject it names).
WhyNot why_not(const model::Model& model, const eval::ReferenceRequest& request);

}  // namespace proviso::analysis
