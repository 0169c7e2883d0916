#pragma once
// Helpers shared by the dns64.* check kinds (discovery, synthesis, ptr): one DNS exchange within the
// attempt's Deadline recorded as evidence, turning a DNS outcome that is not an answer into a
// verdict, and collecting findings of different strength into one verdict (docs/architecture.md
// "Check kinds": MUST -> fail, SHOULD -> warn, MAY -> info, naming the RFC section).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/dns.hpp"
#include "core/ip.hpp"
#include "probes/check.hpp"
#include "probes/check_util.hpp"
#include "probes/net/deadline.hpp"

namespace v6r::probe::dns64 {

/// One query through env.dns (rate limited) with what is left of `deadline`, recorded in `r`
/// (resolver, DNS id, flow, timing `label`). An expired deadline gives a timeout outcome without
/// sending.
awaitable<DnsOutcome> ask(CheckEnv& env, CheckResult& r, const Deadline& deadline, const dns::Name& name,
                          dns::RrType type, QueryOptions opts, const std::string& label);

/// The verdict for an outcome that is not an answer: a malformed answer is `error` naming the parse
/// error; timeouts and network failures are `error` and retryable. `what` says which query
/// ("AAAA v4only.lab.test."). Nullopt when `o` is an answer.
std::optional<CheckOutcome> not_an_answer(CheckResult r, const DnsOutcome& o, const std::string& what);

/// A result built up over a check: the facts so far plus the final verdict fields.
CheckOutcome finish(CheckResult r, Verdict v, Msg reason, std::optional<std::string> rfc,
                    bool retryable = false);

/// One judged rule. The check's verdict is the most severe finding; its reason joins the reasons of
/// the findings with that verdict.
struct Finding {
  Verdict verdict = Verdict::pass;
  Msg reason;
  std::optional<std::string> rfc;
};

class Findings {
 public:
  void add(Verdict v, Msg reason, std::optional<std::string> rfc = std::nullopt) {
    list_.push_back(Finding{v, std::move(reason), std::move(rfc)});
  }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] const std::vector<Finding>& all() const { return list_; }
  /// Worst verdict (pass when empty).
  [[nodiscard]] Verdict worst() const;
  /// Sets verdict, reason and rfc of `r` from the findings; `pass_reason` when there are none above
  /// pass. Every finding is also listed in observed["findings"].
  CheckOutcome conclude(CheckResult r, const Msg& pass_reason,
                        const std::optional<std::string>& pass_rfc) const;

 private:
  std::vector<Finding> list_;
};

/// "a, b, c".
std::string join(const std::vector<std::string>& parts, const std::string& sep = ", ");
std::vector<std::string> texts(const std::vector<Ipv6Addr>& v);
std::vector<std::string> texts(const std::vector<Ipv4Addr>& v);
/// The names a PTR answer section points to (RDATA of PTR records), as text.
std::vector<std::string> ptr_targets(const dns::Message& m);
/// The RFC 3596 §2.5 reverse name of `a`: nibbles in reverse order under ip6.arpa.
dns::Name ip6_arpa_name(const Ipv6Addr& a);
/// The RFC 1035 §3.5 reverse name of `a` under in-addr.arpa.
dns::Name in_addr_arpa_name(const Ipv4Addr& a);
/// The text of a DNS name parameter as an absolute name (schema-validated, so it parses).
dns::Name param_name(const std::string& text);
/// The optional DNS name parameter `param` as an absolute name.
std::optional<dns::Name> optional_name(const scenario::ParamValues& v, std::string_view param);

}  // namespace v6r::probe::dns64
