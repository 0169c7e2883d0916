// The strict-YAML toolkit shared by the scenario, plan and policy readers: scalar syntax, keys
// (unknown, duplicate, non-string, did-you-mean), positions and the reader-specific wordings.
#include "core/yaml_strict.hpp"

#include <gtest/gtest.h>

namespace v6r::yaml_strict {
namespace {

/// Runs `read` on `text` as file "f.yaml" and returns "ok" or the error's to_string().
template <class F>
std::string run(const std::string& text, F&& read, Wording w = {}) {
  auto r = read_document<int>(text, "f.yaml", "test", "", [&](const YAML::Node& root) {
    read(Reader("f.yaml", w), root);
    return 0;
  });
  return r ? std::string("ok") : r.error().to_string();
}

TEST(YamlStrict, IntegersAreStrict) {
  EXPECT_EQ(parse_int("0"), 0);
  EXPECT_EQ(parse_int("-12"), -12);
  EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_int("-9223372036854775808"), INT64_MIN);
  for (const char* bad : {"", "-", "12abc", "+5", " 7", "7 ", "0x10", "1e3", "1.0", "9223372036854775808",
                          "-9223372036854775809", "99999999999999999999999", "--1", "1_000"})
    EXPECT_EQ(parse_int(bad), std::nullopt) << bad;
}

TEST(YamlStrict, NumbersAreDecimal) {
  EXPECT_EQ(parse_number("200"), 200.0);
  EXPECT_EQ(parse_number("0.1"), 0.1);
  EXPECT_EQ(parse_number("-1.5e2"), -150.0);
  EXPECT_EQ(parse_number("1e+3"), 1000.0);
  for (const char* bad : {"", ".", "-", "+1", " 1", "1 ", "0x1p3", "inf", "-inf", "nan", "infinity", "1e999",
                          "fast", "1,5", "1e", "1-2"})
    EXPECT_EQ(parse_number(bad), std::nullopt) << bad;
}

TEST(YamlStrict, IntegerNodes) {
  auto read = [](const Reader& r, const YAML::Node& root) { (void)r.integer(root["n"], "n", 1, 5); };
  EXPECT_EQ(run("n: 3\n", read), "ok");
  EXPECT_EQ(run("n: 7\n", read), "f.yaml:1:4: n: value 7 out of range 1..5");
  EXPECT_EQ(run("n: 12abc\n", read), "f.yaml:1:4: n: expected an integer, got '12abc'");
  EXPECT_EQ(run("n: +5\n", read), "f.yaml:1:4: n: expected an integer, got '+5'");
  EXPECT_EQ(run("n: \" 7\"\n", read), "f.yaml:1:4: n: expected an integer, got the quoted string ' 7'");
  EXPECT_EQ(run("n: \"3\"\n", read), "f.yaml:1:4: n: expected an integer, got the quoted string '3'");
  EXPECT_EQ(run("n: 99999999999999999999\n", read),
            "f.yaml:1:4: n: expected an integer, got '99999999999999999999'");
  EXPECT_EQ(run("n: [1]\n", read), "f.yaml:1:4: n: expected an integer, got a list");
}

TEST(YamlStrict, NumberBooleanDurationEnum) {
  auto num = [](const Reader& r, const YAML::Node& root) { (void)r.number(root["x"], "x", 0.1, 600); };
  EXPECT_EQ(run("x: 2.5\n", num), "ok");
  EXPECT_EQ(run("x: 0.05\n", num), "f.yaml:1:4: x: value 0.05 out of range 0.1..600");
  EXPECT_EQ(run("x: .inf\n", num), "f.yaml:1:4: x: expected a number, got '.inf'");

  auto flag = [](const Reader& r, const YAML::Node& root) { (void)r.boolean(root["b"], "b"); };
  EXPECT_EQ(run("b: true\n", flag), "ok");
  EXPECT_EQ(run("b: yes\n", flag), "f.yaml:1:4: b: expected true or false, got 'yes'");
  EXPECT_EQ(run("b: \"true\"\n", flag),
            "f.yaml:1:4: b: expected true or false, got the quoted string 'true'");
  EXPECT_EQ(run("b: on\n", flag, Wording{"expected one of: ", false, false}),
            "f.yaml:1:4: b: expected true or false");

  std::int64_t ms = -1;
  auto dur = [&ms](const Reader& r, const YAML::Node& root) {
    ms = r.duration_ms(root["d"], "d", {}, 60000);
  };
  EXPECT_EQ(run("d: 250\n", dur), "ok");
  EXPECT_EQ(ms, 250);
  EXPECT_EQ(run("d: 250ms\n", dur), "ok");
  EXPECT_EQ(ms, 250);
  EXPECT_EQ(run("d: \"2s\"\n", dur), "ok");
  EXPECT_EQ(ms, 2000);
  EXPECT_EQ(run("d: 61s\n", dur), "f.yaml:1:4: d: value 61000 out of range 0..60000");
  EXPECT_EQ(run("d: -5ms\n", dur), "f.yaml:1:4: d: value -5 out of range 0..60000");
  EXPECT_EQ(run("d: 2 s\n", dur),
            "f.yaml:1:4: d: expected a duration in milliseconds (e.g. 3000, \"250ms\", \"2s\"), got '2 s'");
  EXPECT_EQ(run("d: 9999999999999s\n", dur).find("expected a duration"), 15U);

  auto pick = [](const Reader& r, const YAML::Node& root) {
    (void)r.enumeration(root["e"], "e", {"present", "absent", "any"});
  };
  EXPECT_EQ(run("e: any\n", pick), "ok");
  EXPECT_EQ(run("e: presnt\n", pick), "f.yaml:1:4: e: invalid value 'presnt' (did you mean 'present'?)");
  EXPECT_EQ(run("e: zzz\n", pick),
            "f.yaml:1:4: e: invalid value 'zzz' (expected one of: present, absent, any)");
}

TEST(YamlStrict, Keys) {
  auto keys = [](const Reader& r, const YAML::Node& root) {
    r.keys(root, "top", {"alpha", "beta"}, {"gamma"});
  };
  EXPECT_EQ(run("alpha: 1\ngamma: 2\n", keys), "ok");
  EXPECT_EQ(run("alpha: 1\nalhpa: 2\n", keys), "f.yaml:2:1: top.alhpa: unknown key (did you mean 'alpha'?)");
  EXPECT_EQ(run("zzzzzz: 1\n", keys),
            "f.yaml:1:1: top.zzzzzz: unknown key (expected one of: alpha, beta, gamma)");
  EXPECT_EQ(run("alpha: 1\nbeta: 2\nalpha: 3\n", keys), "f.yaml:3:1: top.alpha: duplicate key");
  EXPECT_EQ(run("gamma: 1\ngamma: 2\n", keys), "f.yaml:2:1: top.gamma: duplicate key");
  EXPECT_EQ(run("[a]: 1\n", keys), "f.yaml:1:1: top: keys must be plain strings, got a list");
  EXPECT_EQ(run("- a\n", keys), "f.yaml:1:1: top: expected a map, got a list");
  EXPECT_EQ(run("zzzzzz: 1\n", keys, Wording{"known: ", true, true}),
            "f.yaml:1:1: unknown key 'top.zzzzzz' (known: alpha, beta, gamma)");
  EXPECT_EQ(run("betta: 1\n", keys, Wording{"allowed: ", false, true}),
            "f.yaml:1:1: top.betta: unknown key (did you mean 'beta'?)");

  auto none = [](const Reader& r, const YAML::Node& root) { r.keys(root, "p", {}); };
  EXPECT_EQ(run("x: 1\n", none), "f.yaml:1:1: p.x: unknown key (this kind takes no parameters)");
  auto required = [](const Reader& r, const YAML::Node& root) { (void)r.required(root, "s", "name"); };
  EXPECT_EQ(run("a: 1\n", required), "f.yaml:1:1: s.name: missing required key");
}

TEST(YamlStrict, DocumentErrors) {
  auto nothing = [](const Reader&, const YAML::Node&) {};
  EXPECT_EQ(run("a: [1\n", nothing), "f.yaml:2:1: end of sequence flow not found");
  auto r = read_document<int>("a: 1\n", "f.yaml", "thing", "YAML syntax error: ",
                              [](const YAML::Node&) -> int { throw std::runtime_error("boom"); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "f.yaml:1:1: cannot load thing: boom");
  EXPECT_EQ(read_file("/nonexistent/f.yaml").error().to_string(),
            "/nonexistent/f.yaml:0:0: cannot read file");
}

TEST(YamlStrict, Lists) {
  auto list = [](const Reader& r, const YAML::Node& root) { (void)r.string_list(root["l"], "l"); };
  EXPECT_EQ(run("l: [a, b]\n", list), "ok");
  EXPECT_EQ(run("l: a\n", list), "f.yaml:1:4: l: expected a list, got 'a'");
  EXPECT_EQ(run("l: [a, [b]]\n", list), "f.yaml:1:8: l[1]: expected a string, got a list");
}

}  // namespace
}  // namespace v6r::yaml_strict
