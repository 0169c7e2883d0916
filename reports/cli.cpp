#include "reports/cli.hpp"

#include <CLI/CLI.hpp>

namespace v6r::report {

void add_report_commands(CLI::App& /*app*/, int& /*exit_code*/) {
  // `report` and `gate` are registered here as they land (reports issue).
}

}  // namespace v6r::report
