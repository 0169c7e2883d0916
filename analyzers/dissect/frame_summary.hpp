#pragma once
// One line per cited frame (docs/findings-schema.md "Frame summaries"): what a dissected frame shows —
// "DNS AAAA? ipv4only.arpa. → 2 answers 64:ff9b::c000:aa", "TCP 50000 → 443 [SYN]", "ICMPv6 Packet
// Too Big, MTU 1280" — as a typed record (findings::FrameSummary: the message `pkt.<what>` and its
// arguments) that the reports render in their language. The bytes of a capture are hostile: only
// values the dissector has typed and checked go in (numbers, addresses in canonical text, names from
// fixed tables, a DNS name in its RFC 1035 text form cut to kMaxNameText), never bytes as they are.
#include <cstdint>
#include <vector>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/dissect/packet.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

/// A DNS name in a summary: longer ones are cut (at a character boundary of the text form) and end in
/// "...".
inline constexpr std::size_t kMaxNameText = 80;

/// The line of one dissected frame; `first_ns` is the capture time of the capture's first frame (the
/// summary's time is relative to it, like tshark's frame.time_relative).
findings::FrameSummary summarize_frame(const CaptureFrame& f, const Packet& p, std::uint64_t first_ns);

/// Capture time of a frame in ns (0 for a frame without a timestamp).
inline std::uint64_t frame_time_ns(const CaptureFrame& f) {
  return f.has_ts ? f.ts_sec * 1'000'000'000ULL + f.ts_nsec : 0;
}

/// One pass over a capture (bytes of a mapped file or a tar member), dissecting only the frames in
/// `wanted` (ascending, distinct): their summaries, ascending. Frames past the end of the capture, or
/// past a damaged record, have none. Stops reading at the last wanted frame.
std::vector<findings::FrameSummary> summarize_frames(Bytes capture, const std::vector<std::uint64_t>& wanted);

}  // namespace v6r::analyze
