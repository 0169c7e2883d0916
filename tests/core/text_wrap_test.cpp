// core/text_wrap: long terminal lines wrapped at spaces, never cut; UTF-8 and grapheme aware.
#include "core/text_wrap.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "core/utf8.hpp"

namespace v6r::text {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// The words of `s` in order (what a reader reads), whatever the line breaks.
std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

TEST(TextWrap, ShortLinesAreUnchanged) {
  const std::string t = "v6analyze: sweep x\n  site  L2\n\nlast line without LF";
  EXPECT_EQ(wrap(t, 80), t);
  EXPECT_EQ(wrap("", 80), "");
  EXPECT_EQ(wrap("a\n", 80), "a\n");
}

TEST(TextWrap, BreaksAtSpacesWithHangingIndent) {
  const std::string reason =
      "      fail dns64.synthesis: the AAAA answer for v4only.lab.test carries 2001:db8:64::c000:201, "
      "expected 64:ff9b::c000:201 (Pref64 mismatch), expected 200 from http://ipv4only.lab.test/";
  const auto out = wrap(reason + "\n", 60);
  const auto ls = lines_of(out);
  ASSERT_GE(ls.size(), 3u);
  for (std::size_t i = 0; i < ls.size(); ++i) {
    EXPECT_LE(utf8::columns(ls[i]), 60u) << ls[i];
    EXPECT_NE(ls[i].back(), ' ') << "no trailing space at a break: '" << ls[i] << "'";
    if (i > 0) {
      EXPECT_EQ(ls[i].rfind("          ", 0), 0u) << "continuation indented 6+4: '" << ls[i] << "'";
      EXPECT_NE(ls[i][10], ' ');
    }
  }
  EXPECT_EQ(ls[0].rfind("      fail dns64.synthesis:", 0), 0u);
  // Nothing lost, nothing cut mid-word: the same words in the same order ("expected 200" whole).
  EXPECT_EQ(words_of(out), words_of(reason));
  EXPECT_NE(out.find("expected 200"), std::string::npos);
  EXPECT_EQ(out.back(), '\n');
}

TEST(TextWrap, WordWiderThanALineStaysWholeOnTheLineItStartsOn) {
  // A bundle path or URL is never cut (it must stay copyable): "bundle: <path>" stays one line.
  const std::string path = "/tmp/v6probe-lab.9eXKKQ/" + std::string(120, 'a') + "_20261203T153206Z_992242d2";
  EXPECT_EQ(wrap("bundle: " + path + "\n", 100), "bundle: " + path + "\n");
  const auto out = wrap("  see " + path + " and then more words after it", 50);
  const auto ls = lines_of(out);
  ASSERT_EQ(ls.size(), 2u) << out;
  EXPECT_EQ(ls[0], "  see " + path);
  EXPECT_EQ(ls[1], "      and then more words after it");
}

TEST(TextWrap, Utf8AndWideCharactersCountByColumns) {
  // Vietnamese in NFD (combining marks: 0 columns) and CJK (2 columns each): never split inside a
  // sequence nor between a letter and its marks.
  std::string vi;
  for (int i = 0; i < 30; ++i) vi += "Vie\xcc\xa3t ";              // "Việt" with U+0323 combining dot below
  for (int i = 0; i < 20; ++i) vi += "\xe4\xb8\xad\xe6\x96\x87 ";  // 中文
  const auto out = wrap(vi, 40);
  for (const auto& l : lines_of(out)) {
    EXPECT_TRUE(utf8::valid(l)) << l;
    EXPECT_LE(utf8::columns(l), 40u) << l;
  }
  EXPECT_EQ(words_of(out), words_of(vi));
  EXPECT_EQ(utf8::columns("\xe4\xb8\xad\xe6\x96\x87"), 4u);
  EXPECT_EQ(utf8::columns("Vie\xcc\xa3t"), 4u);
}

TEST(TextWrap, NarrowWidthIsClamped) {
  std::string t;
  for (int i = 0; i < 60; ++i) t += "ab ";
  const auto out = wrap(t, 1);  // taken as kMinWidth
  for (const auto& l : lines_of(out)) EXPECT_LE(l.size(), kMinWidth) << l;
  EXPECT_EQ(words_of(out), words_of(t));
  EXPECT_GE(lines_of(out).size(), 180 / kMinWidth);
}

TEST(TextWrap, InvalidBytesAreKeptAndCountOneColumnEach) {
  const std::string bad = "reason \xff\xfe\xc0 tail " + std::string(30, 'y');
  const auto out = wrap(bad, 40);
  EXPECT_NE(out.find("\xff\xfe\xc0"), std::string::npos);
  EXPECT_EQ(words_of(out), words_of(bad));
}

}  // namespace
}  // namespace v6r::text
