// The checker's driver: the passes in order, each reporting everything it
// finds. Names are declared before they are used, so a file may use a name
// that a later file (or a later line) declares: order never matters.
#include "check/checker.hpp"

#include <boost/variant/get.hpp>

#include "check/context.hpp"

namespace proviso::check {
namespace {

void read_header(Context& context) {
  bool entry = true;
  for (const loader::LoadedFile& file : context.program.files) {
    bool first_statement = true;
    for (const ast::Statement& statement : file.parsed.ast.statements) {
      if (const auto* header = boost::get<ast::Header>(&statement.body.get())) {
        if (!first_statement) {
          context.report(diag::Code::misplaced_header, Context::at(file.id, *header),
                         "`policy` must be the first statement of its file");
        } else if (entry) {
          context.model.name = joined(header->name);
          if (header->version) context.model.version = header->version->value;
        }
      }
      first_statement = false;
    }
    entry = false;
  }
  if (context.model.name.empty() && !context.program.files.empty()) {
    std::string path(context.sources.path(context.program.files.front().id));
    const auto slash = path.find_last_of('/');
    if (slash != std::string::npos) path = path.substr(slash + 1);
    const auto dot = path.find('.');
    context.model.name = dot == std::string::npos ? path : path.substr(0, dot);
  }
}

}  // namespace

std::optional<model::Model> check(const loader::Program& program, diag::Diagnostics& diagnostics,
                                  const Options& options) {
  // A file that did not parse would only produce follow-on errors here.
  for (const loader::LoadedFile& file : program.files) {
    if (!file.parsed.ok) return std::nullopt;
  }
  // Import problems are reported by the loader, before the checker runs.
  if (program.entry_unreadable || diagnostics.has_errors()) return std::nullopt;

  const std::size_t errors_before = diagnostics.error_count();
  Context context(program, diagnostics);
  read_header(context);
  declare_vocabularies(context);
  declare_subject(context);
  declare_fields(context);
  resolve_rules(context);
  resolve_tests(context);
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  if (options.lints) run_lints(context);
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return std::move(context.model);
}

}  // namespace proviso::check
