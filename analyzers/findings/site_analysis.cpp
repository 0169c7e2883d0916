// analyze_bundle() in named stages: read the results, learn the expectations, one pass over the
// capture, the check rows with their cross-check, the capture-derived findings, the level, and the
// site entry.
#include "analyzers/findings/site_analysis.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "analyzers/dissect/frame_summary.hpp"
#include "analyzers/findings/capture_findings.hpp"
#include "analyzers/findings/cross_check.hpp"
#include "analyzers/findings/expectations.hpp"
#include "analyzers/findings/finding_builder.hpp"
#include "analyzers/findings/root_causes.hpp"
#include "analyzers/findings/rules.hpp"
#include "analyzers/flow/capture_analysis.hpp"
#include "analyzers/score/levels.hpp"
#include "analyzers/score/plan_verdict.hpp"
#include "core/check_kind.hpp"
#include "core/manifest.hpp"
#include "core/message_text.hpp"
#include "core/run_info.hpp"
#include "core/sha256.hpp"

namespace v6r::analyze {
namespace {

using findings::Severity;
using findings::Source;

findings::Problem problem(const bundle::BundleReader& b, std::string_view file, std::string message) {
  findings::Problem p;
  p.bundle = b.name();
  p.file = std::string(file);
  p.message = std::move(message);
  return p;
}

/// A probe result's finding: fail → fail, warn → warn. An error is a gap of the harness (the check
/// could not judge), not a failure of the network: warn, so it is seen without failing the sweep.
Severity severity_of(Verdict v) {
  switch (v) {
    case Verdict::fail:
      return Severity::fail;
    case Verdict::warn:
    case Verdict::error:
      return Severity::warn;
    default:
      return Severity::info;
  }
}

std::string probe_finding_title(const CheckResult& r) {
  if (r.verdict == Verdict::error) return r.kind + " could not judge: " + r.target;
  return r.kind + " " + std::string(to_string(r.verdict)) + ": " + r.target;
}

/// The probe's reason as a message, when it has one that the English catalogue renders as the stored
/// reason (the probe vouched for both; a bundle of an older or newer probe whose message this
/// catalogue renders differently keeps its English everywhere).
std::optional<findings::MessageRef> vouched(const std::optional<MessageRef>& m, const std::string& text) {
  if (!m || i18n::english(*m) != text) return std::nullopt;
  return m;
}

/// A probe finding's explanation: the check's reason, "(a gap of the harness...)" after an error's,
/// the cross-check note in brackets; as a message when the reason has one.
std::pair<std::string, std::optional<findings::MessageRef>> probe_finding_text(const CheckResult& r,
                                                                               const CrossCheckResult& x) {
  if (r.reason.empty() || !r.reason_message) {
    std::string why = r.reason.empty() ? std::string("no reason given") : r.reason;
    if (r.verdict == Verdict::error) why += " (a gap of the harness, not a failure of the network)";
    if (!x.note.empty()) why += " [capture: " + x.note + "]";
    return {why, std::nullopt};
  }
  findings::MessageRef m{r.verdict == Verdict::error ? "explain.probe_error" : "explain.probe",
                         {{"reason", r.reason, std::vector<MessageRef>{*r.reason_message}}}};
  if (!x.note.empty()) {
    m.id += "_note";
    m.args.push_back(x.note_message
                         ? findings::MessageArg{"note", x.note, std::vector<MessageRef>{*x.note_message}}
                         : findings::MessageArg{"note", x.note, std::nullopt});
  }
  return {i18n::english(m), std::move(m)};
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

/// Stage 1: results.jsonl in seq order. Unreadable lines are problems (partial unless the last line
/// was cut short by a killed run); fewer readable results than run.json counts is partial too.
std::vector<CheckResult> read_results(const bundle::BundleReader& b, FindingBuilder& fb, SiteAnalysis& out) {
  const RunInfo& ri = b.run_info();
  std::vector<CheckResult> results;
  if (auto rs = b.results()) {
    while (auto line = rs->next()) {
      if (line->result) {
        results.push_back(std::move(line->result).value());
      } else {
        const auto& e = line->result.error();
        auto p = problem(b, bundle::kResultsFile, e.to_string());
        p.line = line->line;
        out.problems.push_back(std::move(p));
        if (!e.truncated) out.partial = true;
      }
    }
  } else {
    out.partial = true;
    out.problems.push_back(problem(b, bundle::kResultsFile, rs.error()));
    fb.add(rule::kResultsUnreadable, Severity::fail, "Probe results unreadable", rs.error(), Source::probe,
           {}, {});
  }
  std::sort(results.begin(), results.end(), [](const auto& x, const auto& y) { return x.seq < y.seq; });
  // run.json is written after the last result and counts every result the probe recorded: fewer readable
  // lines (one cut short, lines lost) means this is not the whole run, whatever run.json's status says.
  if (ri.counts.total() != results.size()) {
    out.partial = true;
    out.problems.push_back(problem(b, bundle::kResultsFile,
                                   std::to_string(results.size()) + " readable results of the " +
                                       std::to_string(ri.counts.total()) +
                                       " the probe recorded (the run's verdict counts)"));
  }
  return results;
}

/// Stage 3: the capture, one streaming pass that watches the DNS ids and flows the results name.
struct CapturePass {
  bool have = false;  ///< a capture was read (maybe only partly)
  std::string sha256;
  CaptureFacts facts;
};

CapturePass capture_pass(const bundle::BundleReader& b, const std::vector<CheckResult>& results,
                         const std::optional<Prefix>& expected, const Thresholds& th) {
  CaptureConfig cfg;
  cfg.expected_pref64 = expected;
  cfg.dns_timeout_s = th.dns_timeout_s;
  cfg.flow_idle_s = th.flow_idle_s;
  cfg.dns_slow_ms = th.dns_latency_warn_ms;
  CaptureAnalyzer an(cfg);
  for (const auto& r : results) {
    std::vector<std::uint16_t> on_flows;
    for (const auto& f : r.evidence.flows) {
      const auto k = f.src.empty() ? std::nullopt : flow_key_of(f);
      if (!k) continue;
      if (f.dns_ids.empty()) {
        an.watch_flow(*k, f.deliberate);
        continue;
      }
      for (auto id : f.dns_ids) {  // a resolver socket: only this check's DNS ids on it
        an.watch_dns(id, *k);
        on_flows.push_back(id);
      }
    }
    for (auto id : r.evidence.dns_ids)
      if (std::find(on_flows.begin(), on_flows.end(), id) == on_flows.end()) an.watch_dns_id(id);
  }
  // The bytes that were hashed against the manifest when the bundle was opened (mapped once).
  const std::optional<Bytes> cap = b.capture_bytes();
  CapturePass pass;
  pass.have = cap.has_value();
  if (auto d = b.verification().digests.find(bundle::kCaptureFile); d != b.verification().digests.end())
    pass.sha256 = d->second;
  if (cap) {
    analyze_capture(*cap, an);
  } else {
    an.finish();
  }
  pass.facts = an.take();
  return pass;
}

/// Stage 4: what the analysis establishes besides the rows, for the level rules.
struct ChecksStage {
  std::vector<findings::CheckRow> rows;
  std::vector<WireFacts> wire;  ///< what the capture shows of each row's packets (root causes)
  VerdictCounts counts;
  LevelInputs level_inputs;
};

findings::CheckRow check_row(const CheckResult& r, const CrossCheckResult& x) {
  findings::CheckRow c;
  c.check_id = r.check_id;
  c.kind = r.kind;
  c.target = r.target;
  c.family = r.family;
  c.verdict = r.verdict;
  c.reason = r.reason;
  c.reason_message = r.reason_message;
  c.duration_ms = r.duration_ms;
  c.seq = r.seq;
  c.rfc = r.rfc;
  c.addresses = r.addresses;
  c.cross_check = x.verdict;
  if (!x.note.empty()) c.cross_check_note = x.note;
  c.cross_check_note_message = x.note_message;
  c.frames = x.frames;
  if (!r.clauses.empty()) c.clauses = r.clauses;
  // The behaviour class a NAT behaviour kind found, typed (core/check_kind.hpp): readers show it in their
  // language without parsing the reason. A word the vocabulary does not know (a newer probe) is left out.
  if (const auto key = check_kind::nat_class_key(r.kind); !key.empty())
    if (const auto it = r.observed.find(key); it != r.observed.end() && it->is_string())
      c.nat_class = check_kind::nat_class_from_string(it->get_ref<const std::string&>());
  return c;
}

/// What the level rules need of a result: its verdict and which families its remote addresses were
/// (IPv4, IPv6 under the check's Pref64::/n, other IPv6).
CheckBrief check_brief(const CheckResult& r, const Prefix* nat64) {
  CheckBrief b;
  b.check_id = r.check_id;
  b.kind = r.kind;
  b.target = r.target;
  b.verdict = r.verdict;
  b.family = r.family;
  b.reason = r.reason;
  b.reason_message = r.reason_message;
  for (const auto& a : r.addresses.remote) {
    const auto ip = IpAddr::parse(a);
    if (!ip) continue;
    if (ip->is_v4())
      b.remote_ipv4 = true;
    else if (nat64 != nullptr && nat64->contains(*ip))
      b.via_nat64 = true;
    else
      b.remote_native_ipv6 = true;
  }
  return b;
}

/// Stage 4: one row per result with its cross-check; a finding per disagreement and per result that
/// is not pass/info/skipped.
ChecksStage check_rows(const std::vector<CheckResult>& results, const CapturePass& cap,
                       const SiteExpectations& expect, FindingBuilder& fb) {
  ChecksStage st;
  for (auto r : results) {
    r.reason_message = vouched(r.reason_message, r.reason);
    for (auto& c : r.clauses) c.reason_message = vouched(c.reason_message, c.reason);
    st.counts.add(r.verdict);
    const CrossCheckResult x = cross_check(r, cap.have ? &cap.facts : nullptr);
    std::vector<std::string> addrs = r.addresses.remote;
    if (r.addresses.resolver) addrs.push_back(*r.addresses.resolver);
    for (const auto& [rid, what] : x.disagreements) {
      st.level_inputs.disagreement = true;
      fb.add(rid, Severity::fail, "Probe result disagrees with the capture",
             findings::MessageRef{
                 "explain.disagreement",
                 {{"kind", r.kind},
                  {"check", r.check_id},
                  i18n::list_arg("verdict", {{"fact.verdict." + std::string(to_string(r.verdict)), {}}}),
                  i18n::list_arg("what", {what})}},
             Source::cross_check, addrs, x.frames, r.rfc, r.check_id);
    }
    if (r.verdict == Verdict::fail || r.verdict == Verdict::warn || r.verdict == Verdict::error) {
      auto [why, m] = probe_finding_text(r, x);
      if (m)
        fb.add(r.kind, severity_of(r.verdict), probe_finding_title(r), std::move(*m), Source::probe, addrs,
               x.frames, r.rfc, r.check_id);
      else
        fb.add(r.kind, severity_of(r.verdict), probe_finding_title(r), std::move(why), Source::probe, addrs,
               x.frames, r.rfc, r.check_id);
    }
    st.level_inputs.checks.push_back(check_brief(r, expect.for_check(r.check_id)));
    st.rows.push_back(check_row(r, x));
    st.wire.push_back(x.wire);
  }
  return st;
}

/// Stage 5b: what a check's deliberate flows show on the wire (the Happy Eyeballs attempts meant to
/// lose, a PMTU probe's large transfer, an IPv4 probe on an IPv6-only link): one info finding per check,
/// attributed to it, instead of site-wide warnings. The check's verdict judges them (a PMTU probe whose
/// transfer completed passes although its segments were retransmitted full-size; one that stalled
/// fails), so they do not feed the level rules. Returns whether one of them looks like a black hole.
bool add_provoked_findings(FindingBuilder& fb, const std::vector<CheckResult>& results,
                           const CaptureFacts& cf) {
  bool black_hole = false;
  for (const auto& r : results) {
    std::uint64_t syns = 0, retrans = 0, ptb = 0, holes = 0;
    std::vector<std::uint64_t> frames;
    std::vector<std::string> addrs;
    std::set<FlowKey> done;  // a flow named twice is counted once
    for (const auto& f : r.evidence.flows) {
      if (!f.deliberate || !f.dns_ids.empty() || f.src.empty()) continue;
      const auto k = flow_key_of(f);
      if (!k || !done.insert(*k).second) continue;
      const auto it = cf.flow_evidence.find(*k);
      if (it == cf.flow_evidence.end() || !it->second.deliberate) continue;
      const FlowEvidence& ev = it->second;
      const auto before = syns + retrans + ptb + holes;
      if (ev.handshake_failed) {
        ++syns;
        frames.push_back(*ev.handshake_failed);
      }
      if (ev.black_hole) {
        ++holes;
        frames.push_back(*ev.black_hole);
      }
      retrans += ev.retransmissions.count;
      ptb += ev.ptb.count;
      frames.insert(frames.end(), ev.retransmissions.frames.begin(), ev.retransmissions.frames.end());
      frames.insert(frames.end(), ev.ptb.frames.begin(), ev.ptb.frames.end());
      if (syns + retrans + ptb + holes != before &&
          std::find(addrs.begin(), addrs.end(), f.dst) == addrs.end())
        addrs.push_back(f.dst);
    }
    if (syns + retrans + ptb + holes == 0) continue;
    black_hole = black_hole || holes > 0;
    std::sort(frames.begin(), frames.end());
    frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
    if (frames.size() > FrameList::kMax) frames.resize(FrameList::kMax);
    fb.add(rule::kProvoked, Severity::info, "Provoked on purpose by " + r.kind + " " + r.check_id,
           findings::MessageRef{
               "explain.provoked",
               {i18n::list_arg("verdict", {{"fact.verdict." + std::string(to_string(r.verdict)), {}}}),
                {"syns", std::to_string(syns)},
                {"retransmissions", std::to_string(retrans)},
                {"ptb", std::to_string(ptb)},
                {"holes", std::to_string(holes)}}},
           Source::capture, addrs, frames, std::nullopt, r.check_id);
  }
  return black_hole;
}

/// Stage 6: where the Pref64::/n was discovered (L3 needs it): a passing discovery with a prefix, a
/// passing v6only.ra, an RA PREF64 in the capture, or the expected prefix in ipv4only.arpa answers.
void pref64_discovery(const std::vector<CheckResult>& results, const CaptureFacts& cf,
                      const SiteExpectations& expect, LevelInputs& li) {
  for (const auto& r : results)
    if (r.kind == check_kind::kDns64Discovery && r.verdict == Verdict::pass &&
        !expect.probe_discovered.empty()) {
      li.pref64_discovered = true;
      li.pref64_source_message = {"fact.pref64_src.rfc7050",
                                  {{"check", check_name(check_brief(r, nullptr))}}};
      li.pref64_source = i18n::english(*li.pref64_source_message);
    }
  for (const auto& r : results)
    if (!li.pref64_discovered && r.kind == check_kind::kV6onlyRa && r.verdict == Verdict::pass) {
      li.pref64_discovered = true;
      li.pref64_source_message = {"fact.pref64_src.ra", {{"check", check_name(check_brief(r, nullptr))}}};
      li.pref64_source = i18n::english(*li.pref64_source_message);
    }
  if (!li.pref64_discovered && !cf.ra_pref64.empty()) {
    li.pref64_discovered = true;
    li.pref64_source_message = {"fact.pref64_src.ra_capture", {{"prefix", cf.ra_pref64.begin()->first}}};
    li.pref64_source = i18n::english(*li.pref64_source_message);
  }
  if (!li.pref64_discovered && expect.pref64 && !cf.discovered_pref64.empty() &&
      std::find(cf.discovered_pref64.begin(), cf.discovered_pref64.end(), *expect.pref64) !=
          cf.discovered_pref64.end()) {
    li.pref64_discovered = true;
    li.pref64_source_message = {"fact.pref64_src.rfc7050_capture", {}};
    li.pref64_source = i18n::english(*li.pref64_source_message);
  }
}

/// Stage 7: the bundle entry of the site (run.json, trust, capture, expectation).
findings::BundleInfo bundle_info(const bundle::BundleReader& b, const std::string& given_path,
                                 const BundleTrust& trust, const CapturePass& cap,
                                 const SiteExpectations& expect) {
  const RunInfo& ri = b.run_info();
  findings::BundleInfo bi;
  bi.name = b.name();
  bi.path = given_path;
  bi.verified = trust.verified;
  bi.verify_problems = trust.problems;
  bi.signature = trust.signature;
  bi.status = ri.status;
  bi.run_id = ri.run_id;
  bi.probe_id = ri.probe_id;
  bi.host = ri.host;
  bi.interface = ri.interface;
  bi.started_utc = ri.started_utc;
  bi.stopped_utc = ri.stopped_utc;
  bi.scenario = {ri.scenario.name, ri.scenario.sha256, scenario_description(b)};
  bi.tool = ri.tool;
  bi.clock = ri.clock;
  bi.partial_reason = ri.partial_reason;
  if (cap.have)
    bi.capture = findings::CaptureRef{std::string(bundle::kCaptureFile), cap.sha256, cap.facts.frames,
                                      cap.facts.partial};
  if (expect.pref64) bi.expected_pref64 = findings::ExpectedPref64{expect.pref64->to_string(), expect.source};
  return bi;
}

}  // namespace

/// Stage 9: which cited frames get a line (docs/findings-schema.md "Frame summaries"), the most relevant
/// first: the first two frames of each fail and warn finding (fail first, then in finding order), then
/// the first frame of each info finding, then the fail and warn findings' other frames, then the info
/// findings'. At most `max` distinct frames, returned ascending.
std::vector<std::uint64_t> frames_to_summarise(const std::vector<findings::Finding>& fs, std::size_t max) {
  constexpr std::size_t kInfoLater = std::size_t{1} << 40;  // after every fail and warn frame
  struct Candidate {
    std::size_t rank, severity, finding;
    std::uint64_t frame;
  };
  std::vector<Candidate> all;
  for (std::size_t i = 0; i < fs.size(); ++i) {
    const bool info = fs[i].severity == Severity::info;
    const auto sev = static_cast<std::size_t>(fs[i].severity);
    const auto& frames = fs[i].evidence.frames;
    for (std::size_t k = 0; k < frames.size(); ++k)
      all.push_back({info ? (k == 0 ? 2 : kInfoLater + k) : (k < 2 ? k : k + 1), sev, i, frames[k]});
  }
  std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.rank, a.severity, a.finding) < std::tie(b.rank, b.severity, b.finding);
  });
  std::vector<std::uint64_t> chosen;
  for (const auto& c : all) {
    if (chosen.size() >= max) break;
    if (std::find(chosen.begin(), chosen.end(), c.frame) == chosen.end()) chosen.push_back(c.frame);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

BundleTrust bundle_trust(const bundle::BundleReader& b) {
  const auto& v = b.verification();
  BundleTrust t;
  t.verified = v.verified();
  t.problems = v.problems();
  t.signature.status = v.signature.status;
  if (!v.signature.key_fingerprint.empty()) t.signature.key = v.signature.key_fingerprint;
  return t;
}

SiteAnalysis analyze_bundle(const bundle::BundleReader& b, const std::string& given_path, const Plan& plan,
                            int year, const BundleTrust& trust) {
  SiteAnalysis out;
  const RunInfo& ri = b.run_info();
  out.started_utc = ri.started_utc;
  FindingBuilder fb(ri.site, b.name());

  // 1. results, 2. expectations
  const std::vector<CheckResult> results = read_results(b, fb, out);
  const SiteExpectations expect = site_expectations(b, results);
  if (expect.problem) out.problems.push_back(problem(b, bundle::kScenarioFile, *expect.problem));

  // 3. the capture; what could not be read of it, and whether the bundle can be trusted at all
  const CapturePass cap = capture_pass(b, results, expect.pref64, plan.thresholds);
  const CaptureFacts& cf = cap.facts;
  if (cap.have) fb.set_capture(std::string(bundle::kCaptureFile), cap.sha256);
  if (cf.partial) {
    // A capture the manifest does not vouch for: where it broke, but nothing of what is there.
    CaptureError shown = cf.error;
    if (!b.vouched(bundle::kCaptureFile))
      shown.reason = "unreadable record (details not shown: capture.pcapng does not match MANIFEST.sha256)";
    const std::string msg = capture_error_text(std::string(bundle::kCaptureFile), shown);
    auto p = problem(b, bundle::kCaptureFile, msg);
    p.frame = cf.error.frame;
    p.offset = cf.error.offset;
    out.problems.push_back(std::move(p));
    out.partial = true;
    add_partial_capture_finding(fb, msg, shown);
  }
  if (!cap.have)
    fb.add(rule::kCaptureMissing, Severity::warn, "No capture in the bundle",
           findings::MessageRef{"explain.capture_missing", {}}, Source::capture, {}, {});
  if (!trust.verified)
    fb.add(rule::kUnverified, Severity::fail, "Bundle not verified (analysed with --allow-unverified)",
           findings::MessageRef{"explain.unverified", {{"problems", joined(trust.problems, "; ")}}},
           Source::capture, {}, {});

  // 4. check rows, cross-check, probe findings
  ChecksStage checks = check_rows(results, cap, expect, fb);
  LevelInputs& li = checks.level_inputs;
  li.have_capture = cap.have;
  li.capture_partial = cf.partial;

  // 5. capture-derived findings
  std::map<std::string, std::vector<std::uint64_t>> wrong_prefix_answers;
  if (cap.have) {
    auto flags =
        add_capture_findings(fb, cf, plan.thresholds, expect.pref64, expect.source, expect.probe_discovered);
    wrong_prefix_answers = std::move(flags.unexpected_prefix_answers);
    li.unexpected_prefix = flags.unexpected_prefix;
    li.ipv4_frames = flags.ipv4_frames;
    li.pmtu_black_hole = flags.pmtu_black_hole;
    add_provoked_findings(fb, results, cf);
  }
  auto anomalies = add_anomaly_findings(fb, cf);

  // 6. the level against the plan
  pref64_discovery(results, cf, expect, li);
  LevelResult lvl = compute_level(li, plan.levels);
  const PlanJudgement pj = judge_plan(plan, year, ri.site, lvl, li);

  // 7. the site entry
  findings::Site& s = out.site;
  s.site = ri.site;
  s.site_class = pj.site_class;
  if (lvl.level) s.level = findings::level_at(*lvl.level);
  s.level_summary = lvl.summary;
  s.level_reasons = lvl.reasons;
  s.level_summary_message = std::move(lvl.summary_message);
  s.level_reason_messages = std::move(lvl.reason_messages);
  if (lvl.not_assessed_from) s.not_assessed_from = findings::level_at(*lvl.not_assessed_from);
  s.access = std::move(lvl.access);
  s.coverage = std::move(lvl.coverage);
  s.required_level = pj.required;
  s.plan_verdict = pj.verdict;
  s.plan_reason = pj.reason;
  s.plan_reason_message = std::move(pj.reason_message);
  s.bundle = bundle_info(b, given_path, trust, cap, expect);
  s.checks = std::move(checks.rows);
  s.findings = fb.take();
  s.metrics = capture_metrics(cf);
  s.anomalies = std::move(anomalies);
  s.counts = checks.counts;
  s.services = std::move(lvl.services);
  // 8. findings that share a cause, grouped (after the site is complete: the rules read it)
  if (auto causes = find_root_causes(s, checks.wire, wrong_prefix_answers); !causes.empty())
    s.root_causes = std::move(causes);
  // 9. a line per cited frame, from a second pass over the capture that dissects only those frames
  if (cap.have)
    if (const auto cap_bytes = b.capture_bytes()) {
      auto lines =
          summarize_frames(*cap_bytes, frames_to_summarise(s.findings, findings::kMaxFrameSummaries));
      if (!lines.empty()) s.frame_summaries = std::move(lines);
    }
  return out;
}

}  // namespace v6r::analyze
