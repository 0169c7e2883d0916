#include "core/dns_name.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/dns_types.hpp"

namespace v6r::dns {
namespace {

TEST(DnsName, TextRoundTripAndRoot) {
  EXPECT_EQ(Name().to_text(), ".");
  EXPECT_TRUE(Name::from_text(".")->is_root());
  auto n = Name::from_text("www.Example.com.");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->labels().size(), 3u);
  EXPECT_EQ(n->to_text(), "www.Example.com.");
  EXPECT_EQ(n->to_lower_text(), "www.example.com.");
  EXPECT_EQ(n->wire_length(), 17u);
  EXPECT_EQ(Name::from_text("www.example.com")->to_text(), "www.example.com.") << "relative text is absolute";
}

TEST(DnsName, EscapesOddOctets) {
  auto n = Name::from_text("a\\.b\\\\c\\255\\032d.e");
  ASSERT_TRUE(n);
  ASSERT_EQ(n->labels().size(), 2u);
  EXPECT_EQ(n->labels()[0], std::string("a.b\\c\xff d"));
  EXPECT_EQ(n->to_text(), "a\\.b\\\\c\\255\\032d.e.");
  EXPECT_EQ(Name::from_text(n->to_text())->labels(), n->labels());
  auto odd = Name::from_labels({std::string("\0;@$()\"", 7)});
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->to_text(), "\\000\\;\\@\\$\\(\\)\\\".");
}

TEST(DnsName, CaseInsensitiveEqualityButExactIdentity) {
  const auto a = Name::from_text("WWW.example.COM").value();
  const auto b = Name::from_text("www.EXAMPLE.com.").value();
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a.identical(b));
  EXPECT_NE(a, Name::from_text("www.example.net.").value());
  EXPECT_TRUE(a.is_subdomain_of(Name::from_text("Example.com").value()));
  EXPECT_TRUE(a.is_subdomain_of(Name()));
  EXPECT_FALSE(Name::from_text("com.").value().is_subdomain_of(a));
}

TEST(DnsName, RejectsBadText) {
  EXPECT_EQ(Name::from_text("").error().code, ParseErrc::bad_name_text);
  EXPECT_EQ(Name::from_text("a..b").error().code, ParseErrc::bad_label);
  EXPECT_EQ(Name::from_text("a..b").error().offset, 2u);
  EXPECT_EQ(Name::from_text("a\\").error().code, ParseErrc::bad_name_text);
  EXPECT_EQ(Name::from_text("a\\25").error().code, ParseErrc::bad_name_text);
  EXPECT_EQ(Name::from_text("a\\256").error().code, ParseErrc::bad_name_text);
  EXPECT_EQ(Name::from_text(std::string(64, 'x')).error().code, ParseErrc::bad_label);
  EXPECT_TRUE(Name::from_text(std::string(63, 'x')));
}

TEST(DnsName, EnforcesTheWireLimitOf255Octets) {
  const std::string l63(63, 'x');
  const std::string ok = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'y');  // 1 + 3*64 + 62 = 255
  auto n = Name::from_text(ok);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->wire_length(), 255u);
  EXPECT_EQ(Name::from_text(ok + "y").error().code, ParseErrc::name_too_long);
  Name m = *n;
  EXPECT_FALSE(m.append_label(std::string_view("z")));
  EXPECT_EQ(m, *n) << "a refused label leaves the name unchanged";
  EXPECT_EQ(Name::from_labels({"a", ""}).error().code, ParseErrc::bad_label);
}

TEST(DnsTypes, MnemonicsAndRfc3597Fallbacks) {
  EXPECT_EQ(to_string(RrType::aaaa), "AAAA");
  EXPECT_EQ(to_string(RrType::dname), "DNAME");
  EXPECT_EQ(to_string(RrType{65280}), "TYPE65280");
  EXPECT_EQ(to_string(RrClass::in), "IN");
  EXPECT_EQ(to_string(RrClass{42}), "CLASS42");
  EXPECT_EQ(to_string(Rcode::nxdomain), "NXDOMAIN");
  EXPECT_EQ(to_string(Rcode::badvers), "BADVERS");
  EXPECT_EQ(to_string(Rcode{23}), "RCODE23");
  EXPECT_EQ(to_string(Opcode::update), "UPDATE");
  EXPECT_EQ(to_string(ParseErrc::pointer_forward), "pointer_forward");
  EXPECT_EQ(to_string(ParseError{ParseErrc::truncated, 7, "x"}), "truncated at offset 7: x");
}

}  // namespace
}  // namespace v6r::dns
