// Declaring vocabularies: every `data { ... }`, `purposes { ... }` (and so
// on) block of every file is merged into one tree per kind. A dotted name
// extends a node declared elsewhere, so a vocabulary file can declare
// `account` and the policy add `account.identity.email { work, personal }`.
// Children keep their order of declaration, which makes node numbering, and
// everything built on it, deterministic.
#include <algorithm>
#include <unordered_map>

#include <boost/variant/get.hpp>

#include "check/context.hpp"
#include "support/spelling.hpp"

namespace proviso::check {
namespace {

using model::NodeId;
using model::VocabularyKind;

constexpr std::uint32_t max_vocabulary_depth = 32;
constexpr std::size_t max_obligation_leaves = 64;

struct Declaration {
  std::string path;
  std::string parent;  // "" for a top-level node
  std::string description;
  source::Location location;
  std::uint64_t order = 0;
  bool builtin = false;
};

std::optional<VocabularyKind> kind_of_block(std::string_view name) {
  for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) {
    const auto kind = static_cast<VocabularyKind>(k);
    if (model::block_name(kind) == name) return kind;
  }
  return std::nullopt;
}

class VocabularyBuilder {
 public:
  explicit VocabularyBuilder(Context& context) : context_(context) {}

  void collect() {
    for (const loader::LoadedFile& file : context_.program.files) {
      for (const ast::Statement& statement : file.parsed.ast.statements) {
        if (const auto* block = boost::get<ast::VocabularyBlock>(&statement.body.get())) {
          collect_block(file.id, *block);
        }
      }
    }
    for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) settle(static_cast<VocabularyKind>(k));
    // `collection` is the event every retention runs from unless it says otherwise.
    auto& events = declarations_[static_cast<std::size_t>(VocabularyKind::event)];
    if (!index_[static_cast<std::size_t>(VocabularyKind::event)].contains("collection")) {
      events.push_back({"collection", "", "when the data was collected", {}, 0, true});
    }
  }

  void build() {
    for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) build_tree(static_cast<VocabularyKind>(k));
  }

 private:
  void collect_block(source::FileId file, const ast::VocabularyBlock& block) {
    const auto kind = kind_of_block(block.kind.name);
    if (!kind) {
      std::vector<std::string> names;
      for (std::size_t k = 0; k < model::vocabulary_kind_count; ++k) {
        names.emplace_back(model::block_name(static_cast<VocabularyKind>(k)));
      }
      std::string message = "unknown vocabulary `" + block.kind.name +
                            "`; vocabularies are `data`, `purposes`, `recipients`, `consents`, "
                            "`obligations` and `events`";
      if (const auto suggestion = support::closest_name(block.kind.name, names)) {
        message += "; did you mean `" + *suggestion + "`?";
      }
      context_.report(diag::Code::unknown_vocabulary, Context::at(file, block.kind), std::move(message));
      return;
    }
    for (const ast::VocabularyNode& node : block.nodes) collect_node(*kind, file, node, "");
  }

  void collect_node(VocabularyKind kind, source::FileId file, const ast::VocabularyNode& node,
                    const std::string& parent) {
    const std::size_t k = static_cast<std::size_t>(kind);
    const std::string name = joined(node.name);
    const std::string path = parent.empty() ? name : parent + "." + name;
    const auto dot = path.rfind('.');
    Record record;
    record.declaration = {path, dot == std::string::npos ? "" : path.substr(0, dot),
                          node.description ? node.description->value : std::string(),
                          Context::at(file, node.name), ++order_, false};
    record.dotted = node.name.segments.size() > 1;
    record.has_description = node.description.has_value();
    records_[k].push_back(std::move(record));
    for (const ast::VocabularyNode& child : node.children) collect_node(kind, file, child, path);
  }

  // Decides, for every path, which record declares it. A plain name declares
  // its node; a dotted name (`account.identity { ... }`) refers to the node
  // when it is declared anywhere else, and declares it otherwise. Deciding
  // after everything is collected keeps this independent of file order.
  void settle(VocabularyKind kind) {
    const std::size_t k = static_cast<std::size_t>(kind);
    std::unordered_map<std::string, std::vector<std::size_t>> by_path;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < records_[k].size(); ++i) {
      auto [it, inserted] = by_path.try_emplace(records_[k][i].declaration.path);
      if (inserted) order.push_back(records_[k][i].declaration.path);
      it->second.push_back(i);
    }
    for (const std::string& path : order) {
      const std::vector<std::size_t>& records = by_path[path];
      std::optional<std::size_t> declaring;
      for (const std::size_t i : records) {
        if (!records_[k][i].dotted) {
          if (declaring && !records_[k][*declaring].dotted) {
            diag::Diagnostic& d = context_.report(
                diag::Code::duplicate_declaration, records_[k][i].declaration.location,
                "the " + std::string(kind_noun(kind)) + " `" + path + "` is declared twice");
            d.notes.push_back({records_[k][*declaring].declaration.location, "first declared here"});
            continue;
          }
          declaring = i;
        }
      }
      if (!declaring) declaring = records.front();
      for (const std::size_t i : records) {
        if (i != *declaring && records_[k][i].dotted && records_[k][i].has_description) {
          diag::Diagnostic& d = context_.report(
              diag::Code::duplicate_declaration, records_[k][i].declaration.location,
              "`" + path + "` is declared elsewhere; its description belongs where it is declared");
          d.notes.push_back({records_[k][*declaring].declaration.location, "declared here"});
        }
      }
      index_[k].emplace(path, declarations_[k].size());
      declarations_[k].push_back(records_[k][*declaring].declaration);
    }
  }

  void build_tree(VocabularyKind kind) {
    const std::size_t k = static_cast<std::size_t>(kind);
    std::vector<Declaration>& declared = declarations_[k];
    // Children of each path, in declaration order.
    std::unordered_map<std::string, std::vector<std::size_t>> children;
    std::vector<std::size_t> roots;
    std::vector<std::string> known;
    for (const Declaration& d : declared) known.push_back(d.path);
    for (std::size_t i = 0; i < declared.size(); ++i) {
      const Declaration& d = declared[i];
      if (d.parent.empty()) {
        roots.push_back(i);
      } else if (index_[k].contains(d.parent)) {
        children[d.parent].push_back(i);
      } else {
        std::string message = "`" + d.parent + "` is not declared, so `" + d.path +
                              "` cannot extend it (a dotted name adds to a " +
                              std::string(kind_noun(kind)) + " declared elsewhere)";
        if (const auto suggestion = support::closest_name(d.parent, known)) {
          message += "; did you mean `" + *suggestion + "`?";
        }
        context_.report(diag::Code::unknown_name, d.location, std::move(message));
      }
    }
    const auto by_order = [&](std::size_t a, std::size_t b) { return declared[a].order < declared[b].order; };
    std::sort(roots.begin(), roots.end(), by_order);
    for (auto& [path, list] : children) std::sort(list.begin(), list.end(), by_order);

    // Preorder, iteratively: extensions can make trees deeper than brackets could.
    std::vector<model::Node> nodes;
    std::vector<std::pair<std::size_t, NodeId>> stack;  // (declaration, parent node)
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, model::no_node});
    while (!stack.empty()) {
      const auto [index, parent] = stack.back();
      stack.pop_back();
      const Declaration& d = declared[index];
      model::Node node;
      node.path = d.path;
      node.description = d.description;
      node.parent = parent;
      node.depth = parent == model::no_node ? 0 : nodes[parent].depth + 1;
      node.location = d.location;
      node.builtin = d.builtin;
      if (node.depth >= max_vocabulary_depth) {
        context_.report(diag::Code::limit_exceeded, d.location,
                        "`" + d.path + "` is nested more than " +
                            std::to_string(max_vocabulary_depth) + " levels deep");
        continue;
      }
      const auto id = static_cast<NodeId>(nodes.size());
      nodes.push_back(std::move(node));
      if (const auto found = children.find(d.path); found != children.end()) {
        for (auto it = found->second.rbegin(); it != found->second.rend(); ++it) stack.push_back({*it, id});
      }
    }
    model::Vocabulary& vocabulary = context_.model.vocabularies[k];
    vocabulary.assign(std::move(nodes));
    context_.used_nodes[k].assign(vocabulary.nodes().size(), false);

    if (kind == VocabularyKind::obligation && vocabulary.leaf_count() > max_obligation_leaves) {
      context_.report(diag::Code::limit_exceeded, vocabulary.node(vocabulary.leaf_node(max_obligation_leaves)).location,
                      "a policy may declare at most " + std::to_string(max_obligation_leaves) +
                          " obligations; this is one more");
    }
  }

  struct Record {
    Declaration declaration;
    bool dotted = false;
    bool has_description = false;
  };

  Context& context_;
  std::array<std::vector<Record>, model::vocabulary_kind_count> records_;
  std::array<std::vector<Declaration>, model::vocabulary_kind_count> declarations_;
  std::array<std::unordered_map<std::string, std::size_t>, model::vocabulary_kind_count> index_;
  std::uint64_t order_ = 0;
};

}  // namespace

void declare_vocabularies(Context& context) {
  VocabularyBuilder builder(context);
  builder.collect();
  builder.build();
}

}  // namespace proviso::check
