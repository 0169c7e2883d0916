#pragma once
// The one bounds-checked cursor for wire data (docs/conventions.md §1). Every read from a packet, a DNS
// message or a capture record goes through it: a read past the end returns false/nullopt and latches the
// reader into a failed state; nothing here throws or reads out of bounds.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace v6r {

using Bytes = std::span<const std::uint8_t>;

/// Copies the first N octets of `b` into `out` (fewer when `b` is shorter; the rest of `out` stays).
template <std::size_t N>
void copy_octets(Bytes b, std::array<std::uint8_t, N>& out) {
  if (b.size() >= N) {
    std::memcpy(out.data(), b.data(), N);  // the usual case: one load/store pair, not N bytes
    return;
  }
  for (std::size_t i = 0; i < b.size(); ++i) out[i] = b[i];
}

class WireReader {
 public:
  WireReader() = default;
  explicit WireReader(Bytes data) : data_(data) {}
  WireReader(const std::uint8_t* p, std::size_t n) : data_(p, n) {}

  [[nodiscard]] std::size_t offset() const { return pos_; }
  [[nodiscard]] std::size_t size() const { return data_.size(); }
  [[nodiscard]] std::size_t remaining() const { return failed_ ? 0 : data_.size() - pos_; }
  [[nodiscard]] bool ok() const { return !failed_; }
  [[nodiscard]] bool empty() const { return remaining() == 0; }
  [[nodiscard]] Bytes whole() const { return data_; }
  [[nodiscard]] Bytes rest() const { return failed_ ? Bytes{} : data_.subspan(pos_); }

  bool seek(std::size_t off) {
    if (failed_ || off > data_.size()) return fail();
    pos_ = off;
    return true;
  }
  bool skip(std::size_t n) {
    if (n > remaining()) return fail();
    pos_ += n;
    return true;
  }

  std::optional<std::uint8_t> u8() {
    if (remaining() < 1) return fail_opt<std::uint8_t>();
    return data_[pos_++];
  }
  std::optional<std::uint16_t> u16be() {
    if (remaining() < 2) return fail_opt<std::uint16_t>();
    auto v = static_cast<std::uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::optional<std::uint32_t> u32be() {
    if (remaining() < 4) return fail_opt<std::uint32_t>();
    std::uint32_t v = (std::uint32_t{data_[pos_]} << 24) | (std::uint32_t{data_[pos_ + 1]} << 16) |
                      (std::uint32_t{data_[pos_ + 2]} << 8) | std::uint32_t{data_[pos_ + 3]};
    pos_ += 4;
    return v;
  }
  std::optional<std::uint16_t> u16le() {
    if (remaining() < 2) return fail_opt<std::uint16_t>();
    auto v = static_cast<std::uint16_t>(data_[pos_] | (data_[pos_ + 1] << 8));
    pos_ += 2;
    return v;
  }
  std::optional<std::uint32_t> u32le() {
    if (remaining() < 4) return fail_opt<std::uint32_t>();
    std::uint32_t v = std::uint32_t{data_[pos_]} | (std::uint32_t{data_[pos_ + 1]} << 8) |
                      (std::uint32_t{data_[pos_ + 2]} << 16) | (std::uint32_t{data_[pos_ + 3]} << 24);
    pos_ += 4;
    return v;
  }
  /// n bytes as a span into the underlying buffer (no copy).
  std::optional<Bytes> bytes(std::size_t n) {
    if (n > remaining()) return fail_opt<Bytes>();
    Bytes b = data_.subspan(pos_, n);
    pos_ += n;
    return b;
  }
  /// A reader over the next n bytes; this reader advances past them.
  std::optional<WireReader> sub(std::size_t n) {
    auto b = bytes(n);
    if (!b) return std::nullopt;
    return WireReader(*b);
  }
  /// Peek without consuming; nullopt past the end (does not latch failure).
  [[nodiscard]] std::optional<std::uint8_t> peek_u8(std::size_t ahead = 0) const {
    if (failed_ || ahead >= data_.size() - pos_) return std::nullopt;
    return data_[pos_ + ahead];
  }

 private:
  bool fail() {
    failed_ = true;
    return false;
  }
  template <class T>
  std::optional<T> fail_opt() {
    failed_ = true;
    return std::nullopt;
  }

  Bytes data_{};
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace v6r
