// Gate policies: strict YAML with file:line:col errors, and each rule over the sample sweep.
#include "reports/gate.hpp"

#include <gtest/gtest.h>

#include "tests/reports/test_util.hpp"

namespace v6r::report {
namespace {

using nlohmann::json;
using test::sample;

Policy policy(const std::string& yaml) {
  auto p = parse_policy(yaml, "p.yaml");
  EXPECT_TRUE(p.has_value()) << p.error();
  return p.has_value() ? *p : Policy{};
}

std::string error_of(const std::string& yaml) {
  auto p = parse_policy(yaml, "p.yaml");
  return p.has_value() ? std::string("(parsed)") : p.error();
}

findings::Document only_site(const std::string& suffix) {
  auto doc = sample();
  std::vector<findings::Site> keep;
  for (const auto& s : doc.sites)
    if (s.site.ends_with(suffix)) keep.push_back(s);
  doc.sites = keep;
  return doc;
}

TEST(Policy, ParsesEveryKey) {
  const auto p = policy(
      "name: all\ndescription: d\nall_checks_pass: {scenario: service-gate, kinds: [nat64.http], allow: "
      "[pass]}\n"
      "min_level: L2\nno_regression: true\nmax_severity: warn\nforbid_rules: [dns64.unexpected_prefix]\n"
      "require_verified: false\nrequire_complete: false\nrequire_signed: true\n");
  EXPECT_EQ(p.name, "all");
  ASSERT_TRUE(p.all_checks_pass);
  EXPECT_EQ(p.all_checks_pass->scenario, "service-gate");
  EXPECT_EQ(p.all_checks_pass->kinds, std::vector<std::string>{"nat64.http"});
  EXPECT_EQ(p.min_level, 2);
  EXPECT_TRUE(p.no_regression);
  EXPECT_EQ(p.max_severity, "warn");
  EXPECT_FALSE(p.require_verified);
  EXPECT_FALSE(p.require_complete);
  EXPECT_TRUE(p.require_signed);
  EXPECT_EQ(error_of("min_level: L2\nrequire_signed: sure\n").substr(0, 12), "p.yaml:2:17:");
  EXPECT_TRUE(policy("all_checks_pass: true\n").all_checks_pass.has_value());
}

TEST(Policy, ErrorsNameFileLineColumn) {
  EXPECT_EQ(error_of("name: x\nmin_levle: L2\n").substr(0, 14), "p.yaml:2:1: un");
  EXPECT_NE(error_of("name: x\nmin_levle: L2\n").find("unknown key 'min_levle'"), std::string::npos);
  EXPECT_EQ(error_of("min_level: L9\n").substr(0, 12), "p.yaml:1:12:");
  EXPECT_EQ(error_of("min_level: L2\nall_checks_pass:\n  scenario: x\n  kind: [a]\n").substr(0, 11),
            "p.yaml:4:3:");
  EXPECT_EQ(error_of("min_level: L2\nmax_severity: worse\n").substr(0, 12), "p.yaml:2:15:");
  EXPECT_EQ(error_of("forbid_rules: dns64.x\n").substr(0, 12), "p.yaml:1:15:");
  EXPECT_EQ(error_of("min_level: [L2\n").substr(0, 7), "p.yaml:");  // YAML syntax error
  EXPECT_NE(error_of("name: nothing\n").find("no rule"), std::string::npos);
  EXPECT_NE(error_of("forbid_rules: []\n").find("no rule"), std::string::npos);  // forbids nothing
  EXPECT_NE(error_of("no_regression: false\n").find("no rule"), std::string::npos);
  EXPECT_NE(error_of("- a\n").find("a policy is a map"), std::string::npos);
  EXPECT_NE(error_of("all_checks_pass: {allow: [great]}\n").find("unknown verdict 'great'"),
            std::string::npos);
}

TEST(Policy, ShippedPoliciesLoad) {
  for (const char* f : {"policy-service-gate.yaml", "policy-min-l2.yaml"}) {
    auto p = load_policy(std::string(V6READY_SOURCE_DIR) + "/scenarios/" + f);
    EXPECT_TRUE(p.has_value()) << p.error();
  }
}

TEST(Gate, MinLevelNamesTheSitesBelow) {
  const auto r = evaluate_policy(policy("min_level: L2\n"), sample(), nullptr);
  ASSERT_EQ(r.violations.size(), 3U);
  EXPECT_EQ(r.violations[0].site, "province/district-a/commune-dualstack");
  EXPECT_EQ(r.violations[1].site, "province/district-b/commune-brokendns64");
  EXPECT_NE(r.violations[1].reason.find("is L0, needs L2"), std::string::npos);
  EXPECT_EQ(r.violations[2].site, "province/district-b/commune-pmtu");
  // A site whose level could not be judged does not show the minimum either.
  auto unknown = only_site("commune-ready");
  unknown.sites[0].level.reset();
  const auto u = evaluate_policy(policy("min_level: L1\n"), unknown, nullptr);
  ASSERT_EQ(u.violations.size(), 1U);
  EXPECT_NE(u.violations[0].reason.find("is not assessed, needs L1"), std::string::npos)
      << u.violations[0].reason;
  EXPECT_TRUE(evaluate_policy(policy("min_level: L2\n"), only_site("commune-ready"), nullptr).holds());
  EXPECT_FALSE(evaluate_policy(policy("min_level: L4\n"), only_site("commune-ready"), nullptr).holds());
}

TEST(Gate, ForbidRulesAndMaxSeverity) {
  const auto r = evaluate_policy(policy("forbid_rules: [dns64.unexpected_prefix]\n"), sample(), nullptr);
  ASSERT_EQ(r.violations.size(), 1U);
  EXPECT_EQ(r.violations[0].check, "dns64.unexpected_prefix");
  EXPECT_EQ(r.violations[0].site, "province/district-b/commune-brokendns64");
  EXPECT_EQ(evaluate_policy(policy("max_severity: warn\n"), sample(), nullptr).violations.size(), 6U);
  EXPECT_EQ(evaluate_policy(policy("max_severity: info\n"), sample(), nullptr).violations.size(), 8U);
  EXPECT_TRUE(evaluate_policy(policy("max_severity: info\n"), only_site("commune-ready"), nullptr).holds());
}

TEST(Gate, AllChecksPassByScenarioAndKind) {
  auto doc = only_site("commune-ready");
  EXPECT_TRUE(evaluate_policy(policy("all_checks_pass: true\n"), doc, nullptr).holds());
  // No bundle ran service-gate: a gate that matches nothing fails.
  auto r = evaluate_policy(policy("all_checks_pass: {scenario: service-gate}\n"), doc, nullptr);
  ASSERT_EQ(r.violations.size(), 1U);
  EXPECT_NE(r.violations[0].reason.find("no check matched"), std::string::npos);
  doc.sites[0].bundle.scenario.name = "service-gate";
  EXPECT_TRUE(evaluate_policy(policy("all_checks_pass: {scenario: service-gate}\n"), doc, nullptr).holds());
  r = evaluate_policy(policy("all_checks_pass: {kinds: [nat64.pmtu, nat64.http]}\n"), sample(), nullptr);
  ASSERT_EQ(r.violations.size(),
            4U);  // dualstack http skipped, brokendns64 http error + pmtu skipped, pmtu fail
  EXPECT_EQ(r.violations[0].check, "http-v4only (nat64.http)");
  EXPECT_EQ(
      evaluate_policy(policy("all_checks_pass: {kinds: [nat64.pmtu, nat64.http], allow: [pass, skipped]}\n"),
                      sample(), nullptr)
          .violations.size(),
      2U);
}

TEST(Gate, NoRegressionAgainstBaseline) {
  const auto base = sample();
  auto now = sample();
  const auto p = policy("no_regression: true\n");
  EXPECT_TRUE(evaluate_policy(p, now, &base).holds());
  now.sites[0].level = findings::Level::L2;
  now.sites[0].checks[3].verdict = Verdict::fail;
  now.sites[3].checks[5].verdict = Verdict::pass;  // an improvement is no regression
  now.sites.erase(now.sites.begin() + 1);
  const auto r = evaluate_policy(p, now, &base);
  ASSERT_EQ(r.violations.size(), 3U);
  EXPECT_NE(r.violations[0].reason.find("level dropped from L3 to L2"), std::string::npos);
  EXPECT_EQ(r.violations[1].check, "http-v4only (nat64.http)");
  EXPECT_NE(r.violations[2].reason.find("missing"), std::string::npos);
}

TEST(Gate, UnverifiedAndPartialBundlesFailByDefault) {
  auto doc = only_site("commune-ready");
  doc.sites[0].bundle.verified = false;
  doc.sites[0].bundle.verify_problems = {"capture.pcapng"};
  doc.status = RunStatus::partial;
  auto r = evaluate_policy(policy("min_level: L2\n"), doc, nullptr);
  ASSERT_EQ(r.violations.size(), 2U);
  EXPECT_EQ(r.violations[0].rule, "require_complete");
  EXPECT_EQ(r.violations[1].rule, "require_verified");
  EXPECT_TRUE(evaluate_policy(policy("min_level: L2\nrequire_verified: false\nrequire_complete: false\n"),
                              doc, nullptr)
                  .holds());
}

TEST(Gate, RequireSignedPassesOnlyBundlesSignedByATrustedKey) {
  using findings::BundleSignature;
  const std::string fp(64, 'c');
  const auto p = policy("min_level: L0\nrequire_signed: true\n");
  auto doc = only_site("commune-ready");
  auto with = [&doc](std::optional<BundleSignature> s) {
    doc.sites[0].bundle.signature = std::move(s);
    return doc;
  };
  const auto signed_doc = with(BundleSignature{SignatureStatus::signed_trusted, fp});
  auto r = evaluate_policy(p, signed_doc, nullptr);
  EXPECT_TRUE(r.holds());
  EXPECT_EQ(r.rules, (std::vector<std::string>{"require_complete", "require_verified", "require_signed",
                                               "min_level"}));
  // Off by default: an unsigned bundle passes a policy that does not ask for signatures.
  EXPECT_TRUE(evaluate_policy(policy("min_level: L0\n"), with(BundleSignature{}), nullptr).holds());
  EXPECT_FALSE(policy("min_level: L0\n").require_signed);
  struct Case {
    std::optional<BundleSignature> sig;
    const char* id;
    const char* words;
  };
  const Case cases[] = {
      {BundleSignature{SignatureStatus::unsigned_bundle, std::nullopt}, "gate.v.unsigned", "is not signed"},
      {BundleSignature{SignatureStatus::unknown_key, fp}, "gate.v.signature_unknown_key",
       "signed by key cccccccccccccccc, which is not a trusted key"},
      {BundleSignature{SignatureStatus::unknown_key, std::nullopt}, "gate.v.signature_unknown_key_unnamed",
       "not a trusted key"},
      {BundleSignature{SignatureStatus::bad_signature, std::nullopt}, "gate.v.signature_bad",
       "bad signature"},
      {std::nullopt, "gate.v.signature_not_checked", "signature was not checked"},
      // hostile: a document that claims "signed" without a fingerprint, or with one that is not one
      {BundleSignature{SignatureStatus::signed_trusted, std::nullopt}, "gate.v.signature_no_key",
       "without a valid"},
      {BundleSignature{SignatureStatus::signed_trusted, fp.substr(1) + "G"}, "gate.v.signature_no_key",
       "without a valid"},
      {BundleSignature{SignatureStatus::signed_trusted, fp + "\x1b[32m"}, "gate.v.signature_no_key",
       "without a valid"},
  };
  for (const auto& c : cases) {
    r = evaluate_policy(p, with(c.sig), nullptr);
    ASSERT_EQ(r.violations.size(), 1U) << c.id;
    const auto& v = r.violations[0];
    EXPECT_EQ(v.rule, "require_signed");
    EXPECT_EQ(v.site, "province/district-a/commune-ready");
    EXPECT_EQ(v.why.id, c.id);
    EXPECT_NE(v.reason.find(doc.sites[0].bundle.name), std::string::npos) << v.reason;
    EXPECT_NE(v.reason.find(c.words), std::string::npos) << v.reason;
  }
  // One violation per site that is not signed; the signed one is not named.
  auto two = sample();
  two.sites.resize(2);
  two.sites[0].bundle.signature = BundleSignature{SignatureStatus::signed_trusted, fp};
  two.sites[1].bundle.signature = BundleSignature{SignatureStatus::unsigned_bundle, std::nullopt};
  r = evaluate_policy(p, two, nullptr);
  ASSERT_EQ(r.violations.size(), 1U);
  EXPECT_EQ(r.violations[0].site, two.sites[1].site);
  const auto suite = gate_junit_suite(p, r);
  ASSERT_EQ(suite.cases.size(), 4U);
  EXPECT_EQ(suite.cases[2].name, "require_signed");
  ASSERT_EQ(suite.cases[2].failure.size(), 2U);
  EXPECT_NE(suite.cases[2].failure[1].find("is not signed"), std::string::npos);
}

TEST(Gate, OutputFitsOneScreen) {
  auto doc = sample();
  for (int i = 0; i < 40; ++i) {
    auto s = doc.sites[2];
    s.site = "province/district-x/broken-" + std::to_string(i) + "\nwith newline";
    doc.sites.push_back(s);
  }
  const auto p = policy("name: many\nmin_level: L2\nmax_severity: warn\n");
  const auto r = evaluate_policy(p, doc, nullptr);
  ASSERT_GT(r.violations.size(), 100U);
  const auto text = format_gate(p, r, "out/junit.xml");
  EXPECT_LE(test::count(text, "\n"), 25U);
  EXPECT_EQ(text.rfind("v6analyze gate: FAIL: policy many (p.yaml)", 0), 0U);
  EXPECT_NE(text.find("more (see the JUnit file)"), std::string::npos);
  EXPECT_NE(text.find("\nJUnit: out/junit.xml\n"), std::string::npos);
  const auto suite = gate_junit_suite(p, r);
  EXPECT_EQ(suite.cases.size(), 4U);  // require_complete, require_verified, min_level, max_severity
  EXPECT_TRUE(suite.cases[0].failure.empty());
  EXPECT_FALSE(suite.cases[2].failure.empty());
  const auto pass = format_gate(p, GateResult{{"min_level"}, {}}, "");
  EXPECT_EQ(pass, "v6analyze gate: PASS: policy many (p.yaml) holds (1 rules)\n");
}

TEST(Gate, LongReasonIsKeptWhole) {
  // The terminal writer wraps (core/text_wrap.hpp); format_gate never cuts a reason ("... expected 200").
  const auto p = policy("name: long\nmin_level: L2\n");
  std::string reason = "AAAA answer";
  for (int i = 0; i < 30; ++i) reason += " word" + std::to_string(i);
  reason += " expected 200";
  const GateResult r{
      {"min_level"},
      {Violation{"min_level", "province/district-a/commune", "", i18n::verbatim(reason), reason}}};
  const auto text = format_gate(p, r, "");
  EXPECT_NE(text.find(reason + "\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("..."), std::string::npos);
}

}  // namespace
}  // namespace v6r::report
