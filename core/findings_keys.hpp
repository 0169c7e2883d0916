#pragma once
// The JSON shape of core/findings.hpp: every member's key, once, with how it appears (req = always,
// opt = only when set, nullable = null when unset). The reader, the writer and the field list of
// docs/findings-schema.md all come from these tables. Internal to core/findings.cpp and its tests.
#include "core/findings.hpp"
#include "core/json_model.hpp"

namespace v6r::jsonmodel {

// Using-declarations (not a using-directive): findings::Evidence would clash with v6r::Evidence.
using findings::Access;
using findings::AccessMode;
using findings::AnomalyCount;
using findings::BundleInfo;
using findings::BundleSignature;
using findings::CaptureDocument;
using findings::CaptureError;
using findings::CapturePlanRef;
using findings::CaptureRef;
using findings::CaptureStats;
using findings::CaptureSummary;
using findings::Cause;
using findings::CheckRow;
using findings::CoverageRow;
using findings::CoverageState;
using findings::CrossCheck;
using findings::DnsMetrics;
using findings::Document;
using findings::Evidence;
using findings::ExpectedPref64;
using findings::FailingCheck;
using findings::Finding;
using findings::FrameSummary;
using findings::Level;
using findings::LevelCounts;
using findings::LevelTitle;
using findings::MessageArg;
using findings::MessageItem;
using findings::Metrics;
using findings::PacketWhat;
using findings::PlanCounts;
using findings::PlanRef;
using findings::PlanTarget;
using findings::PlanVerdict;
using findings::PrefixRollup;
using findings::Problem;
using findings::Rollup;
using findings::RootCause;
using findings::RttMs;
using findings::ScenarioBrief;
using findings::Service;
using findings::ServicePath;
using findings::ServiceState;
using findings::Severity;
using findings::Site;
using findings::Source;
using findings::Sweep;
using findings::TcpMetrics;
using findings::TrendEntry;
using findings::WorstSite;

template <>
struct EnumNames<Level> {
  static constexpr std::array<std::string_view, 5> names{"L0", "L1", "L2", "L3", "L4"};
};
template <>
struct EnumNames<AccessMode> {
  static constexpr std::array<std::string_view, 4> names{"dual-stack", "ipv6-only", "ipv4-only", "unknown"};
};
template <>
struct EnumNames<PlanVerdict> {
  static constexpr std::array<std::string_view, 4> names{"meets", "below", "not_assessed", "not_in_plan"};
};
template <>
struct EnumNames<ServiceState> {
  static constexpr std::array<std::string_view, 3> names{"reachable", "unreachable", "not_assessed"};
};
template <>
struct EnumNames<ServicePath> {
  static constexpr std::array<std::string_view, 4> names{"native-ipv6", "nat64", "ipv4", "mixed"};
};
template <>
struct EnumNames<CoverageState> {
  static constexpr std::array<std::string_view, 3> names{"present", "missing", "not_judged"};
};
template <>
struct EnumNames<Severity> {
  static constexpr std::array<std::string_view, 3> names{"fail", "warn", "info"};
};
template <>
struct EnumNames<Source> {
  static constexpr std::array<std::string_view, 3> names{"probe", "capture", "cross_check"};
};
template <>
struct EnumNames<Cause> {
  static constexpr std::array<std::string_view, 5> names{"resolver_unreachable", "nat64_down",
                                                         "no_ipv6_route", "pmtu_black_hole", "wrong_pref64"};
};
template <>
struct EnumNames<CrossCheck> {
  static constexpr std::array<std::string_view, 5> names{"agrees", "disagrees", "unverified", "no_evidence",
                                                         "not_applicable"};
};
// The words of core/check_kind.hpp (the probe's `observed` and the findings row say the same).
template <>
struct EnumNames<check_kind::NatClass> {
  static constexpr std::array<std::string_view, 3> names = check_kind::kNatClassNames;
};
// Shared with the bundle records (core/result.hpp, core/run_info.hpp): the same words.
template <>
struct EnumNames<Verdict> {
  static constexpr std::array<std::string_view, 6> names{"pass", "info", "warn", "fail", "error", "skipped"};
};
template <>
struct EnumNames<Family> {
  static constexpr std::array<std::string_view, 3> names{"ipv6", "ipv4", "any"};
};
template <>
struct EnumNames<RunStatus> {
  static constexpr std::array<std::string_view, 2> names{"complete", "partial"};
};

template <>
struct Codec<LevelCounts> {
  static constexpr std::string_view type_name = "object {L0..L4, not_assessed: integer >= 0}";
  static bool read(Reader& r, const json& j, const std::string& path, LevelCounts& out);
  static json write(const LevelCounts& v);
};

template <>
struct Members<Evidence> {
  static constexpr auto list =
      std::tuple{opt("bundle", &Evidence::bundle), req("frames", &Evidence::frames),
                 opt("capture", &Evidence::capture), opt("capture_sha256", &Evidence::capture_sha256)};
};
template <>
struct Members<MessageItem> {
  static constexpr auto list = std::tuple{req("id", &MessageItem::id), req("args", &MessageItem::args)};
};
template <>
struct Members<MessageArg> {
  static constexpr auto list = std::tuple{req("name", &MessageArg::name), req("value", &MessageArg::value),
                                          opt("items", &MessageArg::items)};
};
template <>
struct Members<Finding> {
  static constexpr auto list = std::tuple{req("id", &Finding::id),
                                          req("rule", &Finding::rule),
                                          req("severity", &Finding::severity),
                                          req("title", &Finding::title),
                                          req("explanation", &Finding::explanation),
                                          req("source", &Finding::source),
                                          req("addresses", &Finding::addresses),
                                          opt("rfc", &Finding::rfc),
                                          opt("check_id", &Finding::check_id),
                                          req("evidence", &Finding::evidence),
                                          opt("explanation_message", &Finding::explanation_message)};
};
template <>
struct Members<Addresses> {
  static constexpr auto list =
      std::tuple{opt("local", &Addresses::local), opt("resolver", &Addresses::resolver),
                 req("remote", &Addresses::remote)};
};
// A probe result's sub-verdicts (core/result.hpp Clause), as results.jsonl writes them.
template <>
struct Members<Clause> {
  static constexpr auto list = std::tuple{req("clause", &Clause::clause), req("verdict", &Clause::verdict),
                                          req("reason", &Clause::reason), opt("rfc", &Clause::rfc),
                                          opt("reason_message", &Clause::reason_message)};
};
template <>
struct EnumNames<PacketWhat> {
  static constexpr std::array<std::string_view, findings::kPacketWhatCount> names{"dns_query",
                                                                                  "dns_answer",
                                                                                  "dns_noaddr",
                                                                                  "dns_malformed",
                                                                                  "tcp",
                                                                                  "tcp_mss",
                                                                                  "udp",
                                                                                  "icmp6_ptb",
                                                                                  "icmp6_ptb_for",
                                                                                  "icmp6_unreach",
                                                                                  "icmp6_unreach_for",
                                                                                  "icmp6_time_exceeded",
                                                                                  "icmp6_time_exceeded_for",
                                                                                  "icmp6_echo_request",
                                                                                  "icmp6_echo_reply",
                                                                                  "icmp6_rs",
                                                                                  "icmp6_ra",
                                                                                  "icmp6_ra_pref64",
                                                                                  "icmp6_ns",
                                                                                  "icmp6_na",
                                                                                  "icmp6_other",
                                                                                  "icmp_frag_needed",
                                                                                  "icmp_frag_needed_for",
                                                                                  "icmp_unreach",
                                                                                  "icmp_unreach_for",
                                                                                  "icmp_time_exceeded",
                                                                                  "icmp_time_exceeded_for",
                                                                                  "icmp_echo_request",
                                                                                  "icmp_echo_reply",
                                                                                  "icmp_other",
                                                                                  "arp_request",
                                                                                  "arp_reply",
                                                                                  "arp_other",
                                                                                  "dhcp",
                                                                                  "dhcp_v6only",
                                                                                  "dhcp_v6only_asked",
                                                                                  "fragment",
                                                                                  "ipv6",
                                                                                  "ipv4",
                                                                                  "link",
                                                                                  "malformed"};
};
template <>
struct Members<FrameSummary> {
  static constexpr auto list = std::tuple{
      req("frame", &FrameSummary::frame), req("time", &FrameSummary::time), req("src", &FrameSummary::src),
      req("dst", &FrameSummary::dst),     req("what", &FrameSummary::what), req("args", &FrameSummary::args)};
};
static_assert(static_cast<std::size_t>(PacketWhat::malformed) + 1 == findings::kPacketWhatCount &&
              EnumNames<PacketWhat>::names.back() == "malformed");
/// A frame summary is read like any object, then its `args` against its `what`: one value per
/// placeholder of `pkt.<what>` (a renderer never meets a line it cannot fill).
template <>
inline bool read_value<FrameSummary>(Reader& r, const json& j, const std::string& path, FrameSummary& out) {
  if (!j.is_object()) return r.fail(path, "expected an object, got " + show(j));
  for (const auto& [k, v] : j.items())
    if (!known_key<FrameSummary>(k)) return r.fail(key_path(path, k), "unknown field");
  if (!std::apply([&](const auto&... m) { return (read_member(r, j, path, out, m) && ...); },
                  Members<FrameSummary>::list))
    return false;
  const auto n = findings::packet_arg_names(out.what).size();
  if (out.args.size() != n)
    return r.fail(key_path(path, "args"), "expected " + std::to_string(n) + " values for " +
                                              std::string(enum_text(out.what)) + ", got " +
                                              std::to_string(out.args.size()));
  return true;
}
template <>
struct Members<CheckRow> {
  static constexpr auto list =
      std::tuple{req("check_id", &CheckRow::check_id),
                 req("kind", &CheckRow::kind),
                 req("target", &CheckRow::target),
                 req("family", &CheckRow::family),
                 req("verdict", &CheckRow::verdict),
                 req("reason", &CheckRow::reason),
                 req("duration_ms", &CheckRow::duration_ms),
                 req("seq", &CheckRow::seq),
                 opt("rfc", &CheckRow::rfc),
                 req("addresses", &CheckRow::addresses),
                 req("cross_check", &CheckRow::cross_check),
                 opt("cross_check_note", &CheckRow::cross_check_note),
                 req("frames", &CheckRow::frames),
                 opt("clauses", &CheckRow::clauses),
                 opt("nat_class", &CheckRow::nat_class),
                 opt("reason_message", &CheckRow::reason_message),
                 opt("cross_check_note_message", &CheckRow::cross_check_note_message)};
};
template <>
struct Members<DnsMetrics> {
  static constexpr auto list = std::tuple{req("transactions", &DnsMetrics::transactions),
                                          req("answered", &DnsMetrics::answered),
                                          req("unanswered", &DnsMetrics::unanswered),
                                          req("servfail", &DnsMetrics::servfail),
                                          req("nxdomain", &DnsMetrics::nxdomain),
                                          nullable("latency_ms_p50", &DnsMetrics::latency_ms_p50),
                                          nullable("latency_ms_p95", &DnsMetrics::latency_ms_p95)};
};
template <>
struct Members<RttMs> {
  static constexpr auto list = std::tuple{nullable("ipv6", &RttMs::ipv6), nullable("ipv4", &RttMs::ipv4)};
};
template <>
struct Members<TcpMetrics> {
  static constexpr auto list = std::tuple{
      req("handshakes", &TcpMetrics::handshakes), req("handshake_failed", &TcpMetrics::handshake_failed),
      req("retransmissions", &TcpMetrics::retransmissions), req("rtt_ms", &TcpMetrics::rtt_ms)};
};
template <>
struct Members<Metrics> {
  static constexpr auto list = std::tuple{req("frames", &Metrics::frames),
                                          req("ipv4_frames", &Metrics::ipv4_frames),
                                          req("arp_frames", &Metrics::arp_frames),
                                          req("dhcpv4_frames", &Metrics::dhcpv4_frames),
                                          req("dhcpv4_v6only_frames", &Metrics::dhcpv4_v6only_frames),
                                          req("ptb_seen", &Metrics::ptb_seen),
                                          req("ra_pref64", &Metrics::ra_pref64),
                                          req("rfc7050_pref64", &Metrics::rfc7050_pref64),
                                          req("dns", &Metrics::dns),
                                          req("tcp", &Metrics::tcp),
                                          req("flows", &Metrics::flows),
                                          req("peak_live_flows", &Metrics::peak_live_flows),
                                          req("peak_pending_dns", &Metrics::peak_pending_dns)};
};
template <>
struct Members<AnomalyCount> {
  static constexpr auto list =
      std::tuple{req("name", &AnomalyCount::name), req("count", &AnomalyCount::count),
                 req("first_frames", &AnomalyCount::first_frames)};
};
template <>
struct Members<Service> {
  static constexpr auto list =
      std::tuple{req("target", &Service::target),  req("state", &Service::state),
                 nullable("path", &Service::path), req("checks", &Service::checks),
                 req("reason", &Service::reason),  opt("reason_message", &Service::reason_message)};
};
template <>
struct Members<Access> {
  static constexpr auto list = std::tuple{req("mode", &Access::mode),
                                          nullable("ipv4", &Access::ipv4),
                                          req("ipv6", &Access::ipv6),
                                          req("nat64", &Access::nat64),
                                          req("evidence", &Access::evidence),
                                          opt("missing", &Access::missing),
                                          opt("evidence_messages", &Access::evidence_messages),
                                          opt("missing_message", &Access::missing_message)};
};
template <>
struct Members<CoverageRow> {
  static constexpr auto list = std::tuple{
      req("level", &CoverageRow::level),   req("requirement", &CoverageRow::requirement),
      req("kinds", &CoverageRow::kinds),   req("state", &CoverageRow::state),
      req("checks", &CoverageRow::checks), opt("requirement_message", &CoverageRow::requirement_message)};
};
template <>
struct Members<PlanCounts> {
  static constexpr auto list = std::tuple{req("meets", &PlanCounts::meets), req("below", &PlanCounts::below),
                                          req("not_assessed", &PlanCounts::not_assessed),
                                          req("not_in_plan", &PlanCounts::not_in_plan)};
};
template <>
struct Members<CaptureRef> {
  static constexpr auto list =
      std::tuple{req("file", &CaptureRef::file), req("sha256", &CaptureRef::sha256),
                 req("frames", &CaptureRef::frames), req("partial", &CaptureRef::partial)};
};
template <>
struct Members<ExpectedPref64> {
  static constexpr auto list =
      std::tuple{req("prefix", &ExpectedPref64::prefix), req("source", &ExpectedPref64::source)};
};
template <>
struct EnumNames<SignatureStatus> {
  static constexpr std::array<std::string_view, 4> names{"unsigned", "signed", "unknown_key",
                                                         "bad_signature"};
};
template <>
struct Members<BundleSignature> {
  static constexpr auto list =
      std::tuple{req("status", &BundleSignature::status), nullable("key", &BundleSignature::key)};
};
template <>
struct Members<ScenarioBrief> {
  static constexpr auto list =
      std::tuple{req("name", &ScenarioBrief::name), req("sha256", &ScenarioBrief::sha256),
                 opt("description", &ScenarioBrief::description)};
};
template <>
struct Members<ToolInfo> {
  static constexpr auto list = std::tuple{req("name", &ToolInfo::name), req("version", &ToolInfo::version),
                                          req("git_commit", &ToolInfo::git_commit)};
};
template <>
struct Members<ClockState> {
  static constexpr auto list =
      std::tuple{nullable("synced", &ClockState::synced), req("detail", &ClockState::detail)};
};
template <>
struct Members<VerdictCounts> {
  static constexpr auto list =
      std::tuple{req("pass", &VerdictCounts::pass),   req("info", &VerdictCounts::info),
                 req("warn", &VerdictCounts::warn),   req("fail", &VerdictCounts::fail),
                 req("error", &VerdictCounts::error), req("skipped", &VerdictCounts::skipped)};
};
template <>
struct Members<BundleInfo> {
  static constexpr auto list = std::tuple{req("name", &BundleInfo::name),
                                          req("path", &BundleInfo::path),
                                          req("verified", &BundleInfo::verified),
                                          req("verify_problems", &BundleInfo::verify_problems),
                                          opt("signature", &BundleInfo::signature),
                                          req("status", &BundleInfo::status),
                                          req("run_id", &BundleInfo::run_id),
                                          req("probe_id", &BundleInfo::probe_id),
                                          req("host", &BundleInfo::host),
                                          req("interface", &BundleInfo::interface),
                                          req("started_utc", &BundleInfo::started_utc),
                                          req("stopped_utc", &BundleInfo::stopped_utc),
                                          req("scenario", &BundleInfo::scenario),
                                          req("tool", &BundleInfo::tool),
                                          req("clock", &BundleInfo::clock),
                                          opt("partial_reason", &BundleInfo::partial_reason),
                                          nullable("capture", &BundleInfo::capture),
                                          opt("expected_pref64", &BundleInfo::expected_pref64)};
};
template <>
struct Members<RootCause> {
  static constexpr auto list = std::tuple{req("cause", &RootCause::cause),
                                          req("severity", &RootCause::severity),
                                          req("title", &RootCause::title),
                                          req("evidence", &RootCause::evidence),
                                          req("title_message", &RootCause::title_message),
                                          req("evidence_messages", &RootCause::evidence_messages),
                                          req("addresses", &RootCause::addresses),
                                          req("checks", &RootCause::checks),
                                          req("findings", &RootCause::findings),
                                          req("frames", &RootCause::frames)};
};
template <>
struct Members<Site> {
  static constexpr auto list = std::tuple{req("site", &Site::site),
                                          req("site_class", &Site::site_class),
                                          nullable("level", &Site::level),
                                          req("level_summary", &Site::level_summary),
                                          req("level_reasons", &Site::level_reasons),
                                          nullable("not_assessed_from", &Site::not_assessed_from),
                                          req("access", &Site::access),
                                          req("coverage", &Site::coverage),
                                          nullable("required_level", &Site::required_level),
                                          req("plan_verdict", &Site::plan_verdict),
                                          req("plan_reason", &Site::plan_reason),
                                          req("bundle", &Site::bundle),
                                          req("checks", &Site::checks),
                                          req("findings", &Site::findings),
                                          req("metrics", &Site::metrics),
                                          req("anomalies", &Site::anomalies),
                                          req("counts", &Site::counts),
                                          req("services", &Site::services),
                                          opt("root_causes", &Site::root_causes),
                                          opt("level_summary_message", &Site::level_summary_message),
                                          opt("level_reason_messages", &Site::level_reason_messages),
                                          opt("plan_reason_message", &Site::plan_reason_message),
                                          opt("frame_summaries", &Site::frame_summaries)};
};
template <>
struct Members<Problem> {
  static constexpr auto list = std::tuple{req("bundle", &Problem::bundle),  opt("path", &Problem::path),
                                          opt("file", &Problem::file),      opt("line", &Problem::line),
                                          opt("frame", &Problem::frame),    opt("offset", &Problem::offset),
                                          req("message", &Problem::message)};
};
template <>
struct Members<PlanRef> {
  static constexpr auto list = std::tuple{nullable("file", &PlanRef::file),
                                          nullable("sha256", &PlanRef::sha256),
                                          req("name", &PlanRef::name),
                                          req("year", &PlanRef::year),
                                          opt("description", &PlanRef::description),
                                          opt("lang", &PlanRef::lang)};
};
template <>
struct Members<Sweep> {
  static constexpr auto list = std::tuple{
      req("label", &Sweep::label), req("bundle_count", &Sweep::bundle_count), req("sites", &Sweep::sites),
      req("refused", &Sweep::refused), req("allow_unverified", &Sweep::allow_unverified)};
};
template <>
struct Members<LevelTitle> {
  static constexpr auto list = std::tuple{req("id", &LevelTitle::id), req("title", &LevelTitle::title)};
};
template <>
struct Members<PrefixRollup> {
  static constexpr auto list =
      std::tuple{req("prefix", &PrefixRollup::prefix), req("sites", &PrefixRollup::sites),
                 req("levels", &PrefixRollup::levels), req("plan", &PrefixRollup::plan)};
};
template <>
struct Members<WorstSite> {
  static constexpr auto list = std::tuple{req("site", &WorstSite::site), nullable("level", &WorstSite::level),
                                          req("fails", &WorstSite::fails), req("warns", &WorstSite::warns),
                                          req("score", &WorstSite::score)};
};
template <>
struct Members<FailingCheck> {
  static constexpr auto list =
      std::tuple{req("kind", &FailingCheck::kind), req("check_id", &FailingCheck::check_id),
                 req("sites", &FailingCheck::sites)};
};
template <>
struct Members<Rollup> {
  static constexpr auto list = std::tuple{
      req("levels", &Rollup::levels), req("plan", &Rollup::plan), req("by_prefix", &Rollup::by_prefix),
      req("worst_sites", &Rollup::worst_sites), req("top_failing_checks", &Rollup::top_failing_checks)};
};
template <>
struct Members<TrendEntry> {
  static constexpr auto list = std::tuple{
      req("label", &TrendEntry::label), req("generated_utc", &TrendEntry::generated_utc),
      req("levels", &TrendEntry::levels), req("plan", &TrendEntry::plan), req("sites", &TrendEntry::sites)};
};
template <>
struct Members<PlanTarget> {
  static constexpr auto list =
      std::tuple{req("year", &PlanTarget::year), req("site_class", &PlanTarget::site_class),
                 req("level", &PlanTarget::level)};
};
template <>
struct Members<Document> {
  static constexpr auto list = std::tuple{req("schema", &Document::schema),
                                          req("generated_utc", &Document::generated_utc),
                                          req("tool", &Document::tool),
                                          req("status", &Document::status),
                                          req("problems", &Document::problems),
                                          req("plan", &Document::plan),
                                          req("sweep", &Document::sweep),
                                          req("levels", &Document::levels),
                                          req("sites", &Document::sites),
                                          req("rollup", &Document::rollup),
                                          req("plan_targets", &Document::plan_targets),
                                          opt("trend", &Document::trend)};
};

template <>
struct Members<CaptureError> {
  static constexpr auto list =
      std::tuple{req("frame", &CaptureError::frame), req("offset", &CaptureError::offset),
                 req("reason", &CaptureError::reason)};
};
template <>
struct Members<CaptureSummary> {
  static constexpr auto list =
      std::tuple{req("file", &CaptureSummary::file),       req("path", &CaptureSummary::path),
                 req("frames", &CaptureSummary::frames),   req("bytes", &CaptureSummary::bytes),
                 req("partial", &CaptureSummary::partial), opt("error", &CaptureSummary::error)};
};
template <>
struct Members<CapturePlanRef> {
  static constexpr auto list =
      std::tuple{nullable("file", &CapturePlanRef::file), req("name", &CapturePlanRef::name)};
};
template <>
struct Members<CaptureStats> {
  static constexpr auto list = std::tuple{req("packets", &CaptureStats::packets),
                                          req("bytes", &CaptureStats::bytes),
                                          req("seconds", &CaptureStats::seconds),
                                          req("cpu_seconds", &CaptureStats::cpu_seconds),
                                          req("flows", &CaptureStats::flows),
                                          req("flows_peak", &CaptureStats::flows_peak),
                                          req("pending_dns_peak", &CaptureStats::pending_dns_peak),
                                          req("rss_anon_base_kb", &CaptureStats::rss_anon_base_kb),
                                          req("rss_anon_peak_kb", &CaptureStats::rss_anon_peak_kb),
                                          req("maxrss_kb", &CaptureStats::maxrss_kb)};
};
template <>
struct Members<CaptureDocument> {
  static constexpr auto list = std::tuple{req("schema", &CaptureDocument::schema),
                                          req("generated_utc", &CaptureDocument::generated_utc),
                                          req("tool", &CaptureDocument::tool),
                                          req("status", &CaptureDocument::status),
                                          req("capture", &CaptureDocument::capture),
                                          req("plan", &CaptureDocument::plan),
                                          nullable("expected_pref64", &CaptureDocument::expected_pref64),
                                          req("findings", &CaptureDocument::findings),
                                          req("metrics", &CaptureDocument::metrics),
                                          req("anomalies", &CaptureDocument::anomalies),
                                          req("stats", &CaptureDocument::stats)};
};

}  // namespace v6r::jsonmodel
