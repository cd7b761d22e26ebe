// Why-not answers: for a denied request, the smallest change to the subject
// (a consent given, an objection withdrawn, a different form, an attribute
// with another value) that would get it allowed — or the reason no subject
// ever can be. Exact: searched over the same BDDs as every other analysis.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/reference.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// One change to the subject (or to the form of the data), for tools.
struct SubjectChange {
  enum class Kind : std::uint8_t {
    value,   ///< `attribute` takes `value` (a flag's `true`/`false`, an enumeration's value; integers: the interval)
    add,     ///< the leaf `value` is added to the set `attribute`
    remove,  ///< the leaf `value` is taken out of the set `attribute`
    form,    ///< the data is in the form `value` instead
  };
  Kind kind = Kind::value;
  std::string attribute;  ///< the subject attribute; empty for the form
  std::string value;      ///< the new value, the leaf or the form; empty for an integer
  std::optional<std::int64_t> at_least;  ///< integers: the new value is in [at_least, below); an end left out is open
  std::optional<std::int64_t> below;
};

/// A way to get the request allowed: the changes, each in plain words.
struct Alternative {
  std::vector<std::string> changes;  ///< e.g. "the person gives the consent `marketing`"
  std::vector<SubjectChange> edits;  ///< the same changes, one for each of `changes` (none for "more than three ...")
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
