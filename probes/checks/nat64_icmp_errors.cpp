// nat64.icmp_errors: do ICMP errors about UDP come back through the NAT64, translated, quoting what was
// sent? (docs/checks-icmp-errors.md). Two clauses, each from its own datagrams to a closed UDP port of
// an IPv4 host (the synthesized address), read whole from a raw ICMPv6 socket (Transport::udp_probe):
//   time_exceeded     a ladder of datagrams with hop limits 1, 2, ... (as traceroute does): the hops on
//                     the IPv6 side answer from native addresses; the NAT64 itself (RFC 7915 §5.1: a
//                     translator is a router and MUST send Hop Limit Exceeded when it decrements to
//                     zero) and the IPv4 routers beyond it answer from addresses under the Pref64::/n,
//                     the latter as ICMPv4 Time Exceeded translated to ICMPv6 Time Exceeded
//                     (RFC 7915 §4.2: type 11 → type 3, code unchanged);
//   port_unreachable  one datagram with the full hop limit: the IPv4 host's ICMPv4 port unreachable
//                     becomes ICMPv6 Destination Unreachable code 4 (RFC 7915 §4.2).
// Each translated error's quoted packet must be the datagram that was sent, translated back (RFC 7915
// §4.3: the embedded IPv4 header is translated like an outer one; RFC 6146 §3.4, §3.7: a stateful
// NAT64 finds the session from the inner packet and translates it back to the IPv6 node's transport
// address): our source address and port, the synthesized destination and its port, UDP, the UDP length
// sent, and every quoted payload octet as sent. A mismatch is a MUST broken (fail); a wrong
// unreachable code, a wrong payload length in the translated header (warn); silence cannot be told
// from filtering on the IPv4 side, so it is never a fail: the clause cannot be judged (error) and the
// reason says so. Needs a raw ICMPv6 socket (CAP_NET_RAW); without one nothing is sent (error).
#include <algorithm>
#include <array>
#include <random>

#include "core/check_kind.hpp"
#include "core/icmp_error.hpp"
#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/clauses.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

constexpr std::array<std::uint8_t, 8> kMagic{'v', '6', 'r', '-', 'i', 'c', 'm', 'p'};
constexpr std::size_t kPayloadBytes = 40;  // magic, nonce, hop limit, filler: UDP length 48
constexpr int kFullHopLimit = 64;
constexpr int kSilentHopsToStop = 3;  // consecutive silent hops after which the ladder gives up
const std::string kRfcTe = "RFC 7915 §4.2, §4.3";
const std::string kRfcDu = "RFC 7915 §4.2, §4.3";
const std::string kRfcInner = "RFC 7915 §4.3; RFC 6146 §3.4, §3.7";

scenario::CheckSchema icmp_errors_schema() {
  return CheckSchema(std::string(check_kind::kNat64IcmpErrors),
                     "ICMP errors about UDP through NAT64: Time Exceeded from beyond the NAT64 (a hop-limit "
                     "ladder) and port unreachable from the IPv4 host, each translated to ICMPv6 and "
                     "quoting the datagram sent (needs CAP_NET_RAW).")
      .rfc("RFC 7915 §4.2")
      .rfc("RFC 7915 §4.3")
      .rfc("RFC 6146 §3.4")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Name of an IPv4 host, resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe("Literal address of the IPv4 host (IPv4 or synthesized)"))
      .field(Field::port("port").def("33434").describe("A UDP port that is closed on the host"))
      .field(Field::integer("max_hops")
                 .min(2)
                 .max(32)
                 .def("8")
                 .describe("Highest hop limit of the Time Exceeded ladder"))
      .field(Field::duration_ms("wait_ms").def("1000").describe("How long to wait for each datagram's error"))
      .field(scenario::resolver_field());
}

struct IcmpErrorsParams {
  nat64::TargetSpec target;
  std::uint16_t port = 33434;
  int max_hops = 8;
  std::chrono::milliseconds wait{1000};
};

IcmpErrorsParams icmp_errors_params(const scenario::ParamValues& v) {
  return IcmpErrorsParams{nat64::target_from_params(v), static_cast<std::uint16_t>(v.get_int("port")),
                          static_cast<int>(v.get_int("max_hops")), v.get_duration("wait_ms")};
}

CheckTargets icmp_errors_targets(const IcmpErrorsParams& p) {
  return nat64::targets_of(p.target);
}

/// One datagram's payload: magic, a nonce, the hop limit, a counter filler.
std::vector<std::uint8_t> probe_payload(const std::array<std::uint8_t, 8>& nonce, int hop_limit) {
  std::vector<std::uint8_t> d(kPayloadBytes);
  std::copy(kMagic.begin(), kMagic.end(), d.begin());
  std::copy(nonce.begin(), nonce.end(), d.begin() + 8);
  d[16] = static_cast<std::uint8_t>(hop_limit);
  for (std::size_t i = 17; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(i);
  return d;
}

std::string addr_text(const std::array<std::uint8_t, 16>& a) {
  return Ipv6Addr{a}.to_string();
}

/// What one translated error says against what was sent: problems by strength, and observed.
struct ErrorJudgement {
  std::vector<Msg> must;    ///< MUST broken: fail
  std::vector<Msg> should;  ///< warn
  std::vector<Msg> notes;   ///< neither (info in observed, in English)
  nlohmann::json observed;
};

/// Judges the quoted packet of `e` against the datagram (from `local` to `remote`, `payload`).
void judge_quote(const icmp::Icmpv6Error& e, const Endpoint& local, const Endpoint& remote,
                 const std::vector<std::uint8_t>& payload, ErrorJudgement& j) {
  auto& o = j.observed;
  if (!e.quoted) {
    j.must.push_back(msg("check.icmperr.no_header", {val("octets", e.body.size())}));
    return;
  }
  const icmp::Quoted& q = *e.quoted;
  o["quoted_bytes"] = e.body.size();
  if (!q.v6) {
    const std::string s = Ipv4Addr{{q.src[0], q.src[1], q.src[2], q.src[3]}}.to_string();
    const std::string d = Ipv4Addr{{q.dst[0], q.dst[1], q.dst[2], q.dst[3]}}.to_string();
    o["quoted"] = {{"version", 4}, {"src", s}, {"dst", d}};
    j.must.push_back(msg("check.icmperr.quotes_v4", {val("src", s), val("dst", d)}));
    return;
  }
  nlohmann::json qj{
      {"version", 6},           {"src", addr_text(q.src)},  {"dst", addr_text(q.dst)},
      {"next_header", q.proto}, {"hop_limit", q.hop_limit}, {"payload_length", q.ip_payload_length}};
  if (q.has_ports) {
    qj["sport"] = q.sport;
    qj["dport"] = q.dport;
  }
  const auto sent_src = local.address.to_v6().to_bytes();
  const auto sent_dst = remote.address.to_v6().to_bytes();
  if (!std::equal(sent_src.begin(), sent_src.end(), q.src.begin()))
    j.must.push_back(
        msg("check.icmperr.src", {val("quoted", addr_text(q.src)), val("sent", local.address.to_string())}));
  if (!std::equal(sent_dst.begin(), sent_dst.end(), q.dst.begin()))
    j.must.push_back(
        msg("check.icmperr.dst", {val("quoted", addr_text(q.dst)), val("sent", remote.address.to_string())}));
  if (q.proto != icmp::kProtoUdp) {
    j.must.push_back(msg("check.icmperr.proto", {val("proto", q.proto)}));
    o["quoted"] = qj;
    return;
  }
  if (!q.has_ports) {
    j.must.push_back(msg("check.icmperr.short", {val("octets", e.body.size())}));
  } else {
    if (q.sport != local.port)
      j.must.push_back(msg("check.icmperr.sport", {val("quoted", q.sport), val("sent", local.port)}));
    if (q.dport != remote.port)
      j.must.push_back(msg("check.icmperr.dport", {val("quoted", q.dport), val("sent", remote.port)}));
  }
  const std::size_t udp_len = icmp::kUdpHeaderSize + payload.size();
  if (q.ip_payload_length != udp_len)
    j.should.push_back(
        msg("check.icmperr.ip_len", {val("quoted", q.ip_payload_length), val("sent", udp_len)}));
  if (q.has_udp_header) {
    qj["udp_length"] = q.udp_length;
    if (q.udp_length != udp_len)
      j.must.push_back(msg("check.icmperr.udp_len", {val("quoted", q.udp_length), val("sent", udp_len)}));
    const std::size_t n = std::min(q.udp_payload.size(), payload.size());
    qj["payload_quoted"] = q.udp_payload.size();
    const auto bad = std::mismatch(q.udp_payload.begin(),
                                   q.udp_payload.begin() + static_cast<std::ptrdiff_t>(n), payload.begin());
    if (bad.first != q.udp_payload.begin() + static_cast<std::ptrdiff_t>(n)) {
      j.must.push_back(msg("check.icmperr.payload", {val("octet", bad.first - q.udp_payload.begin())}));
    } else if (n < payload.size()) {
      j.notes.push_back(msg("check.icmperr.partial", {val("n", n), val("total", payload.size())}));
    }
  }
  o["quoted"] = qj;
}

/// "2001:db8:64::cb00:7101 (IPv4 203.0.113.1)" or the native address.
std::string source_text(const asio::ip::address_v6& from, const Prefix& pref64, std::optional<Ipv4Addr>& v4) {
  Ipv6Addr a{from.to_bytes()};
  if (pref64.contains(IpAddr(a))) {
    if (auto x = addr::extract(pref64, a, addr::Options{.enforce_wkp_global = false})) v4 = x->ipv4;
  }
  return a.to_string() + (v4 ? " (IPv4 " + v4->to_string() + ")" : "");
}

/// The notes as observed's English list.
nlohmann::json notes_json(const std::vector<Msg>& notes) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& m : notes) a.push_back(english(m));
  return a;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

awaitable<UdpProbeResult> send_probe(CheckEnv& env, const nat64::Dest& dest, const Endpoint& ep,
                                     std::vector<std::uint8_t> payload, int hop_limit, Millis wait) {
  co_await nat64::take_token(env, dest.v6);
  UdpProbeResult u = co_await env.net.udp_probe(ep, std::move(payload), hop_limit, std::max(wait, Millis(1)));
  co_return u;
}

awaitable<CheckOutcome> run_nat64_icmp_errors(CheckEnv& env, const IcmpErrorsParams& p,
                                              std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;
  CheckResult& r = out.result;
  const Endpoint ep = dest->endpoint(p.port);
  const auto target_port = [&] {
    return std::vector<MessageArg>{val("target", dest->describe()), val("port", p.port)};
  };
  r.observed["port"] = p.port;
  std::array<std::uint8_t, 8> nonce{};
  std::mt19937 rng(std::random_device{}());
  for (auto& b : nonce) b = static_cast<std::uint8_t>(rng());
  Clauses clauses;

  // 1. port_unreachable: one datagram with the full hop limit. First, so a missing raw socket is known
  //    before the ladder.
  const auto du_payload = probe_payload(nonce, kFullHopLimit);
  const UdpProbeResult du =
      co_await send_probe(env, *dest, ep, du_payload, kFullHopLimit, std::min(p.wait, deadline.left() / 3));
  if (!du.sent) {
    r.observed["error"] = du.error;
    nat64::set_verdict(out, Verdict::error, msg("check.icmperr.not_sent", {sub("error", foreign(du.error))}));
    co_return out;
  }
  nat64::note_transport(r, "udp", du.local, du.remote, true);
  nlohmann::json duj{{"hop_limit", kFullHopLimit}, {"sent_bytes", du_payload.size()}};
  if (!du.reply.empty()) {
    duj["reply_bytes"] = du.reply.size();
    clauses.add("port_unreachable", Verdict::error, msg("check.icmperr.du_open", target_port()));
  } else if (du.icmp.empty()) {
    duj["timed_out"] = true;
    clauses.add("port_unreachable", Verdict::error,
                msg("check.icmperr.du_silent",
                    {val("wait", nat64::ms_text(std::chrono::duration_cast<Millis>(du.rtt))),
                     val("target", dest->describe()), val("port", p.port)}));
  } else {
    const auto e = icmp::parse_icmpv6_error(du.icmp);
    std::optional<Ipv4Addr> from4;
    const std::string from = du.icmp_from ? source_text(*du.icmp_from, dest->pref64, from4) : "?";
    duj["from"] = from;
    duj["rtt_ms"] = nat64::ms(du.rtt);
    if (!e) {
      clauses.add("port_unreachable", Verdict::error,
                  msg("check.icmperr.du_unreadable", {sub("error", foreign(e.error().describe()))}));
    } else {
      duj["type"] = e->type;
      duj["code"] = e->code;
      duj["message"] = icmp::describe_icmpv6(e->type, e->code);
      ErrorJudgement j;
      judge_quote(*e, *du.local, ep, du_payload, j);
      duj.update(j.observed);
      const auto got = [&] {
        return std::vector<MessageArg>{val("message", icmp::describe_icmpv6(e->type, e->code)),
                                       val("from", from)};
      };
      if (e->type != icmp::kV6DestUnreachable)
        j.must.insert(j.must.begin(),
                      msg("check.icmperr.not_du", {val("message", icmp::describe_icmpv6(e->type, e->code))}));
      else if (e->code != icmp::kV6CodePortUnreachable)
        j.should.insert(j.should.begin(), msg("check.icmperr.du_code", {val("code", e->code)}));
      if (!from4) j.notes.push_back(msg("check.icmperr.native_src", {val("from", from)}));
      if (!j.notes.empty()) duj["notes"] = notes_json(j.notes);
      if (!j.must.empty()) {
        auto a = got();
        a.push_back(list("problems", j.must));
        clauses.add("port_unreachable", Verdict::fail, msg("check.icmperr.du_bad", std::move(a)), kRfcInner);
      } else if (!j.should.empty()) {
        auto a = got();
        a.push_back(list("problems", j.should));
        clauses.add("port_unreachable", Verdict::warn, msg("check.icmperr.du_bad", std::move(a)), kRfcDu);
      } else {
        clauses.add("port_unreachable", Verdict::pass,
                    msg(from4 ? "check.icmperr.du_pass_v4" : "check.icmperr.du_pass", got()), kRfcDu);
      }
    }
  }
  r.observed["port_unreachable"] = duj;

  // 2. time_exceeded: the hop-limit ladder.
  nlohmann::json hops = nlohmann::json::array();
  std::vector<Msg> te_must, te_should;
  int translated = 0, silent_run = 0;
  std::optional<int> first_translated, reached_at;
  std::string first_translated_from;
  std::vector<std::string> routers_v4;
  for (int h = 1; h <= p.max_hops && !deadline.expired(); ++h) {
    const auto payload = probe_payload(nonce, h);
    const UdpProbeResult u =
        co_await send_probe(env, *dest, ep, payload, h, std::min(p.wait, deadline.left()));
    if (!u.sent) {
      hops.push_back({{"hop_limit", h}, {"error", u.error}});
      break;
    }
    nat64::note_transport(r, "udp", u.local, u.remote, true);
    nlohmann::json hj{{"hop_limit", h}};
    if (u.icmp.empty()) {
      hj["silent"] = true;
      hops.push_back(hj);
      if (!u.reply.empty()) {  // the datagram reached an open port
        reached_at = h;
        break;
      }
      if (++silent_run >= kSilentHopsToStop && h >= 3) break;
      continue;
    }
    silent_run = 0;
    const auto e = icmp::parse_icmpv6_error(u.icmp);
    std::optional<Ipv4Addr> from4;
    const std::string from = u.icmp_from ? source_text(*u.icmp_from, dest->pref64, from4) : "?";
    hj["from"] = from;
    hj["rtt_ms"] = nat64::ms(u.rtt);
    if (!e) {
      hj["error"] = e.error().describe();
      hops.push_back(hj);
      continue;
    }
    hj["type"] = e->type;
    hj["code"] = e->code;
    hj["translated_side"] = from4.has_value();
    if (e->type != icmp::kV6TimeExceeded) {  // the destination (or a router refusing it): the ladder ends
      hj["message"] = icmp::describe_icmpv6(e->type, e->code);
      hops.push_back(hj);
      reached_at = h;
      break;
    }
    if (from4) {
      ++translated;
      ErrorJudgement j;
      judge_quote(*e, *u.local, ep, payload, j);
      hj.update(j.observed);
      if (!j.notes.empty()) hj["notes"] = notes_json(j.notes);
      const auto at = [&](const Msg& m) {
        return msg("check.icmperr.at_hop", {val("hop", h), val("from", from), sub("problem", m)});
      };
      for (const auto& m : j.must) te_must.push_back(at(m));
      for (const auto& m : j.should) te_should.push_back(at(m));
      if (!first_translated) {
        first_translated = h;
        first_translated_from = from;
      } else {
        routers_v4.push_back(from4->to_string());
      }
    }
    hops.push_back(hj);
  }
  r.observed["hops"] = hops;
  r.observed["translated_time_exceeded"] = translated;
  if (reached_at) r.observed["destination_hop"] = *reached_at;
  if (!te_must.empty()) {
    clauses.add("time_exceeded", Verdict::fail, msg("check.icmperr.te_bad", {list("problems", te_must)}),
                kRfcInner);
  } else if (!te_should.empty()) {
    clauses.add("time_exceeded", Verdict::warn, msg("check.icmperr.te_bad", {list("problems", te_should)}),
                kRfcTe);
  } else if (!routers_v4.empty()) {
    clauses.add(
        "time_exceeded", Verdict::pass,
        msg("check.icmperr.te_pass_routers", {val("routers", join(routers_v4)), val("hop", *first_translated),
                                              val("from", first_translated_from)}),
        kRfcTe);
  } else if (first_translated && reached_at && *reached_at == *first_translated + 1) {
    clauses.add("time_exceeded", Verdict::pass,
                msg("check.icmperr.te_pass_next",
                    {val("hop", *first_translated), val("from", first_translated_from)}),
                kRfcTe);
  } else if (first_translated) {
    clauses.add("time_exceeded", Verdict::error,
                msg("check.icmperr.te_first_only",
                    {val("hop", *first_translated), val("from", first_translated_from)}));
  } else if (reached_at) {
    clauses.add("time_exceeded", Verdict::error, msg("check.icmperr.te_reached", {val("hop", *reached_at)}));
  } else {
    clauses.add("time_exceeded", Verdict::error,
                msg("check.icmperr.te_silent", {val("max", std::max(1, static_cast<int>(hops.size())))}));
  }
  out = clauses.conclude(std::move(r), msg("check.icmperr.pass", target_port()), kRfcTe);
  co_return out;
}

// ---- the nat64.icmp_errors block
constexpr KindBlock<IcmpErrorsParams> kBlock{
    .name = check_kind::kNat64IcmpErrors,
    .schema = &icmp_errors_schema,
    .params = &icmp_errors_params,
    .targets = &icmp_errors_targets,
    .run = &run_nat64_icmp_errors,
};

}  // namespace

extern const CheckKind nat64_icmp_errors_kind = kind_of<kBlock>;

}  // namespace v6r::probe
