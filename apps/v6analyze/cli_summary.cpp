// `v6analyze summary FINDINGS [--brief] [--lang en|vi]`: the text summary `analyze` prints, again, from a
// findings.json (either version); --brief keeps the sweep line, each site's line and level summary, and
// the roll-up (the main job's last lines, ci/demo.sh). Every string from the document is escaped for the
// terminal by core/escape (docs/output-escaping.md).
#include <CLI/CLI.hpp>

#include <memory>

#include "apps/v6analyze/cli.hpp"
#include "core/escape.hpp"
#include "core/findings.hpp"
#include "core/term_print.hpp"
#include "reports/summary_text.hpp"

namespace v6r::app {

void add_summary(CLI::App& app, int& exit_code) {
  auto in = std::make_shared<std::string>();
  auto brief = std::make_shared<bool>(false);
  auto lang = std::make_shared<std::string>();
  auto* sub = app.add_subcommand(
      "summary",
      "Print the text summary of a findings.json (schema v6ready.findings/3 or /2), as `analyze` prints "
      "it; --brief: only the sweep, one line per site with its level summary, and the roll-up. Exit 0, "
      "2 when the file cannot be read or does not match the schema (the key path named), 3 on a write "
      "error");
  sub->add_option("findings", *in, "findings.json, or - for stdin")->required();
  sub->add_flag("--brief,-b", *brief, "the sweep, the sites and the roll-up only");
  add_lang_option(*sub, *lang);
  sub->callback([in, brief, lang, &exit_code] {
    auto doc = findings::load_document(*in);
    if (!doc) {
      term::print(stderr, "v6analyze summary: {}\n", escape::terminal(doc.error()));
      exit_code = kExitUsage;
      return;
    }
    const auto& cat = output_catalog(*lang, *doc);
    const std::string text = *brief ? report::summary_brief_text(*doc, cat) : report::summary_text(*doc, cat);
    const bool ok = term::write_wrapped(stdout, text) && std::fflush(stdout) == 0;
    exit_code = ok ? kExitOk : kExitPartial;
  });
}

}  // namespace v6r::app
