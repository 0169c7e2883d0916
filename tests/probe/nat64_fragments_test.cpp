// nat64.fragments over FakeDnsClient + FakeTransport: a scripted echo that computes its replies the
// way lab/tools/udp_echo.py does (sized replies: magic, received length, SHA-256, filler i % 251), and
// the ways a NAT64 can break large datagrams (lost one way or the other, damaged, silent).
#include <gmock/gmock.h>

#include "core/sha256.hpp"
#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;

const std::string kMagic = "v6r-size";
const std::string kEcho = "[2001:db8:64::c000:20a]:7";

/// The lab echo's answer to `req` (udp_echo.py sized_reply), or the datagram itself when not sized.
std::vector<std::uint8_t> lab_echo(const std::vector<std::uint8_t>& req) {
  if (req.size() < 10 || !std::equal(kMagic.begin(), kMagic.end(), req.begin())) return req;
  const std::size_t want = (std::size_t{req[8]} << 8) | req[9];
  const std::size_t n = std::min<std::size_t>(std::max<std::size_t>(want, 44), 16384);
  std::vector<std::uint8_t> out(kMagic.begin(), kMagic.end());
  const auto len = static_cast<std::uint32_t>(req.size());
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(len >> s));
  const auto d = sha256(req);
  out.insert(out.end(), d.begin(), d.end());
  for (std::size_t i = out.size(); i < n; ++i) out.push_back(static_cast<std::uint8_t>(i % 251));
  return out;
}

UdpResult reply(std::vector<std::uint8_t> data, std::uint16_t local_port) {
  UdpResult u;
  u.ok = true;
  u.reply = std::move(data);
  u.local = ep("2001:db8:1:1::100", local_port);
  u.rtt = 2ms;
  return u;
}
UdpResult silence() {
  UdpResult u;
  u.timed_out = true;
  u.error = "no reply: timeout";
  u.local = ep("2001:db8:1:1::100", 40000);
  return u;
}

class Nat64Fragments : public Nat64Fixture {
 protected:
  void SetUp() override {
    dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:64::c000:20a"}));
  }
  // The NAT64 between the probe and the echo: drops a request larger than `max_out` (IPv6 to IPv4) or a
  // reply larger than `max_in` (IPv4 to IPv6); `flip` damages one octet of a large request.
  std::size_t max_out = 65535, max_in = 65535;
  bool flip = false;
  bool plain = false;  // an RFC 862 echo that knows nothing of sized replies
  std::uint16_t port = 50000;
  void nat64() {
    net.udp_responder = [this](const Endpoint&, const std::vector<std::uint8_t>& req) {
      ++port;
      if (req.size() > max_out) return silence();
      auto got = req;
      if (flip && got.size() > 1000) got[1000] ^= 0xff;
      auto back = plain ? got : lab_echo(got);
      if (back.size() > max_in) return silence();
      return reply(std::move(back), port);
    };
  }
};

TEST_F(Nat64Fragments, BothDirectionsWholePass) {
  nat64();
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  ASSERT_EQ(net.calls().size(), 3u);
  EXPECT_EQ(net.calls()[0].payload.size(), 64u);    // baseline
  EXPECT_EQ(net.calls()[1].payload.size(), 3000u);  // outbound, default request_bytes
  EXPECT_EQ(net.calls()[2].payload.size(), 64u);    // inbound asks for 4000
  EXPECT_EQ(out.result.observed["echo_mode"], "sized");
  EXPECT_EQ(out.result.observed["outbound"]["received_bytes"], 3000);
  EXPECT_EQ(out.result.observed["inbound"]["reply_bytes"], 4000);
  EXPECT_EQ(out.result.observed["inbound"]["intact"], true);
  EXPECT_THAT(out.result.rfc.value_or(""), HasSubstr("RFC 6146 §3.4"));
  // The DNS64 lookup's flow, then one flow per exchange, each from its own port to the echo.
  ASSERT_EQ(out.result.evidence.flows.size(), 4u);
  EXPECT_EQ(out.result.evidence.flows[0].dport, 53);
  EXPECT_EQ(out.result.evidence.flows[2],
            (v6r::Flow{"udp", "2001:db8:1:1::100", 50002, "2001:db8:64::c000:20a", 7, {}, false}));
}

TEST_F(Nat64Fragments, SizesFromParams) {
  nat64();
  const auto out =
      run(check("nat64.fragments", "{address: 192.0.2.10, request_bytes: 9000, reply_bytes: 12000}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  ASSERT_EQ(net.calls().size(), 3u);
  EXPECT_EQ(net.calls()[1].payload.size(), 9000u);
  EXPECT_EQ(net.calls()[2].payload[8], 12000 >> 8);
  EXPECT_EQ(net.calls()[2].payload[9], 12000 & 0xff);
  EXPECT_EQ(out.result.observed["inbound"]["reply_bytes"], 12000);
}

TEST_F(Nat64Fragments, OutboundFragmentsLostFail) {
  max_out = 1280;
  nat64();
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_THAT(out.result.reason,
              HasSubstr("IPv6 to IPv4: a 3000-octet datagram (fragmented on the IPv6 side) "
                        "got no answer"));
  EXPECT_THAT(out.result.reason, ::testing::Not(HasSubstr("IPv4 to IPv6")));
  EXPECT_EQ(out.result.observed["outbound"]["intact"], false);
  EXPECT_EQ(out.result.observed["inbound"]["intact"], true);
}

TEST_F(Nat64Fragments, InboundFragmentsLostFail) {
  max_in = 1500;
  nat64();
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("IPv4 to IPv6: the 4000-octet reply"));
  EXPECT_THAT(out.result.reason, ::testing::Not(HasSubstr("IPv6 to IPv4")));
  EXPECT_EQ(out.result.observed["outbound"]["intact"], true);
}

TEST_F(Nat64Fragments, DamagedRequestFailsWithTheEchosCount) {
  flip = true;
  nat64();
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_FALSE(out.retryable);
  EXPECT_THAT(out.result.reason,
              HasSubstr("reached the IPv4 echo damaged (3000 octets arrived, their SHA-256 differs"));
}

TEST_F(Nat64Fragments, DamagedReplyNamesTheOffset) {
  nat64();
  auto inner = net.udp_responder;
  net.udp_responder = [inner](const Endpoint& e, const std::vector<std::uint8_t>& req) {
    UdpResult u = inner(e, req);
    if (u.reply.size() == 4000) u.reply[2500] ^= 1;
    return u;
  };
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason,
              HasSubstr("arrived damaged (4000 octets, first wrong octet at offset 2500)"));
}

TEST_F(Nat64Fragments, PlainEchoJudgedWithOneLargeExchange) {
  plain = true;
  nat64();
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 6000ms);
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["echo_mode"], "rfc862");
  EXPECT_EQ(net.calls().size(), 2u);
  EXPECT_FALSE(out.result.observed.contains("inbound"));
}

TEST_F(Nat64Fragments, SilentNat64IsNotAFragmentProblem) {
  max_out = 10;
  nat64();
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 4000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("not a fragment problem"));
  EXPECT_EQ(net.calls().size(), 1u);
  // The baseline waits a quarter of the deadline, so the check cannot overrun.
  EXPECT_LE(net.calls()[0].deadline, 1000ms);
}

TEST_F(Nat64Fragments, ForeignAnswerCannotJudge) {
  net.udp_responder = [](const Endpoint&, const std::vector<std::uint8_t>&) {
    return reply({'h', 'e', 'l', 'l', 'o'}, 50001);
  };
  const auto out = run(check("nat64.fragments", "{host: v4only.lab.test}"), 4000ms);
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("neither an echo nor a sized reply"));
}

TEST(Nat64FragmentsParams, SizesOutOfBoundsRefusedWithTheirPlace) {
  for (const char* params :
       {"{host: v4only.lab.test, reply_bytes: 65000}", "{host: v4only.lab.test, request_bytes: 10}"}) {
    auto s = scenario::load_scenario_text(one_check_scenario("nat64.fragments", params, kPref64, kAllow),
                                          "f.yaml", builtin_schema_registry());
    ASSERT_FALSE(s.has_value()) << params;
    EXPECT_THAT(s.error().to_string(), HasSubstr("f.yaml:6:")) << s.error().to_string();
  }
}

}  // namespace
}  // namespace v6r::probe::testing
