#include "core/dns_build.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/dns_parse.hpp"
#include "tests/core/dns_samples.hpp"

namespace v6r::dns {
namespace {

using samples::name;

TEST(DnsBuild, MakeQueryWithEdnsDoAndCd) {
  QueryEdns e;
  e.dnssec_ok = true;
  e.checking_disabled = true;
  e.udp_payload_size = 4096;
  const Message q = make_query(0x4242, name("ipv4only.arpa."), RrType::aaaa, true, e);
  const auto wire = build(q);
  const std::vector<std::uint8_t> expect = {
      0x42, 0x42, 0x01, 0x10, 0,   1,   0,   0,    0,    0, 0,   1,  // RD + CD, QD=1, AR=1
      8,    'i',  'p',  'v',  '4', 'o', 'n', 'l',  'y',  4, 'a', 'r',  'p', 'a', 0,
      0,    28,   0,    1,    0,   0,   41,  0x10, 0x00, 0, 0,   0x80, 0,   0,   0};  // OPT: 4096, DO
  EXPECT_EQ(wire, expect);
  auto back = parse(wire);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, q);
  EXPECT_TRUE(back->header.cd);
  EXPECT_TRUE(back->edns->dnssec_ok);
}

TEST(DnsBuild, PlainQueryHasNoOpt) {
  const auto wire = build(make_query(7, name("lab.test."), RrType::a, false));
  ASSERT_EQ(wire.size(), 12u + 10u + 4u);
  EXPECT_EQ(wire[2], 0x00) << "RD clear";
  EXPECT_EQ(wire[11], 0) << "ARCOUNT 0";
}

TEST(DnsBuild, CompressesSuffixesExactlyAndCaseSensitively) {
  Message m = samples::response_to(1, "www.lab.test.", RrType::cname);
  m.answers.push_back(samples::rr("www.lab.test.", RrType::cname, 1, rdata::Domain{name("v6.lab.test.")}));
  m.answers.push_back(samples::rr("WWW.lab.test.", RrType::txt, 1, rdata::Txt{{"x"}}));
  const auto c = build(m, true);
  const auto u = build(m, false);
  EXPECT_LT(c.size(), u.size());
  // answer 1 owner: pointer to the question name at 12
  const std::size_t a1 = 12 + 14 + 4;
  EXPECT_EQ(c[a1], 0xC0);
  EXPECT_EQ(c[a1 + 1], 12);
  // CNAME target "v6" + pointer to "lab.test." at 16
  EXPECT_EQ(c[a1 + 12], 2);
  EXPECT_EQ(c[a1 + 15], 0xC0);
  EXPECT_EQ(c[a1 + 16], 16);
  auto back = parse(c);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->answers[1].name.labels()[0], "WWW") << "case on the wire survives compression";
  for (std::size_t i = 0; i + 1 < u.size(); ++i)
    EXPECT_NE(u[i] & 0xC0, 0xC0) << "no pointer expected at " << i;
}

TEST(DnsBuild, DnameTargetIsNeverCompressed) {
  Message m = samples::response_to(1, "x.old.test.", RrType::a);
  m.answers.push_back(samples::rr("old.test.", RrType::dname, 1, rdata::Domain{name("old.test.")}));
  const auto w = build(m);
  // owner compresses to "old.test." in the question (offset 14); the target is written out in full
  const std::size_t owner = 12 + 12 + 4;
  EXPECT_EQ(w[owner], 0xC0);
  EXPECT_EQ(w[owner + 1], 14);
  EXPECT_EQ(w[owner + 10], 0);
  EXPECT_EQ(w[owner + 11], 10) << "rdlength of an uncompressed old.test.";
  EXPECT_EQ(w[owner + 12], 3);
}

TEST(DnsBuild, UnencodableMessagesGiveEmptyOutput) {
  Message m = samples::response_to(1, "t.", RrType::txt);
  m.answers.push_back(samples::rr("t.", RrType::txt, 1, rdata::Txt{{std::string(256, 'x')}}));
  EXPECT_TRUE(build(m).empty());
  Message big = samples::response_to(1, "u.", RrType{999});
  big.answers.push_back(
      samples::rr("u.", RrType{999}, 1, rdata::Unknown{std::vector<std::uint8_t>(70000, 1)}));
  EXPECT_TRUE(build(big).empty());
}

TEST(DnsBuild, SetRcodeSplitsExtendedBits) {
  Message m;
  m.set_rcode(Rcode::nxdomain);
  EXPECT_FALSE(m.edns.has_value());
  EXPECT_EQ(m.rcode(), Rcode::nxdomain);
  m.set_rcode(Rcode::badvers);
  ASSERT_TRUE(m.edns.has_value());
  EXPECT_EQ(m.header.rcode, 0);
  EXPECT_EQ(m.rcode(), Rcode::badvers);
  EXPECT_EQ(parse(build(m))->rcode(), Rcode::badvers);
}

}  // namespace
}  // namespace v6r::dns
