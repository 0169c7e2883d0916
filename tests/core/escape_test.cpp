// core/escape: one escaper per medium over hostile input (docs/output-escaping.md).
#include "core/escape.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"

namespace v6r::escape {
namespace {

const std::string kNul("a\0b", 3);

TEST(Escape, HiddenCharacters) {
  for (std::int32_t cp : {0x00,   0x07,   0x0a,   0x0d,   0x1b,   0x1f,   0x7f,    0x80,    0x85,
                          0x9b,   0x9f,   0x061c, 0x200e, 0x200f, 0x202a, 0x202e,  0x2066,  0x2069,
                          0x2028, 0x2029, 0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x10ffff})
    EXPECT_TRUE(is_hidden(cp)) << std::hex << cp;
  for (std::int32_t cp : {0x20, 0x61, 0x7e, 0xa0, 0xe0, 0x1ed9 /* ộ */, 0x200d /* ZWJ */, 0x2013, 0x2714,
                          0xfffd, 0x1f600, 0x10fffd})
    EXPECT_FALSE(is_hidden(cp)) << std::hex << cp;
}

TEST(Escape, VisibleForms) {
  EXPECT_EQ(visible("\x1b[32mOK\x1b[0m"), "\\x1b[32mOK\\x1b[0m");
  EXPECT_EQ(visible(kNul), "a\\x00b");
  EXPECT_EQ(visible("commune-\u202etxt.exe"), "commune-\\u202etxt.exe");
  EXPECT_EQ(visible("\xc2\x85"), "\\u0085");  // C1 NEL
  EXPECT_EQ(visible("\xef\xbf\xbe\xef\xbf\xbf"), "\\ufffe\\uffff");
  EXPECT_EQ(visible("\xf4\x8f\xbf\xbf"), "\\U0010ffff");
  EXPECT_EQ(visible("bad\xff\xc3"), "bad\\xff\\xc3");
  EXPECT_EQ(visible("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a lone surrogate: three invalid bytes
  EXPECT_EQ(visible("Hà Nội ✔ back\\slash"), "Hà Nội ✔ back\\slash");
  EXPECT_EQ(visible("a\nb\tc\r", "\n\t"), "a\nb\tc\\x0d");
}

TEST(Escape, TerminalValueCannotForgeColourOrCutALine) {
  EXPECT_EQ(terminal("evil\r\n  province/x  L4 (plan L2, ok)"),
            "evil\\x0d\\x0a  province/x  L4 (plan L2, ok)");
  EXPECT_EQ(terminal(kNul), "a\\x00b");
  EXPECT_EQ(terminal("tab\there"), "tab\\x09here");
  EXPECT_EQ(terminal("\u2066rtl\u2069"), "\\u2066rtl\\u2069");
}

TEST(Escape, TerminalTextKeepsItsOwnLines) {
  const std::string plain = "line 1\n\tline 2\n";
  EXPECT_EQ(terminal_text(plain), plain);
  EXPECT_EQ(terminal_text("a\x1b[2Jb\r\n"), "a\\x1b[2Jb\\x0d\n");
  EXPECT_EQ(terminal_text("Nội\n"), "Nội\n");
}

TEST(Escape, Xml) {
  EXPECT_EQ(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(xml("l1\nl2\r\t"), "l1\\x0al2\\x0d\\x09");
  EXPECT_EQ(xml("x\x01y\x1b"), "x\\x01y\\x1b");
  EXPECT_EQ(xml("\xef\xbf\xbe|\xef\xbf\xbf|\xff"), "\\ufffe|\\uffff|\\xff");  // not XML 1.0 Chars
  EXPECT_EQ(xml("]]>"), "]]&gt;");
}

TEST(Escape, Html) {
  EXPECT_EQ(html("<script>a&b</script>\"'"), "&lt;script&gt;a&amp;b&lt;/script&gt;&quot;&#39;");
  EXPECT_EQ(html("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(html("plain ✔ Nội"), "plain ✔ Nội");
  EXPECT_EQ(html("commune-\u202etxt.exe"), "commune-\\u202etxt.exe");
  EXPECT_EQ(html_isolated("\u05e9\u05dc\u05d5\u05dd <b>"), "<bdi>\u05e9\u05dc\u05d5\u05dd &lt;b&gt;</bdi>");
}

TEST(Escape, CsvRfc4180) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("l1\r\nl2"), "l1\\x0d\\x0al2");  // one record is one line
  EXPECT_EQ(csv_field(" lead"), "\" lead\"");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field(std::string("\0,", 2)), "\"\\x00,\"");
}

TEST(Escape, CsvDefusesFormulas) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "\"'+1\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\tx"), "\\x09x");  // a shown TAB no longer starts a formula
  EXPECT_EQ(csv_field("a=b"), "a=b");     // only the first character makes a formula
  EXPECT_EQ(csv_field("2001:db8::1"), "2001:db8::1");
}

TEST(Escape, PrometheusLabel) {
  EXPECT_EQ(prom_label("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(prom_label("x\x1by\r"), "x\\\\x1by\\\\x0d");
  EXPECT_EQ(prom_label("Nội"), "Nội");
}

TEST(Escape, Markdown) {
  EXPECT_EQ(markdown("<b>|x|\n`y`"), "&lt;b&gt;\\|x\\|\\\\x0a\\`y\\`");
  EXPECT_EQ(markdown("# not a heading"), "\\# not a heading");
  EXPECT_EQ(markdown("> not a quote"), "&gt; not a quote");
  EXPECT_EQ(markdown("- not a list"), "\\- not a list");
  EXPECT_EQ(markdown("12. not a list"), "12\\. not a list");
  EXPECT_EQ(markdown("a-b 1.5"), "a-b 1.5");
  EXPECT_EQ(markdown("[x](javascript:alert(1)) ![i](x) ~~s~~ $m$"),
            "\\[x\\](javascript:alert(1)) \\!\\[i\\](x) \\~\\~s\\~\\~ \\$m\\$");
  EXPECT_EQ(markdown("dns64.unexpected_prefix"), "dns64.unexpected\\_prefix");
}

TEST(Escape, JsonTextKeepsItsValue) {
  const nlohmann::json j = {
      {"site", "commune-\u202etxt.exe\x7f\xc2\x85"}, {"n", 1}, {"nc", "\xf0\x9f\xbf\xbf"}};
  const auto text = json(j.dump(2));
  EXPECT_EQ(text,
            "{\n  \"n\": 1,\n  \"nc\": \"\\ud83f\\udfff\",\n  \"site\": "
            "\"commune-\\u202etxt.exe\\u007f\\u0085\"\n}");
  EXPECT_EQ(nlohmann::json::parse(text), j);
  EXPECT_EQ(json("{\"a\":\"Nội ✔\"}"), "{\"a\":\"Nội ✔\"}");
}

TEST(Escape, EveryMediumGivesValidUtf8WithoutHiddenCharacters) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  all += "\u202e\u2066\xef\xbf\xbe\xed\xa0\x80";
  // keep: what a medium writes raw on purpose (JSON text keeps its whitespace).
  const std::pair<std::string, std::string_view> outputs[] = {
      {visible(all), ""},  {terminal(all), ""},   {terminal_text(all), "\n\t"},
      {xml(all), ""},      {html(all), ""},       {csv_field(all), ""},
      {markdown(all), ""}, {prom_label(all), ""}, {json(all), "\n\r\t"}};
  for (const auto& [out, keep] : outputs) {
    EXPECT_TRUE(utf8::valid(out));
    for (std::size_t i = 0; i < out.size();) {
      const auto u = utf8::decode(out, i);
      ASSERT_TRUE(u.valid());
      const bool kept = u.cp < 0x80 && keep.find(static_cast<char>(u.cp)) != std::string_view::npos;
      EXPECT_TRUE(kept || !is_hidden(u.cp)) << out;
      i += u.len;
    }
  }
}

}  // namespace
}  // namespace v6r::escape
