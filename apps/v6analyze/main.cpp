// v6analyze: the analyzer's one binary; each subcommand lives in apps/v6analyze/cli_<name>.cpp.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "apps/v6analyze/cli.hpp"
#include "core/term_print.hpp"
#include "core/version_info.hpp"

int main(int argc, char** argv) {
  namespace app = v6r::app;
  CLI::App cli{"v6ready analyzer: dissect captures, correlate with probe results, report readiness"};
  cli.name("v6analyze");
  cli.set_version_flag("--version", v6r::version_string("v6analyze"));
  cli.require_subcommand(1);
  int exit_code = app::kExitOk;
  app::add_dissect(cli, exit_code);
  app::add_analyze(cli, exit_code);
  app::add_verify(cli, exit_code);
  app::add_diff(cli, exit_code);
  app::add_report(cli, exit_code);
  app::add_gate(cli, exit_code);
  app::add_archive(cli, exit_code);
  app::add_history(cli, exit_code);
  app::add_expand(cli, exit_code);
  app::add_summary(cli, exit_code);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return app::kExitUsage;
  } catch (const std::exception& e) {
    v6r::term::print(stderr, "v6analyze: internal error: {}\n", std::string_view(e.what()));
    return app::kExitPartial;
  }
  return exit_code;
}
