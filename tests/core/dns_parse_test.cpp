#include "core/dns_parse.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/dns_build.hpp"
#include "core/dns_summary.hpp"
#include "tests/core/dns_samples.hpp"

namespace v6r::dns {
namespace {

using samples::malformed_messages;
using samples::valid_messages;

// A response as a resolver sends it, assembled by hand (not by build()): AAAA for v4only.lab.test
// synthesized with 2001:db8:64::/96, owner compressed to the question (C0 0C), EDNS 1232.
const std::vector<std::uint8_t>
    kHandWritten = {0xab, 0xcd, 0x81, 0x80, 0,    1,    0,   1, 0,    0,    0,   1,  // header
                    6,    'v',  '4',  'o',  'n',  'l',  'y', 3, 'l',  'a',  'b', 4,
                    't',  'e',  's',  't',  0,                                        // qname @12
                    0,    28,   0,    1,                                              // AAAA IN
                    0xC0, 12,   0,    28,   0,    1,    0,   0, 0x02, 0x58, 0,   16,  // answer, TTL 600
                    0x20, 0x01, 0x0d, 0xb8, 0,    0x64, 0,   0, 0,    0,    0,   0,
                    0xc0, 0x00, 0x02, 0x0a,                                      // 2001:db8:64::c000:20a
                    0,    0,    41,   0x04, 0xd0, 0,    0,   0, 0,    0,    0};  // OPT

TEST(DnsParse, HandWrittenCompressedResponse) {
  auto m = parse(kHandWritten);
  ASSERT_TRUE(m) << to_string(m.error());
  EXPECT_EQ(m->header.id, 0xabcd);
  EXPECT_TRUE(m->header.qr && m->header.rd && m->header.ra);
  EXPECT_EQ(m->rcode(), Rcode::noerror);
  ASSERT_EQ(m->questions.size(), 1u);
  EXPECT_EQ(m->questions[0].qname.to_text(), "v4only.lab.test.");
  EXPECT_EQ(m->questions[0].qtype, RrType::aaaa);
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(m->answers[0].name, m->questions[0].qname);
  EXPECT_EQ(m->answers[0].ttl, 600u);
  const auto* aaaa = std::get_if<rdata::Aaaa>(&m->answers[0].data);
  ASSERT_NE(aaaa, nullptr);
  EXPECT_EQ((*aaaa).address[15], 0x0a);
  EXPECT_TRUE(m->additional.empty()) << "the OPT RR is lifted into edns";
  ASSERT_TRUE(m->edns.has_value());
  EXPECT_EQ(m->edns->udp_payload_size, 1232);
  EXPECT_FALSE(m->edns->dnssec_ok);
  EXPECT_EQ(build(*m), kHandWritten) << "our compression reproduces the resolver's octets";
}

TEST(DnsParse, RealisticMessagesRoundTrip) {
  for (const auto& s : valid_messages()) {
    SCOPED_TRACE(s.id);
    for (bool compress : {true, false}) {
      const auto wire = build(s.message, compress);
      ASSERT_FALSE(wire.empty());
      auto m = parse(wire);
      ASSERT_TRUE(m) << to_string(m.error());
      EXPECT_EQ(*m, s.message);
      EXPECT_EQ(build(*m, compress), wire) << "stable octets, case preserved";
    }
  }
}

TEST(DnsParse, DecodesEveryRdataKind) {
  const auto all = valid_messages();
  auto find = [&](std::string_view id) {
    for (const auto& s : all)
      if (s.id == id) return parse(build(s.message)).value();
    ADD_FAILURE() << id;
    return Message{};
  };
  const Message cname = find("aaaa_cname_chain");
  ASSERT_EQ(cname.answers.size(), 3u);
  EXPECT_EQ(std::get<rdata::Domain>(cname.answers[1].data).name.to_text(), "v4only.lab.test.");
  const Message nx = find("nxdomain_soa");
  EXPECT_EQ(nx.rcode(), Rcode::nxdomain);
  EXPECT_EQ(std::get<rdata::Soa>(nx.authority.at(0).data).minimum, 300u);
  EXPECT_EQ(std::get<rdata::Soa>(nx.authority.at(0).data).rname.to_text(), "hostmaster.lab.test.");
  const Message txt = find("txt_strings");
  EXPECT_EQ(std::get<rdata::Txt>(txt.answers.at(0).data).strings.size(), 3u);
  const Message unk = find("unknown_types");
  EXPECT_EQ(std::get<rdata::Unknown>(unk.answers.at(1).data).bytes.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<rdata::Unknown>(unk.additional.at(0).data)) << "A in class CH is opaque";
  const Message bv = find("badvers_extended_rcode");
  EXPECT_EQ(bv.rcode(), Rcode::badvers);
  EXPECT_EQ(bv.header.rcode, 0);
  EXPECT_EQ(bv.edns->extended_rcode, 1);
  const Message dn = find("ipv4only_arpa_edns_do");
  EXPECT_TRUE(dn.edns->dnssec_ok);
  ASSERT_EQ(dn.edns->options.size(), 1u);
  EXPECT_EQ(dn.edns->options[0].code, 10);
}

TEST(DnsParse, MalformedMessagesGiveTheExactError) {
  for (const auto& s : malformed_messages()) {
    SCOPED_TRACE(s.id);
    auto m = parse(s.wire);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, s.code) << to_string(m.error());
    EXPECT_EQ(m.error().offset, s.offset) << to_string(m.error());
    EXPECT_FALSE(m.error().detail.empty());
  }
}

TEST(DnsParse, TruncatedAtEveryOffsetIsAnErrorNeverACrash) {
  std::vector<std::vector<std::uint8_t>> wires{kHandWritten};
  for (const auto& s : valid_messages()) wires.push_back(build(s.message));
  std::size_t prefixes = 0;
  for (const auto& w : wires) {
    for (std::size_t n = 0; n < w.size(); ++n) {
      const Bytes prefix(w.data(), n);
      auto m = parse(prefix);
      ASSERT_FALSE(m) << "prefix of " << n << " octets parsed";
      const auto code = m.error().code;
      EXPECT_TRUE(code == ParseErrc::truncated || code == ParseErrc::section_count_overflow)
          << to_string(m.error());
      EXPECT_LE(m.error().offset, n);
      auto s = summarize(prefix);
      ASSERT_FALSE(s);
      EXPECT_EQ(s.error(), m.error());
      ++prefixes;
    }
  }
  EXPECT_GT(prefixes, 1000u);
}

TEST(DnsParse, PointerHopCapAndLimits) {
  auto ok = parse(samples::pointer_chain(126));  // 127 hops: the cap itself is allowed
  ASSERT_TRUE(ok) << to_string(ok.error());
  EXPECT_TRUE(ok->answers.at(1).name.is_root());
  auto bad = parse(samples::pointer_chain(127));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ParseErrc::too_many_pointer_hops);

  auto v = samples::header(1, 0, 0, 0);  // a 255-octet name is fine
  for (int i = 0; i < 3; ++i) samples::put_label(v, 63);
  samples::put_label(v, 61);
  samples::put(v, {0, 0, 1, 0, 1});
  auto m = parse(v);
  ASSERT_TRUE(m) << to_string(m.error());
  EXPECT_EQ(m->questions[0].qname.wire_length(), 255u);
}

TEST(DnsParse, CompressedNameLongerThan255IsRejected) {
  // Question 1: 3 x 63-octet labels (193 octets). Question 2: two 31-octet labels then a pointer to it:
  // 64 + 193 = 257 octets once decompressed.
  auto v = samples::header(2, 0, 0, 0);
  for (int i = 0; i < 3; ++i) samples::put_label(v, 63);
  samples::put(v, {0, 0, 1, 0, 1});
  const std::size_t q2 = v.size();
  samples::put_label(v, 31);
  samples::put_label(v, 31);
  samples::put(v, {0xC0, 12, 0, 1, 0, 1});
  auto m = parse(v);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ParseErrc::name_too_long);
  EXPECT_EQ(m.error().offset, 12u + 2 * 64) << "found at the third label of the pointed-to name";
  (void)q2;
}

TEST(DnsParse, RdataNamesAreDecompressed) {
  auto v = samples::header(1, 1, 0, 0);
  samples::put(v, {3, 'w', 'w', 'w', 3, 'l', 'a', 'b', 0, 0, 5, 0, 1});              // www.lab. CNAME IN @12
  samples::put(v, {0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 5, 0, 5, 2, 'v', '6', 0xC0, 16});  // -> v6.lab.
  auto m = parse(v);
  ASSERT_TRUE(m) << to_string(m.error());
  EXPECT_EQ(std::get<rdata::Domain>(m->answers[0].data).name.to_text(), "v6.lab.");
}

}  // namespace
}  // namespace v6r::dns
