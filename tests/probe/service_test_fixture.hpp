#pragma once
// Shared by tests/probe/{dualstack,service}_*_test.cpp: a CheckEnv over FakeDnsClient + FakeTransport,
// a scenario loaded with the built-in schemas (defaults filled in), and a runner on an io_context.
#include <gtest/gtest.h>

#include <string>

#include "core/scenario.hpp"
#include "probes/check.hpp"
#include "probes/checks/registry.hpp"
#include "probes/net/fake_dns_client.hpp"
#include "probes/net/fake_transport.hpp"

namespace v6r::probe::svctest {

using namespace std::chrono_literals;

inline dns::Name name(const std::string& s) {
  return *dns::Name::from_text(s);
}

inline dns::Message aaaa_answer(const std::string& qn, std::initializer_list<const char*> addrs) {
  dns::Message m;
  for (const char* a : addrs)
    m.answers.push_back(dns::ResourceRecord{name(qn), dns::RrType::aaaa, dns::RrClass::in, 600,
                                            dns::rdata::Aaaa{Ipv6Addr::parse(a)->bytes}});
  return m;
}

inline dns::Message a_answer(const std::string& qn, std::initializer_list<const char*> addrs) {
  dns::Message m;
  for (const char* a : addrs)
    m.answers.push_back(dns::ResourceRecord{name(qn), dns::RrType::a, dns::RrClass::in, 600,
                                            dns::rdata::A{Ipv4Addr::parse(a)->bytes}});
  return m;
}

inline Endpoint ep(const char* addr, std::uint16_t port) {
  return Endpoint{asio::ip::make_address(addr), port};
}

inline HttpResult http_ok(int status, const std::string& sha,
                          std::vector<std::pair<std::string, std::string>> h = {}) {
  HttpResult r;
  r.ok = true;
  r.status = status;
  r.body_sha256 = sha;
  r.headers = std::move(h);
  r.connect_time = 2000us;
  r.total_time = 5000us;
  return r;
}

class ServiceFixture : public ::testing::Test {
 protected:
  FakeDnsClient dns{ep("2001:db8:53::1", 53)};
  FakeTransport net;
  AllowList allow{{*Prefix::parse("2001:db8::/32"), *Prefix::parse("192.0.2.0/24")}};
  RateLimiter rate{RateLimitConfig{{1000.0, 1000.0}, {1000.0, 1000.0}}};
  scenario::Scenario scen;

  scenario::Check check(const std::string& kind, const std::string& params,
                        const std::string& pref64 = "2001:db8:64::/96") {
    const std::string text = "version: 1\nname: t\n" +
                             (pref64.empty() ? std::string() : "expect: {pref64: \"" + pref64 + "\"}\n") +
                             "allow: [\"2001:db8::/32\", \"192.0.2.0/24\"]\n"
                             "checks:\n  - {id: c, kind: " +
                             kind + ", params: " + params + "}\n";
    auto s = scenario::load_scenario_text(text, "t.yaml", builtin_schema_registry());
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().to_string());
    scen = *s;
    return scen.checks.at(0);
  }

  CheckOutcome run(CheckFn fn, const scenario::Check& c, std::chrono::milliseconds deadline = 2000ms) {
    CheckEnv env{dns, net, allow, rate, scen, IpAddr(*Ipv6Addr::parse("2001:db8:53::1")), "eth0"};
    CheckOutcome out;
    bool done = false;
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          out = co_await fn(env, c, deadline);
          done = true;
        },
        asio::detached);
    io.run_for(10s);
    EXPECT_TRUE(done) << "the check did not finish";
    return out;
  }
};

}  // namespace v6r::probe::svctest
