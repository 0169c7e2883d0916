#pragma once
// One check execution = one CheckResult = one line of results.jsonl in a run bundle.
// The JSON shape is the contract in docs/architecture.md ("Run bundle", results.jsonl).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expected.hpp"
#include "core/message.hpp"
#include "core/time_util.hpp"

namespace v6r {

enum class Verdict { pass, info, warn, fail, error, skipped };
inline constexpr Verdict kAllVerdicts[] = {Verdict::pass, Verdict::info,  Verdict::warn,
                                           Verdict::fail, Verdict::error, Verdict::skipped};

std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view s);
/// Severity for roll-ups ("worst verdict wins"):
/// skipped(0) < pass(1) < info(2) < warn(3) < fail(4) < error(5).
/// `error` ranks above `fail`: the check could not establish the facts, so nothing below it can be
/// trusted either (exit code 3 beats 1).
int severity(Verdict v);
/// The more severe of the two.
Verdict worst(Verdict a, Verdict b);

enum class Family { ipv6, ipv4, any };
std::string_view to_string(Family f);
std::optional<Family> family_from_string(std::string_view s);

struct Addresses {
  std::optional<std::string> local;     // source address the check used (IPv4/IPv6 literal)
  std::optional<std::string> resolver;  // DNS server asked (literal, no port)
  std::vector<std::string> remote;      // peers contacted, in order
  bool operator==(const Addresses&) const = default;
};

/// A 5-tuple the analyzer can look up in capture.pcapng (docs/architecture.md "Run bundle"). ICMP echo
/// flows ("icmpv6", "icmp") carry the echo identifier as both ports (sport == dport), as on the wire.
struct Flow {
  std::string proto;  // "udp", "tcp", "icmpv6", "icmp"
  std::string src;    // "" when unknown (then sport is 0): no packet of it left the probe
  std::uint16_t sport = 0;
  std::string dst;
  std::uint16_t dport = 0;
  /// The DNS messages of this check on this flow (a resolver socket is shared by every check): only
  /// frames with one of these ids belong to the check. Empty: every frame of the flow does.
  std::vector<std::uint16_t> dns_ids;
  /// Opened to provoke a failure on purpose (a Happy Eyeballs attempt that lost the race, a PMTU probe's
  /// large transfer, an IPv4 probe on an IPv6-only link): what it shows on the wire is judged by the
  /// check's own verdict, not raised again as a capture warning.
  bool deliberate = false;
  bool operator==(const Flow&) const = default;
};

struct TimeWindow {
  UtcMs start_utc{};
  UtcMs end_utc{};
  bool operator==(const TimeWindow&) const = default;
};

struct Evidence {
  std::vector<std::uint16_t> dns_ids;
  std::vector<Flow> flows;
  TimeWindow window;
  bool operator==(const Evidence&) const = default;
};

/// One judged clause of the specification a check tests (a sub-verdict), e.g. dns64.synthesis's
/// "ttl" against RFC 6147 §5.1.7. A check with clauses takes the most severe clause verdict as its
/// own (docs/architecture.md "Clauses"), so the result's verdict is never less severe than a clause.
struct Clause {
  std::string clause;               // [a-z0-9_]{1,32}, unique within the result ("embedding", "ttl", ...)
  Verdict verdict = Verdict::pass;  // pass|info|warn|fail|error (never skipped)
  std::string reason;               // human sentence (never empty)
  std::optional<std::string> rfc;   // the section the clause rests on
  /// `reason` as a catalogue message (core/message.hpp; `reason` is its English): absent in bundles of
  /// older probes, whose reasons stay English in every report.
  std::optional<MessageRef> reason_message{};
  bool operator==(const Clause&) const = default;
};

/// "embedding", "ttl": 1..32 of a-z 0-9 _.
bool valid_clause_name(std::string_view name);

struct CheckResult {
  static constexpr int kSchema = 1;
  std::uint64_t seq = 0;  // 1-based order of execution within the run
  std::string check_id;   // id from the scenario
  std::string kind;       // check kind (registry name)
  std::string target;     // what was checked (name, URL, address)
  Family family = Family::any;
  UtcMs started_utc{};
  double duration_ms = 0;  // finite, >= 0
  std::uint32_t attempts = 0;
  Verdict verdict = Verdict::error;
  std::string reason;  // human sentence; may be empty for pass
  /// `reason` as a catalogue message (probes/reason.hpp renders `reason` from it in English).
  std::optional<MessageRef> reason_message{};
  std::optional<std::string> rfc;  // e.g. "RFC 6147 §5.1.4"
  Addresses addresses;
  std::map<std::string, double> timings_ms;            // named phases, each finite >= 0
  nlohmann::json observed = nlohmann::json::object();  // kind-specific facts; always an object
  std::vector<Clause> clauses;                         // sub-verdicts; JSON "clauses" only when any
  Evidence evidence;
  bool operator==(const CheckResult&) const = default;
};

/// Why a results.jsonl line was rejected. `line` is 1-based (0 when not from a file).
struct RecordError {
  std::size_t line = 0;
  std::string field;  // dotted path of the offending field ("" for whole-line problems)
  std::string message;
  bool truncated = false;  // the last line of a killed run (no trailing newline, incomplete JSON)
  /// "results.jsonl:3: field 'evidence.flows[0].sport': must be at most 65535"
  [[nodiscard]] std::string to_string(std::string_view file = "results.jsonl") const;
};

/// nlohmann ADL serializer (writing never fails; non-finite numbers become null and fail on read).
void to_json(nlohmann::json& j, const CheckResult& r);
/// One compact JSON line, without the newline.
std::string to_json_line(const CheckResult& r);

/// Strict reader: every documented field is type-checked, unknown keys are errors, schema must be 1.
Expected<CheckResult, RecordError> check_result_from_json(const nlohmann::json& j, std::size_t line = 0);
/// Parses one results.jsonl line (no newline). Never throws; malformed input gives a RecordError.
Expected<CheckResult, RecordError> parse_result_line(std::string_view text, std::size_t line = 0);

}  // namespace v6r
