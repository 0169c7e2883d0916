#pragma once
// Shared by the nat64.* kinds: the path every NAT64 check walks before it sends anything
// (docs/architecture.md "Check kinds", safety; RFC 6052, RFC 6146):
//   1. the NAT64 prefix: the scenario's expect.pref64, else RFC 7050 discovery (AAAA ipv4only.arpa);
//   2. the destination: the target name's AAAA through the DNS64 resolver (RFC 6147), or a literal
//      (an IPv4 literal is embedded with the prefix, RFC 6052 §2.2);
//   3. the destination must lie under the prefix (observed.path `nat64`) — otherwise the check is
//      `skipped` with the path in observed.path: `nat64 (unexpected prefix)` when the address lies under a
//      Pref64::/n that the same resolver synthesizes with (RFC 7050 discovery), else `native-ipv6`
//      (wrong-prefix synthesis is dns64.discovery's and dns64.synthesis's to fail, they compare against the
//      expected prefix);
//   4. the allow-list gate on the address and the IPv4 address embedded in it (refusal: `error`,
//      nothing sent);
//   5. a rate-limit token for the destination.
// On any stop the outcome's verdict and reason are already set and the check returns it as is.
#include <chrono>
#include <optional>
#include <string>

#include "core/ip.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/check_util.hpp"
#include "probes/net/deadline.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::nat64 {

struct Dest {
  Ipv6Addr v6;      ///< where the probe sends (under pref64)
  Ipv4Addr ipv4;    ///< the IPv4 address embedded in it: where NAT64 sends (RFC 6052 §2.3)
  Prefix pref64;    ///< the NAT64 prefix
  std::string via;  ///< "dns64" (resolved) or "literal"

  [[nodiscard]] Endpoint endpoint(std::uint16_t port) const;
  [[nodiscard]] asio::ip::address_v6 asio_v6() const;
  /// "2001:db8:64::c000:20a (192.0.2.10)".
  [[nodiscard]] std::string describe() const;
};

/// What to reach: a DNS name (resolved through DNS64) or a literal address.
struct TargetSpec {
  std::string host;  ///< empty when `literal` is set
  std::optional<IpAddr> literal;
};
/// From the usual one_of({"host","address"}) parameters.
TargetSpec target_from_params(const scenario::ParamValues& v);
/// The targets of such a check: the host (a name, resolved later) or the literal it sends to.
CheckTargets targets_of(const TargetSpec& spec);

/// probes/check_util.hpp's, here too (the kinds call them unqualified).
using probe::set_verdict;

/// Steps 1–5 above, within `deadline`. Fills out.result.target/family/addresses/evidence/observed;
/// returns the destination, or nullopt with the verdict set on `out`.
awaitable<std::optional<Dest>> prepare(CheckEnv& env, const TargetSpec& spec, const Deadline& deadline,
                                       CheckOutcome& out);

/// note_flow(), and the flow's local address becomes addresses.local (the source NAT64 translated;
/// the DNS query may have used another one).
void note_transport(CheckResult& r, const std::string& proto, const std::optional<Endpoint>& local,
                    const Endpoint& remote, bool deliberate = false);

/// A rate-limit token for one more operation on `dest`.
awaitable<void> take_token(CheckEnv& env, const Ipv6Addr& dest);

using probe::ms;
/// "2000 ms".
std::string ms_text(std::chrono::milliseconds d);

}  // namespace v6r::probe::nat64
