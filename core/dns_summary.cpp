#include "core/dns_summary.hpp"

#include <algorithm>

#include "core/dns_name_text.hpp"
#include "core/dns_walk.hpp"

namespace v6r::dns {

namespace {

void reset(Summary& s) {
  s.header = Header{};
  s.rcode = Rcode::noerror;
  s.qdcount = s.ancount = s.nscount = s.arcount = 0;
  s.has_question = false;
  s.qtype = RrType{0};
  s.qclass = RrClass{0};
  s.qname_length = 0;
  s.address_total = 0;
  s.address_count = 0;
  s.cname_count = 0;
  s.min_answer_ttl.reset();
  s.has_edns = false;
  s.edns_do = false;
  s.edns_udp_payload_size = 0;
}

class NameText {
 public:
  explicit NameText(Summary& s) : s_(s) { s_.qname_length = 0; }
  void put(char c) {
    if (s_.qname_length < s_.qname_buf.size()) s_.qname_buf[s_.qname_length++] = c;
  }
  void operator()(Bytes label) {
    for (std::uint8_t o : label) detail::escape_label_octet(o, true, [this](char c) { put(c); });
    put('.');
  }

 private:
  Summary& s_;
};

void add_answer(Summary& s, std::uint16_t type, std::uint16_t klass, std::uint32_t ttl, Bytes rdata) {
  s.min_answer_ttl = s.min_answer_ttl ? std::min(*s.min_answer_ttl, ttl) : ttl;
  if (type == static_cast<std::uint16_t>(RrType::cname)) ++s.cname_count;
  if (klass != static_cast<std::uint16_t>(RrClass::in)) return;
  const bool a = type == static_cast<std::uint16_t>(RrType::a);
  const bool aaaa = type == static_cast<std::uint16_t>(RrType::aaaa);
  if (!a && !aaaa) return;
  ++s.address_total;
  if (s.address_count >= Summary::kMaxAddresses) return;
  SummaryAddress& out = s.addresses[s.address_count++];
  out.family = a ? 4 : 6;
  out.bytes.fill(0);
  std::copy(rdata.begin(), rdata.end(), out.bytes.begin());
}

class Summarizer {
 public:
  Summarizer(Bytes msg, Summary& s) : msg_(msg), s_(s) {}

  void header(const Header& h, const detail::Counts& c) {
    s_.header = h;
    s_.rcode = static_cast<Rcode>(h.rcode);
    s_.qdcount = c.qd;
    s_.ancount = c.an;
    s_.nscount = c.ns;
    s_.arcount = c.ar;
  }
  void question(const detail::QuestionView& q) {
    if (s_.has_question) return;
    s_.has_question = true;
    s_.qtype = static_cast<RrType>(q.qtype);
    s_.qclass = static_cast<RrClass>(q.qclass);
    WireReader r(msg_);
    r.seek(q.name_offset);
    NameText text(s_);
    (void)detail::read_name(r, text);
    if (s_.qname_length == 0) text.put('.');
  }
  void rr(const detail::RrView& v) {
    if (v.section == detail::Section::answer) {
      add_answer(s_, v.type, v.klass, v.ttl, v.rdata);
    } else if (v.type == static_cast<std::uint16_t>(RrType::opt)) {
      // RFC 6891 §6.1.3: the upper 8 bits of the 12-bit RCODE live in the OPT TTL.
      s_.has_edns = true;
      s_.edns_do = (v.ttl & 0x8000u) != 0;
      s_.edns_udp_payload_size = v.klass;
      s_.rcode = static_cast<Rcode>(((v.ttl >> 24) << 4) | s_.header.rcode);
    }
  }

 private:
  Bytes msg_;
  Summary& s_;
};

// ---- Fast path --------------------------------------------------------------------------------
// The analyzer summarizes every DNS packet, so summarize_into() first tries a single-pass reader over
// raw offsets that checks exactly the rules of detail::walk (dns_walk.hpp) but builds no error values,
// no RrView and reads the question name once (validation and text together). It returns false on
// anything it does not accept — then the message is summarized again by detail::walk, which produces
// the same result or the exact ParseError. So fast() may be stricter than walk, never more lenient:
// fast() == true implies walk succeeds with the same Summary (checked over the fuzz corpora by
// tests/fuzz/core_dns.cpp, which compares summarize() with parse()).
class Fast {
 public:
  Fast(Bytes msg, Summary& s) : p_(msg.data()), size_(msg.size()), s_(s) {}

  bool run() {
    if (size_ < detail::kHeaderSize) return false;
    const std::uint16_t qd = u16(4), an = u16(6), ns = u16(8), ar = u16(10);
    const std::size_t need =
        std::size_t{qd} * detail::kMinQuestionSize + (std::size_t{an} + ns + ar) * detail::kMinRrSize;
    if (need > size_ - detail::kHeaderSize) return false;
    detail::decode_header_into(u16(0), u16(2), s_.header);
    s_.rcode = static_cast<Rcode>(s_.header.rcode);
    s_.qdcount = qd;
    s_.ancount = an;
    s_.nscount = ns;
    s_.arcount = ar;

    std::size_t pos = detail::kHeaderSize;
    for (std::size_t i = 0; i < qd; ++i) {
      const std::size_t start = pos;
      std::size_t labels = 0;
      if (i == 0) {
        if (!first_qname(pos)) return false;
      } else if (!name(pos, size_, labels)) {
        return false;
      }
      if (size_ - pos < 4) return false;
      if (i == 0) {
        s_.has_question = true;
        s_.qtype = static_cast<RrType>(u16(pos));
        s_.qclass = static_cast<RrClass>(u16(pos + 2));
        q_start_ = start;
      }
      pos += 4;
    }

    bool seen_opt = false;
    const std::uint16_t counts[3] = {an, ns, ar};
    for (std::size_t sec = 0; sec < 3; ++sec) {
      for (std::size_t i = 0; i < counts[sec]; ++i) {
        std::size_t owner_labels = 0;
        if (!name(pos, size_, owner_labels)) return false;
        if (size_ - pos < 10) return false;
        const std::uint16_t type = u16(pos), klass = u16(pos + 2);
        const std::uint32_t ttl = u32(pos + 4);
        const std::uint16_t rdlength = u16(pos + 8);
        pos += 10;
        if (size_ - pos < rdlength) return false;
        const std::size_t rd = pos;
        pos += rdlength;
        if (type == static_cast<std::uint16_t>(RrType::opt)) {
          // RFC 6891 §6.1.1: additional section only, once, owner the root, options fill RDLENGTH.
          if (sec != 2 || seen_opt || owner_labels != 0) return false;
          seen_opt = true;
          for (std::size_t o = rd; o < pos;) {
            if (pos - o < 4) return false;
            const std::size_t olen = u16(o + 2);
            o += 4;
            if (pos - o < olen) return false;
            o += olen;
          }
          s_.has_edns = true;
          s_.edns_do = (ttl & 0x8000u) != 0;
          s_.edns_udp_payload_size = klass;
          s_.rcode = static_cast<Rcode>(((ttl >> 24) << 4) | s_.header.rcode);
          continue;
        }
        if (!rdata(type, klass, rd, pos)) return false;
        if (sec == 0) add_answer(s_, type, klass, ttl, Bytes(p_ + rd, rdlength));
      }
    }
    return pos == size_;
  }

 private:
  [[nodiscard]] std::uint16_t u16(std::size_t at) const {
    return static_cast<std::uint16_t>((p_[at] << 8) | p_[at + 1]);
  }
  [[nodiscard]] std::uint32_t u32(std::size_t at) const {
    return (std::uint32_t{p_[at]} << 24) | (std::uint32_t{p_[at + 1]} << 16) |
           (std::uint32_t{p_[at + 2]} << 8) | std::uint32_t{p_[at + 3]};
  }

  /// detail::read_name over [0, end): the same pointer rules (strictly before the stretch being read),
  /// hop cap, label types and 255-octet limit. On success `pos` is just after the in-place octets.
  bool name(std::size_t& pos, std::size_t end, std::size_t& labels) const {
    // A name that is just a pointer to the first question name, which was read pointer-free: same
    // octets, same checks (it starts at q_start_ < pos with limit q_start_), so the same outcome.
    if (q_plain_ && end - pos >= 2 && pos > q_start_ && std::size_t{p_[pos]} == (0xC0u | (q_start_ >> 8)) &&
        std::size_t{p_[pos + 1]} == (q_start_ & 0xFFu) && q_extent_ <= end) {
      labels = q_labels_;
      pos += 2;
      return true;
    }
    std::size_t hops = 0;
    return walk_name(pos, end, labels, hops, [](std::size_t, unsigned) {});
  }

  /// The walk both share: a name in [0, end) by detail::read_name's rules, `on_label(at, len)` called
  /// for each label's octets [at, at + len) in order; `hops` counts the pointers followed.
  template <class OnLabel>
  bool walk_name(std::size_t& pos, std::size_t end, std::size_t& labels, std::size_t& hops,
                 const OnLabel& on_label) const {
    std::size_t cur = pos, limit = pos, wire_len = 1;
    bool jumped = false;
    for (;;) {
      if (cur >= end) return false;
      const unsigned len = p_[cur];
      if ((len & 0xC0u) == 0xC0u) {
        if (end - cur < 2) return false;
        const std::size_t target = (std::size_t{len & 0x3Fu} << 8) | p_[cur + 1];
        if (target >= limit || ++hops > detail::kMaxPointerHops) return false;
        if (!jumped) {
          pos = cur + 2;
          jumped = true;
        }
        cur = target;
        limit = target;
        continue;
      }
      if (len & 0xC0u) return false;
      if (len == 0) {
        if (!jumped) pos = cur + 1;
        return true;
      }
      wire_len += 1u + len;
      if (wire_len > kMaxNameLength || end - cur - 1 < len) return false;
      ++labels;
      on_label(cur + 1, len);
      cur += 1u + len;
    }
  }

  /// The first question name: validated and written as lower-case text in one pass.
  bool first_qname(std::size_t& pos) {
    const std::size_t start = pos;
    std::size_t hops = 0, labels = 0;
    char* out = s_.qname_buf.data();
    // ≤ 254 label octets as \DDD plus one dot per label fits in kMaxNameText (1024): no bound check.
    const bool ok = walk_name(pos, size_, labels, hops, [&](std::size_t at, unsigned len) {
      for (const std::uint8_t* o = p_ + at; o != p_ + at + len; ++o) {
        const std::uint8_t c = *o;
        if (c >= 'a' && c <= 'z') {
          *out++ = static_cast<char>(c);
        } else {
          detail::escape_label_octet(c, true, [&out](char ch) { *out++ = ch; });
        }
      }
      *out++ = '.';
    });
    if (!ok) return false;
    if (out == s_.qname_buf.data()) *out++ = '.';
    s_.qname_length = static_cast<std::uint16_t>(out - s_.qname_buf.data());
    if (hops == 0) {
      q_plain_ = true;
      q_start_ = start;
      q_extent_ = pos;
      q_labels_ = labels;
    }
    return true;
  }

  /// detail::check_rdata for the RDATA at [rd, end).
  bool rdata(std::uint16_t type, std::uint16_t klass, std::size_t rd, std::size_t end) const {
    const std::size_t len = end - rd;
    const bool in = klass == static_cast<std::uint16_t>(RrClass::in);
    std::size_t labels = 0;
    switch (static_cast<RrType>(type)) {
      case RrType::a:
        return !in || len == 4;
      case RrType::aaaa:
        return !in || len == 16;
      case RrType::cname:
      case RrType::ns:
      case RrType::ptr:
      case RrType::dname: {
        std::size_t at = rd;
        return name(at, end, labels) && at == end;
      }
      case RrType::soa: {
        std::size_t at = rd;
        if (!name(at, end, labels) || !name(at, end, labels)) return false;
        return end - at == 20;
      }
      case RrType::txt: {
        for (std::size_t at = rd; at < end;) {
          const std::size_t n = p_[at];
          if (end - at - 1 < n) return false;
          at += 1 + n;
        }
        return true;
      }
      default:
        return true;
    }
  }

  const std::uint8_t* p_;
  std::size_t size_;
  Summary& s_;
  bool q_plain_ = false;  ///< the first question name has no pointer: q_* below describe it
  std::size_t q_start_ = 0, q_extent_ = 0, q_labels_ = 0;
};

}  // namespace

std::optional<ParseError> summarize_into(Bytes wire, Summary& out) {
  reset(out);
  if (Fast(wire, out).run()) return std::nullopt;
  reset(out);
  Summarizer v(wire, out);
  return detail::walk(wire, v);
}

Expected<Summary, ParseError> summarize(Bytes wire) {
  Summary s;
  if (auto e = summarize_into(wire, s)) return Unexpected{*e};
  return s;
}

Summary summary_of(const Message& m) {
  Summary s;
  reset(s);
  s.header = m.header;
  s.rcode = m.rcode();
  s.qdcount = static_cast<std::uint16_t>(m.questions.size());
  s.ancount = static_cast<std::uint16_t>(m.answers.size());
  s.nscount = static_cast<std::uint16_t>(m.authority.size());
  s.arcount = static_cast<std::uint16_t>(m.additional.size() + (m.edns ? 1 : 0));
  if (!m.questions.empty()) {
    const Question& q = m.questions.front();
    s.has_question = true;
    s.qtype = q.qtype;
    s.qclass = q.qclass;
    const std::string text = q.qname.to_lower_text();
    const std::size_t n = std::min(text.size(), s.qname_buf.size());
    std::copy_n(text.begin(), n, s.qname_buf.begin());
    s.qname_length = static_cast<std::uint16_t>(n);
  }
  for (const auto& rr : m.answers) {
    std::array<std::uint8_t, 16> buf{};
    Bytes rdata;
    if (const auto* a = std::get_if<rdata::A>(&rr.data)) {
      std::copy(a->address.begin(), a->address.end(), buf.begin());
      rdata = Bytes(buf.data(), 4);
    } else if (const auto* aaaa = std::get_if<rdata::Aaaa>(&rr.data)) {
      std::copy(aaaa->address.begin(), aaaa->address.end(), buf.begin());
      rdata = Bytes(buf.data(), 16);
    }
    add_answer(s, static_cast<std::uint16_t>(rr.type), static_cast<std::uint16_t>(rr.klass), rr.ttl, rdata);
  }
  if (m.edns) {
    s.has_edns = true;
    s.edns_do = m.edns->dnssec_ok;
    s.edns_udp_payload_size = m.edns->udp_payload_size;
  }
  return s;
}

bool operator==(const Summary& a, const Summary& b) {
  return a.header == b.header && a.rcode == b.rcode && a.qdcount == b.qdcount && a.ancount == b.ancount &&
         a.nscount == b.nscount && a.arcount == b.arcount && a.has_question == b.has_question &&
         a.qtype == b.qtype && a.qclass == b.qclass && a.qname() == b.qname() &&
         a.address_total == b.address_total && a.address_count == b.address_count &&
         std::equal(a.addresses.begin(), a.addresses.begin() + a.address_count, b.addresses.begin()) &&
         a.cname_count == b.cname_count && a.min_answer_ttl == b.min_answer_ttl && a.has_edns == b.has_edns &&
         a.edns_do == b.edns_do && a.edns_udp_payload_size == b.edns_udp_payload_size;
}

}  // namespace v6r::dns
