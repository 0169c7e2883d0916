#include "probes/net/privileges.hpp"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace v6r::probe {
namespace {

TEST(Privileges, ParseStatusCap) {
  const char* status =
      "Name:\tv6probe\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t0000000000002400\n"
      "CapBnd:\t000001ffffffffff\n";
  EXPECT_EQ(parse_status_cap(status, "CapEff"), std::uint64_t{0x2400});
  EXPECT_EQ(parse_status_cap(status, "CapPrm"), std::uint64_t{0x1ffffffffff});
  EXPECT_FALSE(parse_status_cap(status, "CapAmb").has_value());
  EXPECT_FALSE(parse_status_cap("CapEff:\tzz\n", "CapEff").has_value());
  EXPECT_FALSE(parse_status_cap("CapEffX:\t1\n", "CapEff").has_value());
  EXPECT_FALSE(parse_status_cap("CapEff:\t00000000000000001\n", "CapEff").has_value());  // 17 digits
}

TEST(Privileges, KeptMaskAndNames) {
  EXPECT_EQ(kProbeKeptCaps, std::uint64_t{0x2400});
  auto n = cap_names(kProbeKeptCaps | (std::uint64_t{1} << 21));
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n[0], "cap_net_bind_service");
  EXPECT_EQ(n[1], "cap_net_raw");
  EXPECT_EQ(n[2], "cap_21");
}

TEST(Privileges, ReadCapEffOfSelf) {
  EXPECT_TRUE(read_cap_eff().has_value());
}

// Forked child so the test process keeps its privileges.
TEST(Privileges, DropKeepsExactlyTheKeptSet) {
  auto eff = read_cap_eff();
  if (!eff || (*eff & kProbeKeptCaps) != kProbeKeptCaps || geteuid() != 0) {
    GTEST_SKIP() << "needs root with CAP_NET_RAW and CAP_NET_BIND_SERVICE (CapEff=" << std::hex
                 << eff.value_or(0) << ")";
  }
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto r = drop_privileges(kProbeKeptCaps);
    if (!r) _exit(10);
    auto after = read_cap_eff();
    if (!after || *after != kProbeKeptCaps) _exit(11);
    if (r->kept != kProbeKeptCaps || !r->no_new_privs) _exit(12);
    // Really dropped: CAP_SYS_ADMIN-only operations fail, and the bounding set is empty but for ours.
    if (prctl(PR_CAPBSET_READ, 21 /*CAP_SYS_ADMIN*/, 0, 0, 0) != 0) _exit(13);
    if (prctl(PR_CAPBSET_READ, kCapNetRaw, 0, 0, 0) != 1) _exit(14);
    _exit(0);
  }
  int st = 0;
  ASSERT_EQ(waitpid(pid, &st, 0), pid);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 0)
      << "child exit code (10 drop failed, 11 CapEff mismatch, 12 report, 13/14 bounding)";
}

}  // namespace
}  // namespace v6r::probe
