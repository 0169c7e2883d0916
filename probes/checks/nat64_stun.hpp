#pragma once
// Shared by nat64.mapping, nat64.filtering and nat64.hairpin (docs/checks-realtime.md): STUN Binding
// transactions (RFC 5389 §7.2.1) from one UdpPort to a STUN server's IPv4 transport address reached
// through the NAT64 (its RFC 6052 synthesized IPv6 address), and the common parameters.
//
// Every answer is hostile: a datagram that is not a usable Binding response for the transaction
// (core/stun.hpp parse + check_binding_response) is counted and described, never trusted; a server
// that answers only garbage, too late or not at all ends in "cannot judge" (verdict error) with the
// reason, within the check's deadline.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/check_kind.hpp"
#include "core/stun.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/checks/nat64_path.hpp"
#include "probes/net/deadline.hpp"
#include "probes/net/udp_port.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::nat64 {

/// RFC 4787 §4.1 (mapping) and §5 (filtering) behaviour classes, as RFC 5780 §4.3/§4.4 find them: the
/// vocabulary the analyzer and the reports share (core/check_kind.hpp; to_string: "endpoint-independent").
using NatBehaviour = check_kind::NatClass;
using check_kind::to_string;

/// The parameters every STUN-based kind shares.
struct StunParams {
  TargetSpec server;  ///< the STUN server (host or IPv4/IPv6 literal)
  std::uint16_t port = stun::kDefaultPort;
  /// First retransmission timeout. RFC 5389 §7.2.1: the initial RTO "SHOULD be configurable ... and
  /// SHOULD be greater than 500 ms", 500 ms RECOMMENDED on fixed-line access links; smaller only
  /// "in non-Internet environments with known network capacities".
  std::chrono::milliseconds rto{500};
  std::chrono::milliseconds wait{1500};  ///< per transaction, retransmissions included
};
/// The schema fields of StunParams (one_of host/address, port, rto_ms, wait_ms, resolver).
scenario::CheckSchema stun_schema(std::string kind, std::string summary);
StunParams stun_params(const scenario::ParamValues& v);
/// What a STUN kind checks: the STUN server (nat64.mapping, nat64.filtering and nat64.hairpin take
/// StunParams as their parameters).
CheckTargets stun_targets(const StunParams& p);

struct StunOutcome {
  bool ok = false;         ///< a usable Binding success response arrived
  bool timed_out = false;  ///< nothing usable within the wait (see ignored)
  std::string error;       ///< why not ok, a sentence (English of `why`)
  MessageRef why;          ///< why not ok, as a reason (probes/reason.hpp)
  stun::Message message;
  Endpoint from;
  Micros rtt{0};  ///< first request sent → answer
  int sent = 0;
  int ignored = 0;            ///< datagrams from the server that were not a usable answer
  std::string first_ignored;  ///< why the first of them was ignored
  /// A RESPONSE-PORT request (stun_response_port) was answered on the port that sent it, not where
  /// RESPONSE-PORT pointed: the server ignored the attribute (a success) or refused it (an error,
  /// e.g. 420 Unknown Attribute, RFC 5389 §7.3.1). `why` says which; the method cannot be used.
  bool answered_to_sender = false;
};

/// One Binding request to `server` (CHANGE-REQUEST `change` when set), retransmitted at rto, 2·rto,
/// 4·rto... (at most 7 sends, RFC 5389 §7.2.1 Rc) while `wait` lasts; answers only from `accept_from`.
awaitable<StunOutcome> stun_binding(UdpPort& port, Endpoint server,
                                    std::vector<asio::ip::address> accept_from,
                                    std::optional<std::uint32_t> change, std::chrono::milliseconds rto,
                                    std::chrono::milliseconds wait);

/// RFC 5780 §4.6 (binding lifetime discovery): a Binding request sent from `sender` with RESPONSE-PORT
/// `response_port` (RFC 5780 §7.5), which the server answers to the request's source address (the
/// NAT's) at that port. `receiver` is the port whose mapping has that mapped port: the answer reaches it
/// only while its mapping lives, and receiving it sends nothing through that mapping. Retransmitted as
/// stun_binding does; ok when the answer arrived on `receiver`; `answered_to_sender` when the server
/// answered `sender` instead (it ignores or refuses RESPONSE-PORT).
awaitable<StunOutcome> stun_response_port(UdpPort& sender, UdpPort& receiver, Endpoint server,
                                          std::vector<asio::ip::address> accept_from,
                                          std::uint16_t response_port, std::chrono::milliseconds rto,
                                          std::chrono::milliseconds wait);

/// A fresh transaction id, cryptographically random (RFC 5389 §6; OpenSSL RAND_bytes).
stun::TransactionId new_transaction_id();

/// An IPv4 transport address (from STUN) as the IPv6 endpoint under `pref64` (RFC 6052 §2.2), after
/// the allow-list and a rate-limit token; nullopt with the verdict set on `out` (error: nothing sent).
awaitable<std::optional<Endpoint>> synthesized_endpoint(CheckEnv& env, const Prefix& pref64,
                                                        const stun::TransportAddress& a,
                                                        const MessageRef& what, CheckOutcome& out);

/// Opens a UdpPort from env.net; nullptr with the verdict set on `out`.
std::unique_ptr<UdpPort> open_port(CheckEnv& env, const asio::any_io_executor& ex, CheckOutcome& out);

/// "cannot judge: <what>: <why>" as an error verdict (retryable when the server was silent).
void cannot_judge(CheckOutcome& out, const MessageRef& what, const StunOutcome& o,
                  const std::optional<std::string>& rfc);

/// Records the UDP 5-tuple `source` <-> `remote` as evidence (core/result.hpp Flow), once per check;
/// `source` as UdpPort::source_toward gives it (empty: the flow is named without its source).
void note_udp_flow(CheckResult& r, const std::optional<Endpoint>& source, const Endpoint& remote);

/// Records one transaction in observed["stun"] (a list) and its flows as evidence: the request's
/// 5-tuple, and the answer's when the server answered from another address or port (RFC 5780
/// CHANGE-REQUEST), so the analyzer cites exactly this check's datagrams.
void note_stun(CheckResult& r, const std::string& test, const UdpPort& port, const Endpoint& server,
               const StunOutcome& o);

}  // namespace v6r::probe::nat64
