// nat64.tcp_lifetime over FakeDnsClient + FakeTcpNetwork: a scripted NAT that forgets a TCP session after
// `lifetime` without traffic (then a segment is answered with a reset, or silently dropped), in front of
// a TCP echo at 192.0.2.10:7 reached through 2001:db8:64::/96. Idle times are tens of milliseconds.
#include <gmock/gmock.h>

#include "nat64_fixture.hpp"
#include "probes/net/fake_tcp_stream.hpp"

namespace v6r::probe::testing {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

struct ExpiringTcpNat {
  std::optional<milliseconds> lifetime;
  bool drop_silently = false;  ///< a forgotten session's segments vanish (else: reset)
  bool server_closes = false;  ///< the echo closes every connection after its first echo
  std::string refuse;          ///< connect error
  std::map<int, Clock::time_point> last;
  std::map<int, int> writes;

  FakeTcpNetwork::Reply on_write(int conn, const std::vector<std::uint8_t>& data) {
    const auto now = Clock::now();
    const bool known = last.count(conn) != 0;
    if (known && lifetime && now - last[conn] >= *lifetime) return {{}, !drop_silently, false};
    last[conn] = now;
    if (server_closes && writes[conn]++ > 0) return {{}, false, true};
    return {data, false, false};
  }
};

class Nat64TcpLifetime : public Nat64Fixture {
 protected:
  FakeTcpNetwork tcp;
  ExpiringTcpNat nat;
  void SetUp() override {
    net.tcp_opener = &tcp;
    tcp.on_connect = [this](const Endpoint&) { return nat.refuse; };
    tcp.on_write = [this](int c, const std::vector<std::uint8_t>& d) { return nat.on_write(c, d); };
  }
  CheckOutcome go(const std::string& extra, milliseconds deadline = 5000ms) {
    auto out = run(check("nat64.tcp_lifetime", "{address: 192.0.2.10, wait_ms: 200" + extra + "}"), deadline);
    EXPECT_EQ(tcp.open_streams, 0) << "every connection is closed when the check ends";
    return out;
  }
};

TEST_F(Nat64TcpLifetime, SurvivalIsOnlyALowerBound) {
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 120, steps: 3");
  EXPECT_EQ(out.result.verdict, Verdict::skipped) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("cannot judge within max_idle"));
  EXPECT_THAT(out.result.reason, HasSubstr("2 h 4 min requirement was not tested"));
  EXPECT_EQ(out.result.rfc, "RFC 5382 REQ-5");
  EXPECT_EQ(tcp.opened, 3);
  EXPECT_GE(out.result.observed["lifetime_at_least_ms"].get<int>(), 120);
  for (const auto& t : out.result.observed["trials"]) EXPECT_EQ(t["fate"], "survived");
  // each connection: one nonce before the idle, one after; the evidence names each connection
  EXPECT_EQ(tcp.writes.size(), 6u);
  EXPECT_EQ(out.result.evidence.flows.size(), 3u);
  EXPECT_EQ(out.result.observed["required_ms"], 7440000);
}

TEST_F(Nat64TcpLifetime, ResetAfterTheIdleFails) {
  nat.lifetime = 240ms;
  const auto out = go(", min_idle_ms: 80, max_idle_ms: 640, steps: 4, refine: false");
  EXPECT_EQ(out.result.verdict, Verdict::fail) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("MUST NOT be less than 2 h 4 min"));
  EXPECT_THAT(out.result.reason, HasSubstr("reset"));
  const auto& o = out.result.observed;
  EXPECT_EQ(o["trials"][2]["fate"], "gone");
  EXPECT_THAT(o["trials"][2]["how"].get<std::string>(), HasSubstr("reset"));
  EXPECT_GE(o["gone_ms"].get<int>(), 240);
}

TEST_F(Nat64TcpLifetime, SilentDropAfterTheIdleFails) {
  nat.lifetime = 220ms;
  nat.drop_silently = true;
  const auto out = go(", min_idle_ms: 80, max_idle_ms: 640, steps: 4");
  EXPECT_EQ(out.result.verdict, Verdict::fail) << out.result.reason;
  const auto& o = out.result.observed;
  int gone = 0, round2 = 0;
  for (const auto& t : o["trials"]) {
    gone += t["fate"] == "gone";
    round2 += t["round"] == 2;
  }
  EXPECT_EQ(gone, 2) << "one per round: no echo within wait_ms";
  EXPECT_GT(round2, 0) << "a second round on new connections";
}

TEST_F(Nat64TcpLifetime, ServerClosingIsNoVerdictOnTheNat) {
  nat.server_closes = true;
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 40, steps: 2");
  EXPECT_EQ(out.result.verdict, Verdict::error) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("closed"));
  EXPECT_EQ(out.result.observed["trials"][0]["fate"], "unknown");
}

TEST_F(Nat64TcpLifetime, RefusedEchoCannotJudge) {
  nat.refuse = "Connection refused";
  const auto out = go(", min_idle_ms: 20, max_idle_ms: 40, steps: 2");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("no working TCP echo"));
  EXPECT_THAT(out.result.reason, HasSubstr("Connection refused"));
}

TEST_F(Nat64TcpLifetime, NoStreamsCannotJudge) {
  net.tcp_opener = nullptr;
  const auto out =
      run(check("nat64.tcp_lifetime", "{address: 192.0.2.10, min_idle_ms: 20, max_idle_ms: 40}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("keeps no TCP connection open"));
}

}  // namespace
}  // namespace v6r::probe::testing
