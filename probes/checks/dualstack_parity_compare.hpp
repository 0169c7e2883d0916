#pragma once
// The pure half of dualstack.parity: compare what each family returned and name the diagnosis.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/message.hpp"

namespace v6r::probe::parity {

enum class Diagnosis { parity, ipv6_broken, ipv4_broken, both_broken, content_differs, unexpected_status };
std::string_view to_string(Diagnosis d);  // "parity", "ipv6-broken", ...

/// What one family's fetch returned.
struct SideResult {
  bool ok = false;  ///< connected (tcp) / a complete response (http)
  bool timed_out = false;
  bool via_nat64 = false;               ///< the IPv4 side went through NAT64 (IPv6-only node)
  std::string error;                    ///< a sentence when !ok
  std::optional<MessageRef> error_msg;  ///< `error` as a reason (probes/reason.hpp), when set
  int status = 0;
  std::string body_sha256;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct CompareOptions {
  bool http = true;
  bool compare_body = true;
  std::vector<std::string> headers;  ///< names, case-insensitive
  int expect_status = 200;
};

struct Difference {
  std::string what;  ///< "status", "body_sha256", "header content-type"
  std::string ipv6, ipv4;
};

struct Comparison {
  Diagnosis diagnosis = Diagnosis::parity;
  MessageRef reason;
  std::vector<Difference> differences;
};

Comparison compare(const SideResult& v6, const SideResult& v4, const CompareOptions& opt);

}  // namespace v6r::probe::parity
