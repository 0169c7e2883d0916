#include "core/root_cause_text.hpp"

#include <algorithm>
#include <map>

namespace v6r::rootcause {
namespace {

// clang-format off
const std::map<std::string, std::string, std::less<>>& table() {
  static const std::map<std::string, std::string, std::less<>> t{
    // titles: the cause in one line
    {"rootcause.title.resolver_unreachable", "The resolver {resolver} does not answer"},
    {"rootcause.title.nat64_down", "NAT64 does not forward: nothing under {prefix} answers"},
    {"rootcause.title.no_ipv6_route", "No IPv6 route: connections to IPv6 destinations leave no packet"},
    {"rootcause.title.pmtu_black_hole", "PMTU black hole: large packets are dropped and no Packet Too Big comes back"},
    {"rootcause.title.wrong_pref64", "DNS64 synthesizes under the wrong prefix (expected {expected})"},
    // evidence: one fact each
    {"rootcause.ev.resolver_unanswered", "{queries} DNS queries of {checks} checks to {resolver}, none answered in the capture"},
    {"rootcause.ev.resolver_answered_before", "{resolver} last answered {check}, before those queries; no answer after them"},
    {"rootcause.ev.resolver_never_answered", "no check got a DNS answer from {resolver}"},
    {"rootcause.ev.nat64_unanswered", "{syns} SYNs of {checks} checks to {addresses} address(es) under {prefix}, none answered by a SYN/ACK"},
    {"rootcause.ev.nat64_after", "no connection through NAT64 started after the first unanswered SYN ({check})"},
    {"rootcause.ev.nat64_native_works", "native IPv6 works: {check} connected to {address}"},
    {"rootcause.ev.no_route_silent", "{checks} checks to {destinations} IPv6 destinations sent no packet at all (no route)"},
    {"rootcause.ev.no_route_nothing_reached", "no check reached any IPv6 destination"},
    {"rootcause.ev.pmtu_stalled", "{check} connected to {address}, then full-size segments were retransmitted and no Packet Too Big came back"},
    {"rootcause.ev.pmtu_finding", "the capture's {rule} finding shows it (frames {frames})"},
    {"rootcause.ev.wrong_pref64_answers", "AAAA answers under another prefix than {expected}: {addresses}"},
    {"rootcause.ev.wrong_pref64_checks", "the checks' own DNS answers carry those addresses (frames {frames})"},
    // presentation (terminal, Markdown, HTML)
    {"rootcause.heading", "Root causes"},
    {"rootcause.explains", "explains {count} check(s)"},
    {"rootcause.term.cause", "cause ({severity}): {title} — explains {count} check(s)"},
    {"rootcause.evidence", "evidence: {fact}"},
  };
  return t;
}
// clang-format on

}  // namespace

findings::MessageRef message(std::string_view id, std::vector<findings::MessageArg> args) {
  return {std::string(id), std::move(args)};
}

bool known(std::string_view id) {
  return table().find(id) != table().end();
}

std::string english(const findings::MessageRef& m) {
  const auto it = table().find(m.id);
  if (it == table().end()) return "";
  const std::string& fmt = it->second;
  std::string out;
  out.reserve(fmt.size() + 32);
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    const auto close = fmt[i] == '{' ? fmt.find('}', i + 1) : std::string::npos;
    if (close != std::string::npos) {
      const std::string_view name(fmt.data() + i + 1, close - i - 1);
      const findings::MessageArg* arg = nullptr;
      for (const auto& a : m.args)
        if (a.name == name) arg = &a;
      if (arg != nullptr) {
        out += arg->value;
        i = close;
        continue;
      }
    }
    out += fmt[i];
  }
  return out;
}

std::string english(std::string_view id, std::vector<findings::MessageArg> args) {
  return english(message(id, std::move(args)));
}

std::string title(const findings::RootCause& rc) {
  return known(rc.title_message.id) ? english(rc.title_message) : rc.title;
}

std::vector<std::string> evidence(const findings::RootCause& rc) {
  std::vector<std::string> out;
  const bool all_known = rc.evidence_messages.size() == rc.evidence.size() &&
                         std::all_of(rc.evidence_messages.begin(), rc.evidence_messages.end(),
                                     [](const findings::MessageRef& m) { return known(m.id); });
  if (!all_known) return rc.evidence;
  for (const auto& m : rc.evidence_messages) out.push_back(english(m));
  return out;
}

}  // namespace v6r::rootcause
