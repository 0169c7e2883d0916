#include "reports/escape.hpp"

#include <gtest/gtest.h>

namespace v6r::report {
namespace {

TEST(Escape, Html) {
  EXPECT_EQ(html_escape("<script>a&b</script>\"'"), "&lt;script&gt;a&amp;b&lt;/script&gt;&quot;&#39;");
  EXPECT_EQ(html_escape("plain ✔"), "plain ✔");
}

TEST(Escape, XmlKeepsNewlinesAsReferencesAndDropsControls) {
  EXPECT_EQ(xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(xml_escape("l1\nl2\r\t"), "l1&#10;l2&#13;&#9;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\x1b", 4)), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
}

TEST(Escape, CsvRfc4180) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("l1\r\nl2"), "\"l1\r\nl2\"");
  EXPECT_EQ(csv_field(" lead"), "\" lead\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(Escape, CsvDefusesFormulas) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "\"'+1\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_field("a=b"), "a=b");  // only the first character makes a formula
  EXPECT_EQ(csv_field("2001:db8::1"), "2001:db8::1");
}

TEST(Escape, PrometheusLabel) {
  EXPECT_EQ(prom_label("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(Escape, Markdown) {
  EXPECT_EQ(md_escape("<b>|x|\n`y`"), "&lt;b&gt;\\|x\\| \\`y\\`");
}

}  // namespace
}  // namespace v6r::report
