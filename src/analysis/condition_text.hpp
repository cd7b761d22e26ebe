// Reading a boolean function of the subject back as a condition a policy
// author understands: "age < 16 and consents has marketing". Used wherever
// an analysis has to say *which* subjects something holds for: the diff,
// why-not answers, the review report.
#pragma once

#include <string>
#include <vector>

#include "analysis/encoding.hpp"

namespace proviso::analysis {

/// `f` (restricted to real subjects) as a condition in the policy
/// language's own words; "every subject" when it always holds and "no
/// subject" when it never does. Exact and short: prime, irredundant
/// alternatives, what they all require said once in front ("age >= 16 and
/// (A or B)"). Very large functions are cut short after `max_terms`
/// alternatives ("... or N other cases", inside the parentheses when there
/// is a common part).
std::string describe_condition(Encoding& encoding, Bdd::Ref f, std::size_t max_terms = 6);

/// The same, also naming a node with parts where every part is meant
/// (`not objections has marketing` for "one of its purposes missing"), as the
/// vocabularies of `versions` (those the encoding was made for) declare it.
std::string describe_condition(Encoding& encoding, Bdd::Ref f, const std::vector<const model::Model*>& versions,
                               std::size_t max_terms = 6);

}  // namespace proviso::analysis
