#include "core/dns_parse.hpp"

#include <algorithm>
#include <utility>

#include "core/dns_walk.hpp"

namespace v6r::dns {

namespace {

// The walk has validated every name and RDATA before the visitor sees it, so these decodes cannot fail.
Name decode_name(WireReader& r) {
  Name n;
  (void)detail::read_name(r, [&n](Bytes label) { n.append_label(label); });
  return n;
}

Name decode_name_at(Bytes msg, std::size_t offset) {
  WireReader r(msg);
  r.seek(offset);
  return decode_name(r);
}

Rdata decode_rdata(Bytes msg, const detail::RrView& rr) {
  const bool in = rr.klass == static_cast<std::uint16_t>(RrClass::in);
  switch (static_cast<RrType>(rr.type)) {
    case RrType::a:
      if (!in) break;
      {
        rdata::A a;
        std::copy(rr.rdata.begin(), rr.rdata.end(), a.address.begin());
        return a;
      }
    case RrType::aaaa:
      if (!in) break;
      {
        rdata::Aaaa a;
        std::copy(rr.rdata.begin(), rr.rdata.end(), a.address.begin());
        return a;
      }
    case RrType::cname:
    case RrType::ns:
    case RrType::ptr:
    case RrType::dname: {
      WireReader r = detail::rdata_reader(msg, rr.rdata_offset, rr.rdata.size());
      return rdata::Domain{decode_name(r)};
    }
    case RrType::soa: {
      WireReader r = detail::rdata_reader(msg, rr.rdata_offset, rr.rdata.size());
      rdata::Soa soa;
      soa.mname = decode_name(r);
      soa.rname = decode_name(r);
      soa.serial = r.u32be().value_or(0);
      soa.refresh = r.u32be().value_or(0);
      soa.retry = r.u32be().value_or(0);
      soa.expire = r.u32be().value_or(0);
      soa.minimum = r.u32be().value_or(0);
      return soa;
    }
    case RrType::txt: {
      rdata::Txt txt;
      WireReader r(rr.rdata);
      while (!r.empty()) {
        const auto n = r.u8().value_or(0);
        const auto s = r.bytes(n).value_or(Bytes{});
        txt.strings.emplace_back(reinterpret_cast<const char*>(s.data()), s.size());
      }
      return txt;
    }
    default:
      break;
  }
  return rdata::Unknown{std::vector<std::uint8_t>(rr.rdata.begin(), rr.rdata.end())};
}

// RFC 6891 §6.1.2-§6.1.3: CLASS = requestor's UDP payload size; TTL = EXTENDED-RCODE(8) VERSION(8)
// DO(1) Z(15).
Edns decode_edns(const detail::RrView& rr) {
  Edns e;
  e.udp_payload_size = rr.klass;
  e.extended_rcode = static_cast<std::uint8_t>(rr.ttl >> 24);
  e.version = static_cast<std::uint8_t>((rr.ttl >> 16) & 0xffu);
  e.dnssec_ok = (rr.ttl & 0x8000u) != 0;
  e.z = static_cast<std::uint16_t>(rr.ttl & 0x7fffu);
  WireReader r(rr.rdata);
  while (!r.empty()) {
    EdnsOption o;
    o.code = r.u16be().value_or(0);
    const auto len = r.u16be().value_or(0);
    const auto d = r.bytes(len).value_or(Bytes{});
    o.data.assign(d.begin(), d.end());
    e.options.push_back(std::move(o));
  }
  return e;
}

class MessageBuilder {
 public:
  explicit MessageBuilder(Bytes msg) : msg_(msg) {}

  void header(const Header& h, const detail::Counts& c) {
    m_.header = h;
    m_.questions.reserve(c.qd);
    m_.answers.reserve(c.an);
    m_.authority.reserve(c.ns);
    m_.additional.reserve(c.ar);
  }
  void question(const detail::QuestionView& q) {
    m_.questions.push_back(Question{decode_name_at(msg_, q.name_offset), static_cast<RrType>(q.qtype),
                                    static_cast<RrClass>(q.qclass)});
  }
  void rr(const detail::RrView& v) {
    if (v.type == static_cast<std::uint16_t>(RrType::opt)) {
      m_.edns = decode_edns(v);
      return;
    }
    ResourceRecord rec{decode_name_at(msg_, v.name_offset), static_cast<RrType>(v.type),
                       static_cast<RrClass>(v.klass), v.ttl, decode_rdata(msg_, v)};
    switch (v.section) {
      case detail::Section::answer:
        m_.answers.push_back(std::move(rec));
        break;
      case detail::Section::authority:
        m_.authority.push_back(std::move(rec));
        break;
      default:
        m_.additional.push_back(std::move(rec));
        break;
    }
  }
  Message take() { return std::move(m_); }

 private:
  Bytes msg_;
  Message m_;
};

}  // namespace

Expected<Message, ParseError> parse(Bytes wire) {
  MessageBuilder b(wire);
  if (auto e = detail::walk(wire, b)) return Unexpected{*e};
  return b.take();
}

}  // namespace v6r::dns
