#include "probes/net/fake_dns_client.hpp"

#include <gtest/gtest.h>

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;

dns::Name name(const char* s) {
  return *dns::Name::from_text(s);
}

dns::Message aaaa_answer(const char* qn) {
  dns::Message m;
  m.answers.push_back(dns::ResourceRecord{
      name(qn), dns::RrType::aaaa, dns::RrClass::in, 600,
      dns::rdata::Aaaa{{0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0x02, 0x0a}}});
  return m;
}

template <class F>
void run(F f) {
  asio::io_context io;
  asio::co_spawn(io, f, asio::detached);
  io.run_for(5s);
}

TEST(FakeDnsClient, ScriptedAnswerAndRecording) {
  FakeDnsClient fake;
  fake.on(name("v4only.lab.test."), 28, aaaa_answer("v4only.lab.test."));
  DnsOutcome out;
  run([&]() -> awaitable<void> { out = co_await fake.query(name("V4ONLY.lab.test."), 28, {}, 1s); });
  ASSERT_EQ(out.status, DnsStatus::ok) << out.detail;
  EXPECT_EQ(out.message->answers.size(), 1u);
  EXPECT_TRUE(out.message->header.qr);
  EXPECT_EQ(out.message->header.id, *out.query_id);
  ASSERT_EQ(fake.queries().size(), 1u);
  EXPECT_EQ(fake.queries()[0].qtype, 28);
  EXPECT_FALSE(fake.queries()[0].wire.empty());
  EXPECT_EQ(fake.count(name("v4only.lab.test."), 28), 1u);
}

TEST(FakeDnsClient, FlagsSelectScript) {
  FakeDnsClient fake;
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  dns::Message empty;
  fake.on(name("a.test."), 28, aaaa_answer("a.test."));
  fake.on(name("a.test."), 28, empty, docd);
  DnsOutcome plain, dnssec;
  run([&]() -> awaitable<void> {
    plain = co_await fake.query(name("a.test."), 28, {}, 1s);
    dnssec = co_await fake.query(name("a.test."), 28, docd, 1s);
  });
  EXPECT_EQ(plain.message->answers.size(), 1u);
  EXPECT_EQ(dnssec.message->answers.size(), 0u);
  EXPECT_TRUE(dnssec.message->header.cd);
}

TEST(FakeDnsClient, MalformedTimeoutNetworkAndSequence) {
  FakeDnsClient fake;
  fake.on(name("bad.test."), 1, std::vector<std::uint8_t>{0x12, 0x34, 0x81});
  fake.on(name("slow.test."), 1, FakeDnsClient::Timeout{});
  fake.on(name("down.test."), 1, FakeDnsClient::NetworkError{"port unreachable"});
  fake.on(name("seq.test."), 1, FakeDnsClient::Timeout{}).on(name("seq.test."), 1, dns::Message{});
  DnsOutcome bad, slow, down, s1, s2, s3, unscripted;
  run([&]() -> awaitable<void> {
    bad = co_await fake.query(name("bad.test."), 1, {}, 1s);
    slow = co_await fake.query(name("slow.test."), 1, {}, 20ms);
    down = co_await fake.query(name("down.test."), 1, {}, 1s);
    s1 = co_await fake.query(name("seq.test."), 1, {}, 20ms);
    s2 = co_await fake.query(name("seq.test."), 1, {}, 20ms);
    s3 = co_await fake.query(name("seq.test."), 1, {}, 20ms);
    unscripted = co_await fake.query(name("other.test."), 1, {}, 10ms);
  });
  EXPECT_EQ(bad.status, DnsStatus::malformed);
  EXPECT_TRUE(bad.parse_error.has_value());
  EXPECT_EQ(bad.query_id, std::uint16_t{0x1234});
  EXPECT_EQ(slow.status, DnsStatus::timeout);
  EXPECT_EQ(down.status, DnsStatus::network);
  EXPECT_EQ(down.detail, "port unreachable");
  EXPECT_EQ(s1.status, DnsStatus::timeout);
  EXPECT_EQ(s2.status, DnsStatus::ok);
  EXPECT_EQ(s3.status, DnsStatus::ok);  // the last reply repeats
  EXPECT_EQ(unscripted.status, DnsStatus::timeout);
  EXPECT_NE(unscripted.detail.find("no scripted reply"), std::string::npos);
}

TEST(FakeDnsClient, RttBeyondDeadlineTimesOut) {
  FakeDnsClient fake;
  fake.rtt(50ms).on(name("a.test."), 1, dns::Message{});
  DnsOutcome out;
  run([&]() -> awaitable<void> { out = co_await fake.query(name("a.test."), 1, {}, 10ms); });
  EXPECT_EQ(out.status, DnsStatus::timeout);
}

TEST(DnsClient, BuildQueryBytesHonoursOptions) {
  QueryOptions o;
  o.edns_udp_size = 0;
  auto plain = build_query_bytes(7, name("a.test."), 1, o);
  ASSERT_GE(plain.size(), 12u);
  EXPECT_EQ(plain[11], 0);  // ARCOUNT 0: no OPT RR
  o.cd_bit = true;
  auto cd = build_query_bytes(7, name("a.test."), 1, o);
  EXPECT_EQ(cd[3] & 0x10, 0x10);  // CD bit
  o.do_bit = true;
  auto withdo = build_query_bytes(7, name("a.test."), 1, o);
  EXPECT_EQ(withdo[11], 1);  // DO implies EDNS
}

}  // namespace
}  // namespace v6r::probe
