#include "core/dns_types.hpp"

namespace v6r::dns {

std::string to_string(RrType t) {
  switch (t) {
    case RrType::a:
      return "A";
    case RrType::ns:
      return "NS";
    case RrType::cname:
      return "CNAME";
    case RrType::soa:
      return "SOA";
    case RrType::ptr:
      return "PTR";
    case RrType::mx:
      return "MX";
    case RrType::txt:
      return "TXT";
    case RrType::aaaa:
      return "AAAA";
    case RrType::srv:
      return "SRV";
    case RrType::dname:
      return "DNAME";
    case RrType::opt:
      return "OPT";
    case RrType::ds:
      return "DS";
    case RrType::rrsig:
      return "RRSIG";
    case RrType::nsec:
      return "NSEC";
    case RrType::dnskey:
      return "DNSKEY";
    case RrType::https:
      return "HTTPS";
    case RrType::any:
      return "ANY";
  }
  return "TYPE" + std::to_string(static_cast<unsigned>(t));
}

std::string to_string(RrClass c) {
  switch (c) {
    case RrClass::in:
      return "IN";
    case RrClass::ch:
      return "CH";
    case RrClass::hs:
      return "HS";
    case RrClass::none:
      return "NONE";
    case RrClass::any:
      return "ANY";
  }
  return "CLASS" + std::to_string(static_cast<unsigned>(c));
}

std::string to_string(Opcode o) {
  switch (o) {
    case Opcode::query:
      return "QUERY";
    case Opcode::iquery:
      return "IQUERY";
    case Opcode::status:
      return "STATUS";
    case Opcode::notify:
      return "NOTIFY";
    case Opcode::update:
      return "UPDATE";
  }
  return "OPCODE" + std::to_string(static_cast<unsigned>(o));
}

std::string to_string(Rcode r) {
  switch (r) {
    case Rcode::noerror:
      return "NOERROR";
    case Rcode::formerr:
      return "FORMERR";
    case Rcode::servfail:
      return "SERVFAIL";
    case Rcode::nxdomain:
      return "NXDOMAIN";
    case Rcode::notimp:
      return "NOTIMP";
    case Rcode::refused:
      return "REFUSED";
    case Rcode::yxdomain:
      return "YXDOMAIN";
    case Rcode::yxrrset:
      return "YXRRSET";
    case Rcode::nxrrset:
      return "NXRRSET";
    case Rcode::notauth:
      return "NOTAUTH";
    case Rcode::notzone:
      return "NOTZONE";
    case Rcode::badvers:
      return "BADVERS";
  }
  return "RCODE" + std::to_string(static_cast<unsigned>(r));
}

}  // namespace v6r::dns
