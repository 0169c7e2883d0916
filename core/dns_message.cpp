#include "core/dns_message.hpp"

namespace v6r::dns {

void Message::set_rcode(Rcode r) {
  const auto v = static_cast<unsigned>(r);
  header.rcode = static_cast<std::uint8_t>(v & 0x0fu);
  const auto ext = static_cast<std::uint8_t>((v >> 4) & 0xffu);
  if (ext != 0 && !edns) edns.emplace();
  if (edns) edns->extended_rcode = ext;
}

}  // namespace v6r::dns
