#include "core/root_cause_text.hpp"

namespace v6r::rootcause {

std::string text(Msg m, std::initializer_list<std::string_view> args) {
  std::string_view fmt;
  for (const auto& e : kMessages)
    if (e.id == m) fmt = e.en;
  std::string out;
  out.reserve(fmt.size() + 32);
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    // {N} with one digit N < args.size() is replaced; anything else is copied as is.
    if (fmt[i] == '{' && i + 2 < fmt.size() && fmt[i + 2] == '}' && fmt[i + 1] >= '0' && fmt[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(fmt[i + 1] - '0');
      if (n < args.size()) {
        out += *(args.begin() + n);
        i += 2;
        continue;
      }
    }
    out += fmt[i];
  }
  return out;
}

}  // namespace v6r::rootcause
