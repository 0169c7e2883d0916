#pragma once
// The report-side subcommands of v6analyze (`report`, `gate`), registered into the analyzer's CLI.
namespace CLI {
class App;
}

namespace v6r::report {

/// Adds `report` and `gate` to v6analyze; they set exit_code (0/1/2/3) when they run.
void add_report_commands(CLI::App& app, int& exit_code);

}  // namespace v6r::report
