// The rounds of trials shared by nat64.udp_lifetime and nat64.tcp_lifetime (probes/checks/
// nat64_lifetime.hpp), over a scripted kind: a mapping gone once its idle reaches `lifetime`, or a
// server that never answers after the idle. Idle times are tens of milliseconds (real timers). The
// kinds' own trials (STUN, TCP echo) and verdicts are in nat64_{udp,tcp}_lifetime_test.cpp.
#include <gmock/gmock.h>

#include <set>

#include "nat64_fixture.hpp"
#include "probes/checks/nat64_lifetime.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe::testing {
namespace {

using nat64::Fate;
using nat64::LifetimeCall;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

struct Script {
  std::optional<milliseconds> lifetime;  ///< nullopt: never gone
  bool silent_after = false;             ///< nothing answers after the idle
  std::set<int> refused_starts;          ///< the n-th start (0-based) fails
  int starts = 0;
  int probes = 0;
  int open = 0;
};

class ScriptedRung final : public nat64::Rung {
 public:
  explicit ScriptedRung(Script& s) : s_(s) { ++s_.open; }
  ~ScriptedRung() override { close(); }
  awaitable<Fate> again(int, milliseconds idle, milliseconds) override {
    ++s_.probes;
    if (s_.silent_after) {
      why_ = foreign("silence " + std::to_string(s_.probes));
      co_return Fate::unknown;
    }
    if (s_.lifetime && idle >= *s_.lifetime) {
      why_ = foreign("forgotten");
      co_return Fate::gone;
    }
    co_return Fate::survived;
  }
  void close() override {
    if (open_) --s_.open;
    open_ = false;
  }
  void describe(nlohmann::json& j) const override { j["scripted"] = true; }
  [[nodiscard]] std::optional<Msg> why() const override { return why_; }

 private:
  Script& s_;
  bool open_ = true;
  std::optional<Msg> why_;
};

class ScriptedKind final : public nat64::LadderKind {
 public:
  ScriptedKind(Script& s, CheckOutcome& out) : s_(s), out_(out) {}
  awaitable<Started> start(int, milliseconds, bool first) override {
    Started st;
    if (s_.refused_starts.count(s_.starts++) != 0) {
      if (first) {
        nat64::set_verdict(out_, Verdict::error, foreign("cannot judge: refused"));
        st.stop = true;
      }
      co_return st;
    }
    st.rung = std::make_unique<ScriptedRung>(s_);
    st.rtt = Micros(300);
    co_return st;
  }

 private:
  Script& s_;
  CheckOutcome& out_;
};

class Nat64Ladder : public Nat64Fixture {
 protected:
  Script script;
  CheckOutcome out;

  static nat64::LadderSpec spec(milliseconds min_idle, milliseconds max_idle, int steps, bool refine) {
    return nat64::LadderSpec{
        .min_idle = min_idle,
        .max_idle = max_idle,
        .steps = steps,
        .refine = refine,
        .wait = 200ms,
        .transactions = 2,
        .no_room_id = "check.udp_lifetime.no_room",
        .rfc = "RFC 4787 REQ-5",
        .required = milliseconds(120000),
        .gone_name = "expired",
        .unknown_name = "unanswered",
        .gone_key = "expired_ms",
        .rtt_key = "trial_rtt_max",
    };
  }

  std::optional<nat64::Ladder> ladder(const nat64::LadderSpec& s, milliseconds deadline = 5000ms) {
    CheckEnv env{dns, net, allow, rate, scen, IpAddr(*Ipv6Addr::parse("2001:db8:53::1")), "eth0"};
    const Ipv6Addr dest = *Ipv6Addr::parse("2001:db8:64::c000:21e");
    ScriptedKind kind(script, out);
    std::optional<nat64::Ladder> got;
    bool done = false;
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          const Deadline d(deadline);
          got = co_await nat64::run_ladder(env, dest, d, s, kind, out);
          done = true;
        },
        asio::detached);
    io.run_for(10s);
    EXPECT_TRUE(done) << "the ladder did not finish";
    EXPECT_EQ(script.open, 0) << "every trial is closed when the ladder ends";
    return got;
  }
  const nlohmann::json& observed() const { return out.result.observed; }
};

TEST_F(Nat64Ladder, SurvivalWithinAShortBoundIsOnlyALowerBound) {
  const auto l = ladder(spec(20ms, 120ms, 3, true));
  ASSERT_TRUE(l);
  EXPECT_EQ(l->call, LifetimeCall::not_tested);
  EXPECT_EQ(script.starts, 3) << "one trial per rung";
  EXPECT_EQ(script.probes, 3);
  ASSERT_EQ(observed()["trials"].size(), 3u);
  for (const auto& t : observed()["trials"]) {
    EXPECT_EQ(t["fate"], "survived");
    EXPECT_EQ(t["round"], 1);
    EXPECT_TRUE(t["scripted"]) << "the kind's own fields";
    EXPECT_GE(t["idle_ms"].get<int>(), t["planned_idle_ms"].get<int>());
  }
  EXPECT_GE(l->survived->count(), 120);
  EXPECT_FALSE(l->gone);
  EXPECT_GE(observed()["lifetime_at_least_ms"].get<int>(), 120);
  EXPECT_FALSE(observed().contains("expired_ms"));
  EXPECT_EQ(observed()["required_ms"], 120000);
  EXPECT_EQ(observed()["max_idle_ms"], 120);
  EXPECT_FALSE(observed().contains("max_idle_cut_to_ms"));
  EXPECT_DOUBLE_EQ(out.result.timings_ms["trial_rtt_max"], 0.3);
}

TEST_F(Nat64Ladder, ARoundStopsAtItsFirstLoss) {
  script.lifetime = 240ms;
  const auto l = ladder(spec(80ms, 640ms, 4, false));
  ASSERT_TRUE(l);
  EXPECT_EQ(l->call, LifetimeCall::below_required);
  // ladder 80, 160, 320, 640: stops at 320 (gone), 640 never probed again
  const auto& o = observed();
  ASSERT_EQ(o["trials"].size(), 4u);
  EXPECT_EQ(o["trials"][0]["planned_idle_ms"], 80);
  EXPECT_EQ(o["trials"][3]["planned_idle_ms"], 640);
  EXPECT_EQ(o["trials"][2]["fate"], "expired");
  EXPECT_EQ(o["trials"][3]["fate"], "not probed");
  EXPECT_FALSE(o["trials"][3].contains("idle_ms"));
  EXPECT_EQ(script.probes, 3);
  EXPECT_GE(o["survived_ms"].get<int>(), 160);
  EXPECT_LT(o["survived_ms"].get<int>(), 240);
  EXPECT_GE(o["expired_ms"].get<int>(), 240);
  EXPECT_LT(o["expired_ms"].get<int>(), 640) << "the 640 ms rung is not needed after the first loss";
  ASSERT_TRUE(l->gone_why);
  EXPECT_EQ(english(*l->gone_why), "forgotten");
  EXPECT_EQ(o["lifetime_below_ms"].get<int>(), o["expired_ms"].get<int>() + 1) << "plus the round trip";
}

TEST_F(Nat64Ladder, RefinementNarrowsTheBracket) {
  script.lifetime = 220ms;
  const auto l = ladder(spec(80ms, 640ms, 4, true));
  ASSERT_TRUE(l);
  EXPECT_EQ(l->call, LifetimeCall::below_required);
  // round 1: 160 survived, 320 gone; round 2 between them at 200, 240, 280 (stops at the first loss)
  int round2 = 0;
  for (const auto& t : observed()["trials"]) round2 += t["round"] == 2;
  EXPECT_EQ(round2, 3);
  const auto s = l->survived->count(), e = l->gone->count();
  EXPECT_GE(s, 160);
  EXPECT_LT(s, 220);
  EXPECT_GE(e, 220);
  EXPECT_LT(e - s, 160) << "narrower than round 1's bracket";
  EXPECT_FALSE(observed().contains("refine_skipped"));
}

TEST_F(Nat64Ladder, NoRefinementWhenTheDeadlineLeavesNoRoom) {
  script.lifetime = 220ms;
  // max_idle cut to 590 ms (1.1 s less the margin and two waits): 80, 155, 303, 590; after the loss at
  // about 303 ms, a second round up to it no longer fits
  const auto l = ladder(spec(80ms, 640ms, 4, true), 1100ms);
  ASSERT_TRUE(l);
  EXPECT_EQ(observed()["refine_skipped"], "the deadline leaves no room for a second round");
  for (const auto& t : observed()["trials"]) EXPECT_EQ(t["round"], 1);
}

TEST_F(Nat64Ladder, NothingLearntAfterTheIdle) {
  script.silent_after = true;
  const auto l = ladder(spec(20ms, 40ms, 2, true));
  ASSERT_TRUE(l);
  EXPECT_EQ(l->call, LifetimeCall::nothing_learnt);
  EXPECT_EQ(l->unknown, 2);
  ASSERT_TRUE(l->first_unknown);
  EXPECT_EQ(english(*l->first_unknown), "silence 1");
  EXPECT_EQ(observed()["trials"][0]["fate"], "unanswered");
  EXPECT_FALSE(observed().contains("lifetime_at_least_ms"));
}

TEST_F(Nat64Ladder, AFailedFirstStartStopsALaterOneIsLeftOut) {
  script.refused_starts = {0};
  EXPECT_FALSE(ladder(spec(20ms, 40ms, 2, true)));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_EQ(out.result.reason, "cannot judge: refused");
  EXPECT_EQ(script.starts, 1);

  script = Script{};
  script.refused_starts = {1};
  out = CheckOutcome{};
  const auto l = ladder(spec(20ms, 80ms, 3, true));
  ASSERT_TRUE(l);
  EXPECT_EQ(script.starts, 3);
  EXPECT_EQ(observed()["trials"].size(), 2u) << "the refused rung is lost, the others still tell";
}

TEST_F(Nat64Ladder, DeadlineLeavingNoRoomIsAnError) {
  EXPECT_FALSE(ladder(spec(2000ms, 4000ms, 2, true), 1000ms));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("leaves no room for an idle time of min_idle_ms 2000 ms plus 2 "
                                           "STUN transactions"));
  ASSERT_TRUE(out.result.reason_message);
  EXPECT_EQ(out.result.reason_message->id, "check.udp_lifetime.no_room") << "the spec's message";
  EXPECT_EQ(out.result.rfc, "RFC 4787 REQ-5");
  EXPECT_EQ(script.starts, 0) << "nothing started";
}

TEST_F(Nat64Ladder, DeadlineCutsMaxIdleAndSaysSo) {
  const auto l = ladder(spec(20ms, 60000ms, 2, true), 1000ms);
  ASSERT_TRUE(l);
  EXPECT_LT(l->max_idle, 1000ms);
  EXPECT_EQ(observed()["max_idle_cut_to_ms"].get<int>(), l->max_idle.count());
  EXPECT_EQ(l->call, LifetimeCall::not_tested);
}

// ---- the pure parts

TEST(Nat64Lifetime, JudgementAgainstTwoMinutes) {
  using nat64::judge_lifetime;
  const milliseconds req{120000}, slack{5};
  EXPECT_EQ(judge_lifetime(30000ms, 60000ms, slack, req), LifetimeCall::below_required);
  EXPECT_EQ(judge_lifetime(std::nullopt, 10000ms, slack, req), LifetimeCall::below_required);
  EXPECT_EQ(judge_lifetime(125000ms, std::nullopt, slack, req), LifetimeCall::at_least_required);
  EXPECT_EQ(judge_lifetime(120000ms, 300000ms, slack, req), LifetimeCall::at_least_required);
  EXPECT_EQ(judge_lifetime(60000ms, std::nullopt, slack, req), LifetimeCall::not_tested);
  EXPECT_EQ(judge_lifetime(60000ms, 130000ms, slack, req), LifetimeCall::not_tested);
  // gone at 119.999 s plus the round trip is not shown below 2 minutes
  EXPECT_EQ(judge_lifetime(60000ms, 119996ms, slack, req), LifetimeCall::not_tested);
  EXPECT_EQ(judge_lifetime(60000ms, 119990ms, slack, req), LifetimeCall::below_required);
  EXPECT_EQ(judge_lifetime(std::nullopt, 150000ms, slack, req), LifetimeCall::gone_late);
  EXPECT_EQ(judge_lifetime(std::nullopt, std::nullopt, slack, req), LifetimeCall::nothing_learnt);
}

TEST(Nat64Lifetime, Ladders) {
  using nat64::idle_ladder;
  const auto g = idle_ladder(10000ms, 160000ms, 5, true);
  ASSERT_EQ(g.size(), 5u);
  EXPECT_EQ(g.front(), 10000ms);
  EXPECT_EQ(g[1], 20000ms);
  EXPECT_EQ(g.back(), 160000ms);
  const auto e = idle_ladder(100ms, 200ms, 3, false);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0], 125ms);
  EXPECT_EQ(e[2], 175ms);
  EXPECT_TRUE(idle_ladder(100ms, 101ms, 4, false).empty()) << "no rung strictly inside";
  EXPECT_TRUE(idle_ladder(200ms, 100ms, 3, true).empty());
  EXPECT_EQ(nat64::seconds_text(12500ms), "12.5 s");
  EXPECT_EQ(nat64::seconds_text(std::chrono::minutes(124)), "2 h 4 min 0 s");
}

}  // namespace
}  // namespace v6r::probe::testing
