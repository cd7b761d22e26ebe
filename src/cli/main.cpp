// The `proviso` command. Each subcommand registers itself from its own file;
// this file only dispatches and maps failures to exit codes (0 success,
// 1 the policy is at fault, 2 usage or I/O problems).
#include <iostream>

#include "cli/common.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Proviso: privacy policies as code. Check, test, evaluate and compare policies.",
               "proviso"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "proviso 0.1.0");
  proviso::cli::register_check(app);
  proviso::cli::register_eval(app);
  proviso::cli::register_explain(app);
  proviso::cli::register_test(app);
  proviso::cli::register_diff(app);
  proviso::cli::register_impact(app);
  proviso::cli::register_fmt(app);
  proviso::cli::register_doc(app);
  proviso::cli::register_ropa(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& done) {
    // Subcommands report their exit code this way, after doing their work.
    return done.get_exit_code();
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return proviso::cli::exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "proviso: internal error: " << error.what() << '\n';
    return proviso::cli::exit_usage;
  }
  return proviso::cli::exit_ok;
}
