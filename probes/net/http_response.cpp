#include "probes/net/http_response.hpp"

#include <algorithm>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include "core/sha256.hpp"

namespace v6r::probe {
namespace {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

constexpr std::uint32_t kMaxHeadBytes = 64 * 1024;

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Beast does the framing (RFC 9112 §6.3: 1xx/204/304 and HEAD responses have no body; chunked,
// Content-Length or close-delimited); this class records the head and hashes the body as it passes.
class Reader final : public http::basic_parser<false> {
 public:
  HttpResponseHead head;
  bool head_done = false;
  std::uint64_t body_size = 0;
  Sha256 sha;
  std::string unsupported_coding;  // a Transfer-Encoding whose final coding is not chunked

 private:
  void on_request_impl(http::verb, string_view, string_view, int, error_code& ec) override {
    ec = http::error::bad_method;  // never called for a response parser
  }
  void on_response_impl(int code, string_view reason, int version, error_code& ec) override {
    if (code < 100) {
      ec = http::error::bad_status;
      return;
    }
    head.status = code;
    head.reason = std::string(reason);
    head.version = "HTTP/" + std::to_string(version / 10) + "." + std::to_string(version % 10);
  }
  void on_field_impl(http::field, string_view name, string_view value, error_code&) override {
    head.headers.emplace_back(std::string(name), std::string(value));
  }
  void on_header_impl(error_code& ec) override {
    head_done = true;
    // A body framed by a coding other than chunked cannot be delimited (RFC 9112 §6.3 item 4 makes
    // it close-delimited); refuse it rather than hash compressed or unknown bytes as the body.
    if (auto te = head.header("Transfer-Encoding")) {
      std::string_view v = trim(*te);
      auto last = v.rfind(',');
      if (!iequal(trim(last == std::string_view::npos ? v : v.substr(last + 1)), "chunked")) {
        unsupported_coding = *te;
        ec = http::error::bad_transfer_encoding;
      }
    }
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override {
    take(body);
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    take(body);
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  void take(string_view body) {
    if (body.empty()) return;
    sha.update(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
    body_size += body.size();
  }
};

}  // namespace

struct HttpResponseParser::Impl {
  Reader reader;
  std::uint64_t max_body = 0;
  std::string buf;  // bytes Beast has not consumed yet (it needs them again with the next piece)
  State state = State::head;
  std::string error;
  std::string sha_hex;

  State fail(std::string why) {
    error = std::move(why);
    return state = State::error;
  }
  State fail(const error_code& ec) {
    if (ec == http::error::body_limit)
      return fail("body exceeds cap of " + std::to_string(max_body) + " octets");
    if (ec == http::error::header_limit) return fail("response head over 64 KiB");
    if (ec == http::error::bad_transfer_encoding && !reader.unsupported_coding.empty())
      return fail("unsupported Transfer-Encoding '" + reader.unsupported_coding + "'");
    if (ec == http::error::partial_message) {
      if (!reader.head_done) return fail("connection closed before the response head was complete");
      return fail("connection closed after " + std::to_string(reader.body_size) +
                  " body octets, response incomplete");
    }
    // Beast's message names the rule broken (bad version, bad status, bad field, bad chunk, ...); no
    // byte of the response is quoted.
    return fail("malformed HTTP response: " + ec.message());
  }
  State settle() {
    if (reader.is_done()) {
      sha_hex = reader.sha.finish_hex();
      return state = State::done;
    }
    return state = reader.is_header_done() ? State::body : State::head;
  }
};

HttpResponseParser::HttpResponseParser(std::uint64_t max_body, bool head_request)
    : impl_(std::make_unique<Impl>()) {
  impl_->max_body = max_body;
  impl_->reader.eager(true);
  impl_->reader.skip(head_request);
  impl_->reader.header_limit(kMaxHeadBytes);
  impl_->reader.body_limit(max_body);
}
HttpResponseParser::~HttpResponseParser() = default;

HttpResponseParser::State HttpResponseParser::feed(Bytes data) {
  Impl& m = *impl_;
  if (m.state == State::done || m.state == State::error) return m.state;
  m.buf.append(reinterpret_cast<const char*>(data.data()), data.size());
  // Bounded: each round consumes bytes or stops.
  while (!m.buf.empty() && !m.reader.is_done()) {
    error_code ec;
    std::size_t used = m.reader.put(boost::asio::const_buffer(m.buf.data(), m.buf.size()), ec);
    m.buf.erase(0, used);
    if (ec == http::error::need_more) break;
    if (ec) return m.fail(ec);
    if (used == 0) break;
  }
  return m.settle();
}

HttpResponseParser::State HttpResponseParser::eof() {
  Impl& m = *impl_;
  if (m.state == State::done || m.state == State::error) return m.state;
  if (!m.reader.got_some() && m.buf.empty())
    return m.fail("connection closed before the response head was complete");
  if (!m.buf.empty() && !m.reader.is_header_done())
    return m.fail("connection closed before the response head was complete");
  error_code ec;
  m.reader.put_eof(ec);
  if (ec) return m.fail(ec);
  return m.settle();
}

HttpResponseParser::State HttpResponseParser::state() const {
  return impl_->state;
}
const std::string& HttpResponseParser::error() const {
  return impl_->error;
}
const HttpResponseHead& HttpResponseParser::head() const {
  return impl_->reader.head;
}
bool HttpResponseParser::head_complete() const {
  return impl_->reader.head_done;
}
std::uint64_t HttpResponseParser::body_size() const {
  return impl_->reader.body_size;
}
bool HttpResponseParser::chunked() const {
  return impl_->reader.chunked();
}
const std::string& HttpResponseParser::body_sha256() const {
  return impl_->sha_hex;
}

std::optional<std::string> HttpResponseHead::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequal(k, name)) return v;
  }
  return std::nullopt;
}

}  // namespace v6r::probe
