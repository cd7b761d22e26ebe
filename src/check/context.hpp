// State shared by the checker's passes: the Model being built, the
// diagnostics, and what has been used (for the unused-declaration lint).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "grammar/ast.hpp"
#include "load/loader.hpp"
#include "model/model.hpp"

namespace proviso::check {

/// Where a condition is written, which decides what `this ...` may name.
struct ConditionScope {
  bool purpose = true;     ///< `this purpose` (rules about a purpose)
  bool recipient = false;  ///< `this recipient` (sharing rules)
};

class Context {
 public:
  Context(const loader::Program& program, diag::Diagnostics& diagnostics);

  const loader::Program& program;
  diag::Diagnostics& diagnostics;
  const source::SourceManager& sources;
  model::Model model;

  /// The location of an AST node of file `file`.
  static source::Location at(source::FileId file, const ast::Located& node) {
    return {file, node.span.begin, node.span.end};
  }

  /// Reports an error or warning (severity comes from the kind table).
  diag::Diagnostic& report(diag::Code code, source::Location location, std::string message) {
    return diagnostics.report(code, location, std::move(message));
  }

  /// Resolves a dotted name in a vocabulary. Reports an unknown name (with a
  /// suggestion) or a name of another kind, and returns nullopt then.
  std::optional<model::NodeId> resolve(model::VocabularyKind kind, const ast::Path& path,
                                       source::FileId file);

  /// Resolves a Selection (`a, b except c` or `all`) in a vocabulary.
  std::optional<model::Selection> resolve(model::VocabularyKind kind, const ast::Selection& selection,
                                          source::FileId file);

  /// Resolves `when` / `unless` into a Guard; nullopt after reporting an error.
  std::optional<model::Guard> resolve_guard(const boost::optional<ast::Condition>& when,
                                            const boost::optional<ast::Condition>& unless,
                                            source::FileId file, ConditionScope scope);

  /// Marks a vocabulary node as used by something.
  void use(model::VocabularyKind kind, model::NodeId node) {
    used_nodes[static_cast<std::size_t>(kind)][node] = true;
  }

  std::array<std::vector<bool>, model::vocabulary_kind_count> used_nodes;
  std::vector<bool> used_attributes;

 private:
  std::optional<model::Expr> resolve_condition(const ast::Condition& condition, source::FileId file,
                                               ConditionScope scope);
  std::optional<model::Expr> resolve_test(const ast::Primary& primary, source::FileId file,
                                          ConditionScope scope);
  friend class TestResolver;
};

/// "data category", "purpose", ... as a message names a node of that kind.
std::string_view kind_noun(model::VocabularyKind kind);

/// A dotted path as written.
std::string joined(const ast::Path& path);

/// "a purpose", "an event".
std::string with_article(std::string_view noun);

/// A name in backticks, cut short when it is unreasonably long.
std::string quoted(std::string_view name);

// The checker's passes, in the order check() runs them.
void declare_vocabularies(Context& context);
void declare_subject(Context& context);
void declare_fields(Context& context);
void resolve_rules(Context& context);
void resolve_tests(Context& context);
void run_lints(Context& context);

}  // namespace proviso::check
