// Fuzz target: the probe's HTTP/1.1 response parser (probes/net/http_response.hpp), which nat64.http
// and service.http run on whatever the remote server sends. The first octet picks the split size
// (the response arrives in pieces of 1..64 octets, then the peer closes) and whether the request was
// HEAD; the rest is the response. Also fed whole, to a second parser: the outcome must not depend on
// how the bytes were split.
// Invariants: the body never exceeds max_body; a finished response has a status 100..999 and a
// 64-hex-digit SHA-256; an error has a message; split and whole end in the same state and, when
// done, with the same body size and hash.
#include <algorithm>
#include <cstdint>

#include "probes/net/http_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using v6r::probe::HttpResponseParser;
  if (size < 1) return 0;
  const std::size_t piece = (data[0] & 0x3Fu) + 1u;
  const bool head = (data[0] & 0x40u) != 0;
  constexpr std::uint64_t kMaxBody = 4096;
  const v6r::Bytes in(data + 1, size - 1);

  HttpResponseParser split(kMaxBody, head);
  for (std::size_t off = 0;
       off < in.size() && !split.done() && split.state() != HttpResponseParser::State::error; off += piece)
    split.feed(in.subspan(off, std::min(piece, in.size() - off)));
  if (!split.done() && split.state() != HttpResponseParser::State::error) split.eof();

  HttpResponseParser whole(kMaxBody, head);
  whole.feed(in);
  if (!whole.done() && whole.state() != HttpResponseParser::State::error) whole.eof();

  for (const HttpResponseParser* p : {&split, &whole}) {
    if (p->body_size() > kMaxBody) __builtin_trap();
    if (p->state() == HttpResponseParser::State::error && p->error().empty()) __builtin_trap();
    if (p->done()) {
      if (p->head().status < 100 || p->head().status > 999) __builtin_trap();
      if (p->body_sha256().size() != 64) __builtin_trap();
    }
  }
  // The outcome must not depend on the split. How many body octets an error saw first does: a body
  // over the cap fails when the piece that crosses it arrives (regress-784bb1de...: split 4096, whole 0).
  if (split.state() != whole.state()) __builtin_trap();
  if (split.done() && (split.body_size() != whole.body_size() || split.body_sha256() != whole.body_sha256()))
    __builtin_trap();
  return 0;
}
