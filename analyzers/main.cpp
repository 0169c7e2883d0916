// v6analyze: the analyzer's one binary; each subcommand lives in analyzers/cli_<name>.cpp.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "analyzers/cli.hpp"
#include "core/version_info.hpp"
#include "reports/cli.hpp"

int main(int argc, char** argv) {
  namespace cli = v6r::analyze::cli;
  CLI::App app{"v6ready analyzer: dissect captures, correlate with probe results, report readiness"};
  app.name("v6analyze");
  app.set_version_flag("--version", v6r::version_string("v6analyze"));
  app.require_subcommand(1);
  int exit_code = cli::kExitOk;
  cli::add_dissect(app, exit_code);
  cli::add_analyze(app, exit_code);
  cli::add_verify(app, exit_code);
  cli::add_diff(app, exit_code);
  v6r::report::add_report_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "v6analyze: internal error: %s\n", e.what());
    return cli::kExitPartial;
  }
  return exit_code;
}
