#pragma once
// Every sentence a person reads about a root cause (analyzers/findings/root_causes.cpp and the
// renderers in reports/): one table, one entry per message, so the message catalogue (`--lang`) can take
// them over whole. Placeholders are {0}, {1}, ... in the order text() is given its arguments.
#include <initializer_list>
#include <string>
#include <string_view>

namespace v6r::rootcause {

enum class Msg {
  // titles (one line, the cause in words)
  title_resolver,
  title_nat64,
  title_no_route,
  title_pmtu,
  title_wrong_pref64,
  // evidence lines (one fact each)
  ev_resolver_unanswered,
  ev_resolver_answered_before,
  ev_resolver_never_answered,
  ev_nat64_unanswered,
  ev_nat64_after,
  ev_nat64_native_works,
  ev_no_route_silent,
  ev_no_route_nothing_reached,
  ev_pmtu_stalled,
  ev_pmtu_finding,
  ev_wrong_pref64_answers,
  ev_wrong_pref64_checks,
  // presentation (terminal, Markdown, HTML)
  heading,
  cause_label,
  explains,
  symptom_check,
  folded_finding,
  evidence_label,
};

struct Message {
  Msg id;
  std::string_view en;
};

// clang-format off
inline constexpr Message kMessages[] = {
    {Msg::title_resolver, "The resolver {0} does not answer"},
    {Msg::title_nat64, "NAT64 does not forward: nothing under {0} answers"},
    {Msg::title_no_route, "No IPv6 route: connections to IPv6 destinations leave no packet"},
    {Msg::title_pmtu, "PMTU black hole: large packets are dropped and no Packet Too Big comes back"},
    {Msg::title_wrong_pref64, "DNS64 synthesizes under the wrong prefix (expected {0})"},
    {Msg::ev_resolver_unanswered, "{0} DNS quer(ies) of {1} check(s) to {2}, none answered in the capture"},
    {Msg::ev_resolver_answered_before, "{0} answered until {1}, and no check after it"},
    {Msg::ev_resolver_never_answered, "no check got a DNS answer from {0}"},
    {Msg::ev_nat64_unanswered, "{0} SYN(s) of {1} check(s) to {2} address(es) under {3} never answered, no ICMPv6 error"},
    {Msg::ev_nat64_after, "no connection through NAT64 succeeded from {0} on"},
    {Msg::ev_nat64_native_works, "native IPv6 works: {0} connected to {1}"},
    {Msg::ev_no_route_silent, "{0} check(s) to {1} IPv6 destination(s) sent no packet at all (no route)"},
    {Msg::ev_no_route_nothing_reached, "no check reached any IPv6 destination"},
    {Msg::ev_pmtu_stalled, "{0} connected to {1}, then full-size segments were retransmitted and no Packet Too Big came back"},
    {Msg::ev_pmtu_finding, "the capture shows the black hole: {0}"},
    {Msg::ev_wrong_pref64_answers, "AAAA answers under another prefix than {0}: {1}"},
    {Msg::ev_wrong_pref64_checks, "the checks' own DNS answers carry those addresses (frames {0})"},
    {Msg::heading, "Root causes"},
    {Msg::cause_label, "cause"},
    {Msg::explains, "explains {0} check(s)"},
    {Msg::symptom_check, "{0} ({1}): {2}"},
    {Msg::folded_finding, "{0} {1}: {2}"},
    {Msg::evidence_label, "evidence"},
};
// clang-format on

/// The message with {0}, {1}, ... replaced by `args` (a placeholder without an argument stays as is).
std::string text(Msg m, std::initializer_list<std::string_view> args = {});

}  // namespace v6r::rootcause
