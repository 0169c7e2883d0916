// `v6analyze report FINDINGS.json [--out DIR] [--format LIST] [--lang en|vi]`: the renderers of reports/ over
// a findings.json read strictly (core/findings.hpp): a file that does not match the schema is refused with
// the key path and exit 2, never rendered as blanks.
#include <CLI/CLI.hpp>

#include <memory>

#include "apps/v6analyze/cli.hpp"
#include "core/findings.hpp"
#include "core/term_print.hpp"
#include "reports/report.hpp"

namespace v6r::app {

int run_report(const ReportOptions& opt, std::FILE* out, std::FILE* err) {
  auto formats = report::parse_formats(opt.formats);
  if (!formats) {
    term::print(err, "v6analyze report: {}\n", formats.error());
    return kExitUsage;
  }
  auto detail = report::parse_html_detail(opt.html_detail);
  if (!detail) {
    term::print(err, "v6analyze report: {}\n", detail.error());
    return kExitUsage;
  }
  auto doc = findings::load_document(opt.findings);
  if (!doc) {
    term::print(err, "v6analyze report: {}\n", doc.error());
    return kExitUsage;
  }
  auto written = report::render_all(*doc, opt.out_dir, *formats, report::HtmlOptions{.detail = *detail},
                                    output_catalog(opt.lang, *doc));
  if (!written) {
    term::print(err, "v6analyze report: {}\n", written.error());
    return kExitPartial;
  }
  for (const auto& p : *written) term::print(out, "{}\n", p.string());
  return kExitOk;
}

void add_report(CLI::App& app, int& exit_code) {
  auto ropt = std::make_shared<ReportOptions>();
  CLI::App* rep = app.add_subcommand(
      "report", "Render findings.json as HTML, Markdown, CSV, JUnit XML and Prometheus text");
  rep->add_option("findings", ropt->findings, "findings.json (schema v6ready.findings/1), or - for stdin")
      ->required();
  rep->add_option("--out,-o", ropt->out_dir,
                  "output directory (created if missing; files replaced atomically)")
      ->capture_default_str();
  rep->add_option("--format,-f", ropt->formats, "comma-separated: html,md,csv,junit,prom or all")
      ->capture_default_str();
  rep->add_option("--html-detail", ropt->html_detail,
                  "each site's detail in report.html: inline, lazy (compressed data the page renders on "
                  "demand; what keeps thousands of sites small and fast), or auto (lazy above 150 sites)")
      ->capture_default_str();
  add_lang_option(*rep, ropt->lang);
  rep->callback([ropt, &exit_code] { exit_code = run_report(*ropt, stdout, stderr); });
}

}  // namespace v6r::app
