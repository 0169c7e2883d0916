#include "analyzers/capture_only.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "analyzers/capture_file.hpp"
#include "analyzers/dissect/dissect.hpp"
#include "analyzers/findings/capture_findings.hpp"
#include "analyzers/flow/capture_analysis.hpp"
#include "analyzers/score/plan.hpp"
#include "core/escape.hpp"
#include "core/time_util.hpp"
#include "core/version.hpp"

namespace v6r::analyze {
namespace {

/// RssAnon of this process in kB (/proc/self/status), -1 if unavailable.
long rss_anon_kb() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f) != nullptr)
    if (std::strncmp(line, "RssAnon:", 8) == 0) kb = std::strtol(line + 8, nullptr, 10);
  std::fclose(f);
  return kb;
}

constexpr std::uint64_t kRssSampleEvery = 65536;  // frames

}  // namespace

std::string CaptureRunStats::line() const {
  char buf[512];
  const double pps = seconds > 0 ? static_cast<double>(packets) / seconds : 0;
  std::snprintf(
      buf, sizeof buf,
      "packets=%llu bytes=%llu seconds=%.6f pps=%.0f flows=%llu flows_peak=%llu dns_transactions=%llu "
      "pending_dns_peak=%llu maxrss_kb=%ld rss_anon_base_kb=%ld rss_anon_peak_kb=%ld rss_anon_delta_kb=%ld "
      "cpu_seconds=%.6f",
      static_cast<unsigned long long>(packets), static_cast<unsigned long long>(bytes), seconds, pps,
      static_cast<unsigned long long>(flows), static_cast<unsigned long long>(flows_peak),
      static_cast<unsigned long long>(dns_transactions), static_cast<unsigned long long>(pending_dns_peak),
      maxrss_kb, rss_anon_base_kb, rss_anon_peak_kb,
      rss_anon_peak_kb >= 0 && rss_anon_base_kb >= 0 ? rss_anon_peak_kb - rss_anon_base_kb : -1, cpu_seconds);
  return buf;
}

Expected<CaptureOnlyOutput, std::string> analyze_capture_only(const CaptureOnlyOptions& opt) {
  Plan plan = builtin_plan();
  if (opt.plan_file) {
    auto p = load_plan_file(*opt.plan_file);
    if (!p) return Unexpected{p.error().to_string()};
    plan = std::move(p).value();
  }
  CaptureConfig cfg;
  cfg.dns_timeout_s = plan.thresholds.dns_timeout_s;
  cfg.flow_idle_s = plan.thresholds.flow_idle_s;
  cfg.dns_slow_ms = plan.thresholds.dns_latency_warn_ms;
  std::string expected_source;
  if (opt.expect_pref64) {
    auto p = Prefix::parse(*opt.expect_pref64);
    if (!p || p->family() != IpFamily::v6)
      return Unexpected{"--expect-pref64 " + *opt.expect_pref64 + ": not an IPv6 prefix"};
    cfg.expected_pref64 = *p;
    expected_source = "--expect-pref64";
  }

  CaptureOnlyOutput out;
  CaptureRunStats& st = out.stats;
  const auto t0 = std::chrono::steady_clock::now();
  auto file = CaptureFile::open(opt.capture);
  if (!file) return Unexpected{file.error()};
  st.rss_anon_base_kb = rss_anon_kb();
  st.rss_anon_peak_kb = st.rss_anon_base_kb;

  // The same pass as analyze_capture() (flow/capture_analysis.cpp), with the byte count and the
  // memory samples the benchmark needs.
  CaptureAnalyzer an(cfg);
  CaptureReader rd(file->bytes());
  CaptureFrame f;
  Packet p;
  ReadStatus rs;
  std::uint64_t next_sample = kRssSampleEvery;
  while ((rs = rd.next(f)) == ReadStatus::frame) {
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
    an.add(f, p);
    st.bytes += f.caplen;
    if (++st.packets == next_sample) {
      next_sample += kRssSampleEvery;
      st.rss_anon_peak_kb = std::max(st.rss_anon_peak_kb, rss_anon_kb());
    }
  }
  if (rs == ReadStatus::error) an.set_error(rd.error());
  st.rss_anon_peak_kb = std::max(st.rss_anon_peak_kb, rss_anon_kb());  // before expiring what is live
  an.finish();
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  st.maxrss_kb = ru.ru_maxrss;
  st.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                   static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  const CaptureFacts& cf = an.facts();
  st.flows = cf.flows;
  st.flows_peak = cf.peak_live_flows;
  st.dns_transactions = cf.dns_transactions;
  st.pending_dns_peak = cf.peak_pending_dns;

  const std::string name = std::filesystem::path(opt.capture).filename().string();
  auto found = capture_only_findings(cf, plan.thresholds, cfg.expected_pref64, expected_source, name, "");
  bool any_fail = false;
  for (const auto& fnd : found.findings)
    if (fnd.severity == findings::Severity::fail) any_fail = true;

  findings::CaptureDocument& doc = out.findings;
  doc.generated_utc = now_utc_ms();
  doc.tool = {"v6analyze", std::string(kToolVersion), std::string(kGitCommit)};
  doc.status = cf.partial ? RunStatus::partial : RunStatus::complete;
  doc.capture = {name, opt.capture, cf.frames, st.bytes, cf.partial, std::nullopt};
  if (cf.partial) {
    out.error = opt.capture + ": frame " + std::to_string(cf.error.frame) + " at byte offset " +
                std::to_string(cf.error.offset) + ": " + cf.error.reason + " (" + std::to_string(cf.frames) +
                " frames before it analysed)";
    doc.capture.error = findings::CaptureError{cf.error.frame, cf.error.offset, cf.error.reason};
  }
  if (!plan.file.empty()) doc.plan.file = plan.file;
  doc.plan.name = plan.name;
  if (cfg.expected_pref64) doc.expected_pref64 = cfg.expected_pref64->to_string();
  doc.findings = std::move(found.findings);
  doc.metrics = std::move(found.metrics);
  doc.anomalies = std::move(found.anomalies);
  doc.stats = {st.packets,
               st.bytes,
               st.seconds,
               st.cpu_seconds,
               st.flows,
               st.flows_peak,
               st.pending_dns_peak,
               st.rss_anon_base_kb,
               st.rss_anon_peak_kb,
               st.maxrss_kb};

  // Plain text summary (terminal text: the file name and the findings' text escaped; the CLI wraps it).
  const auto& m = doc.metrics;
  std::string s = "v6analyze: capture " + escape::terminal(name) + ": " + std::to_string(st.packets) +
                  " frames, " + std::to_string(st.flows) + " flows (peak " + std::to_string(st.flows_peak) +
                  " live), " + std::to_string(m.dns.transactions) + " DNS transactions (" +
                  std::to_string(m.dns.answered) + " answered), " + std::to_string(m.tcp.handshakes) +
                  " TCP handshakes; status " + std::string(to_string(doc.status)) + "\n";
  for (const auto& fnd : doc.findings)
    s += "  " + std::string(findings::to_string(fnd.severity)) + " " + escape::terminal(fnd.rule) + ": " +
         escape::terminal(fnd.explanation) + "\n";
  out.summary_text = std::move(s);
  out.exit_code = cf.partial ? 3 : any_fail ? 1 : 0;
  return out;
}

}  // namespace v6r::analyze
