// dns64.ptr: PTR for a synthesized address: the DNS64 answers or CNAMEs to the in-addr.arpa name.
//
// RFC 6147 §5.3.1: a PTR query for an ip6.arpa name under Pref64::/n is answered by the DNS64,
// either with a CNAME to the in-addr.arpa name of the embedded IPv4 address or with the PTR answer
// itself. Verdicts: the required form (param `expect`) -> pass; NXDOMAIN, no answer, a CNAME to any
// other name, or the other form when one is required -> fail; DNS trouble -> error (timeouts
// retryable). With `name`, its synthesized AAAA is resolved first (under the expected prefix).
#include <algorithm>

#include "core/rfc6052.hpp"
#include "probes/check_params.hpp"
#include "probes/checks/dns64_common.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

/// The form the PTR answer must take (param `expect`).
enum class PtrForm { cname, answer, any };
constexpr EnumTable<PtrForm, 3> kPtrForms = {{
    {PtrForm::cname, "cname"},
    {PtrForm::answer, "answer"},
    {PtrForm::any, "any"},
}};

scenario::CheckSchema ptr_schema() {
  return CheckSchema("dns64.ptr",
                     "PTR for a synthesized address: the DNS64 answers or CNAMEs to the in-addr.arpa name.")
      .rfc("RFC 6147 §5.3.1")
      .one_of({"address", "name"})
      .field(Field::ipv6_address("address").describe("Synthesized address to look up"))
      .field(
          Field::dns_name("name").describe("Name to resolve first; its synthesized AAAA is then looked up"))
      .field(Field::enumeration("expect", enum_names(kPtrForms))
                 .def("any")
                 .describe("Required form of the PTR answer"))
      .field(scenario::resolver_field());
}

struct PtrParams {
  std::optional<Ipv6Addr> address;  // exactly one of address and name (schema one_of)
  std::string name_text;
  PtrForm expect = PtrForm::any;
};

PtrParams ptr_params(const scenario::ParamValues& v) {
  PtrParams p;
  if (v.has("address")) p.address = v.get_ip("address").v6();
  if (v.has("name")) p.name_text = v.get_string("name");
  p.expect = enum_param(v, "expect", kPtrForms);
  return p;
}

CheckTargets ptr_targets(const PtrParams& p) {
  // Lookup keys, not destinations: the PTR (and AAAA) queries go to the resolver.
  return name_target(p.address ? p.address->to_string() : p.name_text);
}

awaitable<CheckOutcome> run_dns64_ptr(CheckEnv& env, const PtrParams& p, std::chrono::milliseconds budget) {
  const std::string expect(enum_name(kPtrForms, p.expect));
  const std::optional<Prefix>& pref64 = env.scenario.expect.pref64;
  const Deadline deadline(budget);

  CheckResult r;
  r.family = Family::ipv6;
  if (env.resolver) r.addresses.resolver = env.resolver->to_string();
  r.observed["expect"] = expect;
  if (pref64) r.observed["expected_prefix"] = pref64->to_string();

  Ipv6Addr address;
  if (p.address) {
    address = *p.address;
    r.target = address.to_string();
  } else {
    const dns::Name name = dns64::param_name(p.name_text);
    r.target = name.to_text();
    const std::string what = "AAAA " + name.to_text();
    DnsOutcome q = co_await dns64::ask(env, r, deadline, name, dns::RrType::aaaa, {}, "dns_aaaa");
    if (auto bad = dns64::not_an_answer(r, q, what)) co_return std::move(*bad);
    const auto aaaa = aaaa_records(*q.message);
    r.observed["aaaa"] = dns64::texts(aaaa);
    auto it = std::find_if(aaaa.begin(), aaaa.end(),
                           [&](const Ipv6Addr& v) { return !pref64 || pref64->contains(IpAddr(v)); });
    if (it == aaaa.end()) {
      co_return dns64::finish(
          std::move(r), Verdict::fail,
          aaaa.empty() ? msg("check.ptr.no_aaaa",
                             {val("query", what), val("rcode", dns::to_string(q.message->rcode()))})
                       : msg("check.ptr.none_under",
                             {val("query", what), val("rcode", dns::to_string(q.message->rcode())),
                              val("prefix", pref64->to_string())}),
          "RFC 6147 §5.3.1");
    }
    address = *it;
  }
  r.observed["address"] = address.to_string();

  // The in-addr.arpa name the DNS64 should map to (RFC 6052 §2.3 extraction).
  std::optional<dns::Name> in_addr;
  if (pref64 && pref64->contains(IpAddr(address))) {
    addr::Options mech;
    mech.enforce_wkp_global = false;
    if (auto x = addr::extract(*pref64, address, mech)) {
      in_addr = dns64::in_addr_arpa_name(x->ipv4);
      r.observed["embedded_ipv4"] = x->ipv4.to_string();
      r.observed["in_addr_name"] = in_addr->to_text();
    }
  } else if (pref64) {
    r.observed["note"] = address.to_string() + " is not under " + pref64->to_string();
  }

  const dns::Name ip6 = dns64::ip6_arpa_name(address);
  r.observed["ip6_name"] = ip6.to_text();
  const std::string what = "PTR " + ip6.to_text();
  DnsOutcome q = co_await dns64::ask(env, r, deadline, ip6, dns::RrType::ptr, {}, "dns_ptr");
  if (auto bad = dns64::not_an_answer(r, q, what)) co_return std::move(*bad);
  const dns::Message& m = *q.message;
  const auto rcode = m.rcode();
  const std::vector<std::string> chain = cname_chain(m);
  const std::vector<std::string> ptrs = dns64::ptr_targets(m);
  r.observed["rcode"] = dns::to_string(rcode);
  r.observed["chain"] = chain;
  r.observed["ptr"] = ptrs;

  if (rcode != dns::Rcode::noerror) {
    co_return dns64::finish(
        std::move(r), Verdict::fail,
        msg("check.ptr.rcode",
            {val("query", what), val("rcode", dns::to_string(rcode)), val("address", address.to_string()),
             val("name", in_addr ? in_addr->to_text() : std::string("in-addr.arpa"))}),
        "RFC 6147 §5.3.1");
  }
  if (chain.empty() && ptrs.empty()) {
    co_return dns64::finish(std::move(r), Verdict::fail,
                            msg("check.ptr.empty", {val("query", what), val("address", address.to_string())}),
                            "RFC 6147 §5.3.1");
  }

  PtrForm form = PtrForm::answer;
  if (!chain.empty()) {
    // The first CNAME leaves the ip6.arpa name; it must lead to the mapped in-addr.arpa name.
    const auto target = dns::Name::from_text(chain[1]);
    if (in_addr && !(target && *target == *in_addr)) {
      co_return dns64::finish(std::move(r), Verdict::fail,
                              msg("check.ptr.wrong_cname", {val("query", what), val("target", chain[1]),
                                                            val("expected", in_addr->to_text())}),
                              "RFC 6147 §5.3.1");
    }
    form = PtrForm::cname;
  }
  r.observed["form"] = std::string(enum_name(kPtrForms, form));
  if (p.expect != PtrForm::any && p.expect != form) {
    co_return dns64::finish(
        std::move(r), Verdict::fail,
        msg(form == PtrForm::cname ? "check.ptr.form_cname" : "check.ptr.form_direct", {val("query", what)}),
        "RFC 6147 §5.3.1");
  }
  std::vector<MessageArg> args{val("query", what)};
  if (form == PtrForm::cname) args.push_back(val("chain", dns64::join(chain, " -> ")));
  if (!ptrs.empty()) args.push_back(val("ptr", dns64::join(ptrs)));
  const Msg reason = msg(std::string("check.ptr.pass") + (form == PtrForm::cname ? "_cname" : "") +
                             (ptrs.empty() ? "_no_ptr" : ""),
                         std::move(args));
  co_return dns64::finish(std::move(r), Verdict::pass, reason, "RFC 6147 §5.3.1");
}

// ---- the dns64.ptr block
constexpr KindBlock<PtrParams> kBlock{
    .name = "dns64.ptr",
    .schema = &ptr_schema,
    .params = &ptr_params,
    .targets = &ptr_targets,
    .run = &run_dns64_ptr,
};

}  // namespace

extern const CheckKind dns64_ptr_kind = kind_of<kBlock>;

}  // namespace v6r::probe
