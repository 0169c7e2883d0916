#pragma once
// Text fields of a dissected frame, named and formatted like `tshark -T fields -e NAME` (Wireshark
// 4.0) so `v6analyze dissect --fields` output can be compared with tshark directly. Several
// occurrences are comma-separated (tshark's default -E occurrence=a, aggregator ','). Fields under
// `v6r.` have no tshark equivalent. Formatting appends to a caller-owned string: no allocation once
// its capacity has grown.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/dissect/packet.hpp"

namespace v6r::analyze {

using FieldFn = void (*)(const CaptureFrame&, const Packet&, std::string&);

struct FieldDef {
  std::string_view name;
  std::string_view help;
  FieldFn fn;
};

/// Every known field, in documentation order.
std::span<const FieldDef> all_fields();
/// The field named `name`, or nullptr.
const FieldDef* find_field(std::string_view name);
/// The default --fields list of `v6analyze dissect`.
std::span<const std::string_view> default_fields();

/// Appends one tab-separated line (with '\n') for the given fields.
void format_line(const CaptureFrame& f, const Packet& p, std::span<const FieldDef* const> fields,
                 std::string& out);

// Text helpers (append, no allocation): RFC 5952 IPv6 (as Wireshark prints it), dotted quad, MAC.
void append_ipv6(std::string& out, const Ip6& a);
void append_ipv4(std::string& out, const std::uint8_t* a);
void append_mac(std::string& out, const Mac& m);

}  // namespace v6r::analyze
