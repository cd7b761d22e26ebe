#include "load/loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <boost/variant/get.hpp>

namespace proviso::loader {
namespace {

namespace fs = std::filesystem;

// The key that identifies a file, so a file imported twice is loaded once.
std::string file_key(const std::string& path) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), error);
  return error ? fs::path(path).lexically_normal().string() : canonical.string();
}

// Where an import names a file: relative to the importing file's folder.
std::string resolve_import(std::string_view importer, const std::string& imported) {
  const fs::path target(imported);
  if (target.is_absolute()) return target.lexically_normal().string();
  return (fs::path(importer).parent_path() / target).lexically_normal().string();
}

class Loader {
 public:
  Loader(Program& program, diag::Diagnostics& diagnostics, const FileReader& reader)
      : program_(program), diagnostics_(diagnostics), reader_(reader) {}

  // Parses `text` as file `path` and follows its imports depth first.
  void visit(const std::string& path, std::string text) {
    const source::FileId id = program_.sources->add(path, std::move(text));
    const std::string key = file_key(path);
    state_[key] = State::in_progress;
    stack_.push_back({key, path});
    const std::size_t index = program_.files.size();
    program_.files.push_back({id, grammar::parse(id, program_.sources->text(id), diagnostics_)});

    // Copy the imports first: visiting may grow program_.files.
    std::vector<ast::Import> imports;
    for (const ast::Statement& statement : program_.files[index].parsed.ast.statements) {
      if (const auto* import = boost::get<ast::Import>(&statement.body.get())) imports.push_back(*import);
    }
    for (const ast::Import& import : imports) follow(id, path, import);

    stack_.pop_back();
    state_[key] = State::done;
  }

 private:
  enum class State { in_progress, done };

  void follow(source::FileId importer_id, const std::string& importer, const ast::Import& import) {
    const source::Location where{importer_id, import.span.begin, import.span.end};
    const std::string path = resolve_import(importer, import.path.value);
    const std::string key = file_key(path);
    const auto found = state_.find(key);
    if (found != state_.end()) {
      if (found->second == State::in_progress) report_cycle(where, key);
      return;
    }
    ReadFailure failure;
    std::optional<std::string> text = reader_(path, failure);
    if (!text && failure.too_large) {
      refuse_too_large(path, failure, &where);
      return;
    }
    if (!text) {
      diagnostics_.report(diag::Code::import_missing, where,
                          "cannot import `" + import.path.value + "`: " + failure.message);
      return;
    }
    visit(path, std::move(*text));
  }

  // A file too large to read is still a file of the policy: it is named,
  // with the diagnostic located at its start, like any other bad file.
 public:
  void refuse_too_large(const std::string& path, const ReadFailure& failure,
                        const source::Location* imported_at = nullptr) {
    const source::FileId id = program_.sources->add(path, std::string());
    diag::Diagnostic& d = diagnostics_.report(diag::Code::file_too_large, {id, 0, 0}, failure.message);
    if (imported_at != nullptr) d.notes.push_back({*imported_at, "imported here"});
    program_.files.push_back({id, grammar::ParsedFile{}});
  }

 private:
  void report_cycle(const source::Location& where, const std::string& key) {
    std::string chain;
    bool in_cycle = false;
    for (const auto& [stack_key, stack_path] : stack_) {
      if (stack_key == key) in_cycle = true;
      if (in_cycle) chain += "`" + stack_path + "` imports ";
    }
    for (const auto& [stack_key, stack_path] : stack_) {
      if (stack_key == key) {
        chain += "`" + stack_path + "`";
        break;
      }
    }
    diagnostics_.report(diag::Code::import_cycle, where, "import cycle: " + chain);
  }

  Program& program_;
  diag::Diagnostics& diagnostics_;
  const FileReader& reader_;
  std::unordered_map<std::string, State> state_;
  std::vector<std::pair<std::string, std::string>> stack_;  // (key, display path)
};

}  // namespace

FileReader filesystem_reader() {
  return [](const std::string& path, ReadFailure& failure) -> std::optional<std::string> {
    std::error_code code;
    if (fs::is_directory(path, code)) {
      failure.message = "it is a directory, not a file";
      return std::nullopt;
    }
    // Refuse a huge file before reading it into memory; the parser would
    // refuse it anyway, after the damage.
    const std::size_t limit = grammar::Limits{}.max_file_bytes;
    if (const auto size = fs::file_size(path, code); !code && size > limit) {
      failure.too_large = true;
      failure.message = "the file is " + std::to_string(size) + " bytes long; policy files are limited to " +
                        std::to_string(limit) + " bytes (split it with `import`)";
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      failure.message = fs::exists(path, code) ? "the file cannot be read" : "no such file";
      return std::nullopt;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad()) {
      failure.message = "the file cannot be read";
      return std::nullopt;
    }
    return std::move(contents).str();
  };
}

Program load_file(const std::string& entry_path, diag::Diagnostics& diagnostics,
                  const FileReader& reader) {
  Program program;
  ReadFailure failure;
  std::optional<std::string> text = reader(entry_path, failure);
  if (!text && failure.too_large) {
    Loader(program, diagnostics, reader).refuse_too_large(entry_path, failure);
    return program;
  }
  if (!text) {
    program.entry_unreadable = true;
    program.entry_error = "cannot read `" + entry_path + "`: " + failure.message;
    return program;
  }
  Loader(program, diagnostics, reader).visit(entry_path, std::move(*text));
  return program;
}

Program load_text(const std::string& display_path, std::string text,
                  diag::Diagnostics& diagnostics, const FileReader& reader) {
  Program program;
  Loader(program, diagnostics, reader).visit(display_path, std::move(text));
  return program;
}

}  // namespace proviso::loader
