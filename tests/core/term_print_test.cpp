// core/term_print: every string argument is escaped, numbers are not, NUL does not cut the line.
#include "core/term_print.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>

namespace v6r::term {
namespace {

std::string captured(const std::function<void(std::FILE*)>& f) {
  std::FILE* tmp = std::tmpfile();
  f(tmp);
  std::fflush(tmp);
  std::rewind(tmp);
  std::string out;
  char buf[256];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

TEST(TermPrint, EscapesStringArgumentsOnly) {
  const std::string site("evil\x1b[32m\nok\0tail", 17);
  const auto out =
      captured([&](std::FILE* f) { print(f, "  {} {} {}\n", site, 42, std::string_view("\u202e")); });
  EXPECT_EQ(out, "  evil\\x1b[32m\\x0aok\\x00tail 42 \\u202e\n");
}

TEST(TermPrint, FormatAndWriteGuardTheText) {
  EXPECT_EQ(format("{}: {}", "a\rb", 1.5), "a\\x0db: 1.5");
  const auto out = captured([](std::FILE* f) { write(f, "line\n\x1b[2J\tx\n"); });
  EXPECT_EQ(out, "line\n\\x1b[2J\tx\n");
}

TEST(TermPrint, WriteWrappedEscapesThenWrapsAtTheWidthOfAPipe) {
  // Not a terminal: 100 columns. The ESC is shown as text before the line is measured.
  std::string reason = "  fail x: \x1b[31m";
  for (int i = 0; i < 40; ++i) reason += "word" + std::to_string(i) + " ";
  reason += "expected 200\n";
  const auto out = captured([&](std::FILE* f) { EXPECT_TRUE(write_wrapped(f, reason)); });
  EXPECT_EQ(output_width(nullptr), 100u);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.rfind("  fail x: \\x1b[31mword0 ", 0), 0u) << out;
  std::size_t start = 0, lines = 0;
  for (std::size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1, ++lines)
    EXPECT_LE(nl - start, 100u);
  EXPECT_GE(lines, 3u);
  EXPECT_NE(out.find("expected 200\n"), std::string::npos);
}

}  // namespace
}  // namespace v6r::term
