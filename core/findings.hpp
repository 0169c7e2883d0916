#pragma once
// The analyzer's output documents, typed (docs/findings-schema.md):
//  - Document: findings.json of `v6analyze analyze` over bundles (schema "v6ready.findings/1"), read by
//    every renderer in reports/, the gate, `diff` and `analyze --previous`;
//  - CaptureDocument: `v6analyze analyze --capture FILE` (schema "v6ready.capture-findings/1").
// The analyzer fills these structs and writes them with to_json_text(); readers get them back only
// through the strict readers below, which refuse unknown or missing keys and wrong types with the key
// path. The JSON key of every member is listed once, in core/findings_keys.hpp.
#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check_kind.hpp"
#include "core/expected.hpp"
#include "core/json_model.hpp"
#include "core/result.hpp"
#include "core/run_info.hpp"
#include "core/signature_status.hpp"
#include "core/time_util.hpp"

namespace v6r::findings {

inline constexpr std::string_view kSchema = "v6ready.findings/3";
/// The previous version, still read: the expanded layout (every key of the model, frame numbers one by
/// one, nothing left out), which to_json() writes. /3 is the same model in the compact form
/// (core/findings_compact.hpp).
inline constexpr std::string_view kSchemaExpanded = "v6ready.findings/2";
inline constexpr std::string_view kCaptureSchema = "v6ready.capture-findings/1";

/// Readiness levels (docs/findings-schema.md "Level rules"). A site whose level could not be judged at
/// all has none (`level: null`, "not assessed").
enum class Level { L0, L1, L2, L3, L4 };
inline constexpr int kLevelCount = 5;
/// "L3".
std::string_view to_string(Level l);
std::optional<Level> level_from_string(std::string_view s);
/// L<n>, n clamped to 0..4.
Level level_at(int n);
inline int level_number(Level l) {
  return static_cast<int>(l);
}
/// "L3", or "not assessed" for a site without a level.
std::string level_text(const std::optional<Level>& l);
/// Order for "lowest first": L0, then not assessed, then L1..L4.
int level_rank(const std::optional<Level>& l);

/// How the site reaches the world (docs/findings-schema.md "Access mode").
enum class AccessMode { dual_stack, ipv6_only, ipv4_only, unknown };
std::string_view to_string(AccessMode m);  // "dual-stack", "ipv6-only", "ipv4-only", "unknown"
/// The site against the plan's level for its class this year.
enum class PlanVerdict { meets, below, not_assessed, not_in_plan };
std::string_view to_string(PlanVerdict v);  // "meets", "below", "not_assessed", "not_in_plan"
enum class ServiceState { reachable, unreachable, not_assessed };
std::string_view to_string(ServiceState s);
/// How a reachable service was reached: native IPv6, IPv6 through NAT64, IPv4, or by a check that used
/// both families without saying which one carried it.
enum class ServicePath { native_ipv6, nat64, ipv4, mixed };
std::string_view to_string(ServicePath p);  // "native-ipv6", "nat64", "ipv4", "mixed"
/// How a reachable service's reason begins ("reached through NAT64"); the reason of a service every
/// check of which worked is "<phrase> (<check ids, comma-separated>)" (analyzers/score/services.cpp).
std::string_view service_path_phrase(ServicePath p);
/// Whether the scenario held a check that could judge a rung's requirement.
enum class CoverageState { present, missing, not_judged };
std::string_view to_string(CoverageState s);

enum class Severity { fail, warn, info };
std::string_view to_string(Severity s);
/// Where a finding comes from.
enum class Source { probe, capture, cross_check };
std::string_view to_string(Source s);
/// A probe result against its evidence in the capture (docs/findings-schema.md "Cross-check").
enum class CrossCheck { agrees, disagrees, unverified, no_evidence, not_applicable };
std::string_view to_string(CrossCheck c);

/// A sentence as a message of the catalogues (core/message.hpp).
using v6r::MessageArg;
using v6r::MessageItem;
using v6r::MessageRef;
using v6r::MessageValue;

/// Where a finding can be checked: the bundle, its capture, the frame numbers.
struct Evidence {
  std::optional<std::string> bundle;  ///< absent in capture-only documents
  std::vector<std::uint64_t> frames;
  std::optional<std::string> capture;  ///< the capture file, when there is one
  std::optional<std::string> capture_sha256;
};

struct Finding {
  std::string id;    ///< unique within the document: "<site>#n"
  std::string rule;  ///< a probe check kind or an analyzer rule id (analyzers/findings/rules.hpp)
  Severity severity = Severity::info;
  std::string title;
  std::string explanation;
  Source source = Source::capture;
  std::vector<std::string> addresses;
  std::optional<std::string> rfc;
  std::optional<std::string> check_id;  ///< when it comes from / concerns a probe result
  Evidence evidence;
  /// `explanation` as a catalogue message (reports render it; absent in older documents and for
  /// sentences that have no message yet: readers show `explanation`).
  std::optional<MessageRef> explanation_message{};
};

/// A cause that explains several findings of one site (docs/findings-schema.md "Root causes").
enum class Cause { resolver_unreachable, nat64_down, no_ipv6_route, pmtu_black_hole, wrong_pref64 };
std::string_view to_string(Cause c);
/// One root cause: what shows it, and the checks and findings it explains (those findings stay in
/// `findings`; reports fold them under the cause).
struct RootCause {
  Cause cause = Cause::resolver_unreachable;
  Severity severity = Severity::fail;         ///< the worst of the findings it folds
  std::string title;                          ///< the cause in one line (English)
  std::vector<std::string> evidence;          ///< one line per fact that shows the cause (English)
  MessageRef title_message;                   ///< `title` as a catalogue message (reports render it)
  std::vector<MessageRef> evidence_messages;  ///< `evidence`, one message per line
  std::vector<std::string> addresses;         ///< the resolver, the Pref64::/n (may be empty)
  std::vector<std::string> checks;            ///< the check ids it explains, in run order
  std::vector<std::string> findings;          ///< ids of the findings it folds
  std::vector<std::uint64_t> frames;          ///< capture frames that show the cause (bounded)
};

/// What a cited capture frame shows (docs/findings-schema.md "Frame summaries"): the catalogue message
/// `pkt.<name>` (reports/i18n/*.yaml), whose placeholders packet_arg_names() lists in the order
/// FrameSummary::args fills them.
enum class PacketWhat {
  dns_query,                ///< qtype, name
  dns_answer,               ///< qtype, name, count (A/AAAA answers), addresses (the first two, "+n")
  dns_noaddr,               ///< qtype, name, rcode: a response without an A/AAAA answer
  dns_malformed,            ///< error (dns::ParseErrc name)
  tcp,                      ///< sport, dport, flags, len
  tcp_mss,                  ///< sport, dport, flags, len, mss
  udp,                      ///< sport, dport, len
  icmp6_ptb,                ///< mtu
  icmp6_ptb_for,            ///< mtu, proto, to: the quoted packet's protocol and destination
  icmp6_unreach,            ///< code
  icmp6_unreach_for,        ///< code, proto, to: the quoted packet's protocol and destination
  icmp6_time_exceeded,      ///< code (0 hop limit, 1 reassembly; RFC 4443 §3.3)
  icmp6_time_exceeded_for,  ///< code, proto, to
  icmp6_echo_request,       ///< id, seq
  icmp6_echo_reply,         ///< id, seq
  icmp6_rs,                 ///< (none)
  icmp6_ra,                 ///< lifetime
  icmp6_ra_pref64,          ///< lifetime, pref64
  icmp6_ns,                 ///< target
  icmp6_na,                 ///< target
  icmp6_other,              ///< type, code
  icmp_frag_needed,         ///< mtu
  icmp_frag_needed_for,     ///< mtu, proto, to: the quoted packet's protocol and destination
  icmp_unreach,             ///< code: a Destination Unreachable other than fragmentation needed
  icmp_unreach_for,         ///< code, proto, to: the quoted packet's protocol and destination
  icmp_time_exceeded,       ///< code (0 TTL, 1 reassembly; RFC 792)
  icmp_time_exceeded_for,   ///< code, proto, to
  icmp_echo_request,        ///< id, seq
  icmp_echo_reply,          ///< id, seq
  icmp_other,               ///< type, code
  arp_request,              ///< target, sender
  arp_reply,                ///< sender, mac
  arp_other,                ///< opcode
  dhcp,                     ///< type
  dhcp_v6only,              ///< type, wait: option 108 offered (RFC 8925)
  dhcp_v6only_asked,        ///< type: option 108 in the parameter request list
  fragment,                 ///< proto, offset: an IP fragment (its transport not decoded)
  ipv6,                     ///< next: an IPv6 packet with another next header
  ipv4,                     ///< proto: an IPv4 packet with another protocol
  link,                     ///< ethertype: a frame without an IP, ARP or DHCP layer
  malformed,                ///< anomaly (core/anomaly.hpp name): a layer could not be read
};
inline constexpr std::size_t kPacketWhatCount = 41;
std::string_view to_string(PacketWhat w);
/// The placeholders of `pkt.<w>`, in the order of FrameSummary::args.
const std::vector<std::string_view>& packet_arg_names(PacketWhat w);

/// One cited frame in one line: when it was captured, between which addresses, and what it shows, from
/// the stateless dissection of the frame (analyzers/dissect/frame_summary.hpp). Every value is a typed
/// one validated on the way (numbers, addresses in canonical text, names of fixed tables, a DNS name in
/// its RFC 1035 text form, cut to kMaxNameText): nothing of the packet's bytes is copied as they are.
struct FrameSummary {
  std::uint64_t frame = 0;
  double time = 0;  ///< seconds since the capture's first frame (to the microsecond)
  std::string src;  ///< IPv6/IPv4 source (MAC for a frame without IP); "" when none
  std::string dst;
  PacketWhat what = PacketWhat::link;
  std::vector<std::string> args;  ///< one per packet_arg_names(what)
};

/// One probe result (one results.jsonl line) with its cross-check.
struct CheckRow {
  std::string check_id;
  std::string kind;
  std::string target;
  Family family = Family::any;
  Verdict verdict = Verdict::error;
  std::string reason;
  double duration_ms = 0;
  std::uint64_t seq = 0;
  std::optional<std::string> rfc;
  Addresses addresses;
  CrossCheck cross_check = CrossCheck::not_applicable;
  /// Why the capture does not prove the verdict ("no packet evidence: ...") when cross_check is
  /// unverified or no_evidence.
  std::optional<std::string> cross_check_note;
  std::vector<std::uint64_t> frames;           ///< capture frames that back this result
  std::optional<std::vector<Clause>> clauses;  ///< the result's sub-verdicts, when it has any
  /// The behaviour class the result found (nat64.mapping, nat64.filtering: the result's
  /// `observed.mapping` / `observed.filtering`); absent for other kinds and when none was found.
  std::optional<check_kind::NatClass> nat_class{};
  /// `reason` and `cross_check_note` as catalogue messages (absent: readers show the English text).
  std::optional<MessageRef> reason_message{};
  std::optional<MessageRef> cross_check_note_message{};
};

struct DnsMetrics {
  std::uint64_t transactions = 0, answered = 0, unanswered = 0, servfail = 0, nxdomain = 0;
  std::optional<double> latency_ms_p50, latency_ms_p95;  ///< null without an answered transaction
};
struct RttMs {
  std::optional<double> ipv6, ipv4;  ///< mean handshake RTT per family; null when none
};
struct TcpMetrics {
  std::uint64_t handshakes = 0, handshake_failed = 0, retransmissions = 0;
  RttMs rtt_ms;
};
/// What one streaming pass over a capture counted.
struct Metrics {
  std::uint64_t frames = 0, ipv4_frames = 0, arp_frames = 0, dhcpv4_frames = 0, dhcpv4_v6only_frames = 0;
  std::uint64_t ptb_seen = 0;
  std::vector<std::string> ra_pref64;       ///< PREF64 options in Router Advertisements (RFC 8781)
  std::vector<std::string> rfc7050_pref64;  ///< prefixes found in ipv4only.arpa answers (RFC 7050)
  DnsMetrics dns;
  TcpMetrics tcp;
  std::uint64_t flows = 0, peak_live_flows = 0, peak_pending_dns = 0;
};

/// A dissector anomaly kind seen in the capture (analyzers/dissect/anomaly.hpp).
struct AnomalyCount {
  std::string name;
  std::uint64_t count = 0;
  std::vector<std::uint64_t> first_frames;
};

/// A target that the scenario's reachability checks (service.*, nat64.*, dualstack.*) try to reach.
struct Service {
  std::string target;
  ServiceState state = ServiceState::not_assessed;
  std::optional<ServicePath> path;  ///< how it was reached; null when it was not
  std::vector<std::string> checks;  ///< the check ids that try to reach it
  std::string reason;               ///< one line
  std::optional<MessageRef>
      reason_message{};  ///< `reason` as a catalogue message (absent in older documents)
};

/// The site's access mode and what showed it.
struct Access {
  AccessMode mode = AccessMode::unknown;
  std::optional<bool> ipv4;            ///< IPv4 present (true), shown absent (false), unknown (null)
  bool ipv6 = false;                   ///< a reachability check passed over IPv6 (native or NAT64)
  bool nat64 = false;                  ///< a passing check reached an address under the site's Pref64::/n
  std::vector<std::string> evidence;   ///< one line per fact
  std::optional<std::string> missing;  ///< what would decide the mode, when it is unknown
  /// `evidence` (one message per line) and `missing` as catalogue messages (absent in older documents).
  std::optional<std::vector<MessageRef>> evidence_messages{};
  std::optional<MessageRef> missing_message{};
};

/// One requirement of one rung: the kinds that can prove it and whether the scenario held one.
struct CoverageRow {
  Level level = Level::L1;
  std::string requirement;
  std::vector<std::string> kinds;  ///< kinds ("nat64.pmtu") or families ("service.*"); empty = the capture
  CoverageState state = CoverageState::missing;
  std::vector<std::string> checks;  ///< present: the ids that judged; not_judged: the ids that could not
  std::optional<MessageRef> requirement_message{};  ///< `requirement` as a catalogue message (fact.req.*)
};

struct CaptureRef {
  std::string file;
  std::string sha256;
  std::uint64_t frames = 0;
  bool partial = false;
};

/// The Pref64::/n the capture is judged against, and where it came from.
struct ExpectedPref64 {
  std::string prefix;
  std::string source;
};

struct ScenarioBrief {
  std::string name;
  std::string sha256;
  /// The scenario's own `description` (any language; shown in the reports), when scenario.yaml has one
  /// and the manifest vouches for it.
  std::optional<std::string> description;
};

/// The bundle's signature (MANIFEST.sig over MANIFEST.sha256, docs/auditor-guide.md).
struct BundleSignature {
  SignatureStatus status = SignatureStatus::unsigned_bundle;
  /// SHA-256 of the signer's raw Ed25519 public key (hex); null when unsigned or the key is unreadable.
  std::optional<std::string> key;
};

/// The bundle a site's result comes from (most of it from its run.json).
struct BundleInfo {
  std::string name;
  std::string path;  ///< as given to the analyzer
  bool verified = false;
  std::vector<std::string> verify_problems;
  /// Absent only in documents of analyzers older than bundle signing.
  std::optional<BundleSignature> signature;
  RunStatus status = RunStatus::partial;
  std::string run_id;
  std::string probe_id;
  std::string host;
  std::string interface;
  UtcMs started_utc{};
  UtcMs stopped_utc{};
  ScenarioBrief scenario;
  ToolInfo tool;
  ClockState clock;
  std::optional<std::string> partial_reason;
  std::optional<CaptureRef> capture;  ///< null without a capture
  std::optional<ExpectedPref64> expected_pref64;
};

struct Site {
  std::string site;  ///< site path from run.json
  std::string site_class;
  std::optional<Level> level;  ///< null: not assessed (even L1 could not be judged)
  std::string level_summary;   ///< the level in one line: "not ready: 2 services unreachable (...)"
  std::vector<std::string> level_reasons;
  std::optional<Level> not_assessed_from;  ///< the first rung the scenario cannot judge ("L≥n not assessed")
  Access access;
  std::vector<CoverageRow> coverage;
  std::optional<Level> required_level;  ///< null when the plan says nothing for the class
  PlanVerdict plan_verdict = PlanVerdict::not_in_plan;
  std::string plan_reason;  ///< one line
  BundleInfo bundle;
  std::vector<CheckRow> checks;
  std::vector<Finding> findings;
  Metrics metrics;
  std::vector<AnomalyCount> anomalies;
  VerdictCounts counts;
  std::vector<Service> services;
  /// Findings grouped by the cause they share; absent when none (docs/findings-schema.md "Root causes").
  std::optional<std::vector<RootCause>> root_causes;
  /// `level_summary`, `level_reasons` (one message per reason) and `plan_reason` as catalogue messages
  /// (absent in older documents: readers show the English text).
  std::optional<MessageRef> level_summary_message{};
  std::optional<std::vector<MessageRef>> level_reason_messages{};
  std::optional<MessageRef> plan_reason_message{};
  /// One line per cited frame of the findings (the most relevant ones, at most kMaxFrameSummaries),
  /// ascending by frame number, each frame once however many findings cite it; absent when none.
  std::optional<std::vector<FrameSummary>> frame_summaries{};
};
/// Lines per site at most (docs/findings-schema.md "Frame summaries": the budget of findings.json).
inline constexpr std::size_t kMaxFrameSummaries = 8;

/// Why a document is partial, a bundle unverified or refused, a line unreadable.
struct Problem {
  std::string bundle;
  std::optional<std::string> path;
  std::optional<std::string> file;
  std::optional<std::uint64_t> line;  ///< results.jsonl line
  std::optional<std::uint64_t> frame;
  std::optional<std::uint64_t> offset;
  std::string message;
};

struct PlanRef {
  std::optional<std::string> file;    ///< null with the built-in plan
  std::optional<std::string> sha256;  ///< null with the built-in plan
  std::string name;
  std::int64_t year = 0;
  std::optional<std::string> description;  ///< the plan's `description` (any language), when it has one
  std::optional<std::string> lang;         ///< the plan's `lang` ("en", "vi"): the reports' default language
};

struct Sweep {
  std::string label;
  std::uint64_t bundle_count = 0;
  std::uint64_t sites = 0;
  bool refused = false;
  bool allow_unverified = false;
};

struct LevelTitle {
  Level id = Level::L0;
  std::string title;
};

/// Sites per level: {"L0": n, ..., "L4": n, "not_assessed": n}, always all six.
struct LevelCounts {
  std::array<std::uint64_t, kLevelCount + 1> n{};  ///< L0..L4, then not assessed
  std::uint64_t& operator[](const std::optional<Level>& l) { return n[slot(l)]; }
  std::uint64_t operator[](const std::optional<Level>& l) const { return n[slot(l)]; }

 private:
  static std::size_t slot(const std::optional<Level>& l) {
    return l ? static_cast<std::size_t>(*l) : static_cast<std::size_t>(kLevelCount);
  }
};

/// Sites per plan verdict.
struct PlanCounts {
  std::uint64_t meets = 0, below = 0, not_assessed = 0, not_in_plan = 0;
  void add(PlanVerdict v);
};

struct PrefixRollup {
  std::string prefix;  ///< an ancestor of a site path: "province", "province/district-a"
  std::uint64_t sites = 0;
  LevelCounts levels;
  PlanCounts plan;
};
struct WorstSite {
  std::string site;
  std::optional<Level> level;
  std::uint64_t fails = 0, warns = 0;
  std::int64_t score = 0;  ///< Σ plan weight(severity) over the site's findings
};
struct FailingCheck {
  std::string kind;
  std::string check_id;
  std::uint64_t sites = 0;
};
struct Rollup {
  LevelCounts levels;
  PlanCounts plan;
  std::vector<PrefixRollup> by_prefix;
  std::vector<WorstSite> worst_sites;
  std::vector<FailingCheck> top_failing_checks;
};

/// One sweep in the trend (a --previous document, or this one).
struct TrendEntry {
  std::string label;
  UtcMs generated_utc{};
  LevelCounts levels;
  PlanCounts plan;
  std::uint64_t sites = 0;
};

struct PlanTarget {
  std::int64_t year = 0;
  std::string site_class;
  Level level = Level::L0;
};

/// findings.json, schema "v6ready.findings/1".
struct Document {
  std::string schema{kSchema};
  UtcMs generated_utc{};
  ToolInfo tool;
  RunStatus status = RunStatus::complete;
  std::vector<Problem> problems;
  PlanRef plan;
  Sweep sweep;
  std::vector<LevelTitle> levels;
  std::vector<Site> sites;
  Rollup rollup;
  std::vector<PlanTarget> plan_targets;
  std::optional<std::vector<TrendEntry>> trend;  ///< present when --previous documents were given
};

// ---- capture-only (`analyze --capture FILE`) ----------------------------------------------------

struct CaptureError {
  std::uint64_t frame = 0;
  std::uint64_t offset = 0;
  std::string reason;
};
struct CaptureSummary {
  std::string file;
  std::string path;
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;
  bool partial = false;
  std::optional<CaptureError> error;  ///< when partial
};
struct CapturePlanRef {
  std::optional<std::string> file;  ///< null with the built-in thresholds
  std::string name;
};
/// What the pass cost (the figures bench/run.sh reads). RSS figures in kB, -1 when unknown.
struct CaptureStats {
  std::uint64_t packets = 0, bytes = 0;
  double seconds = 0, cpu_seconds = 0;
  std::uint64_t flows = 0, flows_peak = 0, pending_dns_peak = 0;
  std::int64_t rss_anon_base_kb = -1, rss_anon_peak_kb = -1, maxrss_kb = -1;
};
/// schema "v6ready.capture-findings/1".
struct CaptureDocument {
  std::string schema{kCaptureSchema};
  UtcMs generated_utc{};
  ToolInfo tool;
  RunStatus status = RunStatus::complete;
  CaptureSummary capture;
  CapturePlanRef plan;
  std::optional<std::string> expected_pref64;  ///< from --expect-pref64; null otherwise
  std::vector<Finding> findings;
  Metrics metrics;
  std::vector<AnomalyCount> anomalies;
  CaptureStats stats;
};

// ---- one writer, one reader per document --------------------------------------------------------

/// The expanded form of the document (schema "v6ready.findings/2": every key, lists of frame numbers).
nlohmann::json to_json(const Document& d);
nlohmann::json to_json(const CaptureDocument& d);
/// findings.json as `v6analyze analyze` writes it: schema "v6ready.findings/3", compact form, keys
/// sorted, one top-level key per line and one site per line, no other whitespace, trailing newline.
std::string to_json_text(const Document& d);
/// The same text written to `out` site by site: no JSON tree of the whole document is built (a
/// site's block is made, written and dropped). False when the stream failed.
bool write_json_text(std::ostream& out, const Document& d);
/// The expanded form as pretty text (2-space indent, keys sorted, trailing newline): findings.json as the
/// /2 analyzers wrote it, for tools that query it key by key (`v6analyze expand`).
std::string to_expanded_json_text(const Document& d);
/// Pretty JSON text (2-space indent, keys sorted, trailing newline).
std::string to_json_text(const CaptureDocument& d);

/// Strict readers. Errors read "sites[2].findings[0].severity: expected one of fail|warn|info, got
/// \"bad\"" (key path, then what is wrong; input bytes escaped).
Expected<Document, std::string> read_document(const nlohmann::json& j);
Expected<Document, std::string> parse_document(std::string_view text);
Expected<CaptureDocument, std::string> read_capture_document(const nlohmann::json& j);
Expected<CaptureDocument, std::string> parse_capture_document(std::string_view text);
/// Reads and parses a findings.json file ("-" = standard input); errors start with the file name.
Expected<Document, std::string> load_document(const std::string& path);

/// Every key path of each document with its type and presence, in declaration order (the field list
/// of docs/findings-schema.md is checked against these).
std::vector<jsonmodel::FieldRow> document_fields();
std::vector<jsonmodel::FieldRow> capture_document_fields();

}  // namespace v6r::findings
