// DNS over UDP (RFC 1035 §4.2.1) and TCP (§4.2.2 / RFC 7766 §8: two-octet length, then the message).
#include "analyzers/dissect/dissect.hpp"

namespace v6r::analyze {
namespace {

void summarize(Packet& p) {
  auto err = dns::summarize_into(p.dns.message, p.dns.summary);
  if (err) {
    p.dns.error = *err;
    if (p.snapped && err->code == dns::ParseErrc::truncated) return;  // cut by the snap length: expected
    p.flag(Anomaly::dns_parse_error);
    return;
  }
  p.dns.parsed = true;
}

}  // namespace

void dissect_dns_udp(Bytes payload, Packet& p) {
  p.app = App::dns;
  p.dns.over_tcp = false;
  p.dns.message = payload;
  summarize(p);
}

void dissect_dns_tcp(Bytes payload, Packet& p) {
  WireReader r(payload);
  p.app = App::dns;
  p.dns.over_tcp = true;
  auto len = r.u16be();
  if (!len) {
    p.dns.message = payload;
    return p.flag(Anomaly::dns_tcp_segmented);
  }
  p.dns.tcp_length = *len;
  p.dns.message = r.rest();
  if (*len > p.dns.message.size()) return p.flag(Anomaly::dns_tcp_segmented);
  p.dns.message = p.dns.message.first(*len);  // further messages in the segment: not summarized
  summarize(p);
}

}  // namespace v6r::analyze
