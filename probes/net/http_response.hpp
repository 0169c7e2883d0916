#pragma once
// HTTP/1.1 response reader (RFC 9112) over Boost.Beast's incremental parser: status line, header
// fields, then a body framed by Transfer-Encoding: chunked (§7.1), Content-Length (§6.3) or the
// connection close. The body is not kept: its size and SHA-256 (core/sha256, OpenSSL EVP) are, and
// only up to `max_body` octets are accepted (the rest is an error "body exceeds cap"). The head may be
// at most 64 KiB. Pure: bytes in, state out (Beast is kept inside http_response.cpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/wire_reader.hpp"

namespace v6r::probe {

struct HttpResponseHead {
  int status = 0;
  std::string reason;
  std::string version;                                       ///< "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  ///< names as received
  /// First header with this name (case-insensitive).
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

class HttpResponseParser {
 public:
  /// `body` while the head or the body is still arriving; `done` or `error` at the end.
  enum class State { head, body, done, error };

  explicit HttpResponseParser(std::uint64_t max_body = 16 * 1024 * 1024, bool head_request = false);
  ~HttpResponseParser();
  HttpResponseParser(const HttpResponseParser&) = delete;
  HttpResponseParser& operator=(const HttpResponseParser&) = delete;

  /// Consumes `data`; returns the state afterwards. Bytes after the end of the response are ignored.
  State feed(Bytes data);
  State feed(std::string_view s) {
    return feed(Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
  }
  /// The peer closed the connection: completes a close-delimited body, otherwise an error if the
  /// response was not complete.
  State eof();

  [[nodiscard]] State state() const;
  [[nodiscard]] bool done() const { return state() == State::done; }
  [[nodiscard]] const std::string& error() const;
  [[nodiscard]] const HttpResponseHead& head() const;
  [[nodiscard]] bool head_complete() const;
  [[nodiscard]] std::uint64_t body_size() const;
  [[nodiscard]] bool chunked() const;
  /// Lowercase hex SHA-256 of the body; valid once done().
  [[nodiscard]] const std::string& body_sha256() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v6r::probe
