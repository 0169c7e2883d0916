// `v6analyze expand FINDINGS [--out FILE]`: findings.json (either version) in its expanded form
// (schema v6ready.findings/2: every key, frame numbers one by one, pretty-printed), for tools that
// query it key by key (jq). docs/findings-schema.md "Compact form".
#include <CLI/CLI.hpp>

#include <memory>

#include "apps/v6analyze/cli.hpp"
#include "core/escape.hpp"
#include "core/findings.hpp"
#include "core/fs_util.hpp"
#include "core/term_print.hpp"

namespace v6r::app {

void add_expand(CLI::App& app, int& exit_code) {
  auto in = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto* sub = app.add_subcommand(
      "expand",
      "Write findings.json (schema v6ready.findings/3 or /2) in the expanded form (/2: every key, frame "
      "numbers listed one by one, indented) on stdout or to --out, for tools that query it key by key "
      "(jq). Exit 0, 2 when the file cannot be read or does not match the schema (the key path named)");
  sub->add_option("findings", *in, "findings.json, or - for stdin")->required();
  sub->add_option("--out,-o", *out, "write here (temp file + rename) instead of stdout");
  sub->callback([in, out, &exit_code] {
    auto doc = findings::load_document(*in);
    if (!doc) {
      term::print(stderr, "v6analyze expand: {}\n", escape::terminal(doc.error()));
      exit_code = kExitUsage;
      return;
    }
    const std::string text = findings::to_expanded_json_text(*doc);
    if (out->empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      exit_code = std::fflush(stdout) == 0 ? kExitOk : kExitPartial;
      return;
    }
    if (auto err = write_atomic(*out, text)) {
      term::print(stderr, "v6analyze expand: {}\n", *err);
      exit_code = kExitPartial;
      return;
    }
    exit_code = kExitOk;
  });
}

}  // namespace v6r::app
