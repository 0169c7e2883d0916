#include "probes/checks/registry.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/scenario.hpp"

namespace v6r::probe {
namespace {

TEST(BuiltinRegistry, HasTheCatalogue) {
  const auto r = builtin_schema_registry();
  const std::vector<std::string> want = {
      "dns64.discovery",  "dns64.ptr",      "dns64.synthesis", "dualstack.happy_eyeballs",
      "dualstack.parity", "nat64.http",     "nat64.icmp",      "nat64.pmtu",
      "nat64.tcp",        "nat64.udp",      "service.http",    "service.tcp",
      "service.tls",      "v6only.dhcp108", "v6only.leak",     "v6only.literal",
      "v6only.ra"};
  EXPECT_EQ(r.kinds(), want);
  for (const auto& [kind, s] : r) {
    EXPECT_FALSE(s.summary.empty()) << kind;
    EXPECT_FALSE(s.rfcs.empty()) << kind;
    for (const auto& f : s.fields) EXPECT_FALSE(f.doc.empty()) << kind << "." << f.name;
  }
}

TEST(BuiltinRegistry, LoadsEveryKind) {
  const auto r = builtin_schema_registry();
  auto s = scenario::load_scenario_file(V6READY_SOURCE_DIR "/tests/probe/data/all-kinds.yaml", r);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->checks.size(), r.size());
  const auto* synth = s->find_check("synth.v4only");
  ASSERT_NE(synth, nullptr);
  EXPECT_EQ(synth->params.get_string("expect"), "synthesized");
  EXPECT_FALSE(synth->params.get_bool("dnssec_ok_cd"));
  EXPECT_EQ(s->find_check("dhcp108")->params.get_duration("wait_ms").count(), 3000);
  EXPECT_EQ(s->find_check("he")->params.get_int("connection_attempt_delay_ms"), 250);
}

// scenarios/README.md embeds the generated reference; it must match the code.
TEST(BuiltinRegistry, ReadmeReferenceIsCurrent) {
  std::ifstream in(V6READY_SOURCE_DIR "/scenarios/README.md");
  ASSERT_TRUE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string md = scenario::render_markdown(builtin_schema_registry());
  EXPECT_NE(ss.str().find(md), std::string::npos)
      << "scenarios/README.md is stale: regenerate the check reference with `v6probe list-checks --markdown`";
}

}  // namespace
}  // namespace v6r::probe
