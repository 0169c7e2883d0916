#pragma once
// tests/probe/dns64_*_test.cpp: the one-check harness of one kind (check_fixture.hpp's ScriptedCheck) and
// the record makers those tests use unqualified (`using namespace dns64_tests;`).
#include "check_fixture.hpp"

namespace v6r::probe::dns64_tests {

using namespace std::chrono_literals;
using testing::a;
using testing::aaaa;
using testing::cname;
using testing::msg;
using testing::soa;
inline dns::Name N(const std::string& s) {
  return testing::name(s);
}

/// A kind's name as a template argument: `KindHarness<"dns64.ptr">`.
template <std::size_t Size>
struct KindName {
  char text[Size];
  constexpr KindName(const char (&s)[Size]) {  // NOLINT(google-explicit-constructor)
    for (std::size_t i = 0; i < Size; ++i) text[i] = s[i];
  }
};
/// ScriptedCheck of one kind: `KindHarness<"dns64.ptr"> h("{address: ...}")`.
template <KindName Kind>
struct KindHarness : testing::ScriptedCheck {
  explicit KindHarness(const std::string& params, const std::string& pref64 = testing::kPref64,
                       const std::string& allow_list = testing::kAllow)
      : ScriptedCheck(Kind.text, params, pref64, allow_list) {}
};

}  // namespace v6r::probe::dns64_tests
