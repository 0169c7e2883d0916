// nat64.pmtu over FakeDnsClient + FakeTransport: complete vs PMTU stall vs NAT64 down.
// FakeTransport keys on the endpoint only, and both GETs go to the same endpoint: PathTransport
// answers by request path.
#include <gmock/gmock.h>

#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;

/// FakeTransport answering http_get by request path.
class PathTransport : public FakeTransport {
 public:
  std::map<std::string, HttpResult> by_path;
  awaitable<HttpResult> http_get(Endpoint remote, HttpRequest req, Millis deadline) override {
    const std::string path = req.path;
    co_await FakeTransport::http_get(remote, std::move(req), deadline);  // recorded
    HttpResult r = by_path.count(path) ? by_path[path] : HttpResult{};
    r.remote = remote;
    co_return r;
  }
};

HttpResult complete(std::uint64_t bytes) {
  HttpResult h;
  h.ok = true;
  h.status = 200;
  h.body_size = bytes;
  h.connected = true;
  h.local = ep("2001:db8:1:4::100", 42000);
  h.total_time = 50000us;
  return h;
}

class Nat64Pmtu : public Nat64Fixture {
 protected:
  PathTransport paths;
  CheckOutcome go(const char* aaaa = "2001:db8:64::c000:20a", std::chrono::milliseconds d = 3000ms) {
    dns.on(name("big.lab.test"), 28, aaaa_answer("big.lab.test", {aaaa}));
    const auto c = check("nat64.pmtu", "{host: big.lab.test}");
    CheckEnv env{dns, paths, allow, rate, scen, std::nullopt, ""};
    CheckOutcome out;
    asio::io_context io;
    asio::co_spawn(
        io, [&]() -> awaitable<void> { out = co_await attempt_once(env, c, d); }, asio::detached);
    io.run_for(10s);
    return out;
  }
};

TEST_F(Nat64Pmtu, CompleteLargeBodyPasses) {
  paths.by_path["/"] = complete(45);
  paths.by_path["/big.bin"] = complete(1048576);
  const auto out = go();
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("1048576 bytes of /big.bin"));
  EXPECT_EQ(out.result.observed["bytes_received"], 1048576);
  EXPECT_TRUE(out.result.observed["ptb_seen"].is_null());
  EXPECT_THAT(out.result.observed["ptb_note"].get<std::string>(), HasSubstr("analyzer"));
  ASSERT_EQ(paths.calls().size(), 2u);
  EXPECT_EQ(paths.calls()[0].http.path, "/");
  EXPECT_EQ(paths.calls()[1].http.path, "/big.bin");
  EXPECT_EQ(paths.calls()[1].http.host, "big.lab.test");
  // The small fetch gets about a third of the deadline, the large one the rest.
  EXPECT_LE(paths.calls()[0].deadline, 1000ms);
  EXPECT_GT(paths.calls()[1].deadline, 1500ms);
}

TEST_F(Nat64Pmtu, StallAfterSmallSuccessIsBlackHole) {
  paths.by_path["/"] = complete(45);
  HttpResult stall;
  stall.timed_out = true;
  stall.status = 200;
  stall.body_size = 4096;
  stall.connected = true;
  stall.local = ep("2001:db8:1:4::100", 42001);
  stall.error = "timeout after 2000 ms (4096 body octets received)";
  paths.by_path["/big.bin"] = stall;
  const auto out = go();
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("PMTU black hole"));
  EXPECT_THAT(out.result.reason, HasSubstr("stalled after 4096 body bytes"));
  EXPECT_THAT(out.result.reason, HasSubstr("small object / arrived"));
  EXPECT_THAT(*out.result.rfc, HasSubstr("RFC 7915 §5.2"));
}

TEST_F(Nat64Pmtu, StallBeforeHeadersIsBlackHoleToo) {
  paths.by_path["/"] = complete(45);
  HttpResult stall;
  stall.timed_out = true;
  stall.connected = true;
  stall.local = ep("2001:db8:1:4::100", 42001);
  paths.by_path["/big.bin"] = stall;
  const auto out = go();
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("PMTU black hole"));
  EXPECT_THAT(out.result.reason, HasSubstr("got no headers, then stalled after 0 body bytes"));
}

TEST_F(Nat64Pmtu, SmallFetchFailingTooIsNat64Down) {
  HttpResult dead;
  dead.timed_out = true;
  dead.local = ep("2001:db8:1:4::100", 42002);  // the SYN went out (its source is known), no handshake
  paths.by_path["/"] = dead;
  paths.by_path["/big.bin"] = dead;
  const auto out = go();
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("NAT64 down, not a PMTU problem"));
  EXPECT_THAT(out.result.reason, HasSubstr("no TCP handshake"));
  EXPECT_EQ(paths.calls().size(), 1u);  // the large object is not tried
  // The failed connection is evidence with its real 5-tuple.
  const auto& flows = out.result.evidence.flows;
  ASSERT_FALSE(flows.empty());
  EXPECT_EQ(flows.back().proto, "tcp");
  EXPECT_EQ(flows.back().src, "2001:db8:1:4::100");
  EXPECT_EQ(flows.back().sport, 42002);
  EXPECT_EQ(flows.back().dport, 80);
  EXPECT_FALSE(flows.back().deliberate);  // only the large transfer probes the path MTU
}

TEST_F(Nat64Pmtu, ShortBodyFails) {
  paths.by_path["/"] = complete(45);
  paths.by_path["/big.bin"] = complete(1000);
  const auto out = go();
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("fewer than min_bytes 1048576"));
}

TEST_F(Nat64Pmtu, AllowListRefusalSendsNothing) {
  const auto out = go("2001:db8:64::cb00:7105");
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("outside the scenario allow-list"));
  EXPECT_TRUE(paths.calls().empty());
}

TEST_F(Nat64Pmtu, NotUnderPrefixIsSkipped) {
  const auto out = go("2001:db8:20::11");
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_TRUE(paths.calls().empty());
}

}  // namespace
}  // namespace v6r::probe::testing
