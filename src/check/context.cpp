#include "check/context.hpp"

#include <algorithm>

#include "support/spelling.hpp"

namespace proviso::check {

using model::VocabularyKind;

std::string_view kind_noun(VocabularyKind kind) {
  switch (kind) {
    case VocabularyKind::data: return "data category";
    case VocabularyKind::purpose: return "purpose";
    case VocabularyKind::recipient: return "recipient";
    case VocabularyKind::consent: return "consent";
    case VocabularyKind::obligation: return "obligation";
    case VocabularyKind::event: return "event";
  }
  return "name";
}

std::string with_article(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

std::string quoted(std::string_view name) {
  // A name long enough to be garbage is shown cut, not in full.
  constexpr std::size_t limit = 60;
  if (name.size() <= limit) return "`" + std::string(name) + "`";
  return "`" + std::string(name.substr(0, limit)) + "...`";
}

std::string joined(const ast::Path& path) {
  std::string text;
  for (const std::string& segment : path.segments) {
    if (!text.empty()) text += '.';
    text += segment;
  }
  return text;
}

Context::Context(const loader::Program& program_in, diag::Diagnostics& diagnostics_in)
    : program(program_in), diagnostics(diagnostics_in), sources(*program_in.sources) {
  model.sources = program_in.sources;
}

std::optional<model::NodeId> Context::resolve(VocabularyKind kind, const ast::Path& path,
                                              source::FileId file) {
  const std::string name = joined(path);
  const model::Vocabulary& vocabulary = model.vocabulary(kind);
  if (const auto node = vocabulary.find(name)) {
    use(kind, *node);
    return node;
  }
  const source::Location where = at(file, path);
  if (kind == VocabularyKind::data) {
    if (const model::Field* field = model.field(name)) {
      report(diag::Code::wrong_kind, where,
             "`" + name + "` is a field; rules name data categories, such as `" +
                 vocabulary.node(field->data).path + "`, which this field holds");
      return std::nullopt;
    }
  }
  // A name of another kind is a clearer mistake than an unknown one.
  for (const model::Vocabulary& other : model.vocabularies) {
    if (other.kind() != kind && other.find(name)) {
      report(diag::Code::wrong_kind, where,
             quoted(name) + " is " + with_article(kind_noun(other.kind())) + ", not " +
                 with_article(kind_noun(kind)));
      return std::nullopt;
    }
  }
  std::string message = "unknown " + std::string(kind_noun(kind)) + " " + quoted(name);
  if (const auto suggestion = support::closest_name(name, vocabulary.paths())) {
    message += "; did you mean `" + *suggestion + "`?";
  }
  report(diag::Code::unknown_name, where, std::move(message));
  return std::nullopt;
}

std::optional<model::Selection> Context::resolve(VocabularyKind kind, const ast::Selection& selection,
                                                 source::FileId file) {
  model::Selection result;
  bool ok = true;
  for (const ast::Path& path : selection.included) {
    if (path.is_all()) {
      result.all = true;
      // `all` names every node of the vocabulary, so none of them is unused.
      std::fill(used_nodes[static_cast<std::size_t>(kind)].begin(), used_nodes[static_cast<std::size_t>(kind)].end(), true);
      continue;
    }
    if (const auto node = resolve(kind, path, file)) {
      result.included.push_back(*node);
    } else {
      ok = false;
    }
  }
  for (const ast::Path& path : selection.excluded) {
    if (path.is_all()) {
      report(diag::Code::empty_selection, at(file, path), "`except all` leaves nothing selected");
      ok = false;
      continue;
    }
    const auto node = resolve(kind, path, file);
    if (!node) {
      ok = false;
      continue;
    }
    result.excluded.push_back(*node);
  }
  if (!ok) return std::nullopt;
  if (result.all) result.included.clear();

  const model::Vocabulary& vocabulary = model.vocabulary(kind);
  // An exception must take something away, and must not take everything.
  for (std::size_t i = 0; i < result.excluded.size(); ++i) {
    const model::NodeId excluded = result.excluded[i];
    bool inside = result.all;
    for (const model::NodeId included : result.included) {
      if (vocabulary.covers(included, excluded) && included != excluded) inside = true;
    }
    if (!inside) {
      report(diag::Code::empty_selection, at(file, selection.excluded[i]),
             "`except " + vocabulary.node(excluded).path +
                 "` removes nothing: it is not part of what the list before `except` names");
      ok = false;
    }
  }
  if (ok && !result.excluded.empty()) {
    bool any_leaf = false;
    for (std::uint32_t leaf = 0; leaf < vocabulary.leaf_count() && !any_leaf; ++leaf) {
      any_leaf = result.covers(vocabulary, vocabulary.leaf_node(leaf));
    }
    if (!any_leaf) {
      report(diag::Code::empty_selection, at(file, selection),
             "the `except` list removes everything the list names");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return result;
}

}  // namespace proviso::check
