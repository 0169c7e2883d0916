// nat64.icmp_errors over FakeDnsClient + FakeTransport: a scripted path like the lab's (hop 1 the IPv6
// router, hop 2 the NAT64's own Time Exceeded, hop 3 an IPv4 router's translated one, the IPv4 host's
// port unreachable beyond), and the ways a NAT64 can get ICMP errors wrong: an embedded packet not
// translated back (port, address, IPv4 header), a damaged payload, a wrong type or code, silence
// (never a fail: cannot judge), no raw socket.
#include <gmock/gmock.h>

#include "core/icmp_error.hpp"
#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* kTarget = "2001:db8:64::c000:20a";
const char* kRouter6 = "2001:db8:1:1::1";
const char* kNat64Own = "2001:db8:64::c633:6401";  // tayga's 198.51.100.1 under the prefix
const char* kRouter4 = "2001:db8:64::cb00:7101";   // 203.0.113.1 under the prefix

class Nat64IcmpErrors : public Nat64Fixture {
 protected:
  void SetUp() override {
    dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {kTarget}));
    net.probe_responder = [this](const Endpoint& local, const Endpoint& remote,
                                 const std::vector<std::uint8_t>& payload,
                                 int hops) { return path(local, remote, payload, hops); };
  }
  // How the scripted NAT64 behaves.
  bool raw_socket = true;
  bool drop_ipv4_errors = false;                    // no ICMPv4 error reaches the NAT64 (filtered)
  bool wrong_port = false;                          // the quoted source port is not translated back
  bool ipv4_quote = false;                          // the embedded packet left as IPv4
  bool damage_payload = false;                      // one quoted payload octet changed
  std::optional<std::pair<int, int>> du_type_code;  // what the port unreachable becomes
  int ipv4_routers = 1;                             // IPv4 routers between the NAT64 and the host

  UdpProbeResult path(const Endpoint& local, const Endpoint& remote, const std::vector<std::uint8_t>& payload,
                      int hops) {
    UdpProbeResult r;
    if (!raw_socket) {
      r.no_permission = true;
      r.error = "raw ICMPv6 socket: Operation not permitted (needs CAP_NET_RAW)";
      return r;
    }
    r.sent = true;
    r.local = local;
    const auto src = local.address.to_v6().to_bytes();
    const auto dst = remote.address.to_v6().to_bytes();
    std::array<std::uint8_t, 16> s{}, d{};
    std::copy(src.begin(), src.end(), s.begin());
    std::copy(dst.begin(), dst.end(), d.begin());
    auto quote = [&](std::uint8_t hop_left) {
      if (ipv4_quote)
        return icmp::build_ipv4_udp({198, 51, 100, 130}, {192, 0, 2, 10}, hop_left, local.port, remote.port,
                                    payload);
      const auto sport = wrong_port ? static_cast<std::uint16_t>(local.port + 1) : local.port;
      auto q = icmp::build_ipv6_udp(s, d, hop_left, sport, remote.port, payload);
      if (damage_payload) q[40 + 8 + 20] = static_cast<std::uint8_t>(q[40 + 8 + 20] ^ 0xff);
      return q;
    };
    auto error = [&](const char* from, std::uint8_t type, std::uint8_t code, std::vector<std::uint8_t> q) {
      r.icmp = icmp::build_icmpv6_error(type, code, 0, q);
      r.icmp_from = asio::ip::make_address_v6(from);
      r.rtt = 1ms;
    };
    if (hops == 1) {  // the IPv6 router: the original packet, untranslated
      error(kRouter6, 3, 0, icmp::build_ipv6_udp(s, d, 1, local.port, remote.port, payload));
    } else if (hops == 2) {  // the NAT64 itself (RFC 7915 §5.1)
      error(kNat64Own, 3, 0, icmp::build_ipv6_udp(s, d, 1, local.port, remote.port, payload));
    } else if (drop_ipv4_errors) {
      r.timed_out = true;
      r.error = "no ICMPv6 error about the datagram: timeout";
    } else if (hops < 3 + ipv4_routers) {
      error(kRouter4, 3, 0, quote(1));
    } else {
      const auto [t, c] = du_type_code.value_or(std::pair<int, int>{1, 4});
      error(kTarget, static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(c), quote(60));
    }
    return r;
  }

  CheckOutcome go(const std::string& params = "{host: v4only.lab.test, wait_ms: 200}") {
    return run(check("nat64.icmp_errors", params), 5000ms);
  }
  static std::optional<Verdict> clause(const CheckOutcome& o, const std::string& name) {
    for (const auto& c : o.result.clauses)
      if (c.clause == name) return c.verdict;
    return std::nullopt;
  }
};

TEST_F(Nat64IcmpErrors, ScriptedRightPasses) {
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(clause(o, "time_exceeded"), Verdict::pass);
  EXPECT_EQ(clause(o, "port_unreachable"), Verdict::pass);
  EXPECT_EQ(o.result.observed["translated_time_exceeded"], 2);  // the NAT64's own and the IPv4 router's
  EXPECT_EQ(o.result.observed["destination_hop"], 4);
  EXPECT_EQ(o.result.observed["hops"].size(), 4u);
  EXPECT_EQ(o.result.observed["hops"][2]["from"], "2001:db8:64::cb00:7101 (IPv4 203.0.113.1)");
  EXPECT_EQ(o.result.observed["port_unreachable"]["code"], 4);
  for (const auto& c : o.result.clauses) EXPECT_THAT(c.reason, Not(HasSubstr("cannot judge")));
  // Every datagram is a deliberate flow of the check (its errors are the check's, not the site's).
  std::size_t datagrams = 0;
  for (const auto& f : o.result.evidence.flows) {
    if (!f.dns_ids.empty()) continue;  // the resolver's socket (the AAAA query)
    ++datagrams;
    EXPECT_EQ(f.proto, "udp");
    EXPECT_TRUE(f.deliberate);
    EXPECT_EQ(f.dport, 33434);
  }
  EXPECT_EQ(datagrams, 5u);  // port unreachable + 4 hops
  // The ladder sent hop limits 1..4; the port unreachable datagram 64.
  std::vector<int> limits;
  for (const auto& c : net.calls()) limits.push_back(c.hop_limit);
  EXPECT_EQ(limits, (std::vector<int>{64, 1, 2, 3, 4}));
}

TEST_F(Nat64IcmpErrors, WrongEmbeddedPortFails) {
  wrong_port = true;
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::fail) << o.result.reason;
  EXPECT_EQ(clause(o, "time_exceeded"), Verdict::fail);
  EXPECT_EQ(clause(o, "port_unreachable"), Verdict::fail);
  EXPECT_THAT(o.result.reason, HasSubstr("quoted source port"));
  EXPECT_THAT(o.result.reason, HasSubstr("not translated back"));
  EXPECT_THAT(o.result.rfc.value_or(""), HasSubstr("RFC 7915 §4.3"));
}

TEST_F(Nat64IcmpErrors, UntranslatedIpv4QuoteFails) {
  ipv4_quote = true;
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_THAT(o.result.reason, HasSubstr("quotes an IPv4 header (198.51.100.130 -> 192.0.2.10)"));
}

TEST_F(Nat64IcmpErrors, DamagedPayloadFails) {
  damage_payload = true;
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_THAT(o.result.reason, HasSubstr("quoted payload differs from what was sent at octet 20"));
}

TEST_F(Nat64IcmpErrors, WrongTypeFailsWrongCodeWarns) {
  du_type_code = std::pair<int, int>{4, 1};  // Parameter Problem: not what port unreachable becomes
  auto o = go();
  EXPECT_EQ(clause(o, "port_unreachable"), Verdict::fail);
  EXPECT_THAT(o.result.reason, HasSubstr("not Destination Unreachable"));
  du_type_code = std::pair<int, int>{1, 1};  // administratively prohibited
  o = go();
  EXPECT_EQ(clause(o, "port_unreachable"), Verdict::warn);
  EXPECT_EQ(clause(o, "time_exceeded"), Verdict::pass);
  EXPECT_EQ(o.result.verdict, Verdict::warn);
  EXPECT_THAT(o.result.reason, HasSubstr("its code is 1, not 4"));
}

TEST_F(Nat64IcmpErrors, SilenceCannotBeJudgedAndSaysSo) {
  drop_ipv4_errors = true;
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::error) << o.result.reason;
  EXPECT_NE(o.result.verdict, Verdict::fail);
  EXPECT_EQ(clause(o, "time_exceeded"), Verdict::error);
  EXPECT_EQ(clause(o, "port_unreachable"), Verdict::error);
  EXPECT_THAT(o.result.reason, HasSubstr("cannot judge port unreachable: no ICMPv6 error came back"));
  EXPECT_THAT(o.result.reason, HasSubstr("filtered"));
  EXPECT_THAT(o.result.reason, HasSubstr("only hop 2 (2001:db8:64::c633:6401 (IPv4 198.51.100.1))"));
  // The ladder gave up after three silent hops (3, 4, 5), not at max_hops.
  EXPECT_EQ(o.result.observed["hops"].size(), 5u);
}

TEST_F(Nat64IcmpErrors, NoIpv4RouterBetweenIsNotHeldAgainstIt) {
  ipv4_routers = 0;  // the host answers right after the NAT64's own Time Exceeded
  const auto o = go();
  EXPECT_EQ(clause(o, "time_exceeded"), Verdict::pass) << o.result.reason;
  EXPECT_THAT(o.result.clauses.at(1).reason, HasSubstr("no other IPv4 router lies between"));
}

TEST_F(Nat64IcmpErrors, NoRawSocketSendsNothing) {
  raw_socket = false;
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_THAT(o.result.reason, HasSubstr("cannot judge ICMP errors"));
  EXPECT_THAT(o.result.reason, HasSubstr("CAP_NET_RAW"));
  for (const auto& f : o.result.evidence.flows) EXPECT_FALSE(f.dns_ids.empty()) << f.dport;  // DNS only
  EXPECT_EQ(net.calls().size(), 1u);
}

TEST_F(Nat64IcmpErrors, OpenPortCannotBeJudged) {
  net.probe_responder = [](const Endpoint& local, const Endpoint&, const std::vector<std::uint8_t>& p, int) {
    UdpProbeResult r;
    r.sent = true;
    r.local = local;
    r.timed_out = true;
    r.reply = p;  // an echo
    return r;
  };
  const auto o = go();
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_THAT(o.result.reason, HasSubstr("it is open; name a closed port"));
}

TEST_F(Nat64IcmpErrors, TargetOutsideTheAllowListSendsNothing) {
  const auto o = go("{address: 2001:db8:64::cb00:7164, wait_ms: 200}");  // 203.0.113.100: not allowed
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_TRUE(net.calls().empty());
}

}  // namespace
}  // namespace v6r::probe::testing
