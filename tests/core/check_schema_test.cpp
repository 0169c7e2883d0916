#include "core/check_schema.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace v6r::scenario {
namespace {

CheckSchema sample() {
  return CheckSchema("demo.kind", "A demo kind.")
      .rfc("RFC 6052 §2.2")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Target name"))
      .field(Field::ip_address("address").describe("Target literal"))
      .field(Field::port("port").def("80").describe("Port"))
      .field(Field::integer("count").min(1).max(5).def("3").describe("Count"))
      .field(Field::boolean("flag").def("false").describe("A flag"))
      .field(Field::duration_ms("wait_ms").def("\"2s\"").describe("Wait"))
      .field(Field::pref64_prefix("prefix").describe("Pref64"))
      .field(
          Field::enumeration("expect", {"synthesized", "native"}).def("synthesized").describe("Expectation"))
      .field(Field::string_list("names").def("[]").describe("Names"))
      .field(Field::ip_address_list("addrs").describe("Addresses"))
      .field(Field::string_map("headers").describe("Headers | with pipe"))
      .field(Field::url("url").describe("URL"));
}

Expected<ParamValues, ConfigError> run(const std::string& yaml) {
  static CheckSchema s = sample();
  return validate_params(s, YAML::Load(yaml), "t.yaml", "checks[0].params");
}

TEST(CheckSchema, TypedValuesAndDefaults) {
  auto v =
      run("host: v4only.lab.test\nport: 8080\nprefix: 2001:db8:64::/96\nnames: [a, b]\naddrs: [192.0.2.1, "
          "'2001:db8::1']\n"
          "headers: {Host: x}\nwait_ms: 250ms\nurl: http://v4only.lab.test/\n");
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->get_string("host"), "v4only.lab.test");
  EXPECT_EQ(v->get_int("port"), 8080);
  EXPECT_EQ(v->get_int("count"), 3);
  EXPECT_FALSE(v->get_bool("flag"));
  EXPECT_EQ(v->get_duration("wait_ms").count(), 250);
  EXPECT_EQ(v->get_prefix("prefix").to_string(), "2001:db8:64::/96");
  EXPECT_EQ(v->get_string("expect"), "synthesized");
  EXPECT_EQ(v->get_list("names"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(v->get_ip_list("addrs").size(), 2u);
  EXPECT_EQ(v->get_map("headers").at("Host"), "x");
  EXPECT_FALSE(v->has("address"));
  EXPECT_EQ(v->loc("port").line, 2);
  EXPECT_EQ(v->loc("port").col, 7);
  EXPECT_THROW((void)v->get_int("host"), std::logic_error);
  EXPECT_THROW((void)v->get_string("nope"), std::logic_error);
}

TEST(CheckSchema, DefaultDuration) {
  auto v = run("address: 192.0.2.1\n");
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->get_int("wait_ms"), 2000);
  EXPECT_TRUE(v->get_list("names").empty());
}

struct Bad {
  const char* yaml;
  const char* error;
};

TEST(CheckSchema, ErrorsNameFileLineColumnAndPath) {
  const Bad cases[] = {
      {"host: a.test\nprot: 80\n", "t.yaml:2:1: checks[0].params.prot: unknown key (did you mean 'port'?)"},
      {"host: a.test\nport: \"80\"\n",
       "t.yaml:2:7: checks[0].params.port: expected an integer, got the quoted string '80'"},
      {"host: a.test\nport: 70000\n", "t.yaml:2:7: checks[0].params.port: value 70000 out of range 1..65535"},
      {"host: a.test\ncount: 0\n", "t.yaml:2:8: checks[0].params.count: value 0 out of range 1..5"},
      {"host: a.test\nflag: yes\n", "t.yaml:2:7: checks[0].params.flag: expected true or false, got 'yes'"},
      {"host: a.test\nprefix: 2001:db8::/33\n",
       "t.yaml:2:9: checks[0].params.prefix: invalid Pref64 '2001:db8::/33': prefix length 33 is not one of "
       "32, 40, 48, "
       "56, 64, 96 (RFC 6052 §2.2)"},
      {"host: a.test\nprefix: 2001:db8::1/96\n",
       "t.yaml:2:9: checks[0].params.prefix: invalid prefix '2001:db8::1/96': host bits set after /96 (did "
       "you mean "
       "2001:db8::/96?)"},
      {"host: a..test\n", "t.yaml:1:7: checks[0].params.host: invalid DNS name 'a..test'"},
      {"address: 192.0.2.256\n", "t.yaml:1:10: checks[0].params.address: invalid IP address '192.0.2.256'"},
      {"host: a.test\nexpect: synthesised\n",
       "t.yaml:2:9: checks[0].params.expect: invalid value 'synthesised' (did you mean 'synthesized'?)"},
      {"host: a.test\nexpect: other\n",
       "t.yaml:2:9: checks[0].params.expect: invalid value 'other' (expected one of: synthesized, native)"},
      {"host: a.test\nnames: a\n", "t.yaml:2:8: checks[0].params.names: expected a list, got 'a'"},
      {"host: a.test\naddrs: [192.0.2.1, x]\n",
       "t.yaml:2:20: checks[0].params.addrs[1]: invalid IP address 'x'"},
      {"host: a.test\nheaders: [a]\n",
       "t.yaml:2:10: checks[0].params.headers: expected a map of strings, got a list"},
      {"host: a.test\nurl: ftp://x/\n",
       "t.yaml:2:6: checks[0].params.url: invalid URL 'ftp://x/' (expected http://HOST/... or "
       "https://HOST/...)"},
      {"host: a.test\nhost: b.test\n", "t.yaml:2:1: checks[0].params.host: duplicate key"},
      {"port: 80\n", "t.yaml:1:1: checks[0].params: exactly one of 'host', 'address' is required"},
      {"host: a.test\naddress: 192.0.2.1\n",
       "t.yaml:1:1: checks[0].params: only one of 'host', 'address' may be given"},
      {"[1, 2]\n", "t.yaml:1:1: checks[0].params: expected a map, got a list"},
      {"host: a.test\nzzzzzz: 1\n",
       "t.yaml:2:1: checks[0].params.zzzzzz: unknown key (expected one of: host, address, port, count, flag, "
       "wait_ms, "
       "prefix, expect, names, addrs, headers, url)"},
  };
  for (const auto& c : cases) {
    auto v = run(c.yaml);
    ASSERT_FALSE(v) << c.yaml;
    EXPECT_EQ(v.error().to_string(), c.error) << c.yaml;
  }
}

TEST(CheckSchema, MissingRequired) {
  const auto s = CheckSchema("k", "s").field(Field::dns_name("name").req());
  auto v = validate_params(s, YAML::Load("{}"), "t.yaml", "checks[1].params");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().to_string(), "t.yaml:1:1: checks[1].params.name: missing required key");
}

TEST(CheckSchemaRegistry, RejectsProgrammingErrors) {
  CheckSchemaRegistry r;
  r.add(sample());
  EXPECT_THROW(r.add(sample()), std::logic_error);
  EXPECT_THROW(r.add(CheckSchema("k2", "s").field(Field::port("p").def("0"))), std::logic_error);
  EXPECT_THROW(r.add(CheckSchema("k3", "s").field(Field::port("p")).field(Field::port("p"))),
               std::logic_error);
  EXPECT_THROW(r.add(CheckSchema("k4", "s").one_of({"nope"})), std::logic_error);
  EXPECT_EQ(r.kinds(), std::vector<std::string>{"demo.kind"});
  ASSERT_NE(r.find("demo.kind"), nullptr);
  EXPECT_EQ(r.find("other"), nullptr);
}

TEST(CheckSchemaRegistry, RendersMarkdown) {
  CheckSchemaRegistry r;
  r.add(sample());
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("### `demo.kind`\n\nA demo kind.\n\nReferences: RFC 6052 §2.2.\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("Exactly one of `host`, `address` must be given."), std::string::npos) << md;
  EXPECT_NE(md.find("| `count` | int (1..5) | no | `3` | Count |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `expect` | enum: synthesized \\| native | no | `synthesized` | Expectation |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Headers \\| with pipe"), std::string::npos) << md;
}

TEST(Suggest, ClosestKey) {
  EXPECT_EQ(suggest("expected_prefx", {"expected_prefix", "check_ttl"}), "expected_prefix");
  EXPECT_EQ(suggest("dns64.synth", {"dns64.synthesis", "dns64.ptr"}), "dns64.synthesis");
  EXPECT_EQ(suggest("zzzz", {"expected_prefix"}), "");
  // A swap of two neighbours is one edit: "tsl" is closer to "tls" than to "tcp" (two substitutions).
  EXPECT_EQ(suggest("service.tsl", {"service.tcp", "service.tls", "service.http"}), "service.tls");
  EXPECT_EQ(suggest("service.tsl", {"service.tcp", "service.http"}), "service.tcp");
  EXPECT_EQ(suggest("prot", {"port", "host"}), "port");
}

// The distance is at least the difference in length: at the limit a candidate still counts, one past it
// not (unless the word starts it); a word of megabytes gets no suggestion, without working out its
// distance to every known word (the candidates are the schema's own, short words).
TEST(Suggest, LengthBoundsTheDistance) {
  EXPECT_EQ(suggest("abcdefghi", {"abcdef"}), "abcdef");              // limit 3, three extra letters
  EXPECT_EQ(suggest("abcdefghij", {"abcdef"}), "");                   // limit 3, four
  EXPECT_EQ(suggest("xbcdef", {"abcdefgh"}), "");                     // limit 2: two missing plus one changed
  EXPECT_EQ(suggest("dns", {"dns64.synthesis"}), "dns64.synthesis");  // a prefix, 12 letters short
  EXPECT_EQ(suggest(std::string(4 << 20, 'a'), {"aaaa", "port"}), "");
  EXPECT_EQ(suggest(std::string(300, 'a') + "b", {std::string(300, 'a') + "c"}), std::string(300, 'a') + "c")
      << "near words of any length are still compared";
}

}  // namespace
}  // namespace v6r::scenario
