// Prometheus text exposition format 0.0.4, for node_exporter's textfile collector (render_all writes it
// atomically). Every metric family is written contiguously with its HELP and TYPE lines. Every series
// carries a `site` label and each site is written once, so the textfiles of several probe instances on
// one node merge in node_exporter without "collected before with the same name and label values";
// names follow `promtool check metrics` (no `_total` on a gauge, base units in the name).
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "core/escape.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {
namespace {

/// A sample value as the exposition format spells it: NaN, +Inf, -Inf, else the shortest decimal that
/// reads back as the same double (1795435204.512, not 1795435204.5120001).
std::string sample_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

struct Family {
  std::string name, help;
  std::string samples;
  void add(const std::vector<std::pair<const char*, std::string>>& labels, double value) {
    samples += name;
    if (!labels.empty()) {
      samples += '{';
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i) samples += ',';
        samples += labels[i].first;
        samples += "=\"" + escape::prom_label(labels[i].second) + '"';
      }
      samples += '}';
    }
    samples += ' ' + sample_value(value) + '\n';
  }
  void write(std::string& out) const {
    out += "# HELP " + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + samples;
  }
};

/// blackbox_exporter's probe_success for one check: 1 when it worked (pass, info, warn), 0 when it
/// failed; nothing when the check could not judge or did not run (its verdict is in v6ready_check_result).
std::optional<double> check_success(Verdict v) {
  switch (v) {
    case Verdict::pass:
    case Verdict::info:
    case Verdict::warn:
      return 1;
    case Verdict::fail:
      return 0;
    case Verdict::error:
    case Verdict::skipped:
      break;
  }
  return std::nullopt;
}

double unix_seconds(UtcMs t) {
  return static_cast<double>(t.time_since_epoch().count()) / 1000.0;
}

}  // namespace

std::string render_prometheus(const findings::Document& doc) {
  using findings::Severity;
  Family level{"v6ready_site_level",
               "Readiness level of the site (0=L0 not ready ... 4=L4 native IPv6; -1 = not assessed).",
               {}};
  Family required{"v6ready_site_required_level", "Level the plan requires of the site this year (0-4).", {}};
  Family meets{
      "v6ready_site_meets_plan",
      "1 when the site meets its plan (level reached, nothing it relies on fails), else 0; sites not in "
      "the plan have no sample.",
      {}};
  Family verdict{"v6ready_site_plan_verdict",
                 "1 for the site's verdict against its plan: meets, below, not_assessed or not_in_plan.",
                 {}};
  Family verified{
      "v6ready_site_bundle_verified", "1 when the site's run bundle matched its MANIFEST.sha256.", {}};
  Family check{"v6ready_check_result", "1 for the verdict each check reached at the site.", {}};
  Family success{"v6ready_check_success",
                 "1 when the check worked (pass, info, warn), 0 when it failed; no sample when it could not "
                 "judge (see v6ready_check_result).",
                 {}};
  Family duration{"v6ready_check_duration_seconds", "How long the check ran, in seconds.", {}};
  Family totals{"v6ready_site_findings", "Findings at the site by severity.", {}};
  Family last_run{"v6ready_site_last_run_timestamp_seconds",
                  "Unix time the site's probe run ended (its start when the end is unknown); alert on a "
                  "stale site with time() minus this.",
                  {}};

  // A site is written once (a findings file repeating a site: the first wins).
  std::set<std::string> sites_seen;
  for (const auto& site : doc.sites) {
    const auto& name = site.site;
    if (!sites_seen.insert(name).second) continue;
    const auto district = parent_of(name);
    level.add({{"site", name}, {"district", district}},
              site.level ? findings::level_number(*site.level) : -1);
    if (site.required_level)
      required.add({{"site", name}, {"district", district}}, findings::level_number(*site.required_level));
    if (site.plan_verdict != findings::PlanVerdict::not_in_plan)
      meets.add({{"site", name}, {"district", district}},
                site.plan_verdict == findings::PlanVerdict::meets ? 1 : 0);
    verdict.add({{"site", name}, {"verdict", std::string(findings::to_string(site.plan_verdict))}}, 1);
    verified.add({{"site", name}}, site.bundle.verified ? 1 : 0);
    std::set<std::string> seen;  // a series may appear once: the first result for a check id wins
    for (const auto& c : site.checks) {
      if (!seen.insert(c.check_id).second) continue;
      check.add({{"site", name},
                 {"check_id", c.check_id},
                 {"kind", c.kind},
                 {"verdict", std::string(to_string(c.verdict))}},
                1);
      const std::vector<std::pair<const char*, std::string>> id{
          {"site", name}, {"check_id", c.check_id}, {"kind", c.kind}};
      if (const auto ok = check_success(c.verdict)) success.add(id, *ok);
      duration.add(id, c.duration_ms / 1000.0);
    }
    const auto ended = site.bundle.stopped_utc.time_since_epoch().count() != 0 ? site.bundle.stopped_utc
                                                                               : site.bundle.started_utc;
    if (ended.time_since_epoch().count() != 0) last_run.add({{"site", name}}, unix_seconds(ended));
    std::size_t n_fail = 0, n_warn = 0, n_info = 0;
    for (const auto& f : site.findings) {
      n_fail += f.severity == Severity::fail;
      n_warn += f.severity == Severity::warn;
      n_info += f.severity == Severity::info;
    }
    totals.add({{"site", name}, {"severity", "fail"}}, static_cast<double>(n_fail));
    totals.add({{"site", name}, {"severity", "warn"}}, static_cast<double>(n_warn));
    totals.add({{"site", name}, {"severity", "info"}}, static_cast<double>(n_info));
  }

  std::string out;
  for (const Family* f :
       {&level, &required, &meets, &verdict, &verified, &last_run, &check, &success, &duration, &totals})
    f->write(out);
  return out;
}

}  // namespace v6r::report
