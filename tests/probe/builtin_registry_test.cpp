#include "probes/checks/builtin.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/check_kind.hpp"
#include "core/scenario.hpp"

namespace v6r::probe {
namespace {

TEST(BuiltinRegistry, HasTheCatalogue) {
  const auto r = builtin_schema_registry();
  const std::vector<std::string> want = {"dns64.capacity",
                                         "dns64.discovery",
                                         "dns64.ptr",
                                         "dns64.synthesis",
                                         "dualstack.happy_eyeballs",
                                         "dualstack.parity",
                                         "nat64.capacity",
                                         "nat64.filtering",
                                         "nat64.fragments",
                                         "nat64.hairpin",
                                         "nat64.http",
                                         "nat64.icmp",
                                         "nat64.icmp_errors",
                                         "nat64.mapping",
                                         "nat64.pmtu",
                                         "nat64.tcp",
                                         "nat64.tcp_lifetime",
                                         "nat64.udp",
                                         "nat64.udp_lifetime",
                                         "service.http",
                                         "service.tcp",
                                         "service.tls",
                                         "v6only.dhcp108",
                                         "v6only.leak",
                                         "v6only.literal",
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

// Every built-in kind is one descriptor: its schema carries its name, its family is known, and its
// parameters bind (typed, once) from the defaults of a loaded scenario.
TEST(BuiltinKinds, DescriptorsAreConsistent) {
  const auto& kinds = builtin_kinds();
  EXPECT_EQ(kinds.size(), builtin_schema_registry().size());
  for (const CheckKind* k : kinds) {
    EXPECT_EQ(k->schema().kind, k->name);
    EXPECT_NE(check_kind::family_of(k->name), check_kind::KindFamily::unknown) << k->name;
    EXPECT_EQ(kinds.find(k->name), k);
  }
  EXPECT_EQ(kinds.find("nat64.nope"), nullptr);
  // The kinds another folder names by constant are built in.
  for (auto name : {check_kind::kDns64Discovery, check_kind::kNat64Pmtu, check_kind::kV6onlyRa,
                    check_kind::kV6onlyLeak, check_kind::kV6onlyDhcp108})
    EXPECT_NE(kinds.find(name), nullptr) << name;
}

TEST(BuiltinKinds, EveryKindBindsItsTypedParameters) {
  const auto r = builtin_schema_registry();
  auto s = scenario::load_scenario_file(V6READY_SOURCE_DIR "/tests/probe/data/all-kinds.yaml", r);
  ASSERT_TRUE(s) << s.error().to_string();
  for (const auto& c : s->checks) {
    const auto bound = bind_check(builtin_kinds(), c);
    ASSERT_NE(bound, nullptr) << c.kind;
  }
  // Labels and literal targets come from the descriptors (what the engine and the pre-run allow-list
  // test use instead of the parameter names).
  const auto synth = bind_check(builtin_kinds(), *s->find_check("synth.v4only"));
  EXPECT_EQ(synth->targets().label, "v4only.lab.test");
  EXPECT_TRUE(synth->targets().literals.empty());
}

TEST(BuiltinKinds, TargetsOfEachParameterShape) {
  const std::string text =
      "version: 1\nname: t\nallow: [\"2001:db8::/32\", \"192.0.2.0/24\"]\nchecks:\n"
      "  - {id: tcp, kind: nat64.tcp, params: {address: 192.0.2.10}}\n"
      "  - {id: tcph, kind: nat64.tcp, params: {host: v4only.lab.test}}\n"
      "  - {id: http, kind: service.http, params: {url: \"http://[2001:db8::80]:8080/x\"}}\n"
      "  - {id: httpn, kind: nat64.http, params: {url: \"http://v4only.lab.test/\"}}\n"
      "  - {id: ptr, kind: dns64.ptr, params: {address: \"2001:db8:64::c000:20a\"}}\n"
      "  - {id: disc, kind: dns64.discovery}\n"
      "  - {id: ra, kind: v6only.ra}\n";
  auto s = scenario::load_scenario_text(text, "t.yaml", builtin_schema_registry());
  ASSERT_TRUE(s) << s.error().to_string();
  auto targets = [&](const char* id) { return bind_check(builtin_kinds(), *s->find_check(id))->targets(); };
  EXPECT_EQ(targets("tcp").label, "192.0.2.10");
  ASSERT_EQ(targets("tcp").literals.size(), 1u);
  EXPECT_EQ(targets("tcp").literals[0].param, "address");
  EXPECT_EQ(targets("tcph").label, "v4only.lab.test");
  EXPECT_TRUE(targets("tcph").literals.empty());
  EXPECT_EQ(targets("http").label, "http://[2001:db8::80]:8080/x");
  ASSERT_EQ(targets("http").literals.size(), 1u);
  EXPECT_EQ(targets("http").literals[0].address.to_string(), "2001:db8::80");
  EXPECT_TRUE(targets("httpn").literals.empty());
  EXPECT_EQ(targets("ptr").label, "2001:db8:64::c000:20a");
  EXPECT_TRUE(targets("ptr").literals.empty());  // a lookup key, not a destination
  EXPECT_EQ(targets("disc").label, "ipv4only.arpa");
  EXPECT_EQ(targets("ra").label, "");
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
