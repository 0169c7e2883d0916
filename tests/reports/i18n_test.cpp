// The message catalogues (reports/i18n/*.yaml, docs/i18n.md): they parse, hold the same ids with the same
// placeholders and RFC references, cover every check kind and analyzer rule, and every human-read
// output renders each of them in both languages with no missing message and no placeholder left.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include "analyzers/findings/rules.hpp"
#include "core/escape.hpp"
#include "core/i18n.hpp"
#include "core/message.hpp"
#include "core/message_text.hpp"
#include "probes/checks/builtin.hpp"
#include "reports/gate.hpp"
#include "reports/report.hpp"
#include "reports/root_cause_text.hpp"
#include "reports/sentences.hpp"
#include "reports/summary_text.hpp"
#include "reports/words.hpp"
#include "tests/reports/test_util.hpp"

namespace v6r::report {
namespace {

using i18n::Catalog;
using i18n::Lang;

std::string read_source(const std::string& rel) {
  std::ifstream in(std::string(V6READY_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> check_kinds() {
  return probe::builtin_schema_registry().kinds();
}

std::vector<std::string> rules() {
  return {analyze::rule::kAll.begin(), analyze::rule::kAll.end()};
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> rfc_refs(const std::string& text) {
  static const std::regex re("RFC [0-9]+");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return sorted(out);
}

/// A message id that no catalogue had ("[kind.x.title]") or a placeholder that was not filled.
void expect_complete(const std::string& out, const std::string& what) {
  static const std::regex missing(
      R"(\[(level|verdict|severity|sig|plan|access|service|path|coverage|mark|finding|kind|advice|md|term|gate|html|clock|source|cross_check|format|status|lang|rootcause|summary|reason|planr|explain|xnote|fact)\.[a-z0-9_.-]+\])");
  static const std::regex placeholder(R"(\{[a-z_]+\})");
  std::smatch m;
  EXPECT_FALSE(std::regex_search(out, m, missing)) << what << ": missing message " << m.str();
  EXPECT_FALSE(std::regex_search(out, m, placeholder)) << what << ": placeholder left " << m.str();
}

TEST(I18nCatalogue, EachSourceFileParses) {
  for (const Lang l : i18n::kLangs) {
    const auto file = "reports/i18n/" + std::string(i18n::code(l)) + ".yaml";
    std::string err;
    const auto c = Catalog::parse(l, read_source(file), &err);
    ASSERT_TRUE(c) << file << ": " << err;
    // The built-in one is the same file (embedded at build time).
    EXPECT_EQ(c->messages(), Catalog::get(l).messages()) << file << " differs from the built-in catalogue";
    EXPECT_GT(c->messages().size(), 150U);
  }
}

/// Every id of the catalogue is one results.jsonl's and findings.json's strict message reader accepts
/// (core/message.hpp: [a-z0-9_.-], 1..96): a probe reason with another id would cost the whole result
/// (check.err.ECONNREFUSED did, in a lab sweep).
TEST(I18nCatalogue, EveryIdIsOneTheMessageReaderAccepts) {
  // The families a document carries as messages (core/message_text.cpp sentence_id); the renderers' own
  // words (level.L0.title, html.*) are never read back from a document.
  static const std::vector<std::string> families = {"rootcause.", "summary.", "reason.", "planr.",
                                                    "explain.",   "xnote.",   "check.",  "fact."};
  for (const auto& [id, text] : Catalog::get(Lang::en).messages()) {
    if (std::none_of(families.begin(), families.end(),
                     [&id = id](const auto& f) { return id.starts_with(f); }))
      continue;
    std::string field, why;
    const nlohmann::json j = {{"id", id}, {"args", nlohmann::json::array()}};
    EXPECT_TRUE(message_from_json(j, field, why)) << id << ": " << field << ": " << why;
  }
}

/// The deepest reason results.jsonl takes (kMaxReasonDepth) still renders, in both languages, where the
/// analyzer quotes it whole: a finding's explanation (explain.probe) and a level's harness gap
/// (reason.harness_gaps → fact.check_error). A real sweep's service.tcp through a wrong prefix has such a
/// reason (check.tcp.fail → check.tcp.attempt → check.svc.where → check.path.*), whose finding once read
/// "explain.probe".
TEST(I18nCatalogue, TheDeepestProbeReasonRendersWhereTheAnalyzerQuotesIt) {
  using V = std::vector<MessageItem>;
  const MessageItem path{"check.path.nat64_unexpected", {}};
  const MessageItem where{"check.svc.where",
                          {{"endpoint", "[2001:db8:65::c000:20a]:80"}, {"path", "x", V{path}}}};
  const MessageItem attempt{"check.tcp.attempt",
                            {{"where", "x", V{where}}, {"error", "Network is unreachable"}}};
  const MessageItem reason{"check.tcp.fail",
                           {{"host", "v4only.lab.test"}, {"port", "80"}, {"errors", "x", V{attempt}}}};
  std::string field, why;
  ASSERT_TRUE(message_from_json(message_json(reason), field, why, kMaxReasonDepth)) << field << ": " << why;
  const MessageItem deeper{"check.detail", {{"text", "x", V{reason}}}};
  EXPECT_FALSE(message_from_json(message_json(deeper), field, why, kMaxReasonDepth))
      << "one level more is refused";
  const MessageItem explanation{"explain.probe", {{"reason", "x", V{reason}}}};
  const MessageItem gap{
      "reason.harness_gaps",
      {{"errors", "x",
        V{MessageItem{"fact.check_error", {{"check", "service.tcp"}, {"reason", "x", V{reason}}}}}}}};
  for (const auto& m : {explanation, gap}) {
    EXPECT_TRUE(message_from_json(message_json(m), field, why)) << m.id << ": " << field << ": " << why;
    for (const Lang l : i18n::kLangs) {
      const auto s = i18n::render_message(Catalog::get(l), m);
      ASSERT_TRUE(s) << i18n::code(l) << " " << m.id;
      EXPECT_NE(s->find("v4only.lab.test"), std::string::npos) << *s;
    }
  }
}

TEST(I18nCatalogue, SameIdsPlaceholdersAndRfcsInEveryLanguage) {
  const auto& en = Catalog::get(Lang::en).messages();
  for (const Lang l : i18n::kLangs) {
    const auto& other = Catalog::get(l).messages();
    for (const auto& [id, text] : en) {
      const auto it = other.find(id);
      ASSERT_NE(it, other.end()) << i18n::code(l) << " lacks " << id;
      EXPECT_EQ(sorted(i18n::placeholders(text)), sorted(i18n::placeholders(it->second)))
          << i18n::code(l) << " " << id << ": placeholders differ";
      EXPECT_EQ(rfc_refs(text), rfc_refs(it->second))
          << i18n::code(l) << " " << id << ": RFC references differ";
      EXPECT_FALSE(it->second.empty()) << i18n::code(l) << " " << id;
    }
    for (const auto& [id, text] : other)
      EXPECT_TRUE(en.contains(id)) << i18n::code(l) << " has extra id " << id;
  }
}

TEST(I18nCatalogue, VietnameseIsTranslated) {
  // Messages that may read the same in both languages: names, marks and pure placeholders.
  const std::set<std::string> same = {
      "list.sep", "text", "finding.probe", "term.finding", "gate.policy_file", "gate.junit",
      "gate.v.check_verdict", "gate.v.forbidden", "gate.v.forbidden_why", "md.clause_reason", "path.ipv4",
      "kind.nat64.http.title", "kind.nat64.tcp.title", "kind.nat64.udp.title", "term.advice_item",
      "severity.info", "verdict.info", "html.site.evidence_sha", "list.sep_facts", "fact.more", "fact.name",
      "fact.ellipsis", "fact.check_error", "fact.ptb_mtu", "pkt.line", "pkt.line_noaddr", "pkt.dns_query",
      "pkt.dhcp", "pkt.icmp6_ptb", "html.plan_chart.deadline", "html.plan_chart.percent",
      // the probe's reasons made of placeholders and names only
      "check.detail", "check.joined", "check.svc.query_failed", "explain.probe", "check.ptr.pass",
      "check.ptr.pass_cname", "check.synth.extract", "check.synth.answer_rcode", "check.svc.where",
      "check.tcp.attempt", "check.tls.hidden_on", "check.tls.soon", "check.tls.on_path",
      "check.he.attempt_failed", "check.parity.ipv4", "check.dhcp108.server", "check.dhcp108.yiaddr",
      "fact.pref64_src.rfc7050", "fact.pref64_src.ra"};
  const auto& en = Catalog::get(Lang::en).messages();
  const auto& vi = Catalog::get(Lang::vi).messages();
  for (const auto& [id, text] : en)
    if (!same.contains(id)) {
      EXPECT_NE(text, vi.at(id)) << id << " is not translated";
    }
  // Standard terms of the glossary (docs/i18n.md) are the ones used.
  EXPECT_EQ(vi.at("access.ipv6-only"), "chỉ IPv6");
  EXPECT_EQ(vi.at("access.dual-stack"), "ngăn xếp kép");
  EXPECT_EQ(vi.at("verdict.pass"), "đạt");
  EXPECT_EQ(vi.at("verdict.fail"), "không đạt");
  EXPECT_EQ(vi.at("verdict.warn"), "cảnh báo");
  EXPECT_EQ(vi.at("md.col.level"), "mức");
  EXPECT_EQ(vi.at("md.col.plan"), "kế hoạch");
}

TEST(I18nCatalogue, EveryCheckKindAndRuleHasTitleAndAdvice) {
  for (const Lang l : i18n::kLangs) {
    const auto& c = Catalog::get(l);
    for (const auto& k : check_kinds()) {
      EXPECT_TRUE(c.has("kind." + k + ".title")) << i18n::code(l) << ": no title for check kind " << k;
      const auto a = advice(c, k);
      ASSERT_TRUE(a) << i18n::code(l) << ": no advice for check kind " << k;
      EXPECT_NE(a->find("RFC "), std::string::npos) << "advice for " << k << " cites no RFC";
    }
    for (const auto& r : rules()) {
      EXPECT_TRUE(c.has("finding." + r + ".title")) << i18n::code(l) << ": no title for rule " << r;
      EXPECT_TRUE(advice(c, r)) << i18n::code(l) << ": no advice for rule " << r;
    }
  }
}

TEST(I18nCatalogue, FormatsPlaceholdersOnceAndNumbersPerLanguage) {
  const auto& en = Catalog::get(Lang::en);
  const auto& vi = Catalog::get(Lang::vi);
  // An argument's own braces are never expanded.
  EXPECT_EQ(en.text("gate.junit", {{"path", "{path}"}}), "JUnit: {path}");
  EXPECT_EQ(en.text("no.such.id"), "[no.such.id]");
  EXPECT_EQ(en.integer(1234567), "1,234,567");
  EXPECT_EQ(vi.integer(1234567), "1.234.567");
  EXPECT_EQ(vi.decimal(1.5, 1), "1,5");
  EXPECT_EQ(en.decimal(1.5, 1), "1.5");
  const UtcMs t = *parse_rfc3339_ms("2026-12-03T14:05:09.000Z");
  EXPECT_EQ(en.date_time(t), "2026-12-03 14:05 UTC");
  EXPECT_EQ(vi.date_time(t), "03/12/2026 14:05 UTC");
}

TEST(I18nLang, FlagThenPlanThenEnvironment) {
  EXPECT_EQ(i18n::parse_lang("vi"), Lang::vi);
  EXPECT_EQ(i18n::parse_lang("fr"), std::nullopt);
  EXPECT_EQ(i18n::choose_lang(Lang::en, Lang::vi), Lang::en);
  EXPECT_EQ(i18n::choose_lang(std::nullopt, Lang::vi), Lang::vi);
  ::setenv("LC_ALL", "", 1);
  ::setenv("LC_MESSAGES", "vi_VN.UTF-8", 1);
  ::setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(i18n::choose_lang(std::nullopt, std::nullopt), Lang::vi);
  ::setenv("LC_ALL", "C.UTF-8", 1);
  EXPECT_EQ(i18n::choose_lang(std::nullopt, std::nullopt), Lang::en);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::setenv("LANG", "vi", 1);
  EXPECT_EQ(i18n::lang_from_env(), Lang::vi);
  ::unsetenv("LANG");
  EXPECT_EQ(i18n::lang_from_env(), Lang::en);
}

/// A document with a site per level (and one not assessed), every plan verdict, a check row and a
/// probe finding per check kind, and a finding per analyzer rule.
findings::Document every_kind() {
  auto doc = test::sample();
  auto proto = doc.sites.at(0);
  doc.sites.clear();
  const std::vector<std::optional<findings::Level>> levels = {findings::Level::L0, findings::Level::L1,
                                                              findings::Level::L2, findings::Level::L3,
                                                              findings::Level::L4, std::nullopt};
  const findings::PlanVerdict verdicts[] = {findings::PlanVerdict::meets, findings::PlanVerdict::below,
                                            findings::PlanVerdict::not_assessed,
                                            findings::PlanVerdict::not_in_plan};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    auto s = proto;
    s.site = "province/district-" + std::to_string(i) + "/commune";
    s.level = levels[i];
    s.plan_verdict = verdicts[i % 4];
    s.checks.clear();
    s.findings.clear();
    doc.sites.push_back(std::move(s));
  }
  int n = 0;
  const Verdict vs[] = {Verdict::fail, Verdict::warn, Verdict::error};
  // At most 6 findings a site: the terminal shows 8 a site.
  for (const auto& k : check_kinds()) {
    auto& site = doc.sites[static_cast<std::size_t>(n) % doc.sites.size()];
    findings::CheckRow row;
    row.check_id = "c" + std::to_string(++n);
    row.kind = k;
    row.target = "target-" + std::to_string(n) + ".lab.test";
    row.verdict = vs[n % 3];
    row.reason = "reason " + std::to_string(n);
    site.checks.push_back(row);
    findings::Finding f;
    f.id = site.site + "#" + std::to_string(n);
    f.rule = k;
    f.severity = row.verdict == Verdict::fail ? findings::Severity::fail : findings::Severity::warn;
    f.title = "english title " + k;
    f.explanation = "explanation " + k;
    f.source = findings::Source::probe;
    f.check_id = row.check_id;
    site.findings.push_back(f);
  }
  for (const auto& r : rules()) {
    auto& site = doc.sites[static_cast<std::size_t>(n) % doc.sites.size()];
    findings::Finding f;
    f.id = site.site + "#" + std::to_string(++n);
    f.rule = r;
    f.severity = findings::Severity::warn;
    f.title = "english title " + r;
    f.explanation = "explanation " + r;
    f.source = findings::Source::capture;
    site.findings.push_back(f);
  }
  return doc;
}

TEST(I18nRender, EveryFindingKindLevelAndHeadingInBothLanguages) {
  const auto doc = every_kind();
  for (const Lang l : i18n::kLangs) {
    const auto& cat = Catalog::get(l);
    const std::string lang(i18n::code(l));
    const auto md = render_markdown(doc, cat);
    const auto term = summary_text(doc, cat);
    expect_complete(md, lang + " markdown");
    expect_complete(term, lang + " terminal");
    EXPECT_NE(md.find(escape::markdown(cat.text("md.advice"))), std::string::npos) << lang;
    EXPECT_NE(md.find(escape::markdown(cat.text("level.not_assessed"))), std::string::npos) << lang;
    for (const auto& site : doc.sites)
      for (const auto& f : site.findings) {
        const auto title = finding_title(cat, f, &site);
        EXPECT_EQ(title.find("english title"), std::string::npos) << lang << " " << f.rule << ": " << title;
        expect_complete(title, lang + " title of " + f.rule);
        // The terminal names every kind's advice (the Markdown list is capped at 15 findings).
        const auto a = advice(cat, f.rule);
        ASSERT_TRUE(a) << f.rule;
        EXPECT_NE(term.find(*a), std::string::npos)
            << lang << ": no advice for " << f.rule << " in the terminal";
      }
    for (const auto& s : doc.sites) {
      EXPECT_NE(term.find(cat.text("term.plan_verdict." + std::string(findings::to_string(s.plan_verdict)))),
                std::string::npos)
          << lang;
    }
    for (int i = 0; i < findings::kLevelCount; ++i) {
      const auto t = level_title(cat, findings::level_at(i));
      expect_complete(t, lang + " level title");
      EXPECT_NE(t, "[level.L" + std::to_string(i) + ".title]");
    }
  }
}

TEST(I18nRender, GateInBothLanguages) {
  auto doc = every_kind();
  doc.status = RunStatus::partial;
  doc.sites[1].bundle.verified = false;
  doc.sites[1].bundle.verify_problems = {"run.json: hash mismatch"};
  Policy p;
  p.name = "policy";
  p.file = "policy.yaml";
  p.require_complete = true;
  p.require_verified = true;
  p.min_level = 3;
  p.max_severity = "info";
  p.forbid_rules = {"dns.slow"};
  p.all_checks_pass = AllChecksPass{};
  p.all_checks_pass->scenario = "no-such-scenario";
  const auto r = evaluate_policy(p, doc, &doc);
  ASSERT_FALSE(r.holds());
  for (const Lang l : i18n::kLangs) {
    const auto& cat = Catalog::get(l);
    const auto out = format_gate(p, r, "junit.xml", 1000, cat);
    expect_complete(out, std::string(i18n::code(l)) + " gate");
    EXPECT_NE(out.find(cat.text("gate.v.no_check_scenario", {{"scenario", "no-such-scenario"}})),
              std::string::npos);
    for (const auto& v : r.violations) expect_complete(cat.render(v.why), v.why.id);
  }
  // JUnit stays English whatever the terminal's language.
  const auto& en = Catalog::get(Lang::en);
  for (const auto& v : r.violations) EXPECT_EQ(v.reason, en.render(v.why));
}

/// The fixed parts of a message: the text between its placeholders, trimmed.
std::vector<std::string> fixed_parts(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const auto end = text.find('}', i);
      if (end != std::string::npos) {
        out.push_back(cur);
        cur.clear();
        i = end;
        continue;
      }
    }
    cur += text[i];
  }
  out.push_back(cur);
  return out;
}

/// True for an English phrase worth looking for: two or more words of letters.
bool is_phrase(const std::string& s) {
  static const std::regex two_words("[A-Za-z]{2,}[ -][A-Za-z]{2,}");
  return std::regex_search(s, two_words);
}

TEST(I18nRender, LabFindingsInVietnameseHoldNoEnglishUiString) {
  const auto doc = test::typed(nlohmann::json::parse(read_source("tests/archive/data/lab-findings.json")));
  const auto& vi = Catalog::get(Lang::vi);
  std::string md = render_markdown(doc, vi);
  std::string term = summary_text(doc, vi);
  // The document's own texts (the analyzer's and the probe's sentences, names, addresses) are data, not
  // the renderer's UI: take them out before looking for the English catalogue's phrases.
  std::vector<std::string> data;
  for (const auto& s : doc.sites) {
    data.push_back(s.level_summary);
    data.push_back(s.plan_reason);
    for (const auto& f : s.findings) data.push_back(f.explanation);
    for (const auto& c : s.checks)
      if (c.clauses)
        for (const auto& cl : *c.clauses) data.push_back(cl.reason);
  }
  std::sort(data.begin(), data.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  auto strip = [&](std::string& out, auto esc) {
    for (const auto& d : data) {
      const auto e = esc(d);
      for (auto p = out.find(e); p != std::string::npos; p = out.find(e)) out.erase(p, e.size());
    }
  };
  strip(md, [](const std::string& s) { return escape::markdown(s); });
  strip(term, [](const std::string& s) { return escape::terminal(s); });
  expect_complete(md, "vi markdown");
  expect_complete(term, "vi terminal");
  for (const auto& [id, text] : Catalog::get(Lang::en).messages()) {
    if (vi.messages().at(id) == text) continue;  // the same in both (names, marks)
    for (const auto& part : fixed_parts(text)) {
      // A phrase the Vietnamese message keeps as well (Packet Too Big) is a term.
      if (!is_phrase(part) || vi.messages().at(id).find(part) != std::string::npos) continue;
      EXPECT_EQ(md.find(escape::markdown(part)), std::string::npos)
          << "English in vi Markdown: " << id << ": " << part;
      EXPECT_EQ(term.find(part), std::string::npos) << "English in vi terminal: " << id << ": " << part;
    }
  }
  // And it is Vietnamese: the level heading and a verdict word.
  EXPECT_NE(md.find("mức"), std::string::npos);
  EXPECT_NE(term.find("đạt kế hoạch"), std::string::npos);
}

/// A document whose one site has every root cause, each title and evidence line a catalogue message
/// with every argument (the analyzer's own ids are checked in tests/analyzer/root_causes_test.cpp).
findings::Document every_root_cause() {
  auto doc = test::sample();
  doc.sites.resize(1);
  auto& site = doc.sites[0];
  const auto& en = Catalog::get(Lang::en).messages();
  std::vector<std::string> evidence_ids;
  for (const auto& [id, text] : en)
    if (id.starts_with("rootcause.ev.")) evidence_ids.push_back(id);
  auto msg = [&](const std::string& id) {
    findings::MessageRef m{id, {}};
    for (const auto& p : i18n::placeholders(en.at(id)))
      m.args.push_back({p, "2001:db8::" + std::to_string(m.args.size() + 1)});
    return m;
  };
  std::vector<findings::RootCause> causes;
  std::size_t ev = 0;
  for (const auto c :
       {findings::Cause::resolver_unreachable, findings::Cause::nat64_down, findings::Cause::no_ipv6_route,
        findings::Cause::pmtu_black_hole, findings::Cause::wrong_pref64}) {
    findings::RootCause rc;
    rc.cause = c;
    rc.title_message = msg("rootcause.title." + std::string(findings::to_string(c)));
    rc.title = "english title " + std::string(findings::to_string(c));
    // Every evidence message once, spread over the causes.
    for (std::size_t k = 0; k < 4 && ev < evidence_ids.size(); ++k) {
      rc.evidence_messages.push_back(msg(evidence_ids[ev++]));
      rc.evidence.push_back("english evidence");
    }
    rc.checks = {"c1", "c2"};
    if (!site.findings.empty()) rc.findings = {site.findings.front().id};
    causes.push_back(std::move(rc));
  }
  while (ev < evidence_ids.size()) {
    causes.back().evidence_messages.push_back(msg(evidence_ids[ev++]));
    causes.back().evidence.push_back("english evidence");
  }
  site.root_causes = std::move(causes);
  return doc;
}

TEST(I18nRender, EveryRootCauseInBothLanguages) {
  const auto doc = every_root_cause();
  const auto& rcs = *doc.sites[0].root_causes;
  for (const Lang l : i18n::kLangs) {
    const auto& cat = Catalog::get(l);
    const std::string lang(i18n::code(l));
    const auto md = render_markdown(doc, cat);
    const auto term = summary_text(doc, cat);
    expect_complete(md, lang + " markdown");
    expect_complete(term, lang + " terminal");
    for (const auto& rc : rcs) {
      const auto title = root_cause_title(cat, rc);
      EXPECT_EQ(title.find("english"), std::string::npos) << lang << ": " << title;
      EXPECT_NE(term.find(title), std::string::npos) << lang << ": no cause line for " << title;
      EXPECT_NE(md.find(escape::markdown(title)), std::string::npos) << lang;
      for (const auto& e : root_cause_evidence(cat, rc)) {
        EXPECT_EQ(e.find("english"), std::string::npos) << lang << ": " << e;
        EXPECT_NE(term.find(e), std::string::npos) << lang << ": " << e;
      }
      const auto advice = root_cause_advice(cat, rc.cause);
      EXPECT_NE(advice.find("RFC "), std::string::npos) << lang << " advice for " << to_string(rc.cause);
      EXPECT_NE(term.find(advice), std::string::npos) << lang << ": no advice for " << to_string(rc.cause);
    }
    EXPECT_NE(md.find(escape::markdown(cat.text("rootcause.heading"))), std::string::npos) << lang;
    // report.html, inline: every cause with its heading and advice in the report's language.
    const auto html = render_html(doc, HtmlOptions{.detail = HtmlDetail::inline_all}, cat);
    expect_complete(html, lang + " html");
    EXPECT_EQ(test::count(html, "data-cause=\""), rcs.size()) << lang;
    EXPECT_NE(html.find(">" + cat.text("rootcause.heading") + "<"), std::string::npos) << lang;
  }
  // Vietnamese: no English phrase of a root-cause message, and the standard terms.
  const auto& vi = Catalog::get(Lang::vi);
  const auto md = render_markdown(doc, vi);
  const auto term = summary_text(doc, vi);
  for (const auto& [id, text] : Catalog::get(Lang::en).messages()) {
    if (!id.starts_with("rootcause.")) continue;
    for (const auto& part : fixed_parts(text)) {
      if (!is_phrase(part)) continue;
      EXPECT_EQ(term.find(part), std::string::npos) << "English in vi terminal: " << id << ": " << part;
      EXPECT_EQ(md.find(escape::markdown(part)), std::string::npos)
          << "English in vi Markdown: " << id << ": " << part;
    }
  }
  EXPECT_NE(term.find("nguyên nhân (không đạt): Bộ phân giải 2001:db8::1 không trả lời"), std::string::npos)
      << term;
  EXPECT_NE(md.find("Nguyên nhân gốc"), std::string::npos);
  EXPECT_NE(term.find("bộ phân giải"), std::string::npos);
}

}  // namespace
}  // namespace v6r::report

namespace v6r::report {
namespace {

TEST(I18nRender, SummaryMarksTrust) {
  auto doc = test::sample();
  doc.sites.resize(1);
  doc.sites[0].bundle.verified = false;
  doc.sites[0].bundle.signature = findings::BundleSignature{SignatureStatus::bad_signature, std::nullopt};
  EXPECT_NE(summary_text(doc).find("[UNVERIFIED]  [BAD SIGNATURE]"), std::string::npos) << summary_text(doc);
  const auto vi = summary_text(doc, Catalog::get(Lang::vi));
  EXPECT_NE(vi.find("[CHƯA XÁC MINH]  [CHỮ KÝ SAI]"), std::string::npos) << vi;
}

}  // namespace
}  // namespace v6r::report

namespace v6r::report {
namespace {

/// report.html (reports/html*.cpp): every word of the page from the catalogue, in both languages, inline
/// and with the lazy detail (whose labels are in the page's compressed data).
TEST(I18nRender, HtmlInBothLanguages) {
  const auto doc = every_kind();
  for (const Lang l : i18n::kLangs) {
    const auto& cat = Catalog::get(l);
    const std::string lang(i18n::code(l));
    for (const auto detail : {HtmlDetail::inline_all, HtmlDetail::lazy}) {
      const auto html = render_html(doc, HtmlOptions{.detail = detail}, cat);
      const std::string what = lang + (detail == HtmlDetail::lazy ? " lazy" : " inline") + " html";
      expect_complete(html, what);
      EXPECT_NE(html.find("<html lang=\"" + lang + "\">"), std::string::npos) << what;
      EXPECT_NE(html.find(escape::html(cat.text("html.summary.title"))), std::string::npos) << what;
      EXPECT_NE(html.find(escape::html(cat.text("html.method.title"))), std::string::npos) << what;
      if (detail == HtmlDetail::lazy) continue;
      for (const auto& site : doc.sites)
        for (const auto& f : site.findings) {
          EXPECT_NE(html.find(escape::html_isolated(finding_title(cat, f, &site))), std::string::npos)
              << what << ": no title for " << f.rule;
          EXPECT_NE(html.find(escape::html(*advice(cat, f.rule))), std::string::npos)
              << what << ": no advice for " << f.rule;
        }
    }
  }
  const auto vi = render_html(doc, HtmlOptions{.detail = HtmlDetail::inline_all}, Catalog::get(Lang::vi));
  for (const char* s : {"Tổng quan toàn tỉnh", "Điểm mạng kém nhất", "Ma trận điểm mạng × phép kiểm tra",
                        "Phương pháp", "Cách khắc phục:", "không đạt"})
    EXPECT_NE(vi.find(s), std::string::npos) << "vi html lacks " << s;
}

/// The lab demo's findings as report.html in Vietnamese: no phrase of the English catalogue is left in
/// the page once the document's own texts (English data) are taken out. A phrase the Vietnamese message
/// keeps as well (Packet Too Big, RA PREF64) is a term, not an untranslated text.
TEST(I18nRender, LabFindingsHtmlInVietnameseHoldsNoEnglishUiString) {
  const auto doc = test::typed(nlohmann::json::parse(read_source("tests/archive/data/lab-findings.json")));
  const auto& vi = Catalog::get(Lang::vi);
  std::string html = render_html(doc, HtmlOptions{.detail = HtmlDetail::inline_all}, vi);
  std::vector<std::string> data;
  for (const auto& s : doc.sites) {
    data.push_back(s.site);
    data.push_back(s.level_summary);
    data.push_back(s.plan_reason);
    for (const auto& r : s.level_reasons) data.push_back(r);
    for (const auto& e : s.access.evidence) data.push_back(e);
    for (const auto& c : s.coverage) data.push_back(c.requirement);
    for (const auto& f : s.findings) data.push_back(f.explanation);
    for (const auto& c : s.checks) {
      data.push_back(c.reason);
      if (c.cross_check_note) data.push_back(*c.cross_check_note);
      if (c.clauses)
        for (const auto& cl : *c.clauses) data.push_back(cl.reason);
    }
  }
  for (const auto& l : doc.levels) data.push_back(l.title);
  for (const auto& p : doc.problems) data.push_back(p.message);
  std::sort(data.begin(), data.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& d : data)
    for (const auto& e : {escape::html_isolated(d), escape::html(d)})
      for (auto p = html.find(e); !e.empty() && p != std::string::npos; p = html.find(e))
        html.erase(p, e.size());
  expect_complete(html, "vi lab html");
  for (const auto& [id, text] : Catalog::get(Lang::en).messages()) {
    const auto& vtext = vi.messages().at(id);
    if (vtext == text) continue;
    for (const auto& part : fixed_parts(text)) {
      if (!is_phrase(part) || vtext.find(part) != std::string::npos) continue;
      EXPECT_EQ(html.find(escape::html(part)), std::string::npos)
          << "English in vi html: " << id << ": " << part;
    }
  }
  EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
}

}  // namespace
}  // namespace v6r::report

namespace v6r::report {
namespace {

/// The main job's findings (ci/demo.sh over the lab's six communes, analysed by this v6analyze: the
/// analyzer's sentences carry their messages).
findings::Document main_job() {
  return test::typed(nlohmann::json::parse(read_source("tests/reports/data/main-job-findings.json")));
}

/// Every message a document carries, with where it is.
std::vector<std::pair<std::string, findings::MessageRef>> messages_of(const findings::Document& doc) {
  std::vector<std::pair<std::string, findings::MessageRef>> out;
  for (const auto& s : doc.sites) {
    if (s.level_summary_message) out.emplace_back(s.site + " level_summary", *s.level_summary_message);
    if (s.level_reason_messages)
      for (const auto& m : *s.level_reason_messages) out.emplace_back(s.site + " level_reasons", m);
    if (s.plan_reason_message) out.emplace_back(s.site + " plan_reason", *s.plan_reason_message);
    if (s.access.evidence_messages)
      for (const auto& m : *s.access.evidence_messages) out.emplace_back(s.site + " access", m);
    for (const auto& v : s.services)
      if (v.reason_message) out.emplace_back(s.site + " service " + v.target, *v.reason_message);
    for (const auto& f : s.findings)
      if (f.explanation_message) out.emplace_back(f.id, *f.explanation_message);
    for (const auto& c : s.checks) {
      if (c.cross_check_note_message) out.emplace_back(c.check_id + " note", *c.cross_check_note_message);
      if (c.reason_message) out.emplace_back(c.check_id + " reason", *c.reason_message);
    }
  }
  return out;
}

TEST(I18nSentences, MainJobMessagesRenderInBothLanguagesAsTheStoredEnglish) {
  const auto doc = main_job();
  const auto msgs = messages_of(doc);
  EXPECT_GT(msgs.size(), 100U) << "the fixture lost its messages";
  for (const auto& [where, m] : msgs)
    for (const Lang l : i18n::kLangs) {
      const auto s = i18n::render_message(Catalog::get(l), m);
      ASSERT_TRUE(s) << i18n::code(l) << " cannot render " << m.id << " (" << where << ")";
      expect_complete(*s, where);
    }
  // The English text stored next to each message is the English catalogue's rendering of it.
  for (const auto& s : doc.sites) {
    EXPECT_EQ(s.level_summary, level_summary(Catalog::get(Lang::en), s)) << s.site;
    EXPECT_EQ(s.level_reasons, level_reasons(Catalog::get(Lang::en), s)) << s.site;
    EXPECT_EQ(s.plan_reason, plan_reason(Catalog::get(Lang::en), s)) << s.site;
    EXPECT_NE(level_summary(Catalog::get(Lang::vi), s), s.level_summary) << s.site;
    EXPECT_NE(plan_reason(Catalog::get(Lang::vi), s), s.plan_reason) << s.site;
  }
}

/// Every sentence id the analyzer's sources name (a literal "summary.…", "reason.…", "planr.…",
/// "explain.…", "xnote.…", "fact.…"; a literal ending in '.' is a family completed at run time) is in
/// the catalogue.
TEST(I18nSentences, EveryIdTheAnalyzerNamesIsInTheCatalogue) {
  const auto& en = Catalog::get(Lang::en).messages();
  static const std::regex lit(R"re("((summary|reason|planr|explain|xnote|fact)\.[a-z0-9_.-]*)")re");
  std::size_t seen = 0;
  for (const char* file : {"analyzers/score/levels.cpp", "analyzers/score/plan_verdict.cpp",
                           "analyzers/score/access.cpp", "analyzers/score/services.cpp",
                           "analyzers/score/coverage.cpp", "analyzers/findings/capture_findings.cpp",
                           "analyzers/findings/cross_check.cpp", "analyzers/findings/site_analysis.cpp"}) {
    const auto src = read_source(file);
    ASSERT_FALSE(src.empty()) << file;
    for (auto it = std::sregex_iterator(src.begin(), src.end(), lit); it != std::sregex_iterator(); ++it) {
      const std::string id = (*it)[1];
      ++seen;
      // A literal the code completes ("fact.services" + ".one") names a family: one message at least.
      const bool any =
          std::any_of(en.begin(), en.end(), [&](const auto& kv) { return kv.first.starts_with(id); });
      EXPECT_TRUE(any) << file << ": no message " << id;
    }
  }
  EXPECT_GT(seen, 100U);
}

/// Every reason id the probe's sources name (a literal "check.…" in probes/: the check kinds, the
/// helpers, the engine; a literal ending in '.' or '_' is a family the code completes) is in the English
/// and the Vietnamese catalogue; and no reason is set there but through probes/reason.hpp (a
/// `.reason = ` or `reason +=` on a result outside set_reason() would be English without a message).
TEST(I18nSentences, EveryReasonIdTheProbeNamesIsInEveryCatalogue) {
  const auto& en = Catalog::get(Lang::en).messages();
  const auto& vi = Catalog::get(Lang::vi).messages();
  static const std::regex lit(R"re("(check\.[a-z0-9_.]*)")re");
  // A result's or a clause's reason (std::string) assigned in place: `r.reason = ...`, `res.reason`,
  // `out.result.reason`, `c.reason` (the pure judgements' `v.reason`/`j.reason` are MessageRefs: the
  // compiler refuses a string there).
  static const std::regex bare_reason(R"re(\b(r|res|result|c)\.reason\s*(=[^=]|\+=))re");
  std::size_t seen = 0, files = 0;
  for (const auto& dir : {"probes/checks", "probes/engine", "probes"}) {
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::path(V6READY_SOURCE_DIR) / dir)) {
      if (e.path().extension() != ".cpp" && e.path().extension() != ".hpp") continue;
      const std::string file = std::string(dir) + "/" + e.path().filename().string();
      const auto src = read_source(file);
      ++files;
      for (auto it = std::sregex_iterator(src.begin(), src.end(), lit); it != std::sregex_iterator(); ++it) {
        const std::string id = (*it)[1];
        ++seen;
        for (const auto* cat : {&en, &vi}) {
          const bool any = cat->contains(id) || ((id.ends_with(".") || id.ends_with("_")) &&
                                                 std::any_of(cat->begin(), cat->end(), [&](const auto& kv) {
                                                   return kv.first.starts_with(id);
                                                 }));
          EXPECT_TRUE(any) << file << ": no message " << id << (cat == &en ? " in en" : " in vi");
        }
      }
      // Result and clause reasons are set through set_reason() (probes/reason.cpp) only; the pure
      // decide_*() verdicts of v6only.* and the parity/he/tls judgements hold a MessageRef reason.
      if (file == "probes/reason.cpp" || file.starts_with("probes/net/")) continue;
      std::smatch m;
      std::string::const_iterator from = src.begin();
      while (std::regex_search(from, src.end(), m, bare_reason)) {
        const auto at = static_cast<std::size_t>(m[0].first - src.begin());
        const std::string line = src.substr(at, src.find(';', at) - at);  // the statement
        // `c.reason = msg(...)` assigns a MessageRef; `c.reason = english(m)` the English of one.
        const bool message = line.find("msg(") != std::string::npos ||
                             line.find("foreign(") != std::string::npos ||
                             line.find("reason = english(") != std::string::npos;
        EXPECT_TRUE(message) << file << ": a reason set without a message: " << line;
        from = m[0].second;
      }
    }
  }
  EXPECT_GT(files, 40U);
  EXPECT_GT(seen, 300U);
}

/// The English phrases of the catalogue the no-English tests look for: the fixed parts of every
/// message that differ from the Vietnamese (two words or more).
std::vector<std::pair<std::string, std::string>> english_phrases() {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& vi = Catalog::get(Lang::vi).messages();
  for (const auto& [id, text] : Catalog::get(Lang::en).messages()) {
    const auto& vtext = vi.at(id);
    if (vtext == text) continue;
    for (const auto& part : fixed_parts(text))
      if (is_phrase(part) && vtext.find(part) == std::string::npos) out.emplace_back(id, part);
  }
  return out;
}

bool sentence_family(const std::string& id) {
  for (const char* f : {"summary.", "reason.", "planr.", "explain.", "xnote.", "fact.", "check."})
    if (id.starts_with(f)) return true;
  return false;
}

/// The main job's report in Vietnamese — summary.md, the terminal, report.html inline and lazy, the
/// gate — holds no phrase of the English catalogue, the analyzer's sentences included; only the texts
/// that have no message yet (the probe's check reasons, clause reasons, and what the analyzer copies
/// of them) are taken out first. The same phrases are found in the English rendering (the list is not
/// empty, and it includes the analyzer's sentences).
TEST(I18nSentences, MainJobInVietnameseHoldsNoEnglishPhrase) {
  const auto doc = main_job();
  std::vector<std::string>
      data;  // English data without a message (docs/i18n.md "What is not translated yet")
  for (const auto& s : doc.sites) {
    data.push_back(s.site);
    for (const auto& c : s.checks) {
      if (!c.reason_message) data.push_back(c.reason);
      if (c.clauses)
        for (const auto& cl : *c.clauses)
          if (!cl.reason_message) data.push_back(cl.reason);
    }
    for (const auto& f : s.findings)
      if (!f.explanation_message) data.push_back(f.explanation);
  }
  for (const auto& p : doc.problems) data.push_back(p.message);
  // The plan's and the scenarios' own descriptions are shown as written (any language).
  if (doc.plan.description) data.push_back(*doc.plan.description);
  for (const auto& s : doc.sites)
    if (s.bundle.scenario.description) data.push_back(*s.bundle.scenario.description);
  std::sort(data.begin(), data.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  auto strip = [&](std::string out, auto esc) {
    for (const auto& d : data) {
      const auto e = esc(d);
      for (auto p = out.find(e); !e.empty() && p != std::string::npos; p = out.find(e))
        out.erase(p, e.size());
    }
    return out;
  };
  auto md_esc = [](const std::string& x) { return escape::markdown(x); };
  auto term_esc = [](const std::string& x) { return escape::terminal(x); };
  auto html_esc = [](const std::string& x) { return escape::html(x); };
  auto iso_esc = [](const std::string& x) { return escape::html_isolated(x); };
  Policy p;
  p.name = "policy";
  p.file = "policy.yaml";
  p.min_level = 3;
  p.forbid_rules = {"tcp.handshake_failed", "cross_check.no_handshake", "v6only.ipv4_frames"};
  p.all_checks_pass = AllChecksPass{};
  const auto r = evaluate_policy(p, doc, &doc);
  const auto phrases = english_phrases();
  std::size_t found_en = 0, found_en_sentences = 0, found_en_reasons = 0;
  for (const Lang l : i18n::kLangs) {
    const auto& cat = Catalog::get(l);
    const std::string lang(i18n::code(l));
    std::vector<std::pair<std::string, std::string>> outputs = {
        {"summary.md", strip(strip(render_markdown(doc, cat), md_esc), term_esc)},
        {"terminal", strip(summary_text(doc, cat), term_esc)},
        {"gate", strip(format_gate(p, r, "junit.xml", 1000, cat), term_esc)},
        {"report.html",
         strip(strip(render_html(doc, HtmlOptions{.detail = HtmlDetail::inline_all}, cat), iso_esc),
               html_esc)},
    };
    for (auto& [what, out] : outputs) expect_complete(out, lang + " " + what);
    std::set<std::string> seen;
    for (const auto& [id, part] : phrases) {
      for (const auto& [what, out] : outputs) {
        const bool in = out.find(part) != std::string::npos ||
                        out.find(escape::html(part)) != std::string::npos ||
                        out.find(escape::markdown(part)) != std::string::npos;
        if (l == Lang::vi) {
          const auto at = std::min(out.find(part), out.find(escape::html(part)));
          EXPECT_FALSE(in) << "English in vi " << what << ": " << id << ": " << part
                           << "\n  in: " << (in ? out.substr(at < 160 ? 0 : at - 160, 320) : "");
        } else if (in && seen.insert(id + part).second) {
          ++found_en;
          found_en_sentences += sentence_family(id);
          found_en_reasons += id.starts_with("check.") || id.starts_with("explain.probe");
        }
      }
    }
  }
  // What the English outputs show of the list (a test that finds nothing to look for cannot fail).
  std::cout << "English phrases found in the English outputs: " << found_en << " (" << found_en_sentences
            << " of the analyzer's sentences) of " << phrases.size() << " looked for\n";
  EXPECT_GT(found_en, 100U);
  EXPECT_GT(found_en_sentences, 30U);
  // ...the probe's reasons among them (check.*), when the fixture's bundles carry them.
  std::cout << "of which the probe's reasons: " << found_en_reasons << "\n";
  // The lazy report carries the same sentences in its compressed data: each site's summary in vi.
  const auto lazy = render_html(doc, HtmlOptions{.detail = HtmlDetail::lazy}, Catalog::get(Lang::vi));
  expect_complete(lazy, "vi lazy html");
}

/// An older document (no message fields: tests/archive/data/lab-findings.json) still renders in
/// Vietnamese, with the stored English sentences as they are.
TEST(I18nSentences, OldDocumentWithoutMessagesFallsBackToEnglish) {
  const auto doc = test::typed(nlohmann::json::parse(read_source("tests/archive/data/lab-findings.json")));
  ASSERT_FALSE(doc.sites.empty());
  ASSERT_FALSE(doc.sites[0].level_summary_message);
  const auto& vi = Catalog::get(Lang::vi);
  const auto md = render_markdown(doc, vi);
  const auto term = summary_text(doc, vi);
  const auto html = render_html(doc, HtmlOptions{.detail = HtmlDetail::inline_all}, vi);
  expect_complete(md, "old md");
  expect_complete(term, "old term");
  expect_complete(html, "old html");
  for (const auto& s : doc.sites) {
    EXPECT_EQ(level_summary(vi, s), s.level_summary);
    EXPECT_NE(term.find(escape::terminal(s.level_summary)), std::string::npos) << s.site;
    EXPECT_NE(term.find(escape::terminal(s.plan_reason)), std::string::npos) << s.site;
  }
  // A message the catalogue lacks, or one with an argument missing, falls back the same way.
  auto s = doc.sites[0];
  s.level_summary_message = findings::MessageRef{"summary.no_such_message", {}};
  EXPECT_EQ(level_summary(vi, s), s.level_summary);
  s.level_summary_message = findings::MessageRef{"summary.dual_stack", {}};
  EXPECT_EQ(level_summary(vi, s), s.level_summary);
  s.level_summary_message = findings::MessageRef{"html.title", {}};  // not a sentence of the analyzer
  EXPECT_EQ(level_summary(vi, s), s.level_summary);
}

}  // namespace
}  // namespace v6r::report
