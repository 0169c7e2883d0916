#include "core/scenario.hpp"

#include <gtest/gtest.h>

#include "core/sha256.hpp"

namespace v6r::scenario {
namespace {

CheckSchemaRegistry registry() {
  CheckSchemaRegistry r;
  r.add(CheckSchema("dns64.discovery", "Discover Pref64.").field(Field::pref64_prefix("expected_prefix")));
  r.add(CheckSchema("dns64.synthesis", "Synthesis.")
            .field(Field::dns_name("name").req())
            .field(Field::enumeration("expect", {"synthesized", "native"}).def("synthesized"))
            .field(Field::pref64_prefix("expected_prefix")));
  return r;
}

constexpr const char* kValid = R"(version: 1
name: commune-baseline
description: "Baseline for a commune node"
defaults: {deadline_ms: 2500, retries: 2, resolver: "2001:db8:1::53"}
budget: {run_deadline_s: 60, concurrency: 4, rate: {global_per_s: 50, per_target_per_s: 10, burst: 10}}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24", "192.0.0.170/31"]
checks:
  - id: discovery
    kind: dns64.discovery
    deadline_ms: 120000
    retries: 0
    params: {expected_prefix: "2001:db8:64::/96"}
  - id: synth.v4only
    kind: dns64.synthesis
    params:
      name: v4only.lab.test
)";

Expected<Scenario, ConfigError> load(const std::string& text) {
  static const CheckSchemaRegistry r = registry();
  return load_scenario_text(text, "commune.yaml", r);
}

TEST(Scenario, LoadsValidFile) {
  auto s = load(kValid);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->name, "commune-baseline");
  EXPECT_EQ(s->description, "Baseline for a commune node");
  EXPECT_EQ(s->defaults.deadline_ms, 2500);
  EXPECT_EQ(s->defaults.retries, 2);
  EXPECT_EQ(s->defaults.resolver->to_string(), "2001:db8:1::53");
  EXPECT_EQ(s->budget.run_deadline_s, 60);
  EXPECT_EQ(s->budget.concurrency, 4);
  EXPECT_EQ(s->budget.rate.global_per_s, 50);
  EXPECT_EQ(s->budget.rate.per_target_per_s, 10);
  EXPECT_EQ(s->budget.rate.burst, 10);
  EXPECT_EQ(s->expect.pref64->to_string(), "2001:db8:64::/96");
  ASSERT_EQ(s->allow.size(), 3u);
  EXPECT_TRUE(s->allows(*IpAddr::parse("192.0.0.171")));
  EXPECT_FALSE(s->allows(*IpAddr::parse("198.51.100.1")));
  ASSERT_EQ(s->checks.size(), 2u);
  const Check& d = s->checks[0];
  EXPECT_EQ(d.id, "discovery");
  EXPECT_EQ(d.deadline_ms, 60000);  // clamped to the run budget
  EXPECT_EQ(d.retries, 0);
  EXPECT_EQ(d.params.get_prefix("expected_prefix").to_string(), "2001:db8:64::/96");
  EXPECT_EQ(d.line, 9);
  EXPECT_EQ(d.col, 5);
  const Check& y = s->checks[1];
  EXPECT_EQ(y.deadline_ms, 2500);  // from defaults
  EXPECT_EQ(y.retries, 2);
  EXPECT_EQ(y.params.get_string("name"), "v4only.lab.test");
  EXPECT_EQ(y.params.get_string("expect"), "synthesized");
  EXPECT_EQ(s->find_check("synth.v4only"), &y);
  EXPECT_EQ(s->source_text, kValid);
  EXPECT_EQ(s->source_file, "commune.yaml");
  EXPECT_EQ(s->sha256, sha256_hex(kValid));
  EXPECT_EQ(s->sha256.size(), 64u);
}

TEST(Scenario, ConservativeDefaults) {
  auto s = load("version: 1\nname: x\nchecks:\n  - {id: a, kind: dns64.discovery}\n");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->defaults.deadline_ms, 3000);
  EXPECT_EQ(s->defaults.retries, 1);
  EXPECT_FALSE(s->defaults.resolver);
  EXPECT_EQ(s->budget.run_deadline_s, 300);
  EXPECT_EQ(s->budget.concurrency, 8);
  EXPECT_EQ(s->budget.rate.global_per_s, 20);
  EXPECT_EQ(s->budget.rate.per_target_per_s, 5);
  EXPECT_EQ(s->budget.rate.burst, 5);
  EXPECT_TRUE(s->allow.empty());
  EXPECT_FALSE(s->allows(*IpAddr::parse("2001:db8::1")));
  EXPECT_EQ(s->checks[0].deadline_ms, 3000);
}

struct Bad {
  const char* name;
  std::string text;
  const char* error;
};

std::string with_check(const std::string& check) {
  return "version: 1\nname: x\nchecks:\n  - id: discovery\n    kind: dns64.discovery\n" + check;
}

TEST(Scenario, ErrorsCarryExactLocationAndPath) {
  const Bad cases[] = {
      {"unknown key in params",
       with_check("  - id: s\n    kind: dns64.synthesis\n    params:\n      name: a.test\n      "
                  "expected_prefx: 2001:db8:64::/96\n"),
       "commune.yaml:10:7: checks[1].params.expected_prefx: unknown key (did you mean 'expected_prefix'?)"},
      {"unknown top-level key", "version: 1\nname: x\nchekcs: []\n",
       "commune.yaml:3:1: chekcs: unknown key (did you mean 'checks'?)"},
      {"unknown key in a check", with_check("    retires: 2\n"),
       "commune.yaml:6:5: checks[0].retires: unknown key (did you mean 'retries'?)"},
      {"unknown key in budget.rate",
       "version: 1\nname: x\nbudget:\n  rate: {global_per_sec: 5}\nchecks: []\n",
       "commune.yaml:4:10: budget.rate.global_per_sec: unknown key (did you mean 'global_per_s'?)"},
      {"wrong type", "version: 1\nname: x\ndefaults:\n  retries: many\nchecks: []\n",
       "commune.yaml:4:12: defaults.retries: expected an integer, got 'many'"},
      {"wrong type: map expected", "version: 1\nname: x\nbudget: 5\nchecks: []\n",
       "commune.yaml:3:9: budget: expected a map, got '5'"},
      {"missing required param",
       with_check("  - id: s\n    kind: dns64.synthesis\n    params: {expect: native}\n"),
       "commune.yaml:8:13: checks[1].params.name: missing required key"},
      {"missing params map", with_check("  - id: s\n    kind: dns64.synthesis\n"),
       "commune.yaml:6:5: checks[1].params.name: missing required key"},
      {"missing name", "version: 1\nchecks: []\n", "commune.yaml:1:1: name: missing required key"},
      {"missing checks", "version: 1\nname: x\n", "commune.yaml:1:1: checks: missing required key"},
      {"empty checks", "version: 1\nname: x\nchecks: []\n",
       "commune.yaml:3:9: checks: a scenario needs at least one check"},
      {"bad prefix", "version: 1\nname: x\nexpect: {pref64: \"2001:db8:64::/95\"}\nchecks: []\n",
       "commune.yaml:3:18: expect.pref64: invalid Pref64 '2001:db8:64::/95': prefix length 95 is not one of "
       "32, 40, 48, "
       "56, 64, 96 (RFC 6052 §2.2)"},
      {"bad allow prefix", "version: 1\nname: x\nallow: [\"2001:db8::/32\", \"192.0.2.1/24\"]\nchecks: []\n",
       "commune.yaml:3:26: allow[1]: invalid prefix '192.0.2.1/24': host bits set after /24 (did you mean "
       "192.0.2.0/24?)"},
      {"duplicate check id", with_check("  - id: discovery\n    kind: dns64.discovery\n"),
       "commune.yaml:6:9: checks[1].id: duplicate check id 'discovery' (first defined at 4:9)"},
      {"unknown kind", with_check("  - id: s\n    kind: dns64.synth\n"),
       "commune.yaml:7:11: checks[1].kind: unknown check kind 'dns64.synth' (did you mean "
       "'dns64.synthesis'?)"},
      {"unknown kind, no hint", with_check("  - id: s\n    kind: nope\n"),
       "commune.yaml:7:11: checks[1].kind: unknown check kind 'nope' (v6probe list-checks shows the kinds)"},
      {"bad check id", with_check("  - id: Bad Id\n    kind: dns64.discovery\n"),
       "commune.yaml:6:9: checks[1].id: invalid check id 'Bad Id' (use 1-64 of a-z 0-9 . _ -)"},
      {"unsupported version", "version: 2\nname: x\nchecks: []\n",
       "commune.yaml:1:10: version: unsupported scenario version 2 (this tool reads version 1)"},
      {"duplicate top-level key", "version: 1\nname: x\nname: y\nchecks: []\n",
       "commune.yaml:3:1: name: duplicate key"},
      {"YAML syntax error", "version: 1\nname: [x\nchecks: []\n",
       "commune.yaml:3:7: YAML syntax error: end of sequence flow not found"},
      {"YAML syntax error: bad indentation", "version: 1\nname: x\n  bad: indent\n",
       "commune.yaml:3:6: YAML syntax error: illegal map value"},
      {"not a map", "- a\n- b\n", "commune.yaml:1:1: a scenario must be a map of keys, got a list"},
      {"empty document", "", "commune.yaml:1:1: a scenario must be a map of keys, got nothing (null)"},
  };
  for (const auto& c : cases) {
    auto s = load(c.text);
    ASSERT_FALSE(s) << c.name;
    EXPECT_EQ(s.error().to_string(), c.error) << c.name;
  }
}

// Point 7 of issue 16: one run names every error of the file, each with file:line:col, in the order found.
TEST(Scenario, EveryErrorAtOnce) {
  const std::string text =
      "version: 2\n"                                    // 1
      "name: x\n"                                       // 2
      "defaults: {retries: many}\n"                     // 3
      "budget: {concurency: 4}\n"                       // 4
      "allow: [\"2001:db8::/32\", \"192.0.2.1/24\"]\n"  // 5
      "checks:\n"                                       // 6
      "  - id: a\n"                                     // 7
      "    kind: dns64.synthesis\n"                     // 8
      "    params: {nmae: a.test, expect: natve}\n"     // 9
      "  - id: a\n"                                     // 10
      "    kind: dns64.sythnesis\n"                     // 11
      "  - id: Bad\n"                                   // 12
      "    kind: dns64.discovery\n"                     // 13
      "    retires: 2\n"                                // 14
      "    params: {expected_prefix: \"2001:db8::/95\"}\n";
  auto s = load(text);
  ASSERT_FALSE(s);
  std::vector<std::string> got{s.error().to_string()};
  for (const auto& m : s.error().more) got.push_back(m.to_string());
  const std::vector<std::string> want = {
      "commune.yaml:1:10: version: unsupported scenario version 2 (this tool reads version 1)",
      "commune.yaml:3:21: defaults.retries: expected an integer, got 'many'",
      "commune.yaml:4:10: budget.concurency: unknown key (did you mean 'concurrency'?)",
      "commune.yaml:5:26: allow[1]: invalid prefix '192.0.2.1/24': host bits set after /24 (did you mean "
      "192.0.2.0/24?)",
      "commune.yaml:9:14: checks[0].params.nmae: unknown key (did you mean 'name'?)",
      "commune.yaml:9:36: checks[0].params.expect: invalid value 'natve' (did you mean 'native'?)",
      "commune.yaml:10:9: checks[1].id: duplicate check id 'a' (first defined at 7:9)",
      // Transposition (Damerau): "sythnesis" is one swap from "synthesis".
      "commune.yaml:11:11: checks[1].kind: unknown check kind 'dns64.sythnesis' (did you mean "
      "'dns64.synthesis'?)",
      "commune.yaml:14:5: checks[2].retires: unknown key (did you mean 'retries'?)",
      "commune.yaml:12:9: checks[2].id: invalid check id 'Bad' (use 1-64 of a-z 0-9 . _ -)",
      "commune.yaml:15:31: checks[2].params.expected_prefix: invalid Pref64 '2001:db8::/95': prefix length "
      "95 "
      "is not one of 32, 40, 48, 56, 64, 96 (RFC 6052 §2.2)",
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(s.error().count(), want.size());
  // The misspelt required key is reported once, as the unknown key ("nmae"), not also as "name" missing.
  for (const auto& g : got) EXPECT_EQ(g.find("missing required key"), std::string::npos) << g;
}

TEST(Scenario, ErrorListIsCappedWithACount) {
  std::string text = "version: 1\nname: x\nchecks:\n";
  for (int i = 0; i < 30; ++i) text += "  - {id: c" + std::to_string(i) + ", kind: nope}\n";
  auto s = load(text);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().count(), 30u);
  const std::string listed = format_errors(s.error());
  std::size_t lines = 1;
  for (char c : listed) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, kMaxErrorsListed + 1);
  EXPECT_EQ(listed.rfind("commune.yaml:4:20: checks[0].kind: unknown check kind 'nope'", 0), 0u) << listed;
  EXPECT_NE(listed.find("commune.yaml:23:21: checks[19].kind"), std::string::npos) << listed;
  EXPECT_EQ(listed.find("checks[20]"), std::string::npos);
  EXPECT_NE(listed.find("\nand 10 more errors (fix these and check again)"), std::string::npos) << listed;
  EXPECT_EQ(format_errors(s.error(), 100).find("more errors"), std::string::npos);
}

TEST(Scenario, ErrorFieldsAreSeparate) {
  auto s = load(with_check("  - id: s\n    kind: dns64.synth\n"));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().file, "commune.yaml");
  EXPECT_EQ(s.error().line, 7);
  EXPECT_EQ(s.error().col, 11);
  EXPECT_EQ(s.error().path, "checks[1].kind");
}

TEST(Scenario, MissingFile) {
  auto s = load_scenario_file("/nonexistent/x.yaml", registry());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().to_string(), "/nonexistent/x.yaml:0:0: cannot read file");
}

}  // namespace
}  // namespace v6r::scenario
