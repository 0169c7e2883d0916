// The lazy report's data (html_parts.hpp lazy_data_base64): the sites' detail as compact JSON, each
// shared string once where the format allows it (the check columns by index, a finding's evidence only
// when it differs from the site's own bundle and capture, frame lists as ranges), then gzip (zlib) and
// base64. The page's script (html_assets.hpp kLazyJs) inflates it with DecompressionStream and builds
// the DOM with textContent only, so no string from the document is ever parsed as markup.
#include <zlib.h>

#include <map>
#include <stdexcept>

#include "reports/html_parts.hpp"
#include "reports/render_util.hpp"

namespace v6r::report::html {
namespace {

using nlohmann::json;

/// Every human word the script shows, in one place ({0}, {1}… are filled in by the script).
json labels() {
  return {
      {"class", "Class {0}"},
      {"required", "required {0}"},
      {"meets", "\u2714 meets the plan"},
      {"below", "\u2716 below the plan"},
      {"not_assessed", "? not assessed against the plan"},
      {"not_in_plan", "\u2013 not in the plan"},
      {"unverified", "\u2716 bundle not verified"},
      {"access", "access mode {0}"},
      {"coverage", "Coverage: which checks prove each rung"},
      {"coverage_cols", json::array({"rung", "requirement", "kinds", "state", "checks"})},
      {"findings", "Findings ({0})"},
      {"none", "None."},
      {"check", "check {0}"},
      {"from", "from {0}"},
      {"addresses", "Addresses: {0}"},
      {"frames", "frames {0}"},
      {"evidence", "Evidence: bundle {0} · capture {1} · sha256 {2}"},
      {"checks", "Checks ({0})"},
      {"check_cols",
       json::array({"check", "kind", "target", "verdict", "reason", "addresses", "cross-check", "frames"})},
      {"local", "local {0}"},
      {"resolver", "resolver {0}"},
      {"remote", "remote {0}"},
      {"anomalies", "Capture anomalies"},
      {"anomaly", "{0} × {1} (first frames {2})"},
      {"capture_line",
       "Capture: {0} frames, {1} IPv4, {2} ARP, {3} DHCPv4, {4} Packet Too Big · RA PREF64 {5} · DNS {6} "
       "transactions, {7} unanswered, p95 {8} ms"},
      {"none_word", "none"},
      {"bundle_line",
       "Bundle {0} ({1}) · scenario {2} {3} · {4} on {5} {6} · run {7}, {8} – {9} · clock {10}"},
      {"capture_ref", "Capture {0}, {1} frames{2} · sha256 {3}"},
      {"partial", ", partial"},
      {"no_capture", "No capture."},
      {"pick", "Open a site from the drill-down, the worst sites or the matrix to see its detail here."},
      {"showing", "{0} of {1} sites shown; filter to see others."},
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

json site_json(const findings::Site& s, const std::map<std::string, std::size_t>& col_index,
               std::size_t ncols) {
  const auto& b = s.bundle;
  json j = {{"p", s.site},
            {"l", findings::level_text(s.level)},
            {"ls", level_slot(s.level)},
            {"pv", std::string(findings::to_string(s.plan_verdict))},
            {"sum", s.level_summary},
            {"pr", s.plan_reason},
            {"am", std::string(findings::to_string(s.access.mode))}};
  if (!s.site_class.empty()) j["cls"] = s.site_class;
  if (s.required_level) j["req"] = findings::level_text(s.required_level);
  if (s.access.missing) j["amiss"] = *s.access.missing;
  if (!s.level_reasons.empty()) j["lr"] = s.level_reasons;
  if (!s.access.evidence.empty()) j["ae"] = s.access.evidence;
  if (!b.verified) j["unv"] = b.verify_problems;
  // The matrix row: one character per column, '.' for a check the site did not run.
  std::string cells(ncols, '.');
  json checks = json::array();
  for (const auto& c : s.checks) {
    const auto it = col_index.find(c.check_id);
    if (it != col_index.end() && cells[it->second] == '.') cells[it->second] = verdict_code(c.verdict)[0];
    json row = json::array({it == col_index.end() ? 0 : it->second, c.target, verdict_code(c.verdict),
                            c.reason, opt_text(c.rfc), std::string(findings::to_string(c.cross_check)),
                            frame_ranges(c.frames)});
    json addrs = json::array();
    const auto& a = c.addresses;
    if (a.local && !a.local->empty()) addrs.push_back(json::array({"local", *a.local}));
    if (a.resolver && !a.resolver->empty()) addrs.push_back(json::array({"resolver", *a.resolver}));
    if (!a.remote.empty()) addrs.push_back(json::array({"remote", join(a.remote, ", ")}));
    row.push_back(std::move(addrs));
    if (c.clauses && !c.clauses->empty()) {
      json cl = json::array();
      for (const auto& x : *c.clauses)
        cl.push_back(json::array({x.clause, verdict_code(x.verdict), x.reason, opt_text(x.rfc)}));
      row.push_back(std::move(cl));
    }
    checks.push_back(std::move(row));
  }
  j["m"] = cells;
  j["k"] = std::move(checks);
  const std::string cap_file = b.capture ? b.capture->file : std::string();
  const std::string cap_sha = b.capture ? b.capture->sha256 : std::string();
  json fs = json::array();
  for (const auto& f : s.findings) {
    json x = {{"s", std::string(findings::to_string(f.severity))},
              {"t", f.title},
              {"x", f.explanation},
              {"r", f.rule},
              {"src", std::string(findings::to_string(f.source))}};
    if (f.check_id && !f.check_id->empty()) x["c"] = *f.check_id;
    if (f.rfc && !f.rfc->empty()) x["rfc"] = *f.rfc;
    if (!f.addresses.empty()) x["a"] = join(f.addresses, ", ");
    if (!f.evidence.frames.empty()) x["fr"] = frame_ranges(f.evidence.frames);
    // The evidence's bundle, capture and digest only when they are not the site's own.
    const auto& ev = f.evidence;
    if ((ev.bundle && *ev.bundle != b.name) || (ev.capture && *ev.capture != cap_file) ||
        (ev.capture_sha256 && *ev.capture_sha256 != cap_sha))
      x["ev"] = json::array({opt_text(ev.bundle), opt_text(ev.capture), opt_text(ev.capture_sha256)});
    fs.push_back(std::move(x));
  }
  j["f"] = std::move(fs);
  if (!s.coverage.empty()) {
    json cov = json::array();
    for (const auto& r : s.coverage)
      cov.push_back(json::array({std::string(findings::to_string(r.level)), r.requirement,
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
  const std::string clock = !b.clock.synced ? "unknown" : *b.clock.synced ? "synced" : "not synced";
  j["b"] =
      json::array({b.name, std::string(to_string(b.status)), b.scenario.name, b.scenario.sha256,
                   b.tool.name + " " + b.tool.version + " " + b.tool.git_commit, b.probe_id, b.host,
                   b.interface, b.run_id, format_rfc3339_ms(b.started_utc), format_rfc3339_ms(b.stopped_utc),
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

std::string lazy_data_base64(const findings::Document& doc) {
  const auto cols = check_columns(doc);
  std::map<std::string, std::size_t> col_index;
  json jc = json::array();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    col_index.emplace(cols[i].check_id, i);
    jc.push_back(json::array({cols[i].check_id, cols[i].kind}));
  }
  visible_strings(jc);
  // Written site by site into one string (the JSON object is never built whole).
  std::string text = "{\"L\":" + labels().dump() + ",\"cols\":" + jc.dump() + ",\"sites\":[";
  for (std::size_t i = 0; i < doc.sites.size(); ++i) {
    if (i) text += ',';
    // Invalid UTF-8 from a hostile document is replaced, never passed on (the JS reads JSON only).
    auto j = site_json(doc.sites[i], col_index, cols.size());
    visible_strings(j);
    text += j.dump();
  }
  text += "]}";
  return base64(gzip(text));
}

}  // namespace v6r::report::html
