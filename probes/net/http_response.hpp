#pragma once
// Incremental HTTP/1.1 response parser (RFC 9112): status line, header fields, then a body framed by
// Transfer-Encoding: chunked (§7.1), Content-Length (§6.3) or the connection close. The body is not
// kept: its size and SHA-256 (core/sha256, OpenSSL EVP) are, and only up to `max_body` octets are
// accepted (the rest is an error "body exceeds cap"). Pure: bytes in, state out.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sha256.hpp"
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
  enum class State { status_line, headers, body, chunk_size, chunk_data, chunk_crlf, trailers, done, error };

  explicit HttpResponseParser(std::uint64_t max_body = 16 * 1024 * 1024, bool head_request = false)
      : max_body_(max_body), head_request_(head_request) {}

  /// Consumes `data`; returns the state afterwards. Bytes after the end of the response are ignored.
  State feed(Bytes data);
  State feed(std::string_view s) {
    return feed(Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
  }
  /// The peer closed the connection: completes a close-delimited body, otherwise an error if the
  /// response was not complete.
  State eof();

  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] bool done() const { return state_ == State::done; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const HttpResponseHead& head() const { return head_; }
  [[nodiscard]] bool head_complete() const { return head_done_; }
  [[nodiscard]] std::uint64_t body_size() const { return body_size_; }
  [[nodiscard]] bool chunked() const { return chunked_; }
  /// Lowercase hex SHA-256 of the body; valid once done().
  [[nodiscard]] const std::string& body_sha256() const { return sha_hex_; }

 private:
  State fail(std::string why);
  bool take_line(std::string& out);  // from buf_, without CRLF; false if incomplete
  State on_head_done();
  void body_bytes(const std::uint8_t* p, std::size_t n);
  void finish();

  std::uint64_t max_body_;
  bool head_request_;
  State state_ = State::status_line;
  std::string error_;
  std::string buf_;  // unconsumed bytes of line-oriented parts
  HttpResponseHead head_;
  bool head_done_ = false;
  bool chunked_ = false;
  std::optional<std::uint64_t> content_length_;
  std::uint64_t remaining_ = 0;  // of the current chunk or the Content-Length body
  std::uint64_t body_size_ = 0;
  Sha256 sha_;
  std::string sha_hex_;
  std::size_t head_bytes_ = 0;
};

}  // namespace v6r::probe
