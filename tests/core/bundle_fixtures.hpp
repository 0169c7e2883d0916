#pragma once
// Shared by the bundle tests (bundle_test.cpp, signing_test.cpp): a temporary directory removed on
// exit, the run.json of a small run, and one check result of it.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "core/run_info.hpp"
#include "core/time_util.hpp"

namespace v6r::bundle::fixtures {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline RunInfo info() {
  RunInfo r;
  r.probe_id = "probe-1";
  r.site = "hanoi/ba-dinh/phuc-xa";
  r.scenario.name = "commune-basic";
  r.tool.name = "v6probe";
  r.host = "h1";
  r.interface = "eth0";
  r.started_utc = *parse_rfc3339_ms("2024-05-01T12:00:00.000Z");
  r.clock = {std::nullopt, "unknown"};
  return r;
}

inline CheckResult result(std::uint64_t seq, Verdict v) {
  CheckResult r;
  r.seq = seq;
  r.check_id = "c" + std::to_string(seq);
  r.kind = "dns64_synthesis";
  r.target = "v4only.lab.test";
  r.family = Family::ipv6;
  r.started_utc = *parse_rfc3339_ms("2024-05-01T12:00:01.000Z");
  r.duration_ms = 3;
  r.attempts = 1;
  r.verdict = v;
  r.evidence.window = {r.started_utc, r.started_utc};
  return r;
}

}  // namespace v6r::bundle::fixtures
