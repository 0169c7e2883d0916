// nat64.fragments: UDP datagrams larger than the IPv6 path MTU through NAT64, in both directions.
// RFC 6146 §3.4: "The NAT64 MUST handle fragments" (reassembling or translating them one by one);
// RFC 7915 §5.1.1: an IPv6 packet with a Fragment Header becomes an IPv4 fragment (identification,
// MF and offset copied); RFC 7915 §4: an IPv4 packet without DF that would exceed the IPv6 path MTU
// MUST be fragmented by the translator (Fragment Headers, 1280-octet IPv6 packets by default).
// Three exchanges with a UDP echo that speaks the lab's sized-reply protocol (lab/tools/udp_echo.py:
// a request starting "v6r-size" + reply length is answered with "v6r-size", the received length, the
// SHA-256 of the received datagram and a known filler), each on its own socket (its own flow):
//   1. baseline: 64 octets out, 64 back — does the NAT64 carry UDP at all? (no: fail, not a fragment
//      problem);
//   2. outbound: `request_bytes` out (the probe's kernel fragments it, RFC 8200 §4.5), 64 back: the
//      echo reports the length and digest it received, so a datagram that arrives damaged is told
//      apart from one that does not arrive;
//   3. inbound: 64 out, `reply_bytes` back: the echo's kernel fragments the IPv4 reply (no DF), the
//      NAT64 translates the fragments (RFC 7915 §4), the probe's kernel reassembles; every octet is
//      compared with the known filler.
// An echo that only echoes (RFC 862) is judged with step 2 alone (the echo of a large datagram is
// large both ways) and observed says so. The fragments themselves are on the wire: the analyzer cites
// them with each step's flow (docs/checks-fragments.md).
#include <algorithm>
#include <array>

#include "core/check_kind.hpp"
#include "core/sha256.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

constexpr std::array<std::uint8_t, 8> kMagic{'v', '6', 'r', '-', 's', 'i', 'z', 'e'};
constexpr std::size_t kHead = kMagic.size() + 4 + 32;  // magic, received length, SHA-256
constexpr std::size_t kSmall = 64;                     // below every IPv6 path MTU (1280, RFC 8200 §5)
constexpr std::size_t kMaxBytes = 16384;               // the lab echo's bound (udp_echo.py SIZE_MAX)
const std::string kRfc = "RFC 6146 §3.4; RFC 7915 §5.1.1 (IPv6 to IPv4), §4 (IPv4 to IPv6)";

scenario::CheckSchema fragments_schema() {
  return CheckSchema(std::string(check_kind::kNat64Fragments),
                     "UDP datagrams larger than the IPv6 path MTU through NAT64, both directions "
                     "(needs the sized-reply UDP echo, lab/tools/udp_echo.py).")
      .rfc("RFC 6146 §3.4")
      .rfc("RFC 7915 §5.1.1")
      .rfc("RFC 7915 §4")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Name of the UDP echo, resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe("Literal address of the UDP echo"))
      .field(Field::port("port").def("7").describe("UDP port of the echo"))
      .field(Field::integer("request_bytes")
                 .min(256)
                 .max(static_cast<std::int64_t>(kMaxBytes))
                 .def("3000")
                 .describe("Size of the large datagram sent (fragmented when above the IPv6 path MTU)"))
      .field(Field::integer("reply_bytes")
                 .min(256)
                 .max(static_cast<std::int64_t>(kMaxBytes))
                 .def("4000")
                 .describe("Size of the large reply asked for (fragmented by the IPv4 side and the NAT64)"))
      .field(scenario::resolver_field());
}

struct FragmentsParams {
  nat64::TargetSpec target;
  std::uint16_t port = 7;
  std::size_t request_bytes = 3000;
  std::size_t reply_bytes = 4000;
};

FragmentsParams fragments_params(const scenario::ParamValues& v) {
  return FragmentsParams{nat64::target_from_params(v), static_cast<std::uint16_t>(v.get_int("port")),
                         static_cast<std::size_t>(v.get_int("request_bytes")),
                         static_cast<std::size_t>(v.get_int("reply_bytes"))};
}

CheckTargets fragments_targets(const FragmentsParams& p) {
  return nat64::targets_of(p.target);
}

/// A sized request of `size` octets asking for `reply` octets back; the rest is a counter pattern.
std::vector<std::uint8_t> sized_request(std::size_t size, std::size_t reply) {
  std::vector<std::uint8_t> d(std::max(size, kMagic.size() + 2));
  std::copy(kMagic.begin(), kMagic.end(), d.begin());
  d[8] = static_cast<std::uint8_t>(reply >> 8);
  d[9] = static_cast<std::uint8_t>(reply & 0xff);
  for (std::size_t i = 10; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>((i * 7) & 0xff);
  return d;
}

/// What a reply says about one exchange.
struct ReplyCheck {
  enum class Kind { sized, echo, foreign } kind = Kind::foreign;
  std::size_t received = 0;   ///< the echo's count of the request's octets (sized)
  bool digest_ok = false;     ///< the echo's SHA-256 of the request equals ours (sized)
  bool filler_ok = false;     ///< every filler octet is i % 251 (sized)
  std::size_t first_bad = 0;  ///< the first filler octet that differs (when !filler_ok)
};

ReplyCheck read_reply(const std::vector<std::uint8_t>& sent, const std::vector<std::uint8_t>& reply) {
  ReplyCheck c;
  if (reply == sent) {
    c.kind = ReplyCheck::Kind::echo;
    return c;
  }
  if (reply.size() < kHead || !std::equal(kMagic.begin(), kMagic.end(), reply.begin())) return c;
  c.kind = ReplyCheck::Kind::sized;
  c.received = (std::size_t{reply[8]} << 24) | (std::size_t{reply[9]} << 16) | (std::size_t{reply[10]} << 8) |
               reply[11];
  const Sha256Digest d = sha256(sent);
  c.digest_ok = std::equal(d.begin(), d.end(), reply.begin() + 12);
  c.filler_ok = true;
  for (std::size_t i = kHead; i < reply.size(); ++i) {
    if (reply[i] != static_cast<std::uint8_t>(i % 251)) {
      c.filler_ok = false;
      c.first_bad = i;
      break;
    }
  }
  return c;
}

/// One exchange's record in observed.
nlohmann::json step_json(const UdpResult& u, std::size_t sent, std::size_t asked) {
  nlohmann::json j{{"sent_bytes", sent}, {"asked_bytes", asked}, {"ok", u.ok}, {"timed_out", u.timed_out}};
  if (u.ok) {
    j["reply_bytes"] = u.reply.size();
    j["rtt_ms"] = nat64::ms(u.rtt);
  }
  if (!u.error.empty()) j["error"] = u.error;
  return j;
}

awaitable<CheckOutcome> run_nat64_fragments(CheckEnv& env, const FragmentsParams& p,
                                            std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;
  CheckResult& r = out.result;
  const Endpoint ep = dest->endpoint(p.port);
  // "<address> port <port> (IPv4 <ipv4>)" in the sentences below.
  const Msg where = msg("check.frag.where", {val("address", dest->v6.to_string()), val("port", p.port),
                                             val("ipv4", dest->ipv4.to_string())});
  r.observed["port"] = p.port;
  r.observed["fragments_note"] =
      "the probe's socket sees whole datagrams; the fragments are in capture.pcapng, cited with each "
      "exchange's flow";
  auto exchange = [&](std::vector<std::uint8_t> payload, Millis wait) -> awaitable<UdpResult> {
    co_await nat64::take_token(env, dest->v6);
    UdpResult u = co_await env.net.udp_exchange(ep, std::move(payload), std::max(wait, Millis(1)));
    co_return u;
  };

  // 1. Baseline: small both ways.
  const auto small_req = sized_request(kSmall, kSmall);
  const UdpResult b = co_await exchange(small_req, deadline.left() / 4);
  nat64::note_transport(r, "udp", b.local, b.remote);
  r.observed["baseline"] = step_json(b, small_req.size(), kSmall);
  if (!b.ok) {
    const Msg why = b.timed_out ? msg("check.frag.no_reply",
                                      {val("ms", std::max(deadline.total() / 4, Millis(1)).count())})
                                : foreign(b.error);
    nat64::set_verdict(
        out, Verdict::fail,
        msg("check.frag.no_udp", {sub("where", where), val("octets", small_req.size()), sub("why", why)}),
        "RFC 6146 §3.5.1", b.timed_out);
    co_return out;
  }
  const ReplyCheck bc = read_reply(small_req, b.reply);
  if (bc.kind == ReplyCheck::Kind::foreign) {
    nat64::set_verdict(out, Verdict::error,
                       msg("check.frag.foreign", {sub("where", where), val("octets", b.reply.size())}));
    co_return out;
  }
  const bool sized = bc.kind == ReplyCheck::Kind::sized;
  r.observed["echo_mode"] = sized ? "sized" : "rfc862";

  // 2. Outbound: a large datagram, fragmented by the probe's kernel; a small answer (the echo's count
  //    and digest) when the echo is sized, the same large datagram back when it only echoes.
  const auto big_req = sized_request(p.request_bytes, sized ? kSmall : p.request_bytes);
  const UdpResult o = co_await exchange(big_req, sized ? deadline.left() / 2 : deadline.left());
  nat64::note_transport(r, "udp", o.local, o.remote);
  r.observed["outbound"] = step_json(o, big_req.size(), sized ? kSmall : big_req.size());
  std::optional<Msg> out_problem;  // none: the large datagram arrived whole
  bool retry = false;
  if (!o.ok) {
    retry = o.timed_out;
    const Msg why = o.timed_out ? msg("check.frag.nothing_within",
                                      {val("ms", std::chrono::duration_cast<Millis>(o.rtt).count())})
                                : foreign(o.error);
    out_problem = msg(sized ? "check.frag.out_lost" : "check.frag.out_lost_either",
                      {val("octets", big_req.size()), sub("why", why), val("small", small_req.size())});
  } else {
    const ReplyCheck oc = read_reply(big_req, o.reply);
    r.observed["outbound"]["received_bytes"] = sized ? oc.received : o.reply.size();
    if (!sized) {
      if (oc.kind != ReplyCheck::Kind::echo)
        out_problem =
            msg("check.frag.echo_differs", {val("octets", big_req.size()), val("back", o.reply.size())});
    } else if (oc.kind != ReplyCheck::Kind::sized) {
      out_problem = msg("check.frag.not_sized", {val("octets", big_req.size()), val("back", o.reply.size())});
    } else if (oc.received != big_req.size() || !oc.digest_ok) {
      out_problem = msg(oc.digest_ok ? "check.frag.out_damaged" : "check.frag.out_damaged_digest",
                        {val("octets", big_req.size()), val("received", oc.received)});
    }
  }
  r.observed["outbound"]["intact"] = o.ok && !out_problem;

  // 3. Inbound (sized echo only): a small request, a reply larger than the IPv6 path MTU.
  std::optional<Msg> in_problem;
  if (sized) {
    const auto ask = sized_request(kSmall, p.reply_bytes);
    const UdpResult i = co_await exchange(ask, deadline.left());
    nat64::note_transport(r, "udp", i.local, i.remote);
    r.observed["inbound"] = step_json(i, ask.size(), p.reply_bytes);
    if (!i.ok) {
      retry = retry || i.timed_out;
      const Msg why = i.timed_out ? msg("check.frag.nothing_within",
                                        {val("ms", std::chrono::duration_cast<Millis>(i.rtt).count())})
                                  : foreign(i.error);
      in_problem = msg("check.frag.in_lost", {val("octets", p.reply_bytes), sub("why", why)});
    } else {
      const ReplyCheck ic = read_reply(ask, i.reply);
      if (ic.kind != ReplyCheck::Kind::sized || i.reply.size() != p.reply_bytes || !ic.filler_ok ||
          !ic.digest_ok) {
        in_problem =
            ic.kind == ReplyCheck::Kind::sized && !ic.filler_ok
                ? msg("check.frag.in_damaged_at", {val("octets", p.reply_bytes), val("back", i.reply.size()),
                                                   val("offset", ic.first_bad)})
                : msg("check.frag.in_damaged", {val("octets", p.reply_bytes), val("back", i.reply.size())});
      }
    }
    r.observed["inbound"]["intact"] = i.ok && !in_problem;
  }

  if (!out_problem && !in_problem) {
    nat64::set_verdict(
        out, Verdict::pass,
        sized ? msg("check.frag.pass_sized",
                    {sub("where", where), val("octets", big_req.size()), val("reply", p.reply_bytes)})
              : msg("check.frag.pass_plain", {sub("where", where), val("octets", big_req.size())}),
        kRfc);
    co_return out;
  }
  std::vector<Msg> problems;
  if (out_problem) problems.push_back(msg("check.frag.v6_to_v4", {sub("problem", *out_problem)}));
  if (in_problem) problems.push_back(msg("check.frag.v4_to_v6", {sub("problem", *in_problem)}));
  nat64::set_verdict(out, Verdict::fail,
                     msg("check.frag.fail", {sub("where", where), list("problems", std::move(problems))}),
                     kRfc, retry);
  co_return out;
}

// ---- the nat64.fragments block
constexpr KindBlock<FragmentsParams> kBlock{
    .name = check_kind::kNat64Fragments,
    .schema = &fragments_schema,
    .params = &fragments_params,
    .targets = &fragments_targets,
    .run = &run_nat64_fragments,
};

}  // namespace

extern const CheckKind nat64_fragments_kind = kind_of<kBlock>;

}  // namespace v6r::probe
