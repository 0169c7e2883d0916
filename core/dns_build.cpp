#include "core/dns_build.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <type_traits>

namespace v6r::dns {

namespace {

constexpr std::size_t kMaxPointerTarget = 0x3FFF;  // 14-bit offset (RFC 1035 §4.1.4)

std::uint16_t encode_flags(const Header& h) {
  unsigned f = 0;
  if (h.qr) f |= 0x8000u;
  f |= (static_cast<unsigned>(h.opcode) & 0x0fu) << 11;
  if (h.aa) f |= 0x0400u;
  if (h.tc) f |= 0x0200u;
  if (h.rd) f |= 0x0100u;
  if (h.ra) f |= 0x0080u;
  if (h.z) f |= 0x0040u;
  if (h.ad) f |= 0x0020u;
  if (h.cd) f |= 0x0010u;
  f |= h.rcode & 0x0fu;
  return static_cast<std::uint16_t>(f);
}

class Writer {
 public:
  explicit Writer(bool compress) : compress_(compress) {}

  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v & 0xffu));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v & 0xffffu));
  }
  void raw(const std::uint8_t* p, std::size_t n) { out_.insert(out_.end(), p, p + n); }
  void raw(const std::string& s) { raw(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
  [[nodiscard]] std::size_t size() const { return out_.size(); }
  void put16_at(std::size_t at, std::uint16_t v) {
    out_[at] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 1] = static_cast<std::uint8_t>(v & 0xffu);
  }

  /// RFC 1035 §4.1.4: a name is labels followed by the root, or labels followed by a pointer to an
  /// earlier occurrence of the remaining suffix.
  void name(const Name& n, bool may_compress) {
    const auto& labels = n.labels();
    const bool use = compress_ && may_compress;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      std::span<const std::string> suffix(labels.data() + i, labels.size() - i);
      if (use) {
        for (const auto& e : seen_) {
          if (std::equal(e.suffix.begin(), e.suffix.end(), suffix.begin(), suffix.end())) {
            u16(static_cast<std::uint16_t>(0xC000u | e.offset));
            return;
          }
        }
      }
      if (compress_ && out_.size() <= kMaxPointerTarget) seen_.push_back({out_.size(), suffix});
      u8(static_cast<std::uint8_t>(labels[i].size()));
      raw(labels[i]);
    }
    u8(0);
  }

  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  struct Seen {
    std::size_t offset;
    std::span<const std::string> suffix;
  };
  bool compress_;
  std::vector<std::uint8_t> out_;
  std::vector<Seen> seen_;
};

// RFC 3597 §4: only the RFC 1035 types may carry compressed names; DNAME must not (RFC 6672 §2.5).
bool compressible(RrType t) {
  return t == RrType::cname || t == RrType::ns || t == RrType::ptr || t == RrType::soa;
}

bool write_rdata(Writer& w, const ResourceRecord& rr) {
  return std::visit(
      [&](const auto& d) -> bool {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, rdata::A> || std::is_same_v<T, rdata::Aaaa>) {
          w.raw(d.address.data(), d.address.size());
        } else if constexpr (std::is_same_v<T, rdata::Domain>) {
          w.name(d.name, compressible(rr.type));
        } else if constexpr (std::is_same_v<T, rdata::Soa>) {
          w.name(d.mname, compressible(rr.type));
          w.name(d.rname, compressible(rr.type));
          w.u32(d.serial);
          w.u32(d.refresh);
          w.u32(d.retry);
          w.u32(d.expire);
          w.u32(d.minimum);
        } else if constexpr (std::is_same_v<T, rdata::Txt>) {
          for (const auto& s : d.strings) {
            if (s.size() > 255) return false;
            w.u8(static_cast<std::uint8_t>(s.size()));
            w.raw(s);
          }
        } else {
          w.raw(d.bytes.data(), d.bytes.size());
        }
        return true;
      },
      rr.data);
}

bool write_rr(Writer& w, const ResourceRecord& rr) {
  w.name(rr.name, true);
  w.u16(static_cast<std::uint16_t>(rr.type));
  w.u16(static_cast<std::uint16_t>(rr.klass));
  w.u32(rr.ttl);
  const std::size_t len_at = w.size();
  w.u16(0);
  if (!write_rdata(w, rr)) return false;
  const std::size_t len = w.size() - len_at - 2;
  if (len > 0xffffu) return false;
  w.put16_at(len_at, static_cast<std::uint16_t>(len));
  return true;
}

// RFC 6891 §6.1.2-§6.1.3.
bool write_opt(Writer& w, const Edns& e) {
  w.u8(0);  // root owner
  w.u16(static_cast<std::uint16_t>(RrType::opt));
  w.u16(e.udp_payload_size);
  w.u32((std::uint32_t{e.extended_rcode} << 24) | (std::uint32_t{e.version} << 16) |
        (e.dnssec_ok ? 0x8000u : 0u) | (e.z & 0x7fffu));
  std::size_t len = 0;
  for (const auto& o : e.options) len += 4 + o.data.size();
  if (len > 0xffffu) return false;
  w.u16(static_cast<std::uint16_t>(len));
  for (const auto& o : e.options) {
    w.u16(o.code);
    w.u16(static_cast<std::uint16_t>(o.data.size()));
    w.raw(o.data.data(), o.data.size());
  }
  return true;
}

}  // namespace

std::vector<std::uint8_t> build(const Message& m, bool compress) {
  const std::size_t arcount = m.additional.size() + (m.edns ? 1 : 0);
  if (m.questions.size() > 0xffffu || m.answers.size() > 0xffffu || m.authority.size() > 0xffffu ||
      arcount > 0xffffu)
    return {};
  Writer w(compress);
  w.u16(m.header.id);
  w.u16(encode_flags(m.header));
  w.u16(static_cast<std::uint16_t>(m.questions.size()));
  w.u16(static_cast<std::uint16_t>(m.answers.size()));
  w.u16(static_cast<std::uint16_t>(m.authority.size()));
  w.u16(static_cast<std::uint16_t>(arcount));
  for (const auto& q : m.questions) {
    w.name(q.qname, true);
    w.u16(static_cast<std::uint16_t>(q.qtype));
    w.u16(static_cast<std::uint16_t>(q.qclass));
  }
  for (const auto* section : {&m.answers, &m.authority, &m.additional})
    for (const auto& rr : *section)
      if (!write_rr(w, rr)) return {};
  if (m.edns && !write_opt(w, *m.edns)) return {};
  return w.take();
}

Message make_query(std::uint16_t id, const Name& qname, RrType qtype, bool rd,
                   std::optional<QueryEdns> edns) {
  Message m;
  m.header.id = id;
  m.header.opcode = Opcode::query;
  m.header.rd = rd;
  m.questions.push_back(Question{qname, qtype, RrClass::in});
  if (edns) {
    m.header.cd = edns->checking_disabled;
    Edns e;
    e.udp_payload_size = edns->udp_payload_size;
    e.dnssec_ok = edns->dnssec_ok;
    m.edns = e;
  }
  return m;
}

}  // namespace v6r::dns
