#pragma once
// Generated findings documents for the model's tests: every optional member set and every list
// non-empty, so that writing them produces every key path of the schema.
#include <chrono>

#include "core/findings.hpp"

namespace v6r::findings::test {

inline UtcMs at(std::int64_t ms) {
  return UtcMs{std::chrono::milliseconds(ms)};
}

/// A list argument whose item has a list argument of its own (messages nest: every key of the
/// message model, down to args[].items[].args[].items; the model describes no keys below that, so
/// the inner list is empty).
inline MessageArg nested_list(std::string name, std::string value) {
  return {std::move(name), std::move(value),
          std::vector<MessageItem>{{"fact.more", {{"n", "1", std::vector<MessageItem>{}}}}}};
}

/// `m` with a nested list argument too (every key of the message model; an extra argument is ignored).
inline MessageRef listed(MessageRef m) {
  m.args.push_back(nested_list("more", "+1"));
  return m;
}

inline Finding full_finding(const std::string& id) {
  Finding f;
  f.id = id;
  f.rule = "dns64.unexpected_prefix";
  f.severity = Severity::fail;
  f.title = "Synthesized AAAA under an unexpected prefix";
  f.explanation = "AAAA 2001:db8:65::c000:20a under 2001:db8:65::/96, expected 2001:db8:64::/96 — \"quoted\"";
  f.source = Source::cross_check;
  f.addresses = {"2001:db8:65::c000:20a"};
  f.rfc = "RFC 6147 §5.2";
  f.check_id = "synth-v4only";
  f.evidence = {"province.a.b_20261123T120000Z_1a2b3c4d", {12, 13}, "capture.pcapng", std::string(64, 'a')};
  // A message with a plain argument and a list argument (every key of the message model).
  f.explanation_message =
      MessageRef{"explain.unexpected_prefix",
                 {{"prefix", "2001:db8:65::/96", std::nullopt},
                  {"answers", "MTU 1400", std::vector<MessageItem>{{"fact.ptb_mtu", {{"mtu", "1400"}}}}},
                  nested_list("more", "+1")}};
  return f;
}

inline Metrics full_metrics() {
  Metrics m;
  m.frames = 812;
  m.ipv4_frames = 1;
  m.arp_frames = 2;
  m.dhcpv4_frames = 3;
  m.dhcpv4_v6only_frames = 4;
  m.ptb_seen = 5;
  m.ra_pref64 = {"2001:db8:64::/96"};
  m.rfc7050_pref64 = {"2001:db8:64::/96"};
  m.dns = {40, 39, 1, 0, 1, 1.25, 3.5};
  m.tcp = {6, 1, 2, RttMs{0.4, 12.0}};
  m.flows = 14;
  m.peak_live_flows = 9;
  m.peak_pending_dns = 2;
  return m;
}

inline Document full_document() {
  Document d;
  d.generated_utc = at(1795000000123);
  d.tool = {"v6analyze", "0.1.0", "abc123"};
  d.status = RunStatus::partial;
  d.problems = {
      Problem{"b1", "out/b1", "capture.pcapng", 3, 1234, 56789, "frame 1234 at byte offset 56789: cut"}};
  d.plan = {"scenarios/plan-2026-2030.yaml",
            std::string(64, 'b'),
            "province-2026-2030",
            2029,
            "Lộ trình chuyển sang chỉ IPv6",
            "vi"};
  d.sweep = {"2026-11-23", 4, 1, true, true};
  d.levels = {{Level::L0, "not ready: a service unreachable, or no working IPv6"},
              {Level::L4, "native IPv6 for every service"}};
  Site s;
  s.site = "province/district-a/commune-ready";
  s.site_class = "commune";
  s.level = Level::L3;
  s.level_summary = "IPv6-only clean; L4 not assessed: no service.* result";
  s.level_reasons = {"L3: all met", "L4 not assessed: no service.* result"};
  s.not_assessed_from = Level::L4;
  s.access = Access{AccessMode::ipv6_only,
                    false,
                    true,
                    true,
                    {"IPv4 absent: v6only.leak passed"},
                    "nothing (a sample: every key set)"};
  s.access.evidence_messages =
      std::vector<MessageRef>{listed({"fact.access.ipv4_absent", {{"checks", "v6only.leak"}}})};
  s.access.missing_message = listed({"fact.access.missing_leak", {}});
  s.level_summary_message = listed({"summary.l3_l4_not_assessed", {{"pref", "x"}, {"gap", "y"}}});
  s.level_reason_messages = std::vector<MessageRef>{listed({"reason.l3", {{"pref", "x"}}}),
                                                    listed({"reason.l4_not_assessed", {{"gap", "y"}}})};
  s.plan_reason_message = listed({"planr.meets_above", {{"have", "L3"}, {"need", "L2"}}});
  s.coverage = {CoverageRow{Level::L2,
                            "IPv6-only shown",
                            {"v6only.leak"},
                            CoverageState::present,
                            {"leak"},
                            listed({"fact.req.ipv6_only", {}})},
                CoverageRow{Level::L4, "service checks", {"service.*"}, CoverageState::missing, {}}};
  s.required_level = Level::L2;
  s.plan_verdict = PlanVerdict::meets;
  s.plan_reason = "meets the plan: L3 > L2, nothing it relies on fails";
  auto& b = s.bundle;
  b.name = "province.district-a.commune-ready_20261123T120000Z_1a2b3c4d";
  b.path = "out/" + b.name;
  b.verified = false;
  b.verify_problems = {"mismatched: results.jsonl"};
  b.signature = BundleSignature{SignatureStatus::unknown_key, std::string(64, 'f')};
  b.status = RunStatus::partial;
  b.run_id = "1a2b3c4d";
  b.probe_id = "probe-01";
  b.host = "node";
  b.interface = "eth0";
  b.started_utc = at(1795000000000);
  b.stopped_utc = at(1795000060000);
  b.scenario = {"commune-baseline", std::string(64, 'c'), "Kiểm tra cơ bản của xã/phường"};
  b.tool = {"v6probe", "0.1.0", "def456"};
  b.clock = {true, "chrony: offset 0.2 ms"};
  b.partial_reason = "SIGTERM";
  b.capture = CaptureRef{"capture.pcapng", std::string(64, 'a'), 812, true};
  b.expected_pref64 = ExpectedPref64{"2001:db8:64::/96", "scenario expect.pref64"};
  CheckRow c;
  c.check_id = "synth-v4only";
  c.kind = "dns64.synthesis";
  c.target = "v4only.lab.test";
  c.family = Family::ipv6;
  c.verdict = Verdict::warn;
  c.reason = "TTL 700 above the A TTL";
  c.duration_ms = 12.5;
  c.seq = 2;
  c.rfc = "RFC 6147 §5.1.7";
  c.addresses = {"2001:db8:10::100", "2001:db8:10::1", {"2001:db8:64::c000:20a"}};
  c.cross_check = CrossCheck::disagrees;
  c.cross_check_note = "partial packet evidence: no frame of DNS id 7";
  c.frames = {12, 13};
  c.reason_message = listed({"fact.check_verdict.warn", {{"check", "synth-v4only"}}});
  c.cross_check_note_message =
      MessageRef{"xnote.partial_packet_evidence",
                 {{"missing", "DNS id 7", std::vector<MessageItem>{{"fact.xcheck.dns_id", {{"id", "7"}}}}},
                  nested_list("more", "+1")}};
  c.clauses = std::vector<Clause>{{"prefix", Verdict::pass, "under 2001:db8:64::/96", "RFC 6147 §5.1.5"},
                                  {"ttl", Verdict::warn, "TTL 700 above the A TTL", "RFC 6147 §5.1.7"}};
  // A clause's reason as the probe's message (check.* with a nested list: every key of clauses[]).
  c.clauses->back().reason_message = listed({"check.detail", {{"text", "TTL 700 above the A TTL"}}});
  // A NAT behaviour row: its typed class (nat_class) as the analyzer copies it from the result.
  CheckRow m;
  m.check_id = "rt-mapping";
  m.kind = "nat64.mapping";
  m.target = "192.0.2.30";
  m.verdict = Verdict::pass;
  m.reason = "endpoint-independent mapping through NAT64";
  m.seq = 3;
  m.nat_class = check_kind::NatClass::endpoint_independent;
  s.checks = {c, m};
  s.findings = {full_finding(s.site + "#1")};
  s.metrics = full_metrics();
  s.anomalies = {AnomalyCount{"dns_parse_error", 1, {77}}};
  s.counts = {1, 0, 1, 0, 0, 0};
  s.services = {Service{"https://portal.lab.test/",
                        ServiceState::reachable,
                        ServicePath::nat64,
                        {"portal"},
                        "reached through NAT64 (portal)",
                        listed({"fact.svc.reached.nat64", {{"checks", "portal"}}})}};
  s.root_causes = std::vector<RootCause>{
      RootCause{Cause::resolver_unreachable,
                Severity::fail,
                "The resolver 2001:db8:10::1 does not answer",
                {"2 DNS queries of 1 checks to 2001:db8:10::1, none answered"},
                listed({"rootcause.title.resolver_unreachable", {{"resolver", "2001:db8:10::1"}}}),
                {listed({"rootcause.ev.resolver_unanswered",
                         {{"queries", "2"}, {"checks", "1"}, {"resolver", "2001:db8:10::1"}}})},
                {"2001:db8:10::1"},
                {"synth-v4only"},
                {s.site + "#1"},
                {12, 13}}};
  // One line from the probe's own address (left out in the compact form), one to it, one without any.
  s.frame_summaries =
      std::vector<FrameSummary>{FrameSummary{12,
                                             0.0125,
                                             "2001:db8:10::100",
                                             "2001:db8:10::1",
                                             PacketWhat::dns_query,
                                             {"AAAA", "v4only.lab.test."}},
                                FrameSummary{13,
                                             0.013201,
                                             "2001:db8:10::1",
                                             "2001:db8:10::100",
                                             PacketWhat::dns_answer,
                                             {"AAAA", "v4only.lab.test.", "1", "2001:db8:65::c000:20a"}},
                                FrameSummary{77, 1.5, "", "", PacketWhat::malformed, {"dns_parse_error"}}};
  d.sites = {s};
  d.rollup.levels[Level::L3] = 1;
  d.rollup.levels[std::nullopt] = 0;
  d.rollup.plan = {1, 0, 0, 0};
  PrefixRollup p{"province", 1, {}, {1, 0, 0, 0}};
  p.levels[Level::L3] = 1;
  d.rollup.by_prefix = {p};
  d.rollup.worst_sites = {WorstSite{s.site, Level::L3, 1, 0, 10}};
  d.rollup.top_failing_checks = {FailingCheck{"dns64.synthesis", "synth-v4only", 1}};
  d.plan_targets = {PlanTarget{2026, "commune", Level::L1}};
  TrendEntry t{"2026-06-01", at(1780000000000), {}, {0, 1, 0, 0}, 1};
  t.levels[Level::L1] = 1;
  d.trend = std::vector<TrendEntry>{t};
  return d;
}

inline CaptureDocument full_capture_document() {
  CaptureDocument d;
  d.generated_utc = at(1795000000123);
  d.tool = {"v6analyze", "0.1.0", "abc123"};
  d.status = RunStatus::partial;
  d.capture = {
      "site.pcapng", "/tmp/site.pcapng", 812, 123456, true, CaptureError{813, 99999, "record cut short"}};
  d.plan = {"scenarios/plan-2026-2030.yaml", "province-2026-2030"};
  d.expected_pref64 = "2001:db8:64::/96";
  d.findings = {full_finding("site.pcapng#1")};  // every key, even those the analyzer leaves unset here
  d.metrics = full_metrics();
  d.anomalies = {AnomalyCount{"truncated_ipv6_header", 2, {5, 9}}};
  d.stats = {812, 123456, 0.25, 0.2, 14, 9, 2, 1000, 1200, 9000};
  return d;
}

}  // namespace v6r::findings::test
