#include "core/dns_error.hpp"

namespace v6r::dns {

std::string_view to_string(ParseErrc c) {
  switch (c) {
    case ParseErrc::truncated:
      return "truncated";
    case ParseErrc::bad_label:
      return "bad_label";
    case ParseErrc::name_too_long:
      return "name_too_long";
    case ParseErrc::pointer_loop:
      return "pointer_loop";
    case ParseErrc::pointer_forward:
      return "pointer_forward";
    case ParseErrc::too_many_pointer_hops:
      return "too_many_pointer_hops";
    case ParseErrc::bad_rdata:
      return "bad_rdata";
    case ParseErrc::section_count_overflow:
      return "section_count_overflow";
    case ParseErrc::trailing_data:
      return "trailing_data";
    case ParseErrc::duplicate_opt:
      return "duplicate_opt";
    case ParseErrc::opt_outside_additional:
      return "opt_outside_additional";
    case ParseErrc::bad_opt:
      return "bad_opt";
    case ParseErrc::bad_name_text:
      return "bad_name_text";
  }
  return "unknown";
}

std::string to_string(const ParseError& e) {
  std::string s(to_string(e.code));
  s += " at offset ";
  s += std::to_string(e.offset);
  if (!e.detail.empty()) {
    s += ": ";
    s += e.detail;
  }
  return s;
}

}  // namespace v6r::dns
