// `proviso fmt [--check | --stdout] FILE...`: give policy files their
// canonical layout (src/format/formatter.hpp; the rules are in docs/cli.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "cli/common.hpp"
#include "format/formatter.hpp"
#include "source/source_manager.hpp"

namespace proviso::cli {
namespace {

namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  bool to_stdout = false;
};

// Replaces `path` with `text` by writing a file beside it and renaming it
// over the original, so an interrupted write never leaves half a policy.
bool replace_file(const std::string& path, const std::string& text, std::string& error) {
  const fs::path target(path);
  fs::path temporary = target;
  temporary += ".proviso-fmt.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      error = "cannot write " + temporary.string();
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code code;
  const fs::perms permissions = fs::status(target, code).permissions();
  if (!code) fs::permissions(temporary, permissions, code);
  fs::rename(temporary, target, code);
  if (code) {
    error = code.message();
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return false;
  }
  return true;
}

int run_fmt(const FmtOptions& options) {
  int exit_code = exit_ok;
  const auto raise = [&exit_code](int code) { exit_code = std::max(exit_code, code); };
  const loader::FileReader reader = loader::filesystem_reader();
  for (const std::string& file : options.files) {
    const bool from_stdin = file == "-";
    std::string text;
    if (from_stdin) {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      loader::ReadFailure failure;
      std::optional<std::string> read = reader(file, failure);
      if (!read) {
        std::cerr << "proviso: cannot read `" << file << "`: " << failure.message << '\n';
        raise(exit_usage);
        continue;
      }
      text = std::move(*read);
    }
    source::SourceManager sources;
    const source::FileId id = sources.add(from_stdin ? "<stdin>" : file, text);
    diag::Diagnostics diagnostics;
    std::optional<std::string> formatted;
    try {
      formatted = format::format_source(id, sources.text(id), diagnostics);
    } catch (const std::logic_error& bug) {
      std::cerr << "proviso: " << file << ": left as it is: " << bug.what() << '\n';
      raise(exit_usage);
      continue;
    }
    if (!formatted) {
      std::cerr << diag::render_text(diagnostics.all(), sources);
      std::cerr << "proviso: " << file << ": not formatted: it has syntax errors\n";
      raise(exit_policy);
      continue;
    }
    if (options.to_stdout || (from_stdin && !options.check)) {
      std::cout << *formatted;
      continue;
    }
    if (*formatted == text) continue;
    if (options.check) {
      std::cout << file << ": not formatted\n";
      raise(exit_policy);
      continue;
    }
    std::string error;
    if (!replace_file(file, *formatted, error)) {
      std::cerr << "proviso: cannot rewrite `" << file << "`: " << error << '\n';
      raise(exit_usage);
    }
  }
  return exit_code;
}

}  // namespace

void register_fmt(CLI::App& app) {
  auto options = std::make_shared<FmtOptions>();
  CLI::App* command = app.add_subcommand(
      "fmt", "Give policy files their canonical layout (in place; comments and meaning kept)");
  command->add_option("files", options->files, "Policy files (`-` reads standard input)")->required();
  CLI::Option* check =
      command->add_flag("--check", options->check,
                        "Change nothing; list the files that are not formatted and exit 1 if there are any");
  command->add_flag("--stdout", options->to_stdout, "Print the formatted text instead of rewriting the files")
      ->excludes(check);
  command->footer(
      "Exit codes: 0 done (or, with --check, every file is formatted); 1 a file has syntax errors, or\n"
      "with --check is not formatted; 2 a file cannot be read or written. Layout rules: docs/cli.md.\n");
  command->callback([options] { throw CLI::RuntimeError(run_fmt(*options)); });
}

}  // namespace proviso::cli
