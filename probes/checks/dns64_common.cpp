// Helpers shared by the dns64.* check kinds (see dns64_common.hpp).
#include "probes/checks/dns64_common.hpp"

#include <algorithm>

namespace v6r::probe::dns64 {

awaitable<DnsOutcome> ask(CheckEnv& env, CheckResult& r, const Deadline& deadline, const dns::Name& name,
                          dns::RrType type, QueryOptions opts, const std::string& label) {
  const auto left = deadline.left();
  if (left.count() <= 0) {
    DnsOutcome o;
    o.status = DnsStatus::timeout;
    o.detail = english(msg(
        "check.dns64.deadline_spent",
        {val("ms", deadline.total().count()), val("query", dns::to_string(type) + " " + name.to_text())}));
    if (env.resolver) o.resolver = to_endpoint(*env.resolver, 53);
    co_return o;
  }
  // Not rate_limited_query(): g++ 12 destroys the temporary key string in its co_await expression
  // twice (a heap corruption seen under the fake client); a named key avoids the temporary.
  const std::string key = env.resolver ? env.resolver->to_string() : std::string("resolver");
  co_await env.rate.acquire(key);
  DnsOutcome o = co_await env.dns.query(name, static_cast<std::uint16_t>(type), opts, left);
  note_dns(r, o, label);
  co_return o;
}

CheckOutcome finish(CheckResult r, Verdict v, Msg reason, std::optional<std::string> rfc, bool retryable) {
  r.verdict = v;
  set_reason(r, std::move(reason));
  r.rfc = std::move(rfc);
  CheckOutcome out;
  out.result = std::move(r);
  out.retryable = retryable;
  return out;
}

std::optional<CheckOutcome> not_an_answer(CheckResult r, const DnsOutcome& o, const std::string& what) {
  if (o.ok()) return std::nullopt;
  switch (o.status) {
    case DnsStatus::malformed: {
      const std::string why = o.parse_error ? dns::to_string(*o.parse_error) : o.detail;
      r.observed["parse_error"] = why;
      if (o.parse_error) r.observed["parse_error_code"] = std::string(dns::to_string(o.parse_error->code));
      return finish(std::move(r), Verdict::error,
                    msg("check.dns64.malformed", {val("query", what), sub("why", foreign(why))}),
                    std::nullopt);
    }
    case DnsStatus::timeout:
    case DnsStatus::network:
      return finish(
          std::move(r), Verdict::error,
          msg("check.dns64.query_failed", {sub("why", describe_dns_failure(o)), val("query", what)}),
          std::nullopt,
          /*retryable=*/true);
    default:
      return finish(
          std::move(r), Verdict::error,
          msg("check.dns64.query_failed", {sub("why", describe_dns_failure(o)), val("query", what)}),
          std::nullopt);
  }
}

Verdict Findings::worst() const {
  Verdict w = Verdict::pass;
  for (const auto& f : list_) w = v6r::worst(w, f.verdict);
  return w;
}

CheckOutcome Findings::conclude(CheckResult r, const Msg& pass_reason,
                                const std::optional<std::string>& pass_rfc) const {
  auto arr = nlohmann::json::array();
  for (const auto& f : list_) {
    nlohmann::json j = {{"verdict", std::string(to_string(f.verdict))}, {"reason", english(f.reason)}};
    if (f.rfc) j["rfc"] = *f.rfc;
    arr.push_back(std::move(j));
  }
  if (!arr.empty()) r.observed["findings"] = std::move(arr);
  const Verdict w = worst();
  if (w == Verdict::pass) return finish(std::move(r), Verdict::pass, pass_reason, pass_rfc);
  std::vector<Msg> reasons;
  std::optional<std::string> rfc;
  for (const auto& f : list_) {
    if (f.verdict != w) continue;
    reasons.push_back(f.reason);
    if (!rfc) rfc = f.rfc;
  }
  // An informational finding adds to a passing result rather than replacing its reason.
  if (w == Verdict::info) reasons.insert(reasons.begin(), pass_reason);
  return finish(std::move(r), w, joined(std::move(reasons)), rfc);
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::vector<std::string> texts(const std::vector<Ipv6Addr>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& a : v) out.push_back(a.to_string());
  return out;
}

std::vector<std::string> texts(const std::vector<Ipv4Addr>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& a : v) out.push_back(a.to_string());
  return out;
}

std::vector<std::string> ptr_targets(const dns::Message& m) {
  std::vector<std::string> out;
  for (const auto& rr : m.answers) {
    if (rr.type != dns::RrType::ptr) continue;
    if (const auto* d = std::get_if<dns::rdata::Domain>(&rr.data)) out.push_back(d->name.to_text());
  }
  return out;
}

dns::Name ip6_arpa_name(const Ipv6Addr& a) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::vector<std::string> labels;
  labels.reserve(34);
  for (int i = 15; i >= 0; --i) {
    const auto b = a.bytes[static_cast<std::size_t>(i)];
    labels.emplace_back(1, kHex[b & 0x0f]);
    labels.emplace_back(1, kHex[b >> 4]);
  }
  labels.emplace_back("ip6");
  labels.emplace_back("arpa");
  return *dns::Name::from_labels(std::move(labels));
}

dns::Name in_addr_arpa_name(const Ipv4Addr& a) {
  std::vector<std::string> labels;
  for (int i = 3; i >= 0; --i) labels.push_back(std::to_string(a.bytes[static_cast<std::size_t>(i)]));
  labels.emplace_back("in-addr");
  labels.emplace_back("arpa");
  return *dns::Name::from_labels(std::move(labels));
}

dns::Name param_name(const std::string& text) {
  auto n = dns::Name::from_text(text);
  return n ? *n : dns::Name{};
}

std::optional<dns::Name> optional_name(const scenario::ParamValues& v, std::string_view param) {
  if (!v.has(param)) return std::nullopt;
  return param_name(v.get_string(param));
}

}  // namespace v6r::probe::dns64
