#include "model/model.hpp"

#include <algorithm>

namespace proviso::model {

std::string_view singular_name(VocabularyKind kind) noexcept {
  switch (kind) {
    case VocabularyKind::data: return "data";
    case VocabularyKind::purpose: return "purpose";
    case VocabularyKind::recipient: return "recipient";
    case VocabularyKind::consent: return "consent";
    case VocabularyKind::obligation: return "obligation";
    case VocabularyKind::event: return "event";
  }
  return "data";
}

std::string_view block_name(VocabularyKind kind) noexcept {
  switch (kind) {
    case VocabularyKind::data: return "data";
    case VocabularyKind::purpose: return "purposes";
    case VocabularyKind::recipient: return "recipients";
    case VocabularyKind::consent: return "consents";
    case VocabularyKind::obligation: return "obligations";
    case VocabularyKind::event: return "events";
  }
  return "data";
}

std::string_view name_of(EndAction action) noexcept {
  switch (action) {
    case EndAction::delete_data: return "delete";
    case EndAction::anonymize: return "anonymize";
    case EndAction::aggregate: return "aggregate";
    case EndAction::pseudonymize: return "pseudonymize";
  }
  return "delete";
}

std::optional<NodeId> Vocabulary::find(std::string_view path) const {
  const auto it = by_path_.find(std::string(path));
  if (it == by_path_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Vocabulary::paths() const {
  std::vector<std::string> result;
  result.reserve(nodes_.size());
  for (const Node& node : nodes_) result.push_back(node.path);
  return result;
}

void Vocabulary::assign(std::vector<Node> nodes) {
  nodes_ = std::move(nodes);
  leaves_.clear();
  by_path_.clear();
  by_path_.reserve(nodes_.size());
  for (auto& node : nodes_) node.children.clear();
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    by_path_.emplace(nodes_[id].path, id);
    if (nodes_[id].parent != no_node) nodes_[nodes_[id].parent].children.push_back(id);
  }
  // Preorder numbering makes a subtree a contiguous range of nodes and of
  // leaves; walk backwards so children are finished before their parent.
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    if (nodes_[id].children.empty()) {
      nodes_[id].first_leaf = static_cast<std::uint32_t>(leaves_.size());
      nodes_[id].end_leaf = nodes_[id].first_leaf + 1;
      leaves_.push_back(id);
    }
  }
  for (NodeId id = static_cast<NodeId>(nodes_.size()); id-- > 0;) {
    Node& node = nodes_[id];
    if (node.children.empty()) {
      node.end_node = id + 1;
    } else {
      node.first_leaf = nodes_[node.children.front()].first_leaf;
      node.end_leaf = nodes_[node.children.back()].end_leaf;
      node.end_node = nodes_[node.children.back()].end_node;
    }
  }
}

bool Selection::covers(const Vocabulary& vocabulary, NodeId node) const {
  const auto under = [&](NodeId top) { return vocabulary.covers(top, node); };
  if (std::any_of(excluded.begin(), excluded.end(), under)) return false;
  return all || std::any_of(included.begin(), included.end(), under);
}

std::uint32_t Selection::specificity(const Vocabulary& vocabulary, NodeId node) const {
  std::uint32_t best = 0;
  for (const NodeId top : included) {
    if (vocabulary.covers(top, node)) best = std::max(best, vocabulary.node(top).depth + 1);
  }
  return best;
}

std::optional<AttributeId> Model::attribute(std::string_view attribute_name) const {
  for (AttributeId id = 0; id < attributes.size(); ++id) {
    if (attributes[id].name == attribute_name) return id;
  }
  return std::nullopt;
}

const Field* Model::field(std::string_view field_name) const {
  for (const Field& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

}  // namespace proviso::model
