#include "probes/net/http_response.hpp"

#include <algorithm>
#include <charconv>

namespace v6r::probe {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;

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

}  // namespace

std::optional<std::string> HttpResponseHead::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequal(k, name)) return v;
  }
  return std::nullopt;
}

HttpResponseParser::State HttpResponseParser::fail(std::string why) {
  error_ = std::move(why);
  return state_ = State::error;
}

bool HttpResponseParser::take_line(std::string& out) {
  auto nl = buf_.find('\n');
  if (nl == std::string::npos) return false;
  std::size_t end = (nl > 0 && buf_[nl - 1] == '\r') ? nl - 1 : nl;
  out.assign(buf_, 0, end);
  buf_.erase(0, nl + 1);
  return true;
}

void HttpResponseParser::body_bytes(const std::uint8_t* p, std::size_t n) {
  if (n == 0) return;
  sha_.update(std::span<const std::uint8_t>(p, n));
  body_size_ += n;
}

void HttpResponseParser::finish() {
  sha_hex_ = sha_.finish_hex();
  state_ = State::done;
}

HttpResponseParser::State HttpResponseParser::on_head_done() {
  head_done_ = true;
  // RFC 9112 §6.3: 1xx, 204, 304 and responses to HEAD have no body.
  if (head_request_ || head_.status / 100 == 1 || head_.status == 204 || head_.status == 304) {
    finish();
    return state_;
  }
  if (auto te = head_.header("Transfer-Encoding")) {
    std::string_view v = trim(*te);
    auto last = v.rfind(',');
    std::string_view final_coding = trim(last == std::string_view::npos ? v : v.substr(last + 1));
    if (!iequal(final_coding, "chunked")) return fail("unsupported Transfer-Encoding '" + *te + "'");
    chunked_ = true;
    return state_ = State::chunk_size;
  }
  if (auto cl = head_.header("Content-Length")) {
    std::string_view v = trim(*cl);
    std::uint64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || p != v.data() + v.size()) return fail("bad Content-Length '" + *cl + "'");
    if (n > max_body_)
      return fail("body exceeds cap: Content-Length " + std::to_string(n) + " > " +
                  std::to_string(max_body_));
    content_length_ = n;
    remaining_ = n;
    if (n == 0)
      finish();
    else
      state_ = State::body;
    return state_;
  }
  return state_ = State::body;  // delimited by connection close
}

HttpResponseParser::State HttpResponseParser::feed(Bytes data) {
  std::size_t i = 0;
  while (i < data.size() || (!buf_.empty() && state_ != State::body && state_ != State::chunk_data)) {
    switch (state_) {
      case State::done:
      case State::error:
        return state_;
      case State::status_line:
      case State::headers:
      case State::chunk_size:
      case State::chunk_crlf:
      case State::trailers: {
        // Line-oriented: move bytes into buf_ up to and including a newline.
        while (i < data.size() && buf_.find('\n') == std::string::npos) {
          buf_.push_back(static_cast<char>(data[i++]));
          if (!head_done_ && ++head_bytes_ > kMaxHeadBytes) return fail("response head over 64 KiB");
          if (buf_.size() > kMaxHeadBytes) return fail("line over 64 KiB");
        }
        std::string line;
        if (!take_line(line)) return state_;
        if (state_ == State::status_line) {
          // RFC 9112 §4: HTTP-version SP status-code SP [reason-phrase]
          if (line.size() < 12 || line.compare(0, 5, "HTTP/") != 0 || line[8] != ' ') {
            return fail("bad status line '" + line.substr(0, 80) + "'");
          }
          head_.version = line.substr(0, 8);
          int code = 0;
          auto [p, ec] = std::from_chars(line.data() + 9, line.data() + 12, code);
          if (ec != std::errc{} || p != line.data() + 12 || code < 100)
            return fail("bad status code in '" + line.substr(0, 80) + "'");
          head_.status = code;
          head_.reason = line.size() > 13 ? line.substr(13) : "";
          state_ = State::headers;
        } else if (state_ == State::headers) {
          if (line.empty()) {
            on_head_done();
            if (state_ == State::error || state_ == State::done) return state_;
            continue;
          }
          auto colon = line.find(':');
          if (colon == std::string::npos || colon == 0)
            return fail("bad header line '" + line.substr(0, 80) + "'");
          head_.headers.emplace_back(line.substr(0, colon),
                                     std::string(trim(std::string_view(line).substr(colon + 1))));
        } else if (state_ == State::chunk_size) {
          std::string_view v = line;
          if (auto semi = v.find(';'); semi != std::string_view::npos) v = v.substr(0, semi);  // chunk-ext
          v = trim(v);
          std::uint64_t n = 0;
          auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n, 16);
          if (v.empty() || ec != std::errc{} || p != v.data() + v.size())
            return fail("bad chunk size '" + line.substr(0, 40) + "'");
          if (n == 0) {
            state_ = State::trailers;
          } else {
            // n comes from the peer (up to 2^64 - 1): compare without adding, or the sum wraps and a
            // huge chunk passes the cap (body_size_ <= max_body_ always holds here).
            if (n > max_body_ - body_size_)
              return fail("body exceeds cap of " + std::to_string(max_body_) + " octets");
            remaining_ = n;
            state_ = State::chunk_data;
          }
        } else if (state_ == State::chunk_crlf) {
          if (!line.empty()) return fail("missing CRLF after chunk data");
          state_ = State::chunk_size;
        } else {  // trailers
          if (line.empty()) {
            finish();
            return state_;
          }
        }
        break;
      }
      case State::body:
      case State::chunk_data: {
        // buf_ may hold body bytes that arrived with the last line.
        auto consume = [&](const std::uint8_t* p, std::size_t n) -> std::size_t {
          if (content_length_ || state_ == State::chunk_data)
            n = static_cast<std::size_t>(std::min<std::uint64_t>(n, remaining_));
          if (!content_length_ && state_ == State::body && body_size_ + n > max_body_) {
            fail("body exceeds cap of " + std::to_string(max_body_) + " octets");
            return 0;
          }
          body_bytes(p, n);
          if (content_length_ || state_ == State::chunk_data) remaining_ -= n;
          return n;
        };
        if (!buf_.empty()) {
          std::size_t n = consume(reinterpret_cast<const std::uint8_t*>(buf_.data()), buf_.size());
          if (state_ == State::error) return state_;
          buf_.erase(0, n);
        } else {
          std::size_t n = consume(data.data() + i, data.size() - i);
          if (state_ == State::error) return state_;
          i += n;
        }
        if ((content_length_ || state_ == State::chunk_data) && remaining_ == 0) {
          if (state_ == State::chunk_data) {
            state_ = State::chunk_crlf;
          } else {
            finish();
            return state_;
          }
        }
        break;
      }
    }
  }
  return state_;
}

HttpResponseParser::State HttpResponseParser::eof() {
  if (state_ == State::done || state_ == State::error) return state_;
  if (state_ == State::body && !content_length_ && !chunked_) {
    finish();
    return state_;
  }
  if (!head_done_) return fail("connection closed before the response head was complete");
  return fail("connection closed after " + std::to_string(body_size_) + " body octets, response incomplete");
}

}  // namespace v6r::probe
