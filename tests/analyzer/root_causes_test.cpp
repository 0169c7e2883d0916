// Root causes (analyzers/findings/root_causes.hpp) over typed sites: each cause on the symptoms the lab's
// faults leave, and the cases that must not be grouped (a resolver that answers elsewhere or later, a
// NAT64 that forwards another check, no working native path, a partial capture, a check whose answers
// were under the expected prefix).
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/findings/root_causes.hpp"
#include "analyzers/findings/rules.hpp"
#include "core/findings.hpp"
#include "core/i18n.hpp"
#include "reports/root_cause_text.hpp"

using namespace v6r;
using namespace v6r::analyze;
using findings::Cause;
using findings::CheckRow;
using findings::Finding;
using findings::Severity;
using findings::Site;
using findings::Source;

namespace {

constexpr const char* kResolver = "2001:db8:1::53";
constexpr const char* kPref64 = "2001:db8:64::/96";
constexpr const char* kSynth = "2001:db8:64::c000:20a";
constexpr const char* kNative = "2001:db8:20::11";

struct Builder {
  Site site;
  std::vector<WireFacts> wire;

  Builder() {
    site.site = "province/district-a/commune-x";
    site.bundle.expected_pref64 = findings::ExpectedPref64{kPref64, "scenario expect.pref64"};
  }

  /// A check row with its capture facts; a finding of its own when it did not pass.
  CheckRow& check(const std::string& id, const std::string& kind, Verdict v,
                  std::vector<std::uint64_t> frames, WireFacts w, std::vector<std::string> remote = {},
                  const char* resolver = kResolver) {
    CheckRow c;
    c.check_id = id;
    c.kind = kind;
    c.target = id + ".lab.test";
    c.verdict = v;
    c.reason = v == Verdict::pass ? "" : "crafted " + std::string(to_string(v));
    c.seq = site.checks.size() + 1;
    if (resolver != nullptr) c.addresses.resolver = resolver;
    c.addresses.remote = std::move(remote);
    c.frames = std::move(frames);
    w.whole = true;
    // Where in the capture (frame order = time order) the facts lie, unless the test placed them: a
    // check's first frame starts its flows and queries, its last one holds its last response.
    if (!c.frames.empty()) {
      if (w.dns_queries > 0 && w.dns_responses == 0 && w.first_unanswered_query == UINT64_MAX)
        w.first_unanswered_query = c.frames.front();
      if (w.dns_responses > 0 && w.last_dns_response == 0) w.last_dns_response = c.frames.back();
      if (w.syn_unanswered > 0 && w.first_unanswered_syn == UINT64_MAX)
        w.first_unanswered_syn = c.frames.front();
      if (w.handshakes > 0 && w.last_handshake_start == 0) w.last_handshake_start = c.frames.front();
    }
    site.checks.push_back(c);
    wire.push_back(w);
    if (v == Verdict::fail || v == Verdict::warn || v == Verdict::error)
      finding(kind, v == Verdict::fail ? Severity::fail : Severity::warn, Source::probe,
              site.checks.back().frames, id);
    return site.checks.back();
  }
  Finding& finding(std::string_view rule, Severity sev, Source src, std::vector<std::uint64_t> frames,
                   std::optional<std::string> check_id = std::nullopt, std::vector<std::string> addrs = {}) {
    Finding f;
    f.id = site.site + "#" + std::to_string(site.findings.size() + 1);
    f.rule = std::string(rule);
    f.severity = sev;
    f.title = f.rule;
    f.explanation = "crafted " + f.rule;
    f.source = src;
    f.check_id = std::move(check_id);
    f.addresses = std::move(addrs);
    f.evidence.frames = std::move(frames);
    site.findings.push_back(f);
    return site.findings.back();
  }
  /// The root causes, each checked to render from its messages in every language (the analyzer's ids
  /// and arguments are those of the catalogues, reports/i18n/*.yaml) and to carry that English.
  std::map<std::string, std::vector<std::uint64_t>> wrong_prefix_answers;
  [[nodiscard]] std::vector<findings::RootCause> causes() const {
    auto out = find_root_causes(site, wire, wrong_prefix_answers);
    for (const auto& rc : out) expect_renders(rc);
    return out;
  }
  static void expect_renders(const findings::RootCause& rc) {
    using v6r::i18n::Catalog;
    using v6r::i18n::Lang;
    const auto& en = Catalog::get(Lang::en);
    const auto& vi = Catalog::get(Lang::vi);
    std::vector<findings::MessageRef> all{rc.title_message};
    all.insert(all.end(), rc.evidence_messages.begin(), rc.evidence_messages.end());
    ASSERT_EQ(rc.evidence_messages.size(), rc.evidence.size());
    for (const auto& m : all) {
      const auto e = v6r::report::root_cause_message(en, m);
      const auto v = v6r::report::root_cause_message(vi, m);
      ASSERT_TRUE(e && v) << m.id << ": not in both catalogues, or an argument is missing";
      EXPECT_NE(*e, *v) << m.id << " is not translated";
      EXPECT_EQ(v->find('{'), std::string::npos) << *v;
    }
    EXPECT_EQ(v6r::report::root_cause_title(en, rc), rc.title);
    EXPECT_EQ(v6r::report::root_cause_evidence(en, rc), rc.evidence);
  }
};

WireFacts dns(std::uint32_t q, std::uint32_t r) {
  WireFacts w;
  w.dns_queries = q;
  w.dns_responses = r;
  return w;
}
WireFacts tcp(std::uint32_t syn_unanswered, std::uint32_t handshakes, std::uint32_t dq = 1,
              std::uint32_t dr = 1) {
  WireFacts w = dns(dq, dr);
  w.tcp_flows = std::max<std::uint32_t>(syn_unanswered + handshakes, 1);
  w.syn_unanswered = syn_unanswered;
  w.handshakes = handshakes;
  return w;
}

std::vector<std::string> ids(const std::vector<std::string>& v) {
  auto out = v;
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RootCauses, TheAnalyzersEnglishIsTheCataloguesEnglish) {
  // findings.json's title and evidence come from the analyzer's own table (analyzers may not use the
  // catalogue in reports/); every title and evidence message of reports/i18n/en.yaml reads the same there.
  const auto& en = v6r::i18n::Catalog::get(v6r::i18n::Lang::en);
  int n = 0;
  for (const auto& [id, text] : en.messages()) {
    if (!id.starts_with("rootcause.title.") && !id.starts_with("rootcause.ev.")) continue;
    findings::MessageRef m{id, {}};
    for (const auto& p : v6r::i18n::placeholders(text)) m.args.push_back({p, "<" + p + ">"});
    EXPECT_EQ(root_cause_english(m), *v6r::report::root_cause_message(en, m)) << id;
    ++n;
  }
  EXPECT_EQ(n, 17);
}

// ---- the resolver does not answer ----------------------------------------------------------------

TEST(RootCauses, ResolverThatAnswersNothingExplainsEveryCheckThatAskedIt) {
  Builder b;
  b.check("synth", "dns64.synthesis", Verdict::fail, {1, 2}, dns(2, 0));
  b.check("nat64", "nat64.tcp", Verdict::fail, {3, 4}, dns(2, 0));
  b.check("native", "service.tcp", Verdict::error, {5}, dns(1, 0));
  b.check("literal", "nat64.tcp", Verdict::pass, {6, 7, 8}, tcp(0, 1, 0, 0), {kSynth}, nullptr);
  b.finding(v6r::analyze::rule::kUnanswered, Severity::warn, Source::capture, {1, 2, 3, 4, 5});
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].cause, Cause::resolver_unreachable);
  EXPECT_EQ(c[0].severity, Severity::fail);
  EXPECT_EQ(c[0].checks, (std::vector<std::string>{"synth", "nat64", "native"}));
  EXPECT_EQ(c[0].addresses, (std::vector<std::string>{kResolver}));
  // the three probe findings and the capture's dns.unanswered (its frames are those checks' queries)
  EXPECT_EQ(c[0].findings.size(), 4u);
  EXPECT_NE(c[0].title.find(kResolver), std::string::npos);
  ASSERT_EQ(c[0].evidence.size(), 2u);
  EXPECT_NE(c[0].evidence[0].find("5 DNS queries of 3 checks"), std::string::npos) << c[0].evidence[0];
  EXPECT_NE(c[0].evidence[1].find("no check got a DNS answer"), std::string::npos) << c[0].evidence[1];
  EXPECT_EQ(c[0].frames, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
}

TEST(RootCauses, ResolverThatStoppedAnsweringMidRunNamesTheLastAnsweredCheck) {
  Builder b;
  b.check("pre.synth", "dns64.synthesis", Verdict::pass, {1, 2}, dns(1, 1));
  b.check("post.synth", "dns64.synthesis", Verdict::fail, {3}, dns(1, 0));
  b.check("post.tcp", "nat64.tcp", Verdict::fail, {4}, dns(1, 0));
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].checks, (std::vector<std::string>{"post.synth", "post.tcp"}));
  EXPECT_NE(c[0].evidence[1].find("last answered pre.synth"), std::string::npos) << c[0].evidence[1];
}

TEST(RootCauses, OneDnsFailureWithAWorkingResolverElsewhereIsNotGrouped) {
  Builder b;
  b.check("a", "dns64.synthesis", Verdict::fail, {1}, dns(1, 0), {}, "2001:db8:2::53");
  b.check("b", "dns64.synthesis", Verdict::pass, {2, 3}, dns(1, 1));
  b.check("c", "nat64.tcp", Verdict::pass, {4, 5}, tcp(0, 1), {kSynth});
  EXPECT_TRUE(b.causes().empty());
}

TEST(RootCauses, ResolverThatAnswersALaterQueryIsNotDown) {
  Builder b;
  b.check("a", "dns64.synthesis", Verdict::fail, {1}, dns(1, 0));
  b.check("b", "dns64.synthesis", Verdict::fail, {2}, dns(1, 0));
  b.check("c", "dns64.synthesis", Verdict::pass, {3, 4}, dns(1, 1));  // after them: packet loss, not down
  EXPECT_TRUE(b.causes().empty());
}

TEST(RootCauses, ResolverThatAnswersAnEarlierStartedCheckLaterIsNotDown) {
  // Checks run concurrently: "a" started first, but its answer came after "b"'s and "c"'s queries went
  // unanswered (frame 9 > 3): the resolver was up then.
  Builder b;
  b.check("a", "dns64.synthesis", Verdict::pass, {1, 9}, dns(1, 1));
  b.check("b", "dns64.synthesis", Verdict::fail, {3}, dns(1, 0));
  b.check("c", "dns64.synthesis", Verdict::fail, {4}, dns(1, 0));
  EXPECT_TRUE(b.causes().empty());
  // The same answer before their queries (frame 2): the resolver went down during the run.
  Builder d;
  d.check("a", "dns64.synthesis", Verdict::pass, {1, 2}, dns(1, 1));
  d.check("b", "dns64.synthesis", Verdict::fail, {3}, dns(1, 0));
  d.check("c", "dns64.synthesis", Verdict::fail, {4}, dns(1, 0));
  ASSERT_EQ(d.causes().size(), 1u);
}

TEST(RootCauses, FailuresWithAnAnswerOrWithoutACompleteCaptureAreNotTheResolver) {
  Builder b;
  b.check("a", "dns64.synthesis", Verdict::fail, {1, 2}, dns(1, 1));  // answered, and wrong
  b.check("b", "dns64.synthesis", Verdict::fail, {3}, dns(1, 0));
  b.check("c", "dns64.synthesis", Verdict::fail, {4}, dns(1, 0));
  b.wire[2].whole = false;  // a partial capture cannot show an absence
  EXPECT_TRUE(b.causes().empty());
}

// ---- NAT64 does not forward ----------------------------------------------------------------------

TEST(RootCauses, Nat64DownGroupsTheUnansweredSynsUnderThePrefix) {
  Builder b;
  b.check("synth", "dns64.synthesis", Verdict::pass, {1, 2}, dns(1, 1));
  b.check("nat64.tcp", "nat64.tcp", Verdict::fail, {3, 4, 5, 6}, tcp(1, 0), {kSynth});
  b.check("nat64.literal", "nat64.tcp", Verdict::fail, {7, 8}, tcp(1, 0, 0, 0), {kSynth}, nullptr);
  b.check("native", "service.tcp", Verdict::pass, {9, 10, 11}, tcp(0, 1), {kNative});
  b.finding(v6r::analyze::rule::kHandshakeFailed, Severity::warn, Source::capture, {5, 7});
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].cause, Cause::nat64_down);
  EXPECT_EQ(c[0].checks, (std::vector<std::string>{"nat64.tcp", "nat64.literal"}));
  EXPECT_EQ(c[0].findings.size(), 3u);  // two probe fails and tcp.handshake_failed
  EXPECT_EQ(c[0].addresses, (std::vector<std::string>{kPref64}));
  EXPECT_NE(c[0].evidence[2].find("native IPv6 works: native connected to 2001:db8:20::11"),
            std::string::npos)
      << c[0].evidence[2];
}

TEST(RootCauses, Nat64ThatForwardsAnotherCheckIsNotDown) {
  Builder b;
  b.check("nat64.a", "nat64.tcp", Verdict::fail, {3, 4}, tcp(1, 0), {kSynth});
  b.check("nat64.b", "nat64.tcp", Verdict::fail, {5, 6}, tcp(1, 0), {"2001:db8:64::c000:20b"});
  b.check("nat64.c", "nat64.tcp", Verdict::pass, {7, 8, 9}, tcp(0, 1), {"2001:db8:64::c000:20c"});
  b.check("native", "service.tcp", Verdict::pass, {10, 11, 12}, tcp(0, 1), {kNative});
  EXPECT_TRUE(b.causes().empty());
}

TEST(RootCauses, Nat64ConnectionStartedAfterTheFirstUnansweredSynIsNotDown) {
  // "nat64.c" is earlier in the run but its handshake started after "nat64.a"'s SYN went unanswered.
  Builder b;
  b.check("nat64.c", "nat64.tcp", Verdict::pass, {1, 8, 9}, tcp(0, 1), {"2001:db8:64::c000:20c"});
  b.wire.back().last_handshake_start = 8;
  b.check("nat64.a", "nat64.tcp", Verdict::fail, {3, 4}, tcp(1, 0), {kSynth});
  b.check("nat64.b", "nat64.tcp", Verdict::fail, {5, 6}, tcp(1, 0), {"2001:db8:64::c000:20b"});
  b.check("native", "service.tcp", Verdict::pass, {10, 11, 12}, tcp(0, 1), {kNative});
  EXPECT_TRUE(b.causes().empty());
  // A check that passed through NAT64 with no handshake in the capture cannot be placed in time.
  Builder d;
  d.check("nat64.a", "nat64.tcp", Verdict::fail, {3, 4}, tcp(1, 0), {kSynth});
  d.check("nat64.b", "nat64.tcp", Verdict::fail, {5, 6}, tcp(1, 0), {"2001:db8:64::c000:20b"});
  d.check("nat64.c", "nat64.tcp", Verdict::pass, {}, WireFacts{}, {"2001:db8:64::c000:20c"});
  d.check("native", "service.tcp", Verdict::pass, {10, 11, 12}, tcp(0, 1), {kNative});
  EXPECT_TRUE(d.causes().empty());
}

TEST(RootCauses, Nat64FailuresWithoutAWorkingNativePathAreNotCalledNat64) {
  Builder b;
  b.check("nat64.a", "nat64.tcp", Verdict::fail, {3, 4}, tcp(1, 0), {kSynth});
  b.check("nat64.b", "nat64.tcp", Verdict::fail, {5, 6}, tcp(1, 0), {kSynth});
  EXPECT_TRUE(b.causes().empty());  // the IPv6 path itself may be down
}

// ---- DNS64 under the wrong prefix ----------------------------------------------------------------

TEST(RootCauses, WrongPref64GroupsTheChecksThatReceivedAnAnswerUnderIt) {
  Builder b;
  b.check("dns64.discovery", "dns64.discovery", Verdict::fail, {1, 2}, dns(1, 1));
  b.check("synth.v4only", "dns64.synthesis", Verdict::fail, {3, 4}, dns(1, 1));
  b.check("synth.mapped", "dns64.synthesis", Verdict::warn, {5, 6}, dns(1, 1));  // ::ffff: not the prefix
  b.check("service.tcp", "service.tcp", Verdict::fail, {7, 8}, dns(1, 1), {"2001:db8:65::c000:20a"});
  b.check("native", "service.tcp", Verdict::pass, {9, 10, 11}, tcp(0, 1), {kNative});
  b.finding(v6r::analyze::rule::kUnexpectedPrefix, Severity::fail, Source::capture, {2, 4, 8}, std::nullopt,
            {"2001:db8:65::c000:aa", "2001:db8:65::c000:20a"});
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].cause, Cause::wrong_pref64);
  EXPECT_EQ(c[0].checks, (std::vector<std::string>{"dns64.discovery", "synth.v4only", "service.tcp"}));
  EXPECT_NE(c[0].title.find(std::string("expected ") + kPref64), std::string::npos) << c[0].title;
  // the three probe fails and dns64.unexpected_prefix; the mapped warning stays outside
  EXPECT_EQ(c[0].findings.size(), 4u);
  const std::string mapped_finding = b.site.findings[2].id;
  EXPECT_EQ(std::count(c[0].findings.begin(), c[0].findings.end(), mapped_finding), 0);
  EXPECT_NE(c[0].evidence[0].find("2001:db8:65::c000:aa"), std::string::npos) << c[0].evidence[0];
}

// The finding cites the first 16 answers under the wrong prefix; a check whose answer came later (more
// checks asked the same name first: the lab's brokendns64 with the real-time checks) is still grouped,
// from every answer the capture saw under that prefix. Without them it would be left out.
TEST(RootCauses, WrongPref64GroupsACheckWhoseAnswerTheFindingDoesNotCite) {
  Builder b;
  std::vector<std::uint64_t> cited;
  for (std::uint64_t f = 2; f <= 32; f += 2) cited.push_back(f);  // 16 answers
  for (std::uint64_t f = 1; f <= 31; f += 2)
    b.check("synth." + std::to_string(f), "dns64.synthesis", Verdict::fail, {f, f + 1}, dns(1, 1));
  b.check("service.tcp", "service.tcp", Verdict::fail, {40, 41, 42}, dns(1, 1), {"2001:db8:65::c000:20a"});
  b.check("service.other", "service.tcp", Verdict::fail, {50, 51}, dns(1, 1));
  auto& f = b.finding(v6r::analyze::rule::kUnexpectedPrefix, Severity::fail, Source::capture, cited,
                      std::nullopt, {"2001:db8:65::c000:20a"});
  f.explanation_message = findings::MessageRef{"explain.unexpected_prefix", {{"prefix", "2001:db8:65::/96"}}};
  {
    const auto c = b.causes();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(std::count(c[0].checks.begin(), c[0].checks.end(), "service.tcp"), 0)
        << "only the cited answers";
  }
  auto all = cited;
  all.push_back(41);
  b.wrong_prefix_answers["2001:db8:65::/96"] = all;
  b.wrong_prefix_answers["2001:db8:66::/96"] = {51};  // another prefix's answers do not count here
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].checks.size(), 17u);
  EXPECT_EQ(c[0].checks.back(), "service.tcp");
  EXPECT_EQ(std::count(c[0].checks.begin(), c[0].checks.end(), "service.other"), 0);
  EXPECT_LE(c[0].frames.size(), 32u);
}

TEST(RootCauses, NoUnexpectedPrefixFindingNoWrongPref64) {
  Builder b;
  b.check("synth.v4only", "dns64.synthesis", Verdict::fail, {3, 4}, dns(1, 1));
  b.check("synth.cname", "dns64.synthesis", Verdict::fail, {5, 6}, dns(1, 1));
  EXPECT_TRUE(b.causes().empty());
}

// ---- PMTU black hole -----------------------------------------------------------------------------

TEST(RootCauses, PmtuBlackHoleOnTheChecksOwnFlow) {
  Builder b;
  WireFacts w = tcp(0, 1);
  w.black_hole = true;
  w.black_hole_frames = {12};
  b.check("nat64.pmtu", "nat64.pmtu", Verdict::fail, {9, 10, 11, 12}, w, {kSynth});
  b.finding(v6r::analyze::rule::kProvoked, Severity::info, Source::capture, {12}, std::string("nat64.pmtu"));
  b.check("nat64.tcp", "nat64.tcp", Verdict::pass, {1, 2, 3}, tcp(0, 1), {kSynth});
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].cause, Cause::pmtu_black_hole);
  EXPECT_EQ(c[0].checks, (std::vector<std::string>{"nat64.pmtu"}));
  EXPECT_EQ(c[0].findings.size(), 2u);  // the fail and the check's capture.provoked
  EXPECT_EQ(c[0].frames, (std::vector<std::uint64_t>{12}));
}

TEST(RootCauses, AStalledCheckWithoutBlackHoleEvidenceIsNotGrouped) {
  Builder b;
  b.check("nat64.pmtu", "nat64.pmtu", Verdict::fail, {9, 10, 11}, tcp(0, 1), {kSynth});
  EXPECT_TRUE(b.causes().empty());
}

// ---- no IPv6 route -------------------------------------------------------------------------------

TEST(RootCauses, NoIpv6RouteWhenNoIpv6DestinationIsReachedAndNothingLeft) {
  Builder b;
  WireFacts silent = dns(1, 1);
  silent.silent_flows = 1;
  silent.tcp_flows = 1;
  b.check("native.a", "service.tcp", Verdict::fail, {1, 2}, silent, {kNative});
  b.check("nat64.b", "nat64.tcp", Verdict::fail, {3, 4}, silent, {kSynth});
  auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].cause, Cause::no_ipv6_route);
  EXPECT_EQ(ids(c[0].checks), (std::vector<std::string>{"nat64.b", "native.a"}));

  b.check("native.c", "service.tcp", Verdict::pass, {5, 6, 7}, tcp(0, 1), {"2001:db8:20::12"});
  EXPECT_TRUE(b.causes().empty());  // one IPv6 destination reached: there is a route
}

// ---- all together --------------------------------------------------------------------------------

TEST(RootCauses, ACheckIsExplainedByOneCauseAtMost) {
  Builder b;
  // wrong prefix and unreachable: the wrong prefix is the cause, no route is not claimed again
  WireFacts silent = dns(1, 1);
  silent.silent_flows = 1;
  b.check("service.a", "service.tcp", Verdict::fail, {1, 2}, silent, {"2001:db8:65::c000:20a"});
  b.check("service.b", "service.tcp", Verdict::fail, {3, 4}, silent, {"2001:db8:65::c000:20b"});
  b.finding(v6r::analyze::rule::kUnexpectedPrefix, Severity::fail, Source::capture, {2, 4});
  const auto c = b.causes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].cause, Cause::wrong_pref64);
}

TEST(RootCauses, NoCapture_NothingGrouped) {
  Builder b;
  b.check("synth", "dns64.synthesis", Verdict::fail, {}, dns(0, 0));
  b.check("nat64", "nat64.tcp", Verdict::fail, {}, dns(0, 0));
  b.wire.clear();
  EXPECT_TRUE(b.causes().empty());
}

}  // namespace
