#pragma once
// The one harness for running a single check against scripted answers (FakeDnsClient) and a scripted
// network (FakeTransport): a scenario loaded with the built-in schemas (so parameter defaults are
// filled in), the check bound to its built-in kind's descriptor (as the engine does), a CheckEnv over
// the fakes, and one attempt on an io_context. Used by every tests/probe/<kind>_*_test.cpp;
// nat64_fixture.hpp and service_test_fixture.hpp are thin names for it.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/message_text.hpp"
#include "core/scenario.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/checks/builtin.hpp"
#include "probes/net/fake_dns_client.hpp"
#include "probes/net/fake_transport.hpp"

namespace v6r::probe::testing {

using namespace std::chrono_literals;

inline constexpr const char* kPref64 = "2001:db8:64::/96";
inline constexpr const char* kAllow = R"(["2001:db8::/32", "192.0.2.0/24"])";

inline dns::Name name(const std::string& s) {
  return *dns::Name::from_text(s);
}

// --- records and messages -------------------------------------------------------------------------
inline dns::ResourceRecord aaaa(const std::string& owner, const std::string& addr, std::uint32_t ttl = 300) {
  return {name(owner), dns::RrType::aaaa, dns::RrClass::in, ttl,
          dns::rdata::Aaaa{Ipv6Addr::parse(addr)->bytes}};
}
inline dns::ResourceRecord a(const std::string& owner, const std::string& addr, std::uint32_t ttl = 300) {
  return {name(owner), dns::RrType::a, dns::RrClass::in, ttl, dns::rdata::A{Ipv4Addr::parse(addr)->bytes}};
}
inline dns::ResourceRecord cname(const std::string& owner, const std::string& target,
                                 std::uint32_t ttl = 300) {
  return {name(owner), dns::RrType::cname, dns::RrClass::in, ttl, dns::rdata::Domain{name(target)}};
}
inline dns::ResourceRecord soa(const std::string& zone, std::uint32_t ttl, std::uint32_t minimum) {
  return {name(zone), dns::RrType::soa, dns::RrClass::in, ttl,
          dns::rdata::Soa{name("ns." + zone), name("hostmaster." + zone), 1, 3600, 600, 86400, minimum}};
}
inline dns::Message msg(std::vector<dns::ResourceRecord> answers, dns::Rcode rc = dns::Rcode::noerror,
                        std::vector<dns::ResourceRecord> authority = {}) {
  dns::Message m;
  m.header.ra = true;
  m.answers = std::move(answers);
  m.authority = std::move(authority);
  m.set_rcode(rc);
  return m;
}

/// An answer with one AAAA per address (as DNS64 would give for an IPv4-only name).
inline dns::Message aaaa_answer(const std::string& qn, std::initializer_list<const char*> addrs) {
  dns::Message m;
  for (const char* addr : addrs) m.answers.push_back(aaaa(qn, addr, 600));
  return m;
}
inline dns::Message a_answer(const std::string& qn, std::initializer_list<const char*> addrs) {
  dns::Message m;
  for (const char* addr : addrs) m.answers.push_back(a(qn, addr, 600));
  return m;
}

inline Endpoint ep(const char* addr, std::uint16_t port) {
  return Endpoint{asio::ip::make_address(addr), port};
}

/// The scenario text around one check ("{...}" flow YAML for the params).
inline std::string one_check_scenario(const std::string& kind, const std::string& params,
                                      const std::string& pref64, const std::string& allow_list) {
  return "version: 1\nname: t\n" +
         (pref64.empty() ? std::string() : "expect: {pref64: \"" + pref64 + "\"}\n") +
         "allow: " + allow_list + "\nchecks:\n  - {id: c, kind: " + kind + ", params: " + params + "}\n";
}

/// One attempt of `c`, bound to its built-in kind (typed parameters made from c.params).
inline awaitable<CheckOutcome> attempt_once(CheckEnv& env, const scenario::Check& c,
                                            std::chrono::milliseconds deadline) {
  const auto bound = bind_check(builtin_kinds(), c);
  if (!bound) throw std::logic_error("no built-in kind '" + c.kind + "'");
  CheckOutcome out = co_await bound->run(env, deadline);
  co_return out;
}

/// Every reason a check gives is a catalogue message (probes/reason.hpp): the result's and each
/// clause's reason_message is set, the English catalogue renders it as the stored reason, and the
/// Vietnamese one renders it too (every id and placeholder is there). Run on every check of every
/// test below, so a reason site without a message fails the test that reaches it.
inline void expect_reason_messages(const CheckResult& r) {
  const auto one = [&](const std::optional<MessageRef>& m, const std::string& reason,
                       const std::string& what) {
    ASSERT_TRUE(m.has_value()) << what << ": a reason without a message: " << reason;
    EXPECT_EQ(i18n::english(*m), reason) << what << ": " << m->id;
    EXPECT_TRUE(i18n::render_message(i18n::Catalog::get(i18n::Lang::vi), *m).has_value())
        << what << ": " << m->id << " does not render in Vietnamese";
    // results.jsonl's strict reader takes it back as it is (an id of another alphabet cost a whole
    // result once).
    std::string field, why;
    const auto back = message_from_json(message_json(*m), field, why, kMaxReasonDepth);
    EXPECT_TRUE(back.has_value()) << what << ": " << m->id << ": " << field << ": " << why;
    if (back) {
      EXPECT_EQ(*back, *m) << what << ": " << m->id << " reads back different";
    }
  };
  one(r.reason_message, r.reason, r.kind + " reason");
  for (const auto& c : r.clauses) one(c.reason_message, c.reason, r.kind + " clause " + c.clause);
}

/// Runs one attempt of `c` on a fresh io_context (10 s wall-clock cap); fails the test if it never
/// finishes.
inline CheckOutcome run_check(CheckEnv& env, const scenario::Check& c, std::chrono::milliseconds deadline) {
  CheckOutcome out;
  bool done = false;
  asio::io_context io;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        out = co_await attempt_once(env, c, deadline);
        done = true;
      },
      asio::detached);
  io.run_for(10s);
  EXPECT_TRUE(done) << "the check did not finish";
  if (done) expect_reason_messages(out.result);
  return out;
}

/// gtest fixture: `check(kind, params)` loads a one-check scenario, `run(check)` runs it.
class CheckFixture : public ::testing::Test {
 protected:
  FakeDnsClient dns{ep("2001:db8:53::1", 53)};
  FakeTransport net;
  AllowList allow{{*Prefix::parse("2001:db8::/32"), *Prefix::parse("192.0.2.0/24")}};
  RateLimiter rate{RateLimitConfig{{1000.0, 1000.0}, {1000.0, 1000.0}}};
  scenario::Scenario scen;

  scenario::Check check(const std::string& kind, const std::string& params,
                        const std::string& pref64 = kPref64) {
    auto s = scenario::load_scenario_text(one_check_scenario(kind, params, pref64, kAllow), "t.yaml",
                                          builtin_schema_registry());
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().to_string());
    scen = *s;
    return scen.checks.at(0);
  }

  CheckOutcome run(const scenario::Check& c, std::chrono::milliseconds deadline = 2000ms) {
    CheckEnv env{dns, net, allow, rate, scen, IpAddr(*Ipv6Addr::parse("2001:db8:53::1")), "eth0"};
    return run_check(env, c, deadline);
  }
};

/// Value-style harness for one built-in kind: `ScriptedCheck h("dns64.ptr", "{address: ...}")`,
/// script `h.dns`/`h.net`, then `h.run()`. The scenario's allow-list and PREF64 can be changed.
struct ScriptedCheck {
  FakeDnsClient dns;
  FakeTransport net;
  AllowList allow;
  RateLimiter rate{RateLimitConfig{{1e6, 1e6}, {1e6, 1e6}}};
  scenario::Scenario sc;
  std::string kind;

  ScriptedCheck(std::string kind_, const std::string& params, const std::string& pref64 = kPref64,
                const std::string& allow_list = kAllow)
      : kind(std::move(kind_)) {
    auto s = scenario::load_scenario_text(one_check_scenario(kind, params, pref64, allow_list), "test.yaml",
                                          builtin_schema_registry());
    if (!s) throw std::runtime_error(s.error().to_string());
    sc = std::move(s).value();
    allow = AllowList(sc.allow);
  }

  CheckOutcome run(std::chrono::milliseconds deadline = 2s) {
    CheckEnv env{dns, net, allow, rate, sc, IpAddr::parse("2001:db8::53"), ""};
    return run_check(env, sc.checks.at(0), deadline);
  }
};

}  // namespace v6r::probe::testing
