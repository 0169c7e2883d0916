#pragma once
// tests/probe/{dualstack,service}_*_test.cpp: the shared one-check harness (check_fixture.hpp) plus a
// canned HTTP result.
#include "check_fixture.hpp"

namespace v6r::probe::svctest {

using namespace std::chrono_literals;

using testing::a_answer;
using testing::aaaa_answer;
using testing::ep;
using testing::name;

inline HttpResult http_ok(int status, const std::string& sha,
                          std::vector<std::pair<std::string, std::string>> h = {}) {
  HttpResult r;
  r.ok = true;
  r.status = status;
  r.body_sha256 = sha;
  r.headers = std::move(h);
  r.connect_time = 2000us;
  r.total_time = 5000us;
  return r;
}

class ServiceFixture : public testing::CheckFixture {};

}  // namespace v6r::probe::svctest
