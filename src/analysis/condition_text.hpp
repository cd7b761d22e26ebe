// Reading a boolean function of the subject back as a condition a policy
// author understands: "age < 16 and consents has marketing". Used wherever
// an analysis has to say *which* subjects something holds for: the diff,
// why-not answers, the review report.
#pragma once

#include <string>

#include "analysis/encoding.hpp"

namespace proviso::analysis {

/// `f` (restricted to real subjects) as a condition in the policy
/// language's own words; "every subject" when it always holds and "no
/// subject" when it never does. Very large functions are summarised after
/// `max_terms` alternatives ("... or N more cases").
std::string describe_condition(Encoding& encoding, Bdd::Ref f, std::size_t max_terms = 6);

}  // namespace proviso::analysis
