// unused-declaration: a vocabulary name, attribute or event that nothing in
// the policy uses is usually a leftover or a typo elsewhere. A node counts as
// used when it, a node above it or a node below it is named explicitly; `all`
// names no node. Only the topmost unused node of a subtree is reported.
#include "check/lints.hpp"

namespace proviso::check {

void lint_unused(LintState& state) {
  Context& context = state.context;
  const model::Model& model = state.model;
  // A file of declarations only (a vocabulary or a field map checked on its
  // own) is a library: its names are for the policies that import it.
  if (model.rules.empty() && model.retentions.empty() && model.erasures.empty()) return;
  for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) {
    const model::Vocabulary& vocabulary = model.vocabularies[k];
    const std::vector<bool>& used = context.used_nodes[k];
    const auto kind = static_cast<model::VocabularyKind>(k);
    // related[n]: n or something above or below it is used.
    std::vector<bool> related(vocabulary.nodes().size(), false);
    for (model::NodeId id = 0; id < vocabulary.nodes().size(); ++id) {
      if (!used[id]) continue;
      for (model::NodeId below = id; below < vocabulary.node(id).end_node; ++below) related[below] = true;
      for (model::NodeId above = vocabulary.node(id).parent; above != model::no_node;
           above = vocabulary.node(above).parent) {
        related[above] = true;
      }
    }
    for (model::NodeId id = 0; id < vocabulary.nodes().size(); ++id) {
      const model::Node& node = vocabulary.node(id);
      if (related[id] || node.builtin) continue;
      if (node.parent != model::no_node && !related[node.parent]) continue;  // reported above
      context.report(diag::Code::unused_declaration, node.location,
                     "the " + std::string(kind_noun(kind)) + " `" + node.path +
                         "` is declared but no rule, field or condition names it");
    }
  }
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    if (context.used_attributes[a]) continue;
    context.report(diag::Code::unused_declaration, model.attributes[a].location,
                   "the subject attribute `" + model.attributes[a].name + "` is declared but no condition uses it");
  }
}

}  // namespace proviso::check
