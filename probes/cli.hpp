#pragma once
// The v6probe command line (CLI11): run, check, list-checks, addr. Exit codes (docs/architecture.md):
// 0 ok, 1 checks failed / no result, 2 usage or config error, 3 partial run or internal error.
namespace v6r::probe {

/// Runs v6probe with the given arguments; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace v6r::probe
