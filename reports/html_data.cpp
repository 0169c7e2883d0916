// The lazy report's data (html_parts.hpp lazy_data_base64): the sites' detail as compact JSON, each
// shared string once where the format allows it (the check columns by index, a finding's evidence only
// when it differs from the site's own bundle and capture, frame lists as ranges), then gzip (zlib) and
// base64. The page's script (html_assets.hpp kLazyJs) inflates it with DecompressionStream and builds
// the DOM with textContent only, so no string from the document is ever parsed as markup.
#include <zlib.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "reports/html_parts.hpp"
#include "reports/realtime.hpp"
#include "reports/render_util.hpp"
#include "reports/root_cause_text.hpp"
#include "reports/sentences.hpp"
#include "reports/words.hpp"

namespace v6r::report::html {
namespace {

using nlohmann::json;

/// Each cause's advice, once (the sites' data name the cause).
json rc_advice(const i18n::Catalog& cat) {
  json j = json::object();
  for (const auto c :
       {findings::Cause::resolver_unreachable, findings::Cause::nat64_down, findings::Cause::no_ipv6_route,
        findings::Cause::pmtu_black_hole, findings::Cause::wrong_pref64})
    j[std::string(findings::to_string(c))] = root_cause_advice(cat, c);
  return j;
}

/// Every human word the script shows, from the catalogue in the report's language (reports/i18n/*.yaml,
/// the html.* messages). The script fills {0}, {1}… in order; the catalogue names its placeholders, so
/// each is given here as its script position.
json labels(const i18n::Catalog& cat) {
  auto m = [&](std::string_view id, std::initializer_list<std::string_view> names = {}) {
    std::vector<i18n::Arg> args;
    std::size_t i = 0;
    for (const auto n : names) args.push_back({n, "{" + std::to_string(i++) + "}"});
    return cat.text(id, args);
  };
  auto words = [&](std::string_view prefix, std::initializer_list<std::string_view> names) {
    json o = json::object();
    for (const auto n : names) o[std::string(n)] = cat.text(std::string(prefix) + std::string(n));
    return o;
  };
  auto cols = [&](std::initializer_list<std::string_view> names) {
    json a = json::array();
    for (const auto n : names) a.push_back(cat.text("html.col." + std::string(n)));
    return a;
  };
  json rt_cols = json::array();
  for (const auto kind : realtime_kinds()) rt_cols.push_back(realtime_label(cat, kind));
  return {
      {"class", m("html.site.class", {"class"})},
      {"required", m("html.site.required", {"level"})},
      {"meets", m("html.site.meets")},
      {"below", m("html.site.below")},
      {"not_assessed", m("html.site.not_assessed")},
      {"not_in_plan", m("html.site.not_in_plan")},
      {"unverified", m("html.site.unverified")},
      {"access", m("html.site.access", {"mode"})},
      {"realtime", m("html.site.realtime")},
      {"rt_cols", rt_cols},
      {"coverage", m("html.site.coverage")},
      {"coverage_cols", cols({"rung", "requirement", "kinds", "state", "checks"})},
      {"findings", m("html.site.findings", {"n"})},
      {"none", m("html.none")},
      {"check", m("html.site.check", {"check"})},
      {"from", m("html.site.from", {"source"})},
      {"advice", m("html.site.advice", {"advice"})},
      {"addresses", m("html.site.addresses", {"addresses"})},
      {"frames", m("html.site.frames", {"frames"})},
      {"pkt_more", m("pkt.more", {"n"})},
      {"evidence", m("html.site.evidence", {"bundle"}) + " · " +
                       m("html.site.evidence_capture", {"", "capture"}) + " · " +
                       m("html.site.evidence_sha", {"", "", "sha256"})},
      {"checks", m("html.site.checks", {"n"})},
      {"check_cols",
       cols({"check", "kind", "target", "verdict", "reason", "addresses", "cross_check", "frames"})},
      {"local", m("html.site.local", {"address"})},
      {"resolver", m("html.site.resolver", {"address"})},
      {"remote", m("html.site.remote", {"address"})},
      {"anomalies", m("html.site.anomalies")},
      {"anomaly", m("html.site.anomaly", {"name", "count", "frames"})},
      {"capture_line", m("html.site.capture_line",
                         {"frames", "ipv4", "arp", "dhcpv4", "ptb", "pref64", "dns", "unanswered", "p95"})},
      {"none_word", m("html.none_word")},
      {"bundle_line", m("html.site.bundle_line", {"bundle", "status", "scenario", "sha256", "tool", "probe",
                                                  "host", "interface", "run", "start", "stop", "clock"})},
      {"capture_ref", m("html.site.capture_ref", {"file", "frames", "partial", "sha256"})},
      {"partial", m("html.site.partial")},
      {"no_capture", m("html.site.no_capture")},
      {"pick", m("html.detail.pick")},
      {"showing", m("html.detail.showing", {"shown", "total"})},
      {"not_run", m("html.matrix.not_run")},
      // Words shown for the data's machine names (the names stay the classes and data-* values).
      {"verdict", words("verdict.", {"pass", "info", "warn", "fail", "error", "skipped"})},
      {"severity", words("severity.", {"fail", "warn", "info"})},
      {"source", words("source.", {"probe", "capture", "cross_check"})},
      {"cross_check",
       words("cross_check.", {"agrees", "disagrees", "unverified", "no_evidence", "not_applicable"})},
      {"coverage_state", words("coverage.", {"present", "missing", "not_judged"})},
      {"access_mode", words("access.", {"dual-stack", "ipv6-only", "ipv4-only", "unknown"})},
      // Root causes (docs/findings-schema.md "Root causes"): the words, and each cause's advice once.
      {"root_causes", cat.text("rootcause.heading")},
      {"explains", m("rootcause.explains", {"count"})},
      {"rc_evidence", m("rootcause.evidence", {"fact"})},
      {"rc_fix", m("rootcause.how_to_fix", {"advice"})},
      {"rc_advice", rc_advice(cat)},
  };
}

std::string verdict_code(Verdict v) {  // one character per matrix cell
  switch (v) {
    case Verdict::pass:
      return "p";
    case Verdict::info:
      return "i";
    case Verdict::warn:
      return "w";
    case Verdict::fail:
      return "f";
    case Verdict::error:
      return "e";
    case Verdict::skipped:
      return "s";
  }
  return "o";
}

json opt_text(const std::optional<std::string>& s) {
  return s ? json(*s) : json("");
}

json site_json(const i18n::Catalog& cat, const findings::Site& s,
               const std::map<std::string, std::size_t>& col_index, std::size_t ncols) {
  const auto& b = s.bundle;
  json j = {{"p", s.site},
            {"l", level_name(cat, s.level)},
            {"ls", level_slot(s.level)},
            {"pv", std::string(findings::to_string(s.plan_verdict))},
            {"sum", level_summary(cat, s)},
            {"pr", plan_reason(cat, s)},
            {"am", std::string(findings::to_string(s.access.mode))}};
  if (!s.site_class.empty()) j["cls"] = s.site_class;
  if (s.required_level) j["req"] = findings::level_text(s.required_level);
  if (const auto m = access_missing(cat, s.access)) j["amiss"] = *m;
  if (!s.level_reasons.empty()) j["lr"] = level_reasons(cat, s);
  if (!s.access.evidence.empty()) j["ae"] = access_evidence(cat, s.access);
  if (!b.verified) j["unv"] = b.verify_problems;
  // The matrix row: one character per column, '.' for a check the site did not run.
  std::string cells(ncols, '.');
  json checks = json::array();
  for (const auto& c : s.checks) {
    const auto it = col_index.find(c.check_id);
    if (it != col_index.end() && cells[it->second] == '.') cells[it->second] = verdict_code(c.verdict)[0];
    json row = json::array({it == col_index.end() ? 0 : it->second, c.target, verdict_code(c.verdict),
                            check_reason(cat, c), opt_text(c.rfc),
                            std::string(findings::to_string(c.cross_check)), frame_ranges(c.frames)});
    json addrs = json::array();
    const auto& a = c.addresses;
    if (a.local && !a.local->empty()) addrs.push_back(json::array({"local", *a.local}));
    if (a.resolver && !a.resolver->empty()) addrs.push_back(json::array({"resolver", *a.resolver}));
    if (!a.remote.empty()) addrs.push_back(json::array({"remote", join(a.remote, ", ")}));
    row.push_back(std::move(addrs));
    if (c.clauses && !c.clauses->empty()) {
      json cl = json::array();
      for (const auto& x : *c.clauses)
        cl.push_back(
            json::array({x.clause, verdict_code(x.verdict), clause_reason(cat, x), opt_text(x.rfc)}));
      row.push_back(std::move(cl));
    }
    checks.push_back(std::move(row));
  }
  j["m"] = cells;
  j["k"] = std::move(checks);
  const std::string cap_file = b.capture ? b.capture->file : std::string();
  const std::string cap_sha = b.capture ? b.capture->sha256 : std::string();
  // The frame lines (docs/findings-schema.md "Frame summaries") in the report's language, each once;
  // a finding names its own by index ("pl") and counts its frames without one ("pm").
  json pk = json::array();
  std::map<const findings::FrameSummary*, std::size_t> pk_index;
  json fs = json::array();
  for (const auto& f : s.findings) {
    json x = {{"s", std::string(findings::to_string(f.severity))},
              {"t", finding_title(cat, f, &s)},
              {"x", finding_explanation(cat, f)},
              {"r", f.rule},
              {"src", std::string(findings::to_string(f.source))}};
    if (f.check_id && !f.check_id->empty()) x["c"] = *f.check_id;
    if (f.rfc && !f.rfc->empty()) x["rfc"] = *f.rfc;
    if (!f.addresses.empty()) x["a"] = join(f.addresses, ", ");
    if (!f.evidence.frames.empty()) x["fr"] = frame_ranges(f.evidence.frames);
    if (const auto ff = finding_frames(s, f); !ff.lines.empty()) {
      json pl = json::array();
      for (const auto* l : ff.lines) {
        const auto [it, fresh] = pk_index.emplace(l, pk.size());
        if (fresh) pk.push_back(frame_line(cat, *l));
        pl.push_back(it->second);
      }
      x["pl"] = std::move(pl);
      if (ff.without_line > 0) x["pm"] = cat.integer(ff.without_line);
    }
    // The evidence's bundle, capture and digest only when they are not the site's own.
    const auto& ev = f.evidence;
    if ((ev.bundle && *ev.bundle != b.name) || (ev.capture && *ev.capture != cap_file) ||
        (ev.capture_sha256 && *ev.capture_sha256 != cap_sha))
      x["ev"] = json::array({opt_text(ev.bundle), opt_text(ev.capture), opt_text(ev.capture_sha256)});
    fs.push_back(std::move(x));
  }
  j["f"] = std::move(fs);
  if (!pk.empty()) j["pk"] = std::move(pk);
  // Root causes in the report's language: the findings they fold by index into "f".
  if (s.root_causes && !s.root_causes->empty()) {
    json rcs = json::array();
    for (const auto& rc : *s.root_causes) {
      json folded = json::array();
      for (std::size_t i = 0; i < s.findings.size(); ++i)
        if (std::find(rc.findings.begin(), rc.findings.end(), s.findings[i].id) != rc.findings.end())
          folded.push_back(i);
      rcs.push_back(json::array(
          {std::string(findings::to_string(rc.cause)), std::string(findings::to_string(rc.severity)),
           root_cause_title(cat, rc), root_cause_evidence(cat, rc), cat.integer(rc.checks.size()),
           std::move(folded), frame_ranges(rc.frames), severity_word(cat, rc.severity)}));
    }
    j["rc"] = std::move(rcs);
  }
  if (has_realtime(s)) {  // [verdict or "", text, reason, kind] per real-time kind, in realtime_kinds() order
    json rt = json::array();
    for (const auto& c : realtime_cells(cat, s))
      rt.push_back(json::array({c.verdict ? std::string(to_string(*c.verdict)) : std::string(), c.text,
                                c.reason, std::string(c.kind)}));
    j["rt"] = std::move(rt);
  }
  if (!s.coverage.empty()) {
    json cov = json::array();
    for (const auto& r : s.coverage)
      cov.push_back(json::array({std::string(findings::to_string(r.level)), coverage_requirement(cat, r),
                                 r.kinds.empty() ? std::string("capture") : join(r.kinds, ", "),
                                 std::string(findings::to_string(r.state)), join(r.checks, ", ")}));
    j["cov"] = std::move(cov);
  }
  if (!s.anomalies.empty()) {
    json an = json::array();
    for (const auto& a : s.anomalies)
      an.push_back(json::array({a.name, a.count, frame_ranges(a.first_frames)}));
    j["an"] = std::move(an);
  }
  const auto& m = s.metrics;
  j["mt"] = json::array({m.frames, m.ipv4_frames, m.arp_frames, m.dhcpv4_frames, m.ptb_seen,
                         join(m.ra_pref64, ", "), m.dns.transactions, m.dns.unanswered,
                         number_text(m.dns.latency_ms_p95)});
  const std::string clock = cat.text(!b.clock.synced   ? "clock.unknown"
                                     : *b.clock.synced ? "clock.synced"
                                                       : "clock.not_synced");
  j["b"] = json::array({b.name, cat.text("status." + std::string(to_string(b.status))), b.scenario.name,
                        b.scenario.sha256, b.tool.name + " " + b.tool.version + " " + b.tool.git_commit,
                        b.probe_id, b.host, b.interface, b.run_id, format_rfc3339_ms(b.started_utc),
                        format_rfc3339_ms(b.stopped_utc),
                        clock + (b.clock.detail.empty() ? "" : " " + b.clock.detail)});
  if (b.capture)
    j["cap"] = json::array({b.capture->file, b.capture->frames, b.capture->partial, b.capture->sha256});
  return j;
}

/// Every string from the document with its hidden characters shown (core/escape.hpp): the script puts
/// them into <bdi> elements with textContent, as the server-side parts do with html_isolated().
void visible_strings(json& j) {
  if (j.is_string())
    j = escape::visible(j.get_ref<const std::string&>());
  else if (j.is_array() || j.is_object())
    for (auto& v : j) visible_strings(v);
}

std::string gzip(const std::string& in) {
  z_stream z{};
  // 15 + 16: a gzip wrapper, which DecompressionStream("gzip") reads.
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return out;
}

std::string base64(const std::string& in) {
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  o.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    o += k[(v >> 18) & 63];
    o += k[(v >> 12) & 63];
    o += k[(v >> 6) & 63];
    o += k[v & 63];
  }
  if (i < in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) << 8 : 0U);
    o += k[(v >> 18) & 63];
    o += k[(v >> 12) & 63];
    o += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    o += '=';
  }
  return o;
}

}  // namespace

std::string lazy_data_base64(const i18n::Catalog& cat, const findings::Document& doc) {
  const auto cols = check_columns(doc);
  std::map<std::string, std::size_t> col_index;
  json jc = json::array();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    col_index.emplace(cols[i].check_id, i);
    jc.push_back(json::array({cols[i].check_id, cols[i].kind}));
  }
  visible_strings(jc);
  // Written site by site into one string (the JSON object is never built whole).
  // The advice of each rule the sites' findings name, once for the whole report.
  json adv = json::object();
  for (const auto& s : doc.sites)
    for (const auto& f : s.findings)
      if (!adv.contains(f.rule))
        if (auto a = advice(cat, f.rule)) adv[f.rule] = *a;
  visible_strings(adv);
  std::string text =
      "{\"L\":" + labels(cat).dump() + ",\"A\":" + adv.dump() + ",\"cols\":" + jc.dump() + ",\"sites\":[";
  for (std::size_t i = 0; i < doc.sites.size(); ++i) {
    if (i) text += ',';
    // Invalid UTF-8 from a hostile document is replaced, never passed on (the JS reads JSON only).
    auto j = site_json(cat, doc.sites[i], col_index, cols.size());
    visible_strings(j);
    text += j.dump();
  }
  text += "]}";
  return base64(gzip(text));
}

}  // namespace v6r::report::html
