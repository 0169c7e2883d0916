// dualstack.happy_eyeballs: Happy Eyeballs v2 (RFC 8305) against a target, typically one whose AAAA is
// unreachable (lab: brokenv6.lab.test): how long until a connection is up, and which family wins.
// The probe runs its own RFC 8305 connector (he_connector.hpp): AAAA and A queried together,
// Resolution Delay 50 ms (§3), families interleaved IPv6 first (§4), Connection Attempt Delay 250 ms
// (§5, bounds 100 ms .. 2 s, §8), first connection wins, the rest are cancelled.
//
// The IPv4-family candidates (`ipv4_via`): `ipv4` connects to the A addresses; `nat64` connects to
// their NAT64 synthesis with the expected prefix (RFC 6052 §2.2) — what an IPv6-only client with
// 464XLAT/CLAT, or one synthesizing locally as RFC 8305 §7.1 describes, experiences; `auto` (default)
// uses real IPv4 when this node has an IPv4 route to the A address and the NAT64 path otherwise.
// observed.ipv4_path records which ("ipv4", "nat64" or null: none).
//
// Verdicts (judge() in he_connector.cpp):
//  - pass: IPv6 connected first (no fallback needed); or a fallback connected within
//    2 s + tolerance_ms of the first attempt's start (RFC 8305 §5: the Connection Attempt Delay MUST
//    have an upper bound, recommended 2 s; the measured value includes the fallback handshake);
//  - fail: no connection within max_connect_ms, no fallback possible, or a fallback slower than the
//    bound (§5); the reason lists every attempt and its error;
//  - info: the name has no AAAA, so nothing was exercised;
//  - skipped: no IPv4-family path on this node (no IPv4 route and no NAT64 prefix) and IPv6 failed;
//  - error: DNS failed for both families, or every address is outside the allow list.
#include <algorithm>

#include "core/rfc6052.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/he_connector.hpp"
#include "probes/checks/service_common.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema he_schema() {
  return CheckSchema("dualstack.happy_eyeballs",
                     "Happy Eyeballs v2 against a target (e.g. with a broken AAAA): a connection must be "
                     "established in time.")
      .rfc("RFC 8305 §3")
      .rfc("RFC 8305 §5")
      .rfc("RFC 8305 §8")
      .field(Field::dns_name("host").req().describe("Dual-stack name"))
      .field(Field::port("port").def("80").describe("TCP port"))
      .field(Field::duration_ms("resolution_delay_ms")
                 .max(2000)
                 .def("50")
                 .describe("Resolution Delay (RFC 8305 §3: 50 ms)"))
      .field(Field::duration_ms("connection_attempt_delay_ms")
                 .min(10)
                 .max(2000)
                 .def("250")
                 .describe("Connection Attempt Delay (RFC 8305 §8: 250 ms)"))
      .field(Field::duration_ms("max_connect_ms")
                 .min(1)
                 .max(60000)
                 .def("2000")
                 .describe("Fail when no connection is up after this long"))
      .field(Field::enumeration("ipv4_via", enum_names(svc::kIpv4Via))
                 .def("auto")
                 .describe("IPv4-family candidates: the A addresses (ipv4), their NAT64 synthesis "
                           "(nat64), or ipv4 when this node routes IPv4 and nat64 otherwise (auto)"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("NAT64 prefix for ipv4_via nat64 (default: the scenario's expect.pref64)"))
      .field(Field::duration_ms("tolerance_ms")
                 .max(2000)
                 .def("100")
                 .describe("Allowance over the 2 s bound for the fallback handshake's round trip"))
      .field(scenario::resolver_field());
}

struct HeParams {
  std::string host;
  std::uint16_t port = 80;
  std::chrono::milliseconds resolution_delay{50};
  std::chrono::milliseconds connection_attempt_delay{250};
  std::chrono::milliseconds max_connect{2000};
  svc::Ipv4Via ipv4_via = svc::Ipv4Via::auto_;
  std::optional<Prefix> expected_prefix;
  std::chrono::milliseconds tolerance{100};
};

HeParams he_params(const scenario::ParamValues& v) {
  HeParams p;
  p.host = v.get_string("host");
  p.port = static_cast<std::uint16_t>(v.get_int("port"));
  p.resolution_delay = v.get_duration("resolution_delay_ms");
  p.connection_attempt_delay = v.get_duration("connection_attempt_delay_ms");
  p.max_connect = v.get_duration("max_connect_ms");
  p.ipv4_via = enum_param(v, "ipv4_via", svc::kIpv4Via);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  p.tolerance = v.get_duration("tolerance_ms");
  return p;
}

CheckTargets he_targets(const HeParams& p) {
  return name_target(p.host);
}

struct HeSetup {
  std::optional<Prefix> pref64;
  svc::Ipv4Via via = svc::Ipv4Via::auto_;
  std::optional<svc::Path> ipv4_path;
  std::size_t a_records = 0;
  std::vector<std::string> refused;
  std::optional<Msg> first_refused;
};

awaitable<CheckOutcome> run_dualstack_happy_eyeballs(CheckEnv& env, const HeParams& params,
                                                     std::chrono::milliseconds budget) {
  CheckOutcome out;
  CheckResult& r = out.result;
  const std::string host = params.host;
  const std::uint16_t port = params.port;
  r.target = host + ":" + std::to_string(port);
  r.family = Family::any;

  // The connector's own deadline is max_connect_ms within the attempt's budget (he_connector.hpp).
  he::Params p;
  p.resolution_delay = params.resolution_delay;
  p.connection_attempt_delay = params.connection_attempt_delay;
  p.max_connect = std::min(params.max_connect, budget);
  const auto tolerance = params.tolerance;

  auto setup = std::make_shared<HeSetup>();
  setup->pref64 = expected_pref64(env, params.expected_prefix);
  setup->via = params.ipv4_via;

  // Each resolver queries one family and turns the answer into gated candidates.
  auto dns_budget = std::max(p.max_connect, std::chrono::milliseconds(1));
  he::ResolveFn aaaa = [&env, &out, host, port, setup,
                        dns_budget]() -> awaitable<std::optional<std::vector<he::Candidate>>> {
    Msg failure;
    auto got = co_await svc::query_addresses(env, host, dns::RrType::aaaa, dns_budget, out, failure);
    if (!got) co_return std::nullopt;
    std::vector<he::Candidate> c;
    for (const auto& a : *got) {
      auto g = check_destination(env, a, setup->pref64);
      if (!g) {
        setup->refused.push_back(a.to_string() + ": " + english(g.error()));
        if (!setup->first_refused) setup->first_refused = g.error();
        continue;
      }
      c.push_back(he::Candidate{to_endpoint(a, port), Family::ipv6,
                                std::string(svc::to_string(svc::classify_path(a, setup->pref64)))});
    }
    co_return c;
  };
  he::ResolveFn a4 = [&env, &out, host, port, setup,
                      dns_budget]() -> awaitable<std::optional<std::vector<he::Candidate>>> {
    Msg failure;
    auto got = co_await svc::query_addresses(env, host, dns::RrType::a, dns_budget, out, failure);
    if (!got) co_return std::nullopt;
    std::vector<Ipv4Addr> v4;
    for (const auto& a : *got)
      if (a.is_v4()) v4.push_back(a.v4());
    auto dests = svc::ipv4_side(v4, setup->via, setup->pref64, setup->ipv4_path);
    setup->a_records = v4.size();
    std::vector<he::Candidate> c;
    for (const auto& a : dests) {
      auto g = check_destination(env, a, setup->pref64);
      if (!g) {
        setup->refused.push_back(a.to_string() + ": " + english(g.error()));
        if (!setup->first_refused) setup->first_refused = g.error();
        continue;
      }
      c.push_back(he::Candidate{to_endpoint(a, port), Family::ipv4,
                                std::string(svc::to_string(setup->ipv4_path.value_or(svc::Path::ipv4)))});
    }
    co_return c;
  };

  he::AsioDialer real;
  he::Dialer* dialer = &real;
  const he::Measurement m = co_await he::connect(aaaa, a4, *dialer, p);

  // Evidence and observations.
  // Every attempt with the 5-tuple of its SYN (also the lost and cancelled ones). The race opens
  // attempts meant to be abandoned (RFC 8305 §5): every attempt but the winner is deliberate, so its
  // unanswered SYNs are this check's to judge, not a capture warning.
  for (std::size_t i = 0; i < m.attempts.size(); ++i)
    note_flow(r, "tcp", m.attempts[i].local, m.attempts[i].candidate.endpoint, m.winner != i);
  if (m.aaaa_ms) r.timings_ms["aaaa_answer"] = *m.aaaa_ms;
  if (m.a_ms) r.timings_ms["a_answer"] = *m.a_ms;
  if (!m.attempts.empty()) r.timings_ms["first_attempt"] = m.attempts.front().started_ms;
  if (auto d = m.connect_after_first_attempt_ms()) r.timings_ms["connect_after_first_attempt"] = *d;
  if (const auto* w = m.won()) r.timings_ms["time_to_connect"] = *w->ended_ms;
  auto& o = r.observed;
  o["ipv4_via"] = std::string(enum_name(svc::kIpv4Via, setup->via));
  o["ipv4_path"] = setup->ipv4_path ? nlohmann::json(std::string(svc::to_string(*setup->ipv4_path)))
                                    : nlohmann::json(nullptr);
  o["resolution_delay_expired"] = m.resolution_delay_expired;
  o["params"] = {{"resolution_delay_ms", p.resolution_delay.count()},
                 {"connection_attempt_delay_ms", p.connection_attempt_delay.count()},
                 {"max_connect_ms", p.max_connect.count()}};
  o["attempts"] = nlohmann::json::array();
  for (const auto& a : m.attempts) {
    nlohmann::json j = {{"address", a.candidate.endpoint.address.to_string()},
                        {"family", std::string(to_string(a.candidate.family))},
                        {"path", a.candidate.path},
                        {"started_ms", a.started_ms},
                        {"ok", a.ok},
                        {"cancelled", a.cancelled}};
    if (a.ended_ms) j["ended_ms"] = *a.ended_ms;
    if (!a.error.empty()) j["error"] = a.error;
    o["attempts"].push_back(j);
  }
  if (const auto* w = m.won()) {
    o["winner"] = {{"address", w->candidate.endpoint.address.to_string()},
                   {"family", std::string(to_string(w->candidate.family))},
                   {"path", w->candidate.path}};
    o["fallback"] = *m.winner != 0;
  } else {
    o["winner"] = nullptr;
  }
  if (!setup->refused.empty()) o["refused"] = setup->refused;

  if (m.aaaa_failed && m.a_failed) {
    svc::set_verdict(out, Verdict::error, msg("check.he.cannot_resolve", {val("host", host)}), std::nullopt,
                     true);
    co_return out;
  }
  if (m.attempts.empty() && !setup->refused.empty()) {
    svc::set_verdict(out, Verdict::error, msg("check.allow.none_left", {sub("last", *setup->first_refused)}));
    co_return out;
  }
  const bool v4_candidates = std::any_of(m.attempts.begin(), m.attempts.end(), [](const he::Attempt& a) {
    return a.candidate.family == Family::ipv4;
  });
  if (!m.won() && !v4_candidates && setup->a_records > 0 && !setup->ipv4_path) {
    svc::set_verdict(out, Verdict::skipped, msg("check.he.no_ipv4_path"), "RFC 8305 §7.1");
    co_return out;
  }
  const he::Judgement j = he::judge(m, p, tolerance);
  svc::set_verdict(out, j.verdict, j.reason, j.rfc, j.verdict == Verdict::fail && !m.won());
  co_return out;
}

// ---- the dualstack.happy_eyeballs block
constexpr KindBlock<HeParams> kBlock{
    .name = "dualstack.happy_eyeballs",
    .schema = &he_schema,
    .params = &he_params,
    .targets = &he_targets,
    .run = &run_dualstack_happy_eyeballs,
};

}  // namespace

extern const CheckKind dualstack_happy_eyeballs_kind = kind_of<kBlock>;

}  // namespace v6r::probe
