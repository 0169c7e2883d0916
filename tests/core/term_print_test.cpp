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

}  // namespace
}  // namespace v6r::term
