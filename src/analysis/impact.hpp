// Impact: what a change of one person's choices does across the whole
// policy. `proviso impact --withdraw marketing` lists every request that is
// allowed with the consent and would be denied once it is withdrawn; and
// `--object PURPOSE` the same for a new objection.
#pragma once

#include <string>
#include <vector>

#include "analysis/diff.hpp"
#include "model/model.hpp"

namespace proviso::analysis {

/// Requests that flip from allow to deny, for the same subjects.
struct ImpactGroup {
  std::string condition;          ///< the subjects for whom they flip (besides the choice itself)
  std::vector<ShapeName> shapes;  ///< the requests that flip
  std::vector<std::string> rules; ///< the allows that no longer apply
};

struct Impact {
  std::string change;  ///< "withdrawing the consent `marketing`"
  std::vector<ImpactGroup> groups;
  std::size_t shapes = 0;  ///< requests that flip, in all
};

/// What withdrawing a consent (a node of the consents vocabulary) denies.
Impact impact_of_withdrawal(const model::Model& model, model::NodeId consent);

/// What objecting to a purpose (a node of the purposes vocabulary) denies.
Impact impact_of_objection(const model::Model& model, model::NodeId purpose);

/// The impact as text.
std::string render_impact(const Impact& impact);

}  // namespace proviso::analysis
