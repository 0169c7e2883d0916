// Markdown: a short summary for a PR comment or a ticket (levels, plan, the failing findings).
#include "reports/escape.hpp"
#include "reports/findings_view.hpp"
#include "reports/report.hpp"

namespace v6r::report {

std::string render_markdown(const nlohmann::json& doc) {
  constexpr std::size_t kMaxFindings = 15;
  const auto& sites = arr(doc, "sites");
  const auto& sweep = obj(doc, "sweep");
  std::string out = "## v6ready readiness";
  if (!str(sweep, "label").empty()) out += " — " + md_escape(str(sweep, "label"));
  out += "\n\n";
  const auto& plan = obj(doc, "plan");
  out += std::to_string(sites.size()) + " sites";
  if (!str(plan, "name").empty() || !str(plan, "year").empty())
    out += ", plan " + md_escape(str(plan, "name")) + (str(plan, "year").empty() ? "" : " (" + str(plan, "year") + ")");
  std::size_t meets = 0, below = 0, fails = 0, warns = 0;
  for (const auto& s : sites) {
    if (auto it = s.find("meets_plan"); it != s.end() && it->is_boolean()) (it->get<bool>() ? meets : below)++;
    for (const auto& f : arr(s, "findings")) {
      fails += str(f, "severity") == "fail";
      warns += str(f, "severity") == "warn";
    }
  }
  out += ": **" + std::to_string(meets) + " meet the plan, " + std::to_string(below) + " below**; " +
         std::to_string(fails) + " failing and " + std::to_string(warns) + " warning findings.";
  if (str(doc, "status") == "partial") out += " **Partial analysis** (see problems in the full report).";
  out += "\n\n| level | sites |\n|---|---:|\n";
  for (const auto& id : level_ids(doc)) {
    std::size_t n = 0;
    for (const auto& s : sites) n += str(s, "level") == id;
    out += "| " + md_escape(id) + " | " + std::to_string(n) + " |\n";
  }
  out += "\n| site | level | required | plan | pass | warn | fail | error |\n|---|---|---|---|---:|---:|---:|---:|\n";
  for (const auto& s : sites) {
    const auto& c = obj(s, "counts");
    const auto mp = str(s, "meets_plan");
    out += "| " + md_escape(str(s, "site")) + " | " + md_escape(str(s, "level")) + " | " +
           md_escape(str(s, "required_level")) + " | " +
           (mp == "true" ? "\u2714 meets" : mp == "false" ? "\u2716 below" : "\u2013") + " | " +
           std::to_string(static_cast<long long>(num(c, "pass"))) + " | " +
           std::to_string(static_cast<long long>(num(c, "warn"))) + " | " +
           std::to_string(static_cast<long long>(num(c, "fail"))) + " | " +
           std::to_string(static_cast<long long>(num(c, "error"))) + " |\n";
  }
  std::size_t shown = 0, total = 0;
  std::string list;
  for (const char* sev : {"fail", "warn"}) {
    for (const auto& s : sites) {
      for (const auto& f : arr(s, "findings")) {
        if (str(f, "severity") != sev) continue;
        ++total;
        if (shown >= kMaxFindings) continue;
        ++shown;
        list += "- " + std::string(verdict_symbol(sev)) + " **" + md_escape(str(s, "site")) + "** " +
                md_escape(str(f, "rule")) + ": " + md_escape(str(f, "title"));
        if (!str(f, "rfc").empty()) list += " (" + md_escape(str(f, "rfc")) + ")";
        list += "\n";
      }
    }
  }
  if (total > 0) {
    out += "\n### Findings\n\n" + list;
    if (total > shown) out += "- … and " + std::to_string(total - shown) + " more in the full report\n";
  }
  const auto& tool = obj(doc, "tool");
  out += "\n<sub>" + md_escape(str(tool, "name")) + " " + md_escape(str(tool, "version")) + ", generated " +
         md_escape(str(doc, "generated_utc")) + "</sub>\n";
  return out;
}

}  // namespace v6r::report
