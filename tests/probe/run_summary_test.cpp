// probes/engine/run_summary: the end of `v6probe run` names every check that did not pass with its
// reason (text and --json), known failures in plain words, and no byte from outside reaches the
// terminal raw (ESC sequences, invalid UTF-8, bidi overrides in a reason, a target, an id).
#include "probes/engine/run_summary.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "core/escape.hpp"
#include "core/utf8.hpp"

namespace v6r::probe {
namespace {

CheckResult result(std::uint64_t seq, std::string id, std::string kind, std::string target, Verdict v,
                   std::string reason) {
  CheckResult r;
  r.seq = seq;
  r.check_id = std::move(id);
  r.kind = std::move(kind);
  r.target = std::move(target);
  r.verdict = v;
  r.reason = std::move(reason);
  return r;
}

/// A text a terminal shows as it is: well-formed UTF-8, no control but LF, no bidi or other hidden
/// character (core/escape.hpp).
bool terminal_safe(const std::string& s) {
  if (!utf8::valid(s)) return false;
  for (std::size_t i = 0; i < s.size();) {
    const auto u = utf8::decode(s, i);
    if (u.cp != '\n' && escape::is_hidden(u.cp)) return false;
    i += u.len;
  }
  return true;
}

RunSummary sample() {
  RunSummary s;
  const std::string refused = std::strerror(ECONNREFUSED);
  const CheckResult rs[] = {
      result(1, "discovery", "dns64.discovery", "ipv4only.arpa", Verdict::pass, ""),
      result(2, "ttl", "dns64.ttl", "v4only.lab.test", Verdict::warn,
             "TTL 30 s is below the minimum of 60 s"),
      result(3, "synth", "dns64.synthesis", "v4only.lab.test", Verdict::fail,
             "no DNS answer asking 2001:db8:53::53 for v4only.lab.test AAAA (timeout after 2000 ms)"),
      result(4, "tcp", "nat64.tcp", "", Verdict::error, "TCP connect to [64:ff9b::c000:201]:80: " + refused),
      result(5, "tls", "service.tls", "https://www.lab.test/", Verdict::fail,
             "error:0A00042E:SSL routines::tlsv1 alert protocol version"),
  };
  for (const auto& r : rs) {
    s.add(r);
    s.counts.add(r.verdict);
  }
  s.elapsed = std::chrono::milliseconds(1300);
  s.bundle = "/var/lib/v6probe/bundles/hn-hoankiem-20261203T150000Z";
  s.exit_code = 1;
  return s;
}

TEST(RunSummary, TextNamesEveryCheckThatDidNotPassWithItsReason) {
  const auto text = format_summary_text(sample());
  const std::string refused = std::strerror(ECONNREFUSED);
  const std::string want =
      "v6probe: 5 checks in 1.3 s: 1 pass, 1 warn, 2 fail, 1 error; run complete, exit 1\n"
      "  FAIL  synth (dns64.synthesis v4only.lab.test): no DNS answer asking 2001:db8:53::53 for "
      "v4only.lab.test AAAA (timeout after 2000 ms)\n"
      "  ERROR tcp (nat64.tcp): TCP connect to [64:ff9b::c000:201]:80: nothing accepts connections on that "
      "port (the service is down, or a firewall rejects it) (ECONNREFUSED: " +
      refused +
      ")\n"
      "  FAIL  tls (service.tls https://www.lab.test/): the server does not offer the TLS version asked for "
      "(error:0A00042E:SSL routines::tlsv1 alert protocol version)\n"
      "  WARN  ttl (dns64.ttl v4only.lab.test): TTL 30 s is below the minimum of 60 s\n"
      "bundle: /var/lib/v6probe/bundles/hn-hoankiem-20261203T150000Z\n";
  EXPECT_EQ(text, want);
}

TEST(RunSummary, JsonIsStructured) {
  const auto j = summary_json(sample());
  EXPECT_EQ(j["schema"], "v6ready.run-summary/1");
  EXPECT_EQ(j["bundle"], "/var/lib/v6probe/bundles/hn-hoankiem-20261203T150000Z");
  EXPECT_EQ(j["status"], "complete");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["elapsed_ms"], 1300);
  EXPECT_EQ(j["counts"]["fail"], 2);
  EXPECT_EQ(j["counts"]["pass"], 1);
  EXPECT_FALSE(j.contains("partial_reason"));
  ASSERT_EQ(j["checks"].size(), 4u);  // the pass is not listed
  const auto& tls = j["checks"][3];
  EXPECT_EQ(tls["seq"], 5);
  EXPECT_EQ(tls["id"], "tls");
  EXPECT_EQ(tls["kind"], "service.tls");
  EXPECT_EQ(tls["target"], "https://www.lab.test/");
  EXPECT_EQ(tls["status"], "fail");
  EXPECT_EQ(tls["reason"],
            "the server does not offer the TLS version asked for (error:0A00042E:SSL routines::tlsv1 alert "
            "protocol version)");
  EXPECT_EQ(tls["raw_reason"], "error:0A00042E:SSL routines::tlsv1 alert protocol version");
  EXPECT_EQ(j["checks"][0]["status"], "warn");  // finishing order: the warning came first
  // One line, parseable back.
  const auto line = json_line(j);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(line), j);
}

TEST(RunSummary, PartialRunSaysWhy) {
  auto s = sample();
  s.status = RunStatus::partial;
  s.partial_reason = "interrupted by SIGTERM";
  s.exit_code = 3;
  const auto text = format_summary_text(s);
  EXPECT_NE(text.find("; run partial, exit 3\n  run partial: interrupted by SIGTERM\n"), std::string::npos)
      << text;
  EXPECT_EQ(summary_json(s)["partial_reason"], "interrupted by SIGTERM");
}

TEST(RunSummary, HostileBytesNeverReachTheTerminalRaw) {
  // What a DNS answer or a server could put in a reason, and a scenario in a target.
  using namespace std::string_literals;
  const std::string reason =
      "answer \x1b]0;pwned\x07 \x1b[2J\x1b[31mred \xff\xfe\xc0\xaf overlong \xe2\x80\xae"
      "evil\xe2\x80\xac \r\nFAIL  forged line \x00 nul"s;  // with its NUL
  RunSummary s;
  s.add(result(1, "synth", "dns64.synthesis", "v4only\x1b[8m.test\xe2\x81\xa6", Verdict::fail, reason));
  s.counts.fail = 1;
  s.bundle = "/tmp/b\x1b[0m";
  s.exit_code = 1;
  const auto text = format_summary_text(s);
  EXPECT_TRUE(terminal_safe(text)) << text;
  EXPECT_NE(text.find("\\x1b]0;pwned\\x07"), std::string::npos) << text;
  EXPECT_NE(text.find("\\xff\\xfe\\xc0\\xaf"), std::string::npos) << text;
  EXPECT_NE(text.find("\\u202e"), std::string::npos) << text;
  EXPECT_NE(text.find("\\x0d\\x0aFAIL  forged line \\x00 nul"), std::string::npos) << text;
  EXPECT_NE(text.find("v4only\\x1b[8m.test\\u2066"), std::string::npos) << text;
  // Exactly three lines: the header, the one failing check, the bundle (no forged line).
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);

  const auto line = json_line(summary_json(s));
  EXPECT_TRUE(terminal_safe(line + "\n")) << line;
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_EQ(line.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(line));
}

}  // namespace
}  // namespace v6r::probe
