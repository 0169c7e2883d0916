#pragma once
// A domain name as a sequence of labels (RFC 1035 §3.1). Labels hold arbitrary octets; the invariants
// (every label 1..63 octets, whole name ≤ 255 octets in wire form, RFC 1035 §2.3.4) hold for every
// Name object, so build() can always encode one. Comparison is case-insensitive for ASCII letters
// (RFC 4343 §3), as DNS compares names; labels() keeps the case that was on the wire (0x20 evidence).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns_error.hpp"
#include "core/expected.hpp"
#include "core/wire_reader.hpp"

namespace v6r::dns {

inline constexpr std::size_t kMaxLabelLength = 63;  // RFC 1035 §2.3.4
inline constexpr std::size_t kMaxNameLength = 255;  // octets in wire form, including the root label

class Name {
 public:
  /// The root name ".".
  Name() = default;

  /// Master-file text (RFC 1035 §5.1): "www.example.com." or "www.example.com" (always absolute),
  /// "." for the root; "\." and "\\" escape, "\DDD" is a decimal octet. Errors: bad_name_text,
  /// bad_label (empty or >63-octet label), name_too_long; offset is the position in the text.
  static Expected<Name, ParseError> from_text(std::string_view text);
  /// From raw labels (most significant last, no root label); same checks as from_text.
  static Expected<Name, ParseError> from_labels(std::vector<std::string> labels);

  /// Appends one label on the right; false (and no change) if it would break the invariants.
  bool append_label(Bytes label);
  bool append_label(std::string_view label);

  [[nodiscard]] const std::vector<std::string>& labels() const { return labels_; }
  [[nodiscard]] bool is_root() const { return labels_.empty(); }
  /// Octets in uncompressed wire form (1 for the root).
  [[nodiscard]] std::size_t wire_length() const { return wire_length_; }
  /// Text with a trailing dot; '.', '\\', '"', '(', ')', ';', '@', '$' escaped with '\', other
  /// octets outside 0x21..0x7e as \DDD. The root is ".".
  [[nodiscard]] std::string to_text() const;
  /// to_text() with ASCII letters lower-cased (the form dns::Summary carries).
  [[nodiscard]] std::string to_lower_text() const;

  /// True if this name equals `parent` or lies below it (case-insensitive).
  [[nodiscard]] bool is_subdomain_of(const Name& parent) const;
  /// Label-by-label, octet-exact (case-sensitive) comparison.
  [[nodiscard]] bool identical(const Name& other) const { return labels_ == other.labels_; }

  /// Case-insensitive (RFC 4343 §3).
  friend bool operator==(const Name& a, const Name& b);

 private:
  std::vector<std::string> labels_;
  std::size_t wire_length_ = 1;
};

/// ASCII case-insensitive label comparison (RFC 4343 §3).
bool label_equal_ci(std::string_view a, std::string_view b);

}  // namespace v6r::dns
