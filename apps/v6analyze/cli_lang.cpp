// --lang for the subcommands whose output people read (report, analyze, gate): docs/i18n.md.
#include <CLI/CLI.hpp>

#include "apps/v6analyze/cli.hpp"
#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::app {

void add_lang_option(CLI::App& sub, std::string& lang) {
  sub.add_option("--lang", lang,
                 "language of what people read: en or vi (default: the plan's lang, else vi when "
                 "LC_ALL/LC_MESSAGES/LANG starts with vi, else en); JSON, JUnit, CSV and Prometheus stay "
                 "English")
      ->check(CLI::IsMember({"en", "vi"}));
}

const i18n::Catalog& output_catalog(const std::string& lang, const findings::Document& doc) {
  const auto plan = doc.plan.lang ? i18n::parse_lang(*doc.plan.lang) : std::nullopt;
  return i18n::Catalog::get(i18n::choose_lang(i18n::parse_lang(lang), plan));
}

}  // namespace v6r::app
