#include "core/dns_summary.hpp"

#include <algorithm>

#include "core/dns_name_text.hpp"
#include "core/dns_walk.hpp"

namespace v6r::dns {

namespace {

void reset(Summary& s) {
  s.header = Header{};
  s.rcode = Rcode::noerror;
  s.qdcount = s.ancount = s.nscount = s.arcount = 0;
  s.has_question = false;
  s.qtype = RrType{0};
  s.qclass = RrClass{0};
  s.qname_length = 0;
  s.address_total = 0;
  s.address_count = 0;
  s.cname_count = 0;
  s.min_answer_ttl.reset();
  s.has_edns = false;
  s.edns_do = false;
  s.edns_udp_payload_size = 0;
}

class NameText {
 public:
  explicit NameText(Summary& s) : s_(s) { s_.qname_length = 0; }
  void put(char c) {
    if (s_.qname_length < s_.qname_buf.size()) s_.qname_buf[s_.qname_length++] = c;
  }
  void operator()(Bytes label) {
    for (std::uint8_t o : label) detail::escape_label_octet(o, true, [this](char c) { put(c); });
    put('.');
  }

 private:
  Summary& s_;
};

void add_answer(Summary& s, std::uint16_t type, std::uint16_t klass, std::uint32_t ttl, Bytes rdata) {
  s.min_answer_ttl = s.min_answer_ttl ? std::min(*s.min_answer_ttl, ttl) : ttl;
  if (type == static_cast<std::uint16_t>(RrType::cname)) ++s.cname_count;
  if (klass != static_cast<std::uint16_t>(RrClass::in)) return;
  const bool a = type == static_cast<std::uint16_t>(RrType::a);
  const bool aaaa = type == static_cast<std::uint16_t>(RrType::aaaa);
  if (!a && !aaaa) return;
  ++s.address_total;
  if (s.address_count >= Summary::kMaxAddresses) return;
  SummaryAddress& out = s.addresses[s.address_count++];
  out.family = a ? 4 : 6;
  out.bytes.fill(0);
  std::copy(rdata.begin(), rdata.end(), out.bytes.begin());
}

class Summarizer {
 public:
  Summarizer(Bytes msg, Summary& s) : msg_(msg), s_(s) {}

  void header(const Header& h, const detail::Counts& c) {
    s_.header = h;
    s_.rcode = static_cast<Rcode>(h.rcode);
    s_.qdcount = c.qd;
    s_.ancount = c.an;
    s_.nscount = c.ns;
    s_.arcount = c.ar;
  }
  void question(const detail::QuestionView& q) {
    if (s_.has_question) return;
    s_.has_question = true;
    s_.qtype = static_cast<RrType>(q.qtype);
    s_.qclass = static_cast<RrClass>(q.qclass);
    WireReader r(msg_);
    r.seek(q.name_offset);
    NameText text(s_);
    (void)detail::read_name(r, text);
    if (s_.qname_length == 0) text.put('.');
  }
  void rr(const detail::RrView& v) {
    if (v.section == detail::Section::answer) {
      add_answer(s_, v.type, v.klass, v.ttl, v.rdata);
    } else if (v.type == static_cast<std::uint16_t>(RrType::opt)) {
      // RFC 6891 §6.1.3: the upper 8 bits of the 12-bit RCODE live in the OPT TTL.
      s_.has_edns = true;
      s_.edns_do = (v.ttl & 0x8000u) != 0;
      s_.edns_udp_payload_size = v.klass;
      s_.rcode = static_cast<Rcode>(((v.ttl >> 24) << 4) | s_.header.rcode);
    }
  }

 private:
  Bytes msg_;
  Summary& s_;
};

}  // namespace

std::optional<ParseError> summarize_into(Bytes wire, Summary& out) {
  reset(out);
  Summarizer v(wire, out);
  return detail::walk(wire, v);
}

Expected<Summary, ParseError> summarize(Bytes wire) {
  Summary s;
  if (auto e = summarize_into(wire, s)) return Unexpected{*e};
  return s;
}

Summary summary_of(const Message& m) {
  Summary s;
  reset(s);
  s.header = m.header;
  s.rcode = m.rcode();
  s.qdcount = static_cast<std::uint16_t>(m.questions.size());
  s.ancount = static_cast<std::uint16_t>(m.answers.size());
  s.nscount = static_cast<std::uint16_t>(m.authority.size());
  s.arcount = static_cast<std::uint16_t>(m.additional.size() + (m.edns ? 1 : 0));
  if (!m.questions.empty()) {
    const Question& q = m.questions.front();
    s.has_question = true;
    s.qtype = q.qtype;
    s.qclass = q.qclass;
    const std::string text = q.qname.to_lower_text();
    const std::size_t n = std::min(text.size(), s.qname_buf.size());
    std::copy_n(text.begin(), n, s.qname_buf.begin());
    s.qname_length = static_cast<std::uint16_t>(n);
  }
  for (const auto& rr : m.answers) {
    std::array<std::uint8_t, 16> buf{};
    Bytes rdata;
    if (const auto* a = std::get_if<rdata::A>(&rr.data)) {
      std::copy(a->address.begin(), a->address.end(), buf.begin());
      rdata = Bytes(buf.data(), 4);
    } else if (const auto* aaaa = std::get_if<rdata::Aaaa>(&rr.data)) {
      std::copy(aaaa->address.begin(), aaaa->address.end(), buf.begin());
      rdata = Bytes(buf.data(), 16);
    }
    add_answer(s, static_cast<std::uint16_t>(rr.type), static_cast<std::uint16_t>(rr.klass), rr.ttl, rdata);
  }
  if (m.edns) {
    s.has_edns = true;
    s.edns_do = m.edns->dnssec_ok;
    s.edns_udp_payload_size = m.edns->udp_payload_size;
  }
  return s;
}

bool operator==(const Summary& a, const Summary& b) {
  return a.header == b.header && a.rcode == b.rcode && a.qdcount == b.qdcount && a.ancount == b.ancount &&
         a.nscount == b.nscount && a.arcount == b.arcount && a.has_question == b.has_question &&
         a.qtype == b.qtype && a.qclass == b.qclass && a.qname() == b.qname() &&
         a.address_total == b.address_total && a.address_count == b.address_count &&
         std::equal(a.addresses.begin(), a.addresses.begin() + a.address_count, b.addresses.begin()) &&
         a.cname_count == b.cname_count && a.min_answer_ttl == b.min_answer_ttl && a.has_edns == b.has_edns &&
         a.edns_do == b.edns_do && a.edns_udp_payload_size == b.edns_udp_payload_size;
}

}  // namespace v6r::dns
