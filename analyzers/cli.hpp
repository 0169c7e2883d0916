#pragma once
// v6analyze subcommands: one file each (cli_<name>.cpp), registered on the one CLI11 app by main.cpp.
// Exit codes (docs/architecture.md): 0 pass · 1 checks failed · 2 usage/config error · 3 partial/internal.
#include <cstdio>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace v6r::analyze::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitPartial = 3;

struct DissectOptions {
  std::string path;
  std::vector<std::string> fields;  ///< empty = default_fields()
  bool header = false;              ///< first line: the field names
  bool quiet = false;               ///< no anomaly summary on stderr
};

/// `v6analyze dissect`: one tab-separated line per frame on `out`; errors and the anomaly summary on
/// `err`. Returns the exit code: 0, 2 (unknown field, unreadable file), 3 (corrupt/truncated capture:
/// every frame before the error has been printed).
int run_dissect(const DissectOptions& opt, std::FILE* out, std::FILE* err);

/// Registers the `dissect` subcommand; its callback stores the exit code in `exit_code`.
void add_dissect(CLI::App& app, int& exit_code);

}  // namespace v6r::analyze::cli
