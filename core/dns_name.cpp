#include "core/dns_name.hpp"

#include <algorithm>
#include <optional>

#include "core/dns_name_text.hpp"

namespace v6r::dns {

namespace {

ParseError text_error(ParseErrc code, std::size_t at, std::string_view detail) {
  return {code, at, detail};
}

std::string render(const std::vector<std::string>& labels, bool lower) {
  if (labels.empty()) return ".";
  std::string out;
  auto put = [&out](char c) { out.push_back(c); };
  for (const auto& l : labels) {
    for (char c : l) detail::escape_label_octet(static_cast<std::uint8_t>(c), lower, put);
    out.push_back('.');
  }
  return out;
}

}  // namespace

bool label_equal_ci(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return detail::ascii_lower(x) == detail::ascii_lower(y); });
}

bool Name::append_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  if (wire_length_ + 1 + label.size() > kMaxNameLength) return false;
  labels_.emplace_back(label);
  wire_length_ += 1 + label.size();
  return true;
}

bool Name::append_label(Bytes label) {
  return append_label(std::string_view(reinterpret_cast<const char*>(label.data()), label.size()));
}

Expected<Name, ParseError> Name::from_labels(std::vector<std::string> labels) {
  Name n;
  std::size_t at = 0;
  for (const auto& l : labels) {
    if (l.empty() || l.size() > kMaxLabelLength)
      return Unexpected{text_error(ParseErrc::bad_label, at, "label must be 1..63 octets")};
    if (!n.append_label(std::string_view(l)))
      return Unexpected{text_error(ParseErrc::name_too_long, at, "name over 255 octets")};
    at += l.size() + 1;
  }
  return n;
}

Expected<Name, ParseError> Name::from_text(std::string_view text) {
  if (text.empty()) return Unexpected{text_error(ParseErrc::bad_name_text, 0, "empty name")};
  Name n;
  if (text == ".") return n;
  std::string label;
  std::size_t label_start = 0;
  auto finish_label = [&](std::size_t at) -> std::optional<ParseError> {
    if (label.empty()) return text_error(ParseErrc::bad_label, at, "empty label");
    if (label.size() > kMaxLabelLength)
      return text_error(ParseErrc::bad_label, label_start, "label over 63 octets");
    if (!n.append_label(std::string_view(label)))
      return text_error(ParseErrc::name_too_long, label_start, "name over 255 octets");
    label.clear();
    return std::nullopt;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (auto e = finish_label(i)) return Unexpected{*e};
      label_start = i + 1;
      continue;
    }
    if (c != '\\') {
      label.push_back(c);
      continue;
    }
    // RFC 1035 §5.1: \X is X literally, \DDD is the octet with decimal value DDD.
    if (i + 1 >= text.size())
      return Unexpected{text_error(ParseErrc::bad_name_text, i, "dangling backslash")};
    const char d0 = text[i + 1];
    if (d0 >= '0' && d0 <= '9') {
      if (i + 3 >= text.size())
        return Unexpected{text_error(ParseErrc::bad_name_text, i, "\\DDD needs three digits")};
      unsigned v = 0;
      for (std::size_t k = 1; k <= 3; ++k) {
        const char d = text[i + k];
        if (d < '0' || d > '9')
          return Unexpected{text_error(ParseErrc::bad_name_text, i, "\\DDD needs three digits")};
        v = v * 10 + static_cast<unsigned>(d - '0');
      }
      if (v > 255) return Unexpected{text_error(ParseErrc::bad_name_text, i, "\\DDD over 255")};
      label.push_back(static_cast<char>(v));
      i += 3;
    } else {
      label.push_back(d0);
      i += 1;
    }
  }
  if (!label.empty()) {  // relative text is taken as absolute
    if (auto e = finish_label(text.size())) return Unexpected{*e};
  }
  return n;
}

std::string Name::to_text() const {
  return render(labels_, false);
}
std::string Name::to_lower_text() const {
  return render(labels_, true);
}

bool Name::is_subdomain_of(const Name& parent) const {
  if (parent.labels_.size() > labels_.size()) return false;
  const std::size_t skip = labels_.size() - parent.labels_.size();
  for (std::size_t i = 0; i < parent.labels_.size(); ++i)
    if (!label_equal_ci(labels_[skip + i], parent.labels_[i])) return false;
  return true;
}

bool operator==(const Name& a, const Name& b) {
  if (a.labels_.size() != b.labels_.size() || a.wire_length_ != b.wire_length_) return false;
  for (std::size_t i = 0; i < a.labels_.size(); ++i)
    if (!label_equal_ci(a.labels_[i], b.labels_[i])) return false;
  return true;
}

}  // namespace v6r::dns
