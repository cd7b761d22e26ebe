#include "compile/specificity.hpp"

namespace proviso::compile {

SpecificityTable::SpecificityTable(const model::Model& model) {
  offsets_.reserve(model.rules.size() * axes + 1);
  uniform_.reserve(model.rules.size() * axes);
  const auto add = [&](const model::Vocabulary& vocabulary, const model::Selection& selection) {
    offsets_.push_back(static_cast<std::uint32_t>(ranges_.size()));
    bool uniform = true;
    // `all` includes no node: specificity 0 everywhere, no range needed.
    if (!selection.all) {
      for (const model::NodeId node : selection.included) {
        const model::Node& n = vocabulary.node(node);
        if (!ranges_.empty() && offsets_.back() < ranges_.size() && ranges_.back().specificity != n.depth + 1) {
          uniform = false;
        }
        ranges_.push_back({n.first_leaf, n.end_leaf, n.depth + 1});
      }
    }
    uniform_.push_back(uniform ? 1 : 0);
  };
  for (const model::Rule& rule : model.rules) {
    add(model.data(), rule.data);
    add(model.purposes(), rule.purposes);
    if (rule.sharing) {
      add(model.recipients(), rule.recipients);
    } else {
      add(model.recipients(), model::Selection{});
    }
  }
  offsets_.push_back(static_cast<std::uint32_t>(ranges_.size()));
}

}  // namespace proviso::compile
