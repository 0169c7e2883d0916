// nat64.mapping, nat64.filtering and nat64.hairpin over FakeDnsClient + FakeUdpNetwork: a scripted NAT
// (endpoint-independent / address-dependent / address-and-port-dependent mapping and filtering, with
// or without hairpinning) in front of a scripted RFC 5780 STUN server at 192.0.2.30:3478 with
// OTHER-ADDRESS 192.0.2.31:3479, reached through 2001:db8:64::/96. Hostile servers: garbage, wrong
// transaction id, too slow, silent, no OTHER-ADDRESS, CHANGE-REQUEST ignored, error 420.
#include <gmock/gmock.h>

#include "core/rfc6052.hpp"
#include "core/stun.hpp"
#include "nat64_fixture.hpp"
#include "probes/net/fake_udp_port.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;
using Behaviour = std::string;  // "eim", "adm", "apdm" / "eif", "adf", "apdf"

const char* kServer = "192.0.2.30";
const char* kOther = "192.0.2.31";
const char* kNatIp = "192.0.2.77";  // the NAT's external address (in the allow-list)

asio::ip::address six(const std::string& v4) {
  auto a = addr::embed(*Prefix::parse(kPref64), *Ipv4Addr::parse(v4));
  return asio::ip::make_address_v6(a->bytes);
}
std::string four_of(const asio::ip::address& a) {
  return addr::extract(*Prefix::parse(kPref64), *Ipv6Addr::parse(a.to_string()))->ipv4.to_string();
}

/// A NAT plus an RFC 5780 STUN server, played in FakeUdpNetwork::on_send.
struct ScriptedNat {
  std::string mapping = "eim";
  std::string filtering = "eif";
  bool hairpin = true;
  int port_offset = 0;  ///< mapped port = local port + offset (+ a per-destination term when not EIM)
  // STUN server misbehaviour
  bool silent = false;
  bool garbage = false;
  bool wrong_tid = false;
  bool no_other_address = false;
  bool ignore_change = false;
  bool error_420 = false;
  std::chrono::milliseconds delay{0};

  std::map<std::string, std::uint16_t> mappings;                // "local|dest" -> mapped port
  std::map<std::uint16_t, std::vector<std::string>> contacted;  // mapped port -> "ip:port" sent to

  std::uint16_t map(const Endpoint& local, const std::string& ip, std::uint16_t port) {
    std::string key = std::to_string(local.port) + "|";
    if (mapping == "adm") key += ip;
    if (mapping == "apdm") key += ip + ":" + std::to_string(port);
    auto it = mappings.find(key);
    if (it != mappings.end()) return it->second;
    const auto mapped = static_cast<std::uint16_t>(
        local.port + port_offset + 2 * static_cast<int>(mappings.size()) * (mapping == "eim" ? 0 : 1));
    mappings[key] = mapped;
    return mapped;
  }
  bool passes_filter(std::uint16_t mapped, const std::string& ip, std::uint16_t port) {
    if (filtering == "eif") return true;
    for (const auto& c : contacted[mapped]) {
      if (filtering == "adf" && c.substr(0, c.find(':')) == ip) return true;
      if (filtering == "apdf" && c == ip + ":" + std::to_string(port)) return true;
    }
    return false;
  }

  std::vector<FakeUdpNetwork::Reply> on_send(const Endpoint& local, const Endpoint& remote,
                                             const std::vector<std::uint8_t>& payload) {
    const std::string ip = four_of(remote.address);
    const std::uint16_t mapped = map(local, ip, remote.port);
    contacted[mapped].push_back(ip + ":" + std::to_string(remote.port));
    if (ip == kNatIp) {  // hairpin: to the NAT's own address
      if (!hairpin) return {};
      for (auto& [key, port] : mappings)
        if (port == remote.port) {
          const auto to = static_cast<std::uint16_t>(std::stoi(key.substr(0, key.find('|'))));
          return {{payload, Endpoint{six(kNatIp), mapped}, {}, to}};
        }
      return {};
    }
    if (silent) return {};
    if (garbage) return {{{'h', 'e', 'l', 'l', 'o'}, remote, delay, {}}};
    auto req = stun::parse(payload);
    if (!req) return {};
    stun::TransactionId tid = req->transaction_id;
    if (wrong_tid) tid[0] ^= 1;
    std::string from_ip = ip;
    std::uint16_t from_port = remote.port;
    if (req->change_request && !ignore_change) {
      if (*req->change_request & stun::kChangeIp) from_ip = from_ip == kServer ? kOther : kServer;
      if (*req->change_request & stun::kChangePort) from_port = from_port == 3478 ? 3479 : 3478;
    }
    if (error_420 && req->change_request) {
      return {{stun::MessageBuilder(stun::MessageClass::error, stun::kMethodBinding, tid)
                   .error_code(420, "Unknown Attribute")
                   .finish(),
               remote,
               delay,
               {}}};
    }
    if (!passes_filter(mapped, from_ip, from_port)) return {};
    stun::MessageBuilder b(stun::MessageClass::success, stun::kMethodBinding, tid);
    b.xor_address(stun::kAttrXorMappedAddress, {*Ipv4Addr::parse(kNatIp), mapped});
    if (!no_other_address) b.address(stun::kAttrOtherAddress, {*Ipv4Addr::parse(kOther), 3479});
    return {{b.finish(), Endpoint{six(from_ip), from_port}, delay, {}}};
  }
};

class Nat64Stun : public Nat64Fixture {
 protected:
  FakeUdpNetwork udp;
  ScriptedNat nat;
  void SetUp() override {
    net.udp_opener = &udp;
    udp.on_send = [this](const Endpoint& l, const Endpoint& r, const std::vector<std::uint8_t>& p) {
      return nat.on_send(l, r, p);
    };
  }
  CheckOutcome go(const std::string& kind, const std::string& extra = "",
                  std::chrono::milliseconds deadline = 10000ms) {
    auto out = run(check(kind, "{address: 192.0.2.30, wait_ms: 300, rto_ms: 100" + extra + "}"), deadline);
    EXPECT_EQ(udp.open_ports, 0) << "every UDP port is closed when the check ends";
    return out;
  }
};

// ---- nat64.mapping

TEST_F(Nat64Stun, MappingEndpointIndependentPasses) {
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["mapping"], "endpoint-independent");
  EXPECT_EQ(out.result.observed["port_preserved"], true);
  EXPECT_EQ(out.result.observed["parity_preserved"], true);
  EXPECT_EQ(out.result.observed["mapped_address"], "192.0.2.77:40000");
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-1");
  // tests I and II, both from the same port, to the primary and then the other address
  ASSERT_EQ(udp.sent.size(), 2u);
  EXPECT_EQ(udp.sent[0].remote.to_string(), "[2001:db8:64::c000:21e]:3478");
  EXPECT_EQ(udp.sent[1].remote.to_string(), "[2001:db8:64::c000:21f]:3478");
  EXPECT_EQ(udp.sent[0].local, udp.sent[1].local);
  EXPECT_EQ(out.result.observed["stun"].size(), 2u);
}

TEST_F(Nat64Stun, MappingAddressDependentFails) {
  nat.mapping = "adm";
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_EQ(out.result.observed["mapping"], "address-dependent");
  EXPECT_THAT(out.result.reason, HasSubstr("MUST"));
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-1");
  ASSERT_EQ(udp.sent.size(), 3u);
  EXPECT_EQ(udp.sent[2].remote.to_string(), "[2001:db8:64::c000:21f]:3479");
}

TEST_F(Nat64Stun, MappingAddressAndPortDependentFails) {
  nat.mapping = "apdm";
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_EQ(out.result.observed["mapping"], "address-and-port-dependent");
}

TEST_F(Nat64Stun, MappingLostParityWarns) {
  nat.port_offset = 1;
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::warn) << out.result.reason;
  EXPECT_EQ(out.result.observed["port_preserved"], false);
  EXPECT_EQ(out.result.observed["parity_preserved"], false);
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-4");
}

TEST_F(Nat64Stun, MappingPortNotPreservedButParityIsPass) {
  nat.port_offset = 1000;
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::pass);
  EXPECT_EQ(out.result.observed["port_preserved"], false);
  EXPECT_EQ(out.result.observed["parity_preserved"], true);
}

TEST_F(Nat64Stun, MappingWithoutOtherAddressCannotJudge) {
  nat.no_other_address = true;
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("cannot judge"));
  EXPECT_THAT(out.result.reason, HasSubstr("OTHER-ADDRESS"));
}

TEST_F(Nat64Stun, SilentServerCannotJudgeWithinTheWait) {
  nat.silent = true;
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("cannot judge"));
  EXPECT_THAT(out.result.reason, HasSubstr("no answer"));
  // retransmitted (RFC 5389 §7.2.1), bounded by the 7 sends of Rc
  EXPECT_EQ(udp.sent.size(), 7u);
}

TEST_F(Nat64Stun, GarbageAnswerCannotJudge) {
  nat.garbage = true;
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_FALSE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("not a STUN message"));
  EXPECT_THAT(out.result.reason, HasSubstr("shorter than the 20-octet STUN header"));
}

TEST_F(Nat64Stun, WrongTransactionIdCannotJudge) {
  nat.wrong_tid = true;
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("another transaction id"));
}

TEST_F(Nat64Stun, TooSlowServerCannotJudge) {
  nat.delay = 5000ms;  // later than any wait
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("no answer"));
  EXPECT_GT(udp.late, 0u);
}

TEST_F(Nat64Stun, NoUdpPortsCannotJudge) {
  net.udp_opener = nullptr;
  const auto out = run(check("nat64.mapping", "{address: 192.0.2.30}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("no unconnected UDP port"));
}

TEST_F(Nat64Stun, ServerOutsideTheAllowListIsRefused) {
  const auto out = run(check("nat64.mapping", "{address: 198.51.100.30}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(udp.sent.empty());
}

TEST_F(Nat64Stun, OtherAddressOutsideTheAllowListIsRefused) {
  nat.mapping = "eim";
  udp.on_send = [this](const Endpoint& l, const Endpoint& r, const std::vector<std::uint8_t>& p) {
    auto replies = nat.on_send(l, r, p);
    for (auto& rep : replies) {  // the server claims an other address outside the allow-list
      auto m = stun::parse(rep.data);
      rep.data = stun::MessageBuilder(stun::MessageClass::success, stun::kMethodBinding, m->transaction_id)
                     .xor_address(stun::kAttrXorMappedAddress, *m->mapped())
                     .address(stun::kAttrOtherAddress, {*Ipv4Addr::parse("203.0.113.200"), 3479})
                     .finish();
    }
    return replies;
  };
  const auto out = go("nat64.mapping");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("refused to send to the STUN server's OTHER-ADDRESS"));
  EXPECT_EQ(udp.sent.size(), 1u);  // only test I went out
}

TEST_F(Nat64Stun, DeadlineBoundsEveryWait) {
  nat.silent = true;
  const auto out = run(check("nat64.mapping", "{address: 192.0.2.30, wait_ms: 5000}"), 400ms);
  EXPECT_EQ(out.result.verdict, Verdict::error);
  for (auto w : udp.waits) EXPECT_LE(w, 400ms);
}

// ---- nat64.filtering

TEST_F(Nat64Stun, FilteringEndpointIndependentPasses) {
  const auto out = go("nat64.filtering");
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["filtering"], "endpoint-independent");
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-8");
  // every request went to the primary address only
  for (const auto& s : udp.sent) EXPECT_EQ(s.remote.to_string(), "[2001:db8:64::c000:21e]:3478");
}

TEST_F(Nat64Stun, FilteringAddressDependentPasses) {
  nat.filtering = "adf";
  const auto out = go("nat64.filtering");
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["filtering"], "address-dependent");
}

TEST_F(Nat64Stun, FilteringAddressAndPortDependentWarns) {
  nat.filtering = "apdf";
  const auto out = go("nat64.filtering");
  EXPECT_EQ(out.result.verdict, Verdict::warn) << out.result.reason;
  EXPECT_EQ(out.result.observed["filtering"], "address-and-port-dependent");
  EXPECT_THAT(out.result.reason, HasSubstr("RECOMMENDED"));
}

TEST_F(Nat64Stun, FilteringServerIgnoringChangeRequestCannotJudge) {
  nat.ignore_change = true;
  const auto out = go("nat64.filtering");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("CHANGE-REQUEST not honoured"));
}

TEST_F(Nat64Stun, FilteringServerRefusingChangeRequestCannotJudge) {
  nat.error_420 = true;
  const auto out = go("nat64.filtering");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("STUN error 420"));
}

TEST_F(Nat64Stun, FilteringNeedsTheWholeWaitForSilence) {
  nat.filtering = "apdf";
  // less budget than one wait: test I is answered at once, but test II could not wait its whole wait
  const auto out = run(check("nat64.filtering", "{address: 192.0.2.30, wait_ms: 400, rto_ms: 100}"), 300ms);
  EXPECT_EQ(out.result.verdict, Verdict::error) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("silence is the measurement"));
}

// ---- nat64.hairpin

TEST_F(Nat64Stun, HairpinPasses) {
  const auto out = go("nat64.hairpin");
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["mapped_a"], "192.0.2.77:40000");
  EXPECT_EQ(out.result.observed["mapped_b"], "192.0.2.77:40001");
  EXPECT_EQ(out.result.observed["hairpin_from"], "[2001:db8:64::c000:24d]:40000");
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-9");
  EXPECT_EQ(udp.sent.back().remote.to_string(), "[2001:db8:64::c000:24d]:40001");
}

TEST_F(Nat64Stun, NoHairpinFails) {
  nat.hairpin = false;
  const auto out = go("nat64.hairpin");
  EXPECT_EQ(out.result.verdict, Verdict::fail) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("no hairpinning"));
  EXPECT_EQ(out.result.observed["hairpin_sent"], 3);
}

TEST_F(Nat64Stun, HairpinWithSilentServerCannotJudge) {
  nat.silent = true;
  const auto out = go("nat64.hairpin");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("cannot judge"));
}

TEST_F(Nat64Stun, HairpinToMappedAddressOutsideTheAllowListIsRefused) {
  const auto out = run(check("nat64.hairpin", "{address: 192.0.2.30}"));  // fine so far
  EXPECT_EQ(out.result.verdict, Verdict::pass);
  // now a NAT address outside the allow-list
  udp.sent.clear();
  allow = AllowList({*Prefix::parse("2001:db8:64::c000:21e/128"), *Prefix::parse("192.0.2.30/32")});
  const auto refused = run(check("nat64.hairpin", "{address: 192.0.2.30}"));
  EXPECT_EQ(refused.result.verdict, Verdict::error);
  EXPECT_THAT(refused.result.reason, HasSubstr("refused to send to the mapped address of socket B"));
  EXPECT_EQ(udp.sent.size(), 2u);  // the two STUN requests only
}

// ---- evidence: every datagram of the check is on a flow with its real 5-tuple, each flow once

namespace ev {

std::vector<std::string> flows_of(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.evidence.flows)
    out.push_back(f.proto + " " + f.src + " " + std::to_string(f.sport) + " " + f.dst + " " +
                  std::to_string(f.dport));
  return out;
}

}  // namespace ev

TEST_F(Nat64Stun, MappingFlowsAreTheRequestsFiveTuples) {
  nat.mapping = "adm";  // tests I, II and III
  const auto out = go("nat64.mapping");
  EXPECT_THAT(ev::flows_of(out.result),
              ::testing::ElementsAre("udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21f 3478",
                                     "udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21f 3479"));
  EXPECT_EQ(out.result.addresses.local, "2001:db8:1:1::100");
}

TEST_F(Nat64Stun, FilteringFlowsNameTheChangedSourcesThatGotIn) {
  nat.filtering = "adf";  // test II (from A2:P2) filtered, test III (from A1:P2) gets in
  const auto out = go("nat64.filtering");
  ASSERT_EQ(out.result.observed["filtering"], "address-dependent");
  // tests I, II, III all went to A1:P1: one flow; the answer to III came from A1:P2: its own flow.
  // Nothing from A2:P2 reached the port, so no flow names it (the capture cannot hold it).
  EXPECT_THAT(ev::flows_of(out.result),
              ::testing::ElementsAre("udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21e 3479"));
}

TEST_F(Nat64Stun, FilteringEndpointIndependentFlowNamesTheOtherAddress) {
  const auto out = go("nat64.filtering");
  ASSERT_EQ(out.result.observed["filtering"], "endpoint-independent");
  EXPECT_THAT(ev::flows_of(out.result),
              ::testing::ElementsAre("udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21f 3479"));
}

TEST_F(Nat64Stun, HairpinFlowsAreBothSocketsAndTheHairpinnedDatagram) {
  const auto out = go("nat64.hairpin");
  ASSERT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_THAT(ev::flows_of(out.result),
              ::testing::ElementsAre("udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40001 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40000 2001:db8:64::c000:24d 40001",
                                     "udp 2001:db8:1:1::100 40001 2001:db8:64::c000:24d 40000"));
}

TEST_F(Nat64Stun, NoHairpinNamesOnlyWhatWasSent) {
  nat.hairpin = false;
  const auto out = go("nat64.hairpin");
  ASSERT_EQ(out.result.verdict, Verdict::fail);
  // three sends of the nonce, one flow; nothing came back to B, so no flow towards B
  EXPECT_THAT(ev::flows_of(out.result),
              ::testing::ElementsAre("udp 2001:db8:1:1::100 40000 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40001 2001:db8:64::c000:21e 3478",
                                     "udp 2001:db8:1:1::100 40000 2001:db8:64::c000:24d 40001"));
}

}  // namespace
}  // namespace v6r::probe::testing
