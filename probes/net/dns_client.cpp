#include "probes/net/dns_client.hpp"

#include "core/dns_build.hpp"
#include "core/dns_parse.hpp"

namespace v6r::probe {

std::string_view to_string(DnsStatus s) {
  switch (s) {
    case DnsStatus::ok:
      return "ok";
    case DnsStatus::malformed:
      return "malformed";
    case DnsStatus::timeout:
      return "timeout";
    case DnsStatus::network:
      return "network";
    case DnsStatus::refused:
      return "refused";
    case DnsStatus::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::vector<std::uint8_t> build_query_bytes(std::uint16_t id, const dns::Name& qname, std::uint16_t qtype,
                                            const QueryOptions& opts) {
  std::optional<dns::QueryEdns> edns;
  if (opts.edns_udp_size != 0 || opts.do_bit) {
    edns = dns::QueryEdns{opts.edns_udp_size != 0 ? opts.edns_udp_size : std::uint16_t{1232}, opts.do_bit,
                          opts.cd_bit};
  }
  auto m = dns::make_query(id, qname, static_cast<dns::RrType>(qtype), opts.rd, edns);
  m.header.cd = opts.cd_bit;  // CD also without EDNS
  return dns::build(m);
}

void classify_answer(std::vector<std::uint8_t> raw, DnsOutcome& out) {
  out.raw = std::move(raw);
  if (out.raw.size() >= 2) out.query_id = static_cast<std::uint16_t>((out.raw[0] << 8) | out.raw[1]);
  auto parsed = dns::parse(Bytes(out.raw.data(), out.raw.size()));
  if (parsed) {
    out.status = DnsStatus::ok;
    out.message = std::move(parsed).value();
    out.parse_error.reset();
    out.detail.clear();
  } else {
    out.status = DnsStatus::malformed;
    out.parse_error = parsed.error();
    out.detail = "malformed answer: " + dns::to_string(parsed.error());
  }
}

}  // namespace v6r::probe
