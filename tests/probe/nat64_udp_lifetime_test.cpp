// nat64.udp_lifetime over FakeDnsClient + FakeUdpNetwork: a scripted NAT whose UDP mappings expire after
// `lifetime` without an outbound datagram (RFC 4787 REQ-6 outbound refresh), in front of a STUN server
// at 192.0.2.30:3478 reached through 2001:db8:64::/96, which honours RESPONSE-PORT (RFC 5780 §7.5: the
// answer goes to the NAT's address at that port, so to the local port whose live mapping has it) unless
// told to ignore it (answer the sender) or refuse it (420). Idle times are tens of milliseconds (real
// timers). The rounds of trials and the 2-minute judgement are tested in nat64_lifetime_test.cpp; here
// the kind's trial (a STUN Binding on its own port) and its verdicts.
#include <map>

#include <gmock/gmock.h>

#include "core/rfc6052.hpp"
#include "core/stun.hpp"
#include "nat64_fixture.hpp"
#include "probes/net/fake_udp_port.hpp"

namespace v6r::probe::testing {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

const char* kNatIp = "192.0.2.77";

struct ExpiringNat {
  std::optional<milliseconds> lifetime;  ///< nullopt: mappings never expire
  bool silent = false;                   ///< the server never answers
  int answers_left = -1;                 ///< the server answers this many requests, then none (-1: all)
  bool keep_port = false;                ///< port preservation: a mapping's port is the node's own
  bool ignore_response_port = false;     ///< the server answers the sender, as without RESPONSE-PORT
  bool refuse_response_port = false;     ///< the server answers 420 Unknown Attribute (RFC 5389 §7.3.1)
  bool drop_inbound = false;             ///< the NAT drops what the server sends to another port's mapping
  std::uint16_t next_mapped = 50000;
  struct Mapping {
    std::uint16_t mapped;
    Clock::time_point last_out;
  };
  std::map<std::uint16_t, Mapping> mappings;  // local port -> mapping
  int expirations = 0;
  int response_port_requests = 0;

  std::vector<FakeUdpNetwork::Reply> on_send(const Endpoint& local, const Endpoint& remote,
                                             const std::vector<std::uint8_t>& payload) {
    const auto now = Clock::now();
    auto it = mappings.find(local.port);
    if (it != mappings.end() && lifetime && now - it->second.last_out >= *lifetime) {
      mappings.erase(it);
      ++expirations;
      it = mappings.end();
    }
    if (it == mappings.end())
      it = mappings.emplace(local.port, Mapping{keep_port ? local.port : next_mapped, now}).first,
      next_mapped += 2;
    it->second.last_out = now;
    if (silent || answers_left == 0) return {};
    if (answers_left > 0) --answers_left;
    auto req = stun::parse(payload);
    if (!req) return {};
    if (req->response_port) ++response_port_requests;
    if (req->response_port && refuse_response_port) {
      stun::MessageBuilder e(stun::MessageClass::error, stun::kMethodBinding, req->transaction_id);
      e.error_code(420, "Unknown Attribute").unknown_attributes({stun::kAttrResponsePort});
      return {{e.finish(), remote, {}, {}}};
    }
    stun::MessageBuilder b(stun::MessageClass::success, stun::kMethodBinding, req->transaction_id);
    b.xor_address(stun::kAttrXorMappedAddress, {*Ipv4Addr::parse(kNatIp), it->second.mapped});
    if (!req->response_port || ignore_response_port) return {{b.finish(), remote, {}, {}}};
    if (drop_inbound) return {};
    for (const auto& [port, m] : mappings)
      if (m.mapped == *req->response_port && !(lifetime && now - m.last_out >= *lifetime))
        return {{b.finish(), remote, {}, port}};
    return {};  // no live mapping has that port: the NAT drops the answer
  }
};

class Nat64UdpLifetime : public Nat64Fixture {
 protected:
  FakeUdpNetwork udp;
  ExpiringNat nat;
  void SetUp() override {
    net.udp_opener = &udp;
    udp.on_send = [this](const Endpoint& l, const Endpoint& r, const std::vector<std::uint8_t>& p) {
      return nat.on_send(l, r, p);
    };
  }
  CheckOutcome go(const std::string& extra, milliseconds deadline = 5000ms) {
    auto out =
        run(check("nat64.udp_lifetime", "{address: 192.0.2.30, wait_ms: 200, rto_ms: 50" + extra + "}"),
            deadline);
    EXPECT_EQ(udp.open_ports, 0) << "every UDP port is closed when the check ends";
    return out;
  }
};

TEST_F(Nat64UdpLifetime, SurvivalWithinAShortBoundIsNotAPass) {
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 120, steps: 3");
  EXPECT_EQ(out.result.verdict, Verdict::skipped) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("cannot judge within max_idle"));
  EXPECT_THAT(out.result.reason, HasSubstr("2-minute requirement was not tested"));
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-5");
  // three trials, each its own port and mapping; each has its RESPONSE-PORT control and its RESPONSE-PORT
  // probe after the idle from a port of their own, and its answers arrived on the trial's port
  EXPECT_EQ(udp.opened, 9);
  ASSERT_EQ(out.result.observed["trials"].size(), 3u);
  for (const auto& t : out.result.observed["trials"]) {
    EXPECT_EQ(t["fate"], "survived");
    EXPECT_EQ(t["mapped_before"], t["mapped_after"]);
    EXPECT_EQ(t["response_port"], "delivered");
  }
  EXPECT_EQ(out.result.observed["mapped_address"], out.result.observed["trials"][0]["mapped_before"]);
  EXPECT_EQ(out.result.observed["stun"].size(), 9u);
  EXPECT_EQ(nat.response_port_requests, 6);
  EXPECT_EQ(nat.expirations, 0);
  EXPECT_EQ(out.result.observed["port_preserved"], false);
  EXPECT_EQ(out.result.observed["method"], "response-port");
  // the trials' own ports sent only their first request: the answers after the idle came unasked
  std::map<std::uint16_t, int> per_port;
  for (const auto& sent : udp.sent) ++per_port[sent.local.port];
  int single = 0;
  for (const auto& [port, n] : per_port) single += n == 1;
  EXPECT_EQ(single, 9) << "every port, trial or helper, sent one request";
}

// A NAT that keeps the node's port (port preservation, as a Linux NAT44 does when it can) makes a
// mapping made again after it expired look like one that survived when the port asks again itself. With
// RESPONSE-PORT (RFC 5780 §4.6) the expiry shows: the server's answer to the old mapping does not arrive
// although the port's own request is answered at once, mapped to the same address: `fail`.
TEST_F(Nat64UdpLifetime, ResponsePortShowsAnExpiryBehindPortPreservation) {
  nat.keep_port = true;
  nat.lifetime = 60ms;
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 120, steps: 3, refine: false");
  EXPECT_EQ(out.result.observed["port_preserved"], true);
  EXPECT_EQ(out.result.observed["method"], "response-port");
  EXPECT_EQ(out.result.verdict, Verdict::fail) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("with RESPONSE-PORT did not arrive"));
  EXPECT_THAT(out.result.reason, HasSubstr("made it anew on the same port"));
  const auto& trials = out.result.observed["trials"];
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(trials[0]["fate"], "survived");
  EXPECT_EQ(trials[0]["response_port"], "delivered");
  EXPECT_EQ(trials[2]["fate"], "expired");
  EXPECT_EQ(trials[2]["response_port"], "not delivered");
  EXPECT_EQ(trials[2]["mapped_before"], trials[2]["mapped_after"]);
  EXPECT_GE(out.result.observed["expired_ms"].get<int>(), 60);
}

// Without RESPONSE-PORT (a server that answers the sending port, or refuses the attribute) the check
// falls back to the port's own request, and port preservation hides the same expiry: every trial
// "survives". The check records the preservation and why the method could not be used; such a survival
// never makes a pass (2 minutes shown this way are "cannot judge", check.udp_lifetime.port_kept).
TEST_F(Nat64UdpLifetime, PortPreservationWithoutResponsePortIsRecorded) {
  for (const bool refuse : {false, true}) {
    SCOPED_TRACE(refuse ? "420" : "ignored");
    nat = ExpiringNat{};
    nat.keep_port = true;
    nat.lifetime = 60ms;
    nat.ignore_response_port = !refuse;
    nat.refuse_response_port = refuse;
    const auto out = go(", min_idle_ms: 20, max_idle_ms: 120, steps: 3");
    EXPECT_EQ(out.result.observed["port_preserved"], true);
    EXPECT_EQ(out.result.observed["method"], "rebinding");
    EXPECT_THAT(out.result.observed["response_port_unusable"].get<std::string>(),
                HasSubstr(refuse ? "refused RESPONSE-PORT (RFC 5780 §7.5) with error 420 (Unknown Attribute)"
                                 : "answered the port that sent the request"));
    EXPECT_EQ(nat.response_port_requests, 1) << "tried once, on the first trial";
    EXPECT_GE(nat.expirations, 1);
    for (const auto& t : out.result.observed["trials"]) EXPECT_EQ(t["fate"], "survived");
    EXPECT_EQ(out.result.verdict, Verdict::skipped) << out.result.reason;
  }
}

// The control's answer never reaches the trial's port (a NAT that filters it, or pools another address
// for the second port): the method is unusable and said so; nothing is judged from that silence.
TEST_F(Nat64UdpLifetime, LostControlFallsBackToRebinding) {
  nat.drop_inbound = true;
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 80, steps: 2");
  EXPECT_EQ(out.result.observed["method"], "rebinding");
  EXPECT_THAT(out.result.observed["response_port_unusable"].get<std::string>(),
              HasSubstr("right after the mapping was made did not arrive"));
  for (const auto& t : out.result.observed["trials"]) EXPECT_EQ(t["fate"], "survived");
  EXPECT_EQ(out.result.verdict, Verdict::skipped) << out.result.reason;
}

TEST_F(Nat64UdpLifetime, ShortLifetimeFailsWithTheBracket) {
  nat.lifetime = 240ms;
  const auto out = go(", min_idle_ms: 80, max_idle_ms: 640, steps: 4, refine: false");
  EXPECT_EQ(out.result.verdict, Verdict::fail) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("MUST NOT expire in less than 2 minutes"));
  EXPECT_THAT(out.result.reason, HasSubstr("192.0.2.77:"));
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-5");
  // the ladder (80, 160, 320, 640 ms) stops at 320: the NAT mapped that port anew
  const auto& o = out.result.observed;
  ASSERT_EQ(o["trials"].size(), 4u);
  EXPECT_EQ(o["trials"][2]["fate"], "expired");
  EXPECT_NE(o["trials"][2]["mapped_before"], o["trials"][2]["mapped_after"]);
  EXPECT_THAT(out.result.reason, HasSubstr(o["trials"][2]["mapped_before"].get<std::string>() + " became " +
                                           o["trials"][2]["mapped_after"].get<std::string>()));
  EXPECT_GE(o["expired_ms"].get<int>(), 240);
  EXPECT_EQ(o["trials"][2]["response_port"], "not delivered");
  // 4 starts and their controls, 2 RESPONSE-PORT probes answered, the one of the expired trial sent
  // 7 times (RFC 5389 §7.2.1 Rc: the fake's receive never waits), then that trial's own request
  EXPECT_EQ(udp.sent.size(), 4u + 4u + 2u + 7u + 1u);
  EXPECT_EQ(nat.response_port_requests, 4 + 2 + 7);
}

TEST_F(Nat64UdpLifetime, SilentServerCannotJudge) {
  nat.silent = true;
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 40, steps: 2");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("cannot judge"));
  EXPECT_TRUE(out.retryable);
}

TEST_F(Nat64UdpLifetime, ServerSilentAfterTheIdleCannotJudge) {
  nat.answers_left = 4;  // the two starts and their controls
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 40, steps: 2");
  EXPECT_EQ(out.result.verdict, Verdict::error) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("no trial was answered after its idle time"));
  EXPECT_EQ(out.result.observed["trials"][0]["fate"], "unanswered");
}

TEST_F(Nat64UdpLifetime, DeadlineCutsMaxIdleAndSaysSo) {
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 60000, steps: 2", 1000ms);
  EXPECT_EQ(out.result.verdict, Verdict::skipped) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("cut by the check's deadline"));
  EXPECT_LT(out.result.observed["max_idle_cut_to_ms"].get<int>(), 1000);
}

TEST_F(Nat64UdpLifetime, ServerOutsideTheAllowListIsRefused) {
  const auto out =
      run(check("nat64.udp_lifetime", "{address: 198.51.100.30, max_idle_ms: 40, min_idle_ms: 20}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(udp.sent.empty());
}

}  // namespace
}  // namespace v6r::probe::testing
