#pragma once
// Analyzer rule ids (the `rule` of a finding that does not come from a probe check kind). Stable: the
// report renderers and expected golden findings refer to them. Documented in docs/findings-schema.md.
#include <array>
#include <string_view>

namespace v6r::analyze::rule {

// capture-derived (source "capture")
inline constexpr std::string_view kUnexpectedPrefix = "dns64.unexpected_prefix";
inline constexpr std::string_view kRaUnexpectedPref64 = "ra.unexpected_pref64";
inline constexpr std::string_view kIpv4Frames = "v6only.ipv4_frames";
inline constexpr std::string_view kPtbSeen = "pmtu.ptb_seen";
inline constexpr std::string_view kPmtuBlackHole = "pmtu.black_hole";
inline constexpr std::string_view kRetransmissions = "tcp.retransmissions";
inline constexpr std::string_view kHandshakeFailed = "tcp.handshake_failed";
inline constexpr std::string_view kServfail = "dns.servfail";
inline constexpr std::string_view kUnanswered = "dns.unanswered";
inline constexpr std::string_view kDnsSlow = "dns.slow";
inline constexpr std::string_view kAnomaly = "capture.anomaly";
inline constexpr std::string_view kCapturePartial = "capture.partial";
inline constexpr std::string_view kCaptureMissing = "capture.missing";
/// What a check's deliberate flows show (unanswered SYNs, retransmissions, PTB): that check's doing.
inline constexpr std::string_view kProvoked = "capture.provoked";
// cross-check (source "cross_check")
inline constexpr std::string_view kDnsNotAnswered = "cross_check.dns_unanswered";
inline constexpr std::string_view kAnswersDiffer = "cross_check.answers_differ";
inline constexpr std::string_view kNoHandshake = "cross_check.no_handshake";
// bundle trust / reading
inline constexpr std::string_view kUnverified = "bundle.unverified";
inline constexpr std::string_view kResultsUnreadable = "bundle.results_unreadable";

/// Every rule above: each has a title and advice in every message catalogue (reports/i18n/,
/// tests/reports/i18n_test.cpp).
inline constexpr std::array kAll{
    kUnexpectedPrefix, kRaUnexpectedPref64, kIpv4Frames,     kPtbSeen,          kPmtuBlackHole,
    kRetransmissions,  kHandshakeFailed,    kServfail,       kUnanswered,       kDnsSlow,
    kAnomaly,          kCapturePartial,     kCaptureMissing, kProvoked,         kDnsNotAnswered,
    kAnswersDiffer,    kNoHandshake,        kUnverified,     kResultsUnreadable};

}  // namespace v6r::analyze::rule
