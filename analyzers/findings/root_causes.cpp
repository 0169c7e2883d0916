#include "analyzers/findings/root_causes.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analyzers/findings/rules.hpp"
#include "core/ip.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using findings::Cause;
using findings::CheckRow;
using findings::Finding;
using findings::MessageRef;
using findings::RootCause;
using findings::Severity;

/// A root-cause message (reports/i18n/<lang>.yaml "rootcause.*") with its named arguments.
MessageRef message(std::string_view id, std::vector<findings::MessageArg> args = {}) {
  return {std::string(id), std::move(args)};
}

/// At most this many frames are listed as a cause's evidence (the findings keep theirs).
constexpr std::size_t kMaxFrames = 32;

bool failed(const CheckRow& c) {
  return c.verdict == Verdict::fail || c.verdict == Verdict::error;
}

bool intersects(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::set<std::uint64_t> s(a.begin(), a.end());
  return std::any_of(b.begin(), b.end(), [&](std::uint64_t f) { return s.count(f) != 0; });
}

std::string frames_text(const std::vector<std::uint64_t>& frames) {
  std::string s;
  for (std::size_t i = 0; i < frames.size() && i < 8; ++i) s += (i ? ", " : "") + std::to_string(frames[i]);
  if (frames.size() > 8) s += ", …";
  return s;
}

std::string list_text(const std::vector<std::string>& v, std::size_t max = 4) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) s += (i ? ", " : "") + v[i];
  if (v.size() > max) s += ", …";
  return s;
}

/// The IPv6 remote addresses of a row (the resolver is not among them).
std::vector<IpAddr> remote_v6(const CheckRow& c) {
  std::vector<IpAddr> out;
  for (const auto& a : c.addresses.remote)
    if (auto ip = IpAddr::parse(a); ip && ip->is_v6()) out.push_back(*ip);
  return out;
}

/// Severity order for "the worst of what it folds": fail, then warn, then info.
int rank(Severity s) {
  return s == Severity::fail ? 2 : s == Severity::warn ? 1 : 0;
}

class Grouper {
 public:
  Grouper(const findings::Site& site, const std::vector<WireFacts>& wire,
          const std::map<std::string, std::vector<std::uint64_t>>& wrong_prefix_answers)
      : site_(site), wire_(wire), wrong_prefix_answers_(wrong_prefix_answers) {
    claimed_.assign(site.checks.size(), false);
  }

  /// The capture facts of row i, or nullptr when there are none or the capture was partial.
  [[nodiscard]] const WireFacts* facts(std::size_t i) const {
    if (i >= wire_.size() || !wire_[i].whole) return nullptr;
    return &wire_[i];
  }
  [[nodiscard]] bool free(std::size_t i) const { return !claimed_[i]; }

  /// Emits the cause over rows `rows` (claimed from now on), folding their findings and the site-wide
  /// capture findings of `rules` whose frames all belong to those rows (or `extra` findings by id).
  void emit(Cause cause, MessageRef title, std::vector<MessageRef> evidence,
            std::vector<std::string> addresses, std::vector<std::size_t> rows,
            std::vector<std::string_view> rules, std::vector<std::string> extra,
            std::vector<std::uint64_t> cause_frames) {
    std::sort(rows.begin(), rows.end(),
              [&](std::size_t a, std::size_t b) { return site_.checks[a].seq < site_.checks[b].seq; });
    RootCause rc;
    rc.cause = cause;
    rc.title = root_cause_english(title);
    for (const auto& e : evidence) rc.evidence.push_back(root_cause_english(e));
    rc.title_message = std::move(title);
    rc.evidence_messages = std::move(evidence);
    rc.addresses = std::move(addresses);
    std::set<std::string> ids;
    std::set<std::uint64_t> row_frames;
    for (auto i : rows) {
      claimed_[i] = true;
      rc.checks.push_back(site_.checks[i].check_id);
      ids.insert(site_.checks[i].check_id);
      row_frames.insert(site_.checks[i].frames.begin(), site_.checks[i].frames.end());
    }
    int worst = -1;
    for (const Finding& f : site_.findings) {
      bool fold = std::find(extra.begin(), extra.end(), f.id) != extra.end();
      if (!fold && f.check_id && ids.count(*f.check_id) != 0)
        fold = f.source != findings::Source::capture || f.rule == rule::kProvoked;
      if (!fold && !f.check_id && !f.evidence.frames.empty() &&
          std::find(rules.begin(), rules.end(), f.rule) != rules.end())
        fold = std::all_of(f.evidence.frames.begin(), f.evidence.frames.end(),
                           [&](std::uint64_t fr) { return row_frames.count(fr) != 0; });
      if (!fold) continue;
      rc.findings.push_back(f.id);
      worst = std::max(worst, rank(f.severity));
    }
    rc.severity = worst >= 2 ? Severity::fail : worst == 1 ? Severity::warn : Severity::info;
    std::sort(cause_frames.begin(), cause_frames.end());
    cause_frames.erase(std::unique(cause_frames.begin(), cause_frames.end()), cause_frames.end());
    if (cause_frames.size() > kMaxFrames) cause_frames.resize(kMaxFrames);
    rc.frames = std::move(cause_frames);
    out_.push_back(std::move(rc));
  }

  void wrong_pref64();
  void resolver_unreachable();
  void no_ipv6_route();
  void nat64_down();
  void pmtu_black_hole();

  std::vector<RootCause> take() { return std::move(out_); }

 private:
  const findings::Site& site_;
  const std::vector<WireFacts>& wire_;
  const std::map<std::string, std::vector<std::uint64_t>>& wrong_prefix_answers_;
  std::vector<bool> claimed_;
  std::vector<RootCause> out_;
};

/// DNS64 under the wrong Pref64::/n (RFC 6147 §5.2, RFC 6052 §2.2): the capture saw AAAA answers under
/// a Pref64::/n other than the expected one (finding dns64.unexpected_prefix), and a check that did not
/// pass received one of those very answers (its own DNS frames are among the capture's answers under
/// that prefix: all of them, not only the first 16 the finding cites, so a check's grouping does not
/// depend on how many other checks asked first). A check whose answers were all under the expected
/// prefix is not grouped, whatever it says.
void Grouper::wrong_pref64() {
  if (!site_.bundle.expected_pref64) return;
  const std::string& expected = site_.bundle.expected_pref64->prefix;
  for (const Finding& f : site_.findings) {
    if (f.rule != rule::kUnexpectedPrefix || f.evidence.frames.empty()) continue;
    const std::vector<std::uint64_t>* answers = &f.evidence.frames;
    if (f.explanation_message)
      for (const auto& a : f.explanation_message->args)
        if (a.name == "prefix")
          if (auto it = wrong_prefix_answers_.find(a.value); it != wrong_prefix_answers_.end())
            answers = &it->second;
    const std::set<std::uint64_t> answer_set(answers->begin(), answers->end());
    std::vector<std::size_t> rows;
    std::vector<std::uint64_t> seen;
    for (std::size_t i = 0; i < site_.checks.size(); ++i) {
      const CheckRow& c = site_.checks[i];
      if (!free(i) || c.verdict == Verdict::pass || c.verdict == Verdict::skipped ||
          c.verdict == Verdict::info)
        continue;
      if (!intersects(*answers, c.frames)) continue;
      rows.push_back(i);
      for (auto fr : c.frames)
        if (answer_set.count(fr) != 0) seen.push_back(fr);
    }
    if (rows.empty()) continue;
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    std::vector<MessageRef> ev{message("rootcause.ev.wrong_pref64_answers",
                                       {{"expected", expected}, {"addresses", list_text(f.addresses)}}),
                               message("rootcause.ev.wrong_pref64_checks", {{"frames", frames_text(seen)}})};
    emit(Cause::wrong_pref64, message("rootcause.title.wrong_pref64", {{"expected", expected}}),
         std::move(ev), {expected}, std::move(rows), {rule::kHandshakeFailed}, {f.id}, f.evidence.frames);
  }
}

/// The resolver does not answer (RFC 1035 §4.2.1): per resolver address, at least two checks that did
/// not pass sent DNS queries to it and none got a response in the capture, and the capture holds no
/// response to any check's query after the first of those unanswered queries (the capture's frame order
/// is time order; checks run concurrently, so their order in the run says nothing). A resolver that
/// answers a later query is losing packets or failing one name, not down: not grouped. Responses
/// before it are allowed (a resolver that went down during the run); the evidence names the check that
/// got the last of them.
void Grouper::resolver_unreachable() {
  std::map<std::string, std::vector<std::size_t>> by_resolver;
  for (std::size_t i = 0; i < site_.checks.size(); ++i)
    if (site_.checks[i].addresses.resolver && !site_.checks[i].addresses.resolver->empty())
      by_resolver[*site_.checks[i].addresses.resolver].push_back(i);
  for (const auto& [resolver, idx] : by_resolver) {
    std::vector<std::size_t> rows;
    std::uint64_t first_unanswered = UINT64_MAX;
    std::uint32_t queries = 0;
    for (auto i : idx) {
      const WireFacts* w = facts(i);
      if (!free(i) || !failed(site_.checks[i]) || w == nullptr || w->dns_queries == 0 ||
          w->dns_responses != 0)
        continue;
      rows.push_back(i);
      queries += w->dns_queries;
      first_unanswered = std::min(first_unanswered, w->first_unanswered_query);
    }
    if (rows.size() < 2 || first_unanswered == UINT64_MAX) continue;
    const CheckRow* last_answered = nullptr;
    std::uint64_t last_frame = 0;
    bool answered_after = false;
    for (auto i : idx) {
      if (i >= wire_.size() || wire_[i].dns_responses == 0) continue;
      if (wire_[i].last_dns_response > first_unanswered) {
        answered_after = true;
      } else if (wire_[i].last_dns_response >= last_frame) {
        last_frame = wire_[i].last_dns_response;
        last_answered = &site_.checks[i];
      }
    }
    if (answered_after) continue;
    std::vector<std::uint64_t> frames;
    for (auto i : rows)
      frames.insert(frames.end(), site_.checks[i].frames.begin(), site_.checks[i].frames.end());
    std::vector<MessageRef> ev{
        message("rootcause.ev.resolver_unanswered", {{"queries", std::to_string(queries)},
                                                     {"checks", std::to_string(rows.size())},
                                                     {"resolver", resolver}})};
    ev.push_back(last_answered ? message("rootcause.ev.resolver_answered_before",
                                         {{"resolver", resolver}, {"check", last_answered->check_id}})
                               : message("rootcause.ev.resolver_never_answered", {{"resolver", resolver}}));
    emit(Cause::resolver_unreachable,
         message("rootcause.title.resolver_unreachable", {{"resolver", resolver}}), std::move(ev), {resolver},
         std::move(rows), {rule::kUnanswered}, {}, std::move(frames));
  }
}

/// No IPv6 route: at least two checks that did not pass, to at least two IPv6 destinations, named flows
/// of which not one packet is in a whole capture (connect failed before sending: no route), and no check
/// reached any IPv6 destination. One reachable IPv6 destination shows a route: not grouped.
void Grouper::no_ipv6_route() {
  std::vector<std::size_t> rows;
  std::set<std::string> dests;
  for (std::size_t i = 0; i < site_.checks.size(); ++i) {
    const auto& c = site_.checks[i];
    const auto v6 = remote_v6(c);
    if (v6.empty()) continue;
    const bool reached = c.verdict == Verdict::pass || (i < wire_.size() && wire_[i].handshakes > 0);
    if (reached) return;
    const WireFacts* w = facts(i);
    if (!free(i) || !failed(c) || w == nullptr || w->silent_flows == 0 || w->syn_unanswered != 0) continue;
    rows.push_back(i);
    for (const auto& a : v6) dests.insert(a.to_string());
  }
  if (rows.size() < 2 || dests.size() < 2) return;
  std::vector<MessageRef> ev{
      message("rootcause.ev.no_route_silent",
              {{"checks", std::to_string(rows.size())}, {"destinations", std::to_string(dests.size())}}),
      message("rootcause.ev.no_route_nothing_reached")};
  emit(Cause::no_ipv6_route, message("rootcause.title.no_ipv6_route"), std::move(ev), {}, std::move(rows), {},
       {}, {});
}

/// NAT64 does not forward (RFC 6146 §3): at least two checks that did not pass sent SYNs to addresses
/// under the site's expected Pref64::/n and not one was answered (no SYN/ACK in the capture), no
/// connection through NAT64 started after the first of those SYNs (capture frame order; a check that
/// passed through NAT64 without a handshake in the capture cannot be placed in time, so it counts as
/// one), and native IPv6 works (a check connected to an IPv6 address outside the Pref64::/n). Without a
/// working native path the IPv6 route itself may be down: not grouped.
void Grouper::nat64_down() {
  if (!site_.bundle.expected_pref64) return;
  const auto pref = Prefix::parse(site_.bundle.expected_pref64->prefix);
  if (!pref) return;
  std::vector<std::size_t> rows, under;
  std::set<std::string> dests;
  std::uint64_t first_syn = UINT64_MAX;
  std::uint32_t syns = 0;
  std::vector<std::uint64_t> frames;
  const CheckRow* native = nullptr;
  std::string native_dest;
  std::string first_id;
  for (std::size_t i = 0; i < site_.checks.size(); ++i) {
    const auto& c = site_.checks[i];
    bool in_pref = false;
    for (const auto& a : remote_v6(c)) {
      if (pref->contains(a)) {
        in_pref = true;
      } else if (native == nullptr && i < wire_.size() && wire_[i].handshakes > 0) {
        native = &c;
        native_dest = a.to_string();
      }
    }
    if (!in_pref) continue;
    under.push_back(i);
    const WireFacts* w = facts(i);
    if (!free(i) || !failed(c) || w == nullptr || w->syn_unanswered == 0 || w->handshakes != 0) continue;
    rows.push_back(i);
    syns += w->syn_unanswered;
    if (w->first_unanswered_syn < first_syn) {
      first_syn = w->first_unanswered_syn;
      first_id = c.check_id;
    }
    frames.insert(frames.end(), c.frames.begin(), c.frames.end());
    for (const auto& a : remote_v6(c))
      if (pref->contains(a)) dests.insert(a.to_string());
  }
  if (rows.size() < 2 || native == nullptr || first_syn == UINT64_MAX) return;
  for (auto i : under) {
    const bool handshake = i < wire_.size() && wire_[i].handshakes > 0;
    if (handshake && wire_[i].last_handshake_start > first_syn) return;
    if (!handshake && site_.checks[i].verdict == Verdict::pass) return;
  }
  const std::string p = pref->to_string();
  std::vector<MessageRef> ev{
      message("rootcause.ev.nat64_unanswered", {{"syns", std::to_string(syns)},
                                                {"checks", std::to_string(rows.size())},
                                                {"addresses", std::to_string(dests.size())},
                                                {"prefix", p}}),
      message("rootcause.ev.nat64_after", {{"check", first_id}}),
      message("rootcause.ev.nat64_native_works", {{"check", native->check_id}, {"address", native_dest}})};
  emit(Cause::nat64_down, message("rootcause.title.nat64_down", {{"prefix", p}}), std::move(ev), {p},
       std::move(rows), {rule::kHandshakeFailed}, {}, std::move(frames));
}

/// PMTU black hole (RFC 8201 §4, RFC 4821): a check that did not pass connected (handshake in the
/// capture) and then the capture shows full-size segments retransmitted with no Packet Too Big, on its
/// own deliberate flow or among the frames of the site's pmtu.black_hole finding. A check that never
/// connected is not grouped here.
void Grouper::pmtu_black_hole() {
  const Finding* hole = nullptr;
  for (const Finding& f : site_.findings)
    if (f.rule == rule::kPmtuBlackHole && !f.check_id) hole = &f;
  std::vector<std::size_t> rows;
  std::vector<MessageRef> ev;
  std::vector<std::uint64_t> frames;
  for (std::size_t i = 0; i < site_.checks.size(); ++i) {
    const auto& c = site_.checks[i];
    const WireFacts* w = facts(i);
    if (!free(i) || !failed(c) || w == nullptr || w->handshakes == 0) continue;
    const bool shown = w->black_hole || (hole != nullptr && intersects(hole->evidence.frames, c.frames));
    if (!shown) continue;
    rows.push_back(i);
    const auto v6 = remote_v6(c);
    ev.push_back(
        message("rootcause.ev.pmtu_stalled",
                {{"check", c.check_id}, {"address", v6.empty() ? c.target : v6.front().to_string()}}));
    frames.insert(frames.end(), w->black_hole_frames.begin(), w->black_hole_frames.end());
  }
  if (rows.empty()) return;
  if (hole != nullptr) {
    ev.push_back(message("rootcause.ev.pmtu_finding", {{"rule", std::string(rule::kPmtuBlackHole)},
                                                       {"frames", frames_text(hole->evidence.frames)}}));
    frames.insert(frames.end(), hole->evidence.frames.begin(), hole->evidence.frames.end());
  }
  emit(Cause::pmtu_black_hole, message("rootcause.title.pmtu_black_hole"), std::move(ev), {}, std::move(rows),
       {rule::kPmtuBlackHole, rule::kRetransmissions}, {}, std::move(frames));
}

}  // namespace

std::string root_cause_english(const findings::MessageRef& m) {
  return i18n::english(m);
}

std::vector<RootCause> find_root_causes(
    const findings::Site& site, const std::vector<WireFacts>& wire,
    const std::map<std::string, std::vector<std::uint64_t>>& wrong_prefix_answers) {
  Grouper g(site, wire, wrong_prefix_answers);
  // Most specific first: a wrong prefix explains connection failures to its addresses too.
  g.wrong_pref64();
  g.resolver_unreachable();
  g.no_ipv6_route();
  g.nat64_down();
  g.pmtu_black_hole();
  return g.take();
}

}  // namespace v6r::analyze
