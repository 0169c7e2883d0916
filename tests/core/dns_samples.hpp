#pragma once
// Sample DNS messages shared by the dns_* unit tests and the fuzz corpus generator
// (dns_corpus_test.cpp): realistic valid messages (built from the model, so every field is known) and
// hand-assembled malformed ones with the exact error they must produce.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns.hpp"

namespace v6r::dns::samples {

inline Name name(std::string_view text) {
  return Name::from_text(text).value();
}

inline ResourceRecord rr(std::string_view owner, RrType type, std::uint32_t ttl, Rdata data,
                         RrClass klass = RrClass::in) {
  return ResourceRecord{name(owner), type, klass, ttl, std::move(data)};
}

inline Message response_to(std::uint16_t id, std::string_view qname, RrType qtype) {
  Message m;
  m.header.id = id;
  m.header.qr = true;
  m.header.rd = true;
  m.header.ra = true;
  m.questions.push_back(Question{name(qname), qtype, RrClass::in});
  return m;
}

struct Valid {
  std::string id;
  Message message;
};

/// Realistic messages of every kind the harness meets (lab zone names from docs/architecture.md).
inline std::vector<Valid> valid_messages() {
  std::vector<Valid> out;
  {
    QueryEdns e;
    e.dnssec_ok = true;
    e.checking_disabled = true;
    out.push_back(
        {"query_aaaa_edns_do_cd", make_query(0x1001, name("v4only.lab.test."), RrType::aaaa, true, e)});
  }
  out.push_back({"query_a_plain", make_query(0x1002, name("ipv4only.arpa."), RrType::a, false)});
  {  // DNS64 answer keeping a CNAME chain (RFC 6147 §5.1.7)
    Message m = response_to(0x2001, "cname.lab.test.", RrType::aaaa);
    m.answers.push_back(rr("cname.lab.test.", RrType::cname, 300, rdata::Domain{name("cname2.lab.test.")}));
    m.answers.push_back(rr("cname2.lab.test.", RrType::cname, 300, rdata::Domain{name("v4only.lab.test.")}));
    m.answers.push_back(
        rr("v4only.lab.test.", RrType::aaaa, 60,
           rdata::Aaaa{{0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 0, 0, 0, 0, 0, 0xc0, 0x00, 0x02, 0x0a}}));
    m.edns = Edns{};
    m.edns->udp_payload_size = 1232;
    out.push_back({"aaaa_cname_chain", m});
  }
  {  // NXDOMAIN with the SOA that sets the negative TTL (RFC 2308 §3)
    Message m = response_to(0x2002, "nx.lab.test.", RrType::aaaa);
    m.header.aa = true;
    m.header.rcode = static_cast<std::uint8_t>(Rcode::nxdomain);
    rdata::Soa soa{name("ns1.lab.test."), name("hostmaster.lab.test."), 2026010101, 3600, 600, 86400, 300};
    m.authority.push_back(rr("lab.test.", RrType::soa, 300, soa));
    out.push_back({"nxdomain_soa", m});
  }
  {  // RFC 7050 discovery: both well-known IPv4 addresses synthesized, EDNS with DO and an option
    Message m = response_to(0x2003, "ipv4only.arpa.", RrType::aaaa);
    m.answers.push_back(rr("ipv4only.arpa.", RrType::aaaa, 600,
                           rdata::Aaaa{{0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 0, 0, 0, 0, 0, 192, 0, 0, 170}}));
    m.answers.push_back(rr("ipv4only.arpa.", RrType::aaaa, 600,
                           rdata::Aaaa{{0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 0, 0, 0, 0, 0, 192, 0, 0, 171}}));
    Edns e;
    e.udp_payload_size = 4096;
    e.dnssec_ok = true;
    e.options.push_back(EdnsOption{10, {1, 2, 3, 4, 5, 6, 7, 8}});  // COOKIE (RFC 7873)
    m.edns = e;
    out.push_back({"ipv4only_arpa_edns_do", m});
  }
  {
    Message m = response_to(0x2004, "txt.lab.test.", RrType::txt);
    m.answers.push_back(
        rr("txt.lab.test.", RrType::txt, 120, rdata::Txt{{"v=spf1 -all", "", std::string("a\0b\"c", 5)}}));
    out.push_back({"txt_strings", m});
  }
  {  // types we do not model stay opaque (RFC 3597), as do A/AAAA outside class IN
    Message m = response_to(0x2005, "svc.lab.test.", RrType::https);
    m.answers.push_back(
        rr("svc.lab.test.", RrType::https, 30, rdata::Unknown{{0, 1, 0, 0, 1, 0, 3, 2, 'h', '2'}}));
    m.answers.push_back(rr("svc.lab.test.", RrType{65280}, 30, rdata::Unknown{{0xde, 0xad}}));
    m.additional.push_back(rr("version.bind.", RrType::a, 0, rdata::Unknown{{1, 2, 3}}, RrClass::ch));
    out.push_back({"unknown_types", m});
  }
  {  // more addresses than Summary keeps
    Message m = response_to(0x2006, "many.lab.test.", RrType::a);
    for (std::uint8_t i = 1; i <= 10; ++i)
      m.answers.push_back(rr("many.lab.test.", RrType::a, 100u + i, rdata::A{{192, 0, 2, i}}));
    out.push_back({"a_ten_addresses", m});
  }
  {  // RFC 6891 §6.1.3: BADVERS needs the extended RCODE bits
    Message m = response_to(0x2007, "lab.test.", RrType::soa);
    m.edns = Edns{};
    m.set_rcode(Rcode::badvers);
    out.push_back({"badvers_extended_rcode", m});
  }
  {  // PTR for a synthesized address (RFC 6147 §5.3.1)
    Message m = response_to(
        0x2008, "a.0.2.0.0.0.0.c.0.0.0.0.0.0.0.0.0.0.0.0.4.6.0.0.8.b.d.0.1.0.0.2.ip6.arpa.", RrType::ptr);
    m.answers.push_back(rr("a.0.2.0.0.0.0.c.0.0.0.0.0.0.0.0.0.0.0.0.4.6.0.0.8.b.d.0.1.0.0.2.ip6.arpa.",
                           RrType::ptr, 3600, rdata::Domain{name("v4only.lab.test.")}));
    out.push_back({"ptr_synthesized", m});
  }
  {
    Message m = response_to(0x2009, "www.old.lab.test.", RrType::a);
    m.answers.push_back(rr("old.lab.test.", RrType::dname, 300, rdata::Domain{name("new.lab.test.")}));
    m.answers.push_back(
        rr("www.old.lab.test.", RrType::cname, 300, rdata::Domain{name("www.new.lab.test.")}));
    m.answers.push_back(rr("www.new.lab.test.", RrType::a, 300, rdata::A{{192, 0, 2, 10}}));
    out.push_back({"dname_synthesized_cname", m});
  }
  {  // referral with glue
    Message m = response_to(0x200a, "www.lab.test.", RrType::a);
    m.header.ra = false;
    m.authority.push_back(rr("lab.test.", RrType::ns, 86400, rdata::Domain{name("ns1.lab.test.")}));
    m.additional.push_back(rr("ns1.lab.test.", RrType::a, 86400, rdata::A{{192, 0, 2, 53}}));
    m.additional.push_back(
        rr("ns1.lab.test.", RrType::aaaa, 86400,
           rdata::Aaaa{{0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53}}));
    out.push_back({"referral_glue", m});
  }
  {  // DNS 0x20 mixed case and an odd octet in a label: kept on the wire, lower-cased by Summary
    Message m = response_to(0x200b, "WwW.Lab.TeSt.", RrType::aaaa);
    m.questions.front().qname = Name::from_labels({"We\xff.ird", "Lab", "TEST"}).value();
    m.header.rcode = static_cast<std::uint8_t>(Rcode::servfail);
    out.push_back({"servfail_mixed_case_odd_octets", m});
  }
  return out;
}

/// Wire-assembly helpers for hand-made malformed messages.
inline std::vector<std::uint8_t> header(std::uint16_t qd, std::uint16_t an, std::uint16_t ns,
                                        std::uint16_t ar, std::uint16_t flags = 0x8180) {
  return {0x12,
          0x34,
          static_cast<std::uint8_t>(flags >> 8),
          static_cast<std::uint8_t>(flags & 0xff),
          static_cast<std::uint8_t>(qd >> 8),
          static_cast<std::uint8_t>(qd & 0xff),
          static_cast<std::uint8_t>(an >> 8),
          static_cast<std::uint8_t>(an & 0xff),
          static_cast<std::uint8_t>(ns >> 8),
          static_cast<std::uint8_t>(ns & 0xff),
          static_cast<std::uint8_t>(ar >> 8),
          static_cast<std::uint8_t>(ar & 0xff)};
}
inline void put(std::vector<std::uint8_t>& v, std::initializer_list<int> bytes) {
  for (int b : bytes) v.push_back(static_cast<std::uint8_t>(b));
}
inline void put_label(std::vector<std::uint8_t>& v, std::size_t len, char fill = 'x') {
  v.push_back(static_cast<std::uint8_t>(len));
  v.insert(v.end(), len, static_cast<std::uint8_t>(fill));
}
/// Question "a." A IN at offset 12 (12..18).
inline void put_question_a(std::vector<std::uint8_t>& v) {
  put(v, {1, 'a', 0, 0, 1, 0, 1});
}
/// Empty OPT RR (11 octets).
inline void put_opt(std::vector<std::uint8_t>& v) {
  put(v, {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0});
}

/// A response to "a." A whose answer chains `chain` pointers in front of a root label kept in the
/// opaque RDATA of a first record: the second owner name takes chain + 1 pointer hops.
inline std::vector<std::uint8_t> pointer_chain(std::size_t chain) {
  auto v = header(0, 2, 0, 0);
  put(v, {0, 0xff, 0x00, 0, 1, 0, 0, 0, 0});  // owner ".", TYPE65280, IN, TTL 0
  const std::size_t rdlength = 1 + 2 * chain;
  put(v, {static_cast<int>(rdlength >> 8), static_cast<int>(rdlength & 0xff)});
  const std::size_t root_at = v.size();  // 23
  v.push_back(0);
  std::size_t prev = root_at;
  for (std::size_t i = 0; i < chain; ++i) {
    const std::size_t here = v.size();
    put(v, {static_cast<int>(0xC0 | (prev >> 8)), static_cast<int>(prev & 0xff)});
    prev = here;
  }
  put(v, {static_cast<int>(0xC0 | (prev >> 8)), static_cast<int>(prev & 0xff)});
  put(v, {0xff, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});  // TYPE65280 IN TTL 0, rdlength 0
  return v;
}

struct Malformed {
  std::string id;
  std::vector<std::uint8_t> wire;
  ParseErrc code;
  std::size_t offset;
};

inline std::vector<Malformed> malformed_messages() {
  std::vector<Malformed> out;
  out.push_back({"header_cut", {0x12, 0x34, 0x81}, ParseErrc::truncated, 3});
  {
    auto v = header(1, 0, 0, 0);
    put(v, {0xC0, 12, 0, 1, 0, 1});
    out.push_back({"pointer_self", v, ParseErrc::pointer_loop, 12});
  }
  {
    auto v = header(1, 0, 0, 0);
    put(v, {0xC0, 14, 0xC0, 12, 0, 1, 0, 1});
    out.push_back({"pointers_to_each_other", v, ParseErrc::pointer_forward, 12});
  }
  {
    auto v = header(1, 0, 0, 0);
    put(v, {1, 'a', 0xC0, 12, 0, 1, 0, 1});
    out.push_back({"pointer_into_own_name", v, ParseErrc::pointer_loop, 14});
  }
  {
    auto v = header(1, 0, 0, 0);
    put(v, {0xC0, 0x20, 0, 1, 0, 1});
    out.push_back({"pointer_forward", v, ParseErrc::pointer_forward, 12});
  }
  {
    auto v = pointer_chain(127);  // 128 hops for the second owner
    out.push_back({"pointer_hops_128", v, ParseErrc::too_many_pointer_hops, 24});
  }
  {
    auto v = header(1, 0, 0, 0);
    put_label(v, 64);
    put(v, {0, 0, 1, 0, 1});
    out.push_back({"label_64", v, ParseErrc::bad_label, 12});
  }
  {
    auto v = header(1, 0, 0, 0);
    put(v, {0x80, 0, 0, 1, 0, 1});
    out.push_back({"label_type_0x80", v, ParseErrc::bad_label, 12});
  }
  {  // 4 x 63-octet labels: 1 + 4 * 64 = 257 octets
    auto v = header(1, 0, 0, 0);
    for (int i = 0; i < 4; ++i) put_label(v, 63);
    put(v, {0, 0, 1, 0, 1});
    out.push_back({"name_256_plus", v, ParseErrc::name_too_long, 12 + 3 * 64});
  }
  {
    auto v = header(1, 1, 0, 0);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 10, 192, 0, 2, 1});
    out.push_back({"rdlength_overrun", v, ParseErrc::truncated, 29});
  }
  {
    auto v = header(1, 5, 0, 0);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1});
    out.push_back({"counts_exceed_data", v, ParseErrc::section_count_overflow, 4});
  }
  {
    auto v = header(1, 1, 0, 0);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 5, 192, 0, 2, 1, 9});
    out.push_back({"a_rdlength_5", v, ParseErrc::bad_rdata, 31});
  }
  {
    auto v = header(1, 1, 0, 0);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 1, 'b', 0});
    out.push_back({"cname_name_overruns_rdlength", v, ParseErrc::bad_rdata, 33});
  }
  {
    auto v = header(1, 1, 0, 0);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 1, 'b', 0, 0});
    out.push_back({"cname_short_of_rdlength", v, ParseErrc::bad_rdata, 34});
  }
  {
    auto v = header(1, 1, 0, 0);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 3, 5, 'a', 'b'});
    out.push_back({"txt_overrun", v, ParseErrc::bad_rdata, 31});
  }
  {
    auto v = header(1, 0, 0, 2, 0x0100);
    put_question_a(v);
    put_opt(v);
    put_opt(v);
    out.push_back({"opt_twice", v, ParseErrc::duplicate_opt, 30});
  }
  {
    auto v = header(1, 1, 0, 0);
    put_question_a(v);
    put_opt(v);
    out.push_back({"opt_in_answer", v, ParseErrc::opt_outside_additional, 19});
  }
  {
    auto v = header(1, 0, 0, 1, 0x0100);
    put_question_a(v);
    put(v, {0xC0, 12, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0});
    out.push_back({"opt_owner_not_root", v, ParseErrc::bad_opt, 19});
  }
  {
    auto v = header(1, 0, 0, 1, 0x0100);
    put_question_a(v);
    put(v, {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 6, 0, 10, 0, 8, 1, 2});
    out.push_back({"opt_option_overrun", v, ParseErrc::bad_opt, 30});
  }
  {
    auto v = header(1, 0, 0, 0, 0x0100);
    put_question_a(v);
    v.push_back(0);
    out.push_back({"trailing_octet", v, ParseErrc::trailing_data, 19});
  }
  return out;
}

}  // namespace v6r::dns::samples
