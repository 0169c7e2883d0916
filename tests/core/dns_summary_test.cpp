#include "core/dns_summary.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "core/dns_build.hpp"
#include "core/dns_parse.hpp"
#include "tests/core/dns_samples.hpp"

// Count heap allocations so the test can prove summarize_into() makes none. The replacement pair
// is malloc/free underneath, which g++ 12 misreads as a mismatch once it inlines library code.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
std::atomic<std::size_t> g_allocations{0};
}  // namespace
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace v6r::dns {
namespace {

TEST(DnsSummary, AgreesWithTheFullParserOnEverySample) {
  std::vector<std::vector<std::uint8_t>> wires;
  for (const auto& s : samples::valid_messages()) wires.push_back(build(s.message));
  for (const auto& s : samples::malformed_messages()) wires.push_back(s.wire);
  for (const auto& w : wires) {
    auto m = parse(w);
    auto s = summarize(w);
    ASSERT_EQ(m.has_value(), s.has_value());
    if (m) {
      EXPECT_TRUE(summary_of(*m) == *s) << m->questions.at(0).qname.to_text();
    } else {
      EXPECT_EQ(m.error(), s.error());
    }
  }
}

TEST(DnsSummary, FieldsOfACnameChainAnswer) {
  const auto all = samples::valid_messages();
  const auto wire = build(all.at(2).message);  // aaaa_cname_chain
  auto s = summarize(wire);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->header.id, 0x2001);
  EXPECT_TRUE(s->header.qr);
  EXPECT_EQ(s->rcode, Rcode::noerror);
  EXPECT_EQ(s->qname(), "cname.lab.test.");
  EXPECT_EQ(s->qtype, RrType::aaaa);
  EXPECT_EQ(s->ancount, 3);
  EXPECT_EQ(s->arcount, 1);
  EXPECT_EQ(s->cname_count, 2);
  EXPECT_EQ(s->address_total, 1);
  ASSERT_EQ(s->address_count, 1);
  EXPECT_EQ(s->addresses[0].family, 6);
  EXPECT_EQ(s->addresses[0].bytes[15], 0x0a);
  EXPECT_EQ(s->min_answer_ttl, 60u);
  EXPECT_TRUE(s->has_edns);
}

TEST(DnsSummary, KeepsEightAddressesCountsAllAndLowercasesTheName) {
  const auto all = samples::valid_messages();
  auto many = summarize(build(all.at(7).message));  // a_ten_addresses
  ASSERT_TRUE(many);
  EXPECT_EQ(many->address_total, 10);
  EXPECT_EQ(many->address_count, Summary::kMaxAddresses);
  EXPECT_EQ(many->addresses[7].bytes[3], 8);
  EXPECT_EQ(many->min_answer_ttl, 101u);
  auto odd = summarize(build(all.back().message));  // servfail_mixed_case_odd_octets
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->qname(), "we\\255\\.ird.lab.test.");
  EXPECT_EQ(odd->rcode, Rcode::servfail);
  EXPECT_FALSE(odd->min_answer_ttl.has_value());
  auto bv = summarize(build(all.at(8).message));  // badvers_extended_rcode
  ASSERT_TRUE(bv);
  EXPECT_EQ(bv->rcode, Rcode::badvers);
}

TEST(DnsSummary, MakesNoHeapAllocation) {
  std::vector<std::vector<std::uint8_t>> wires;
  for (const auto& s : samples::valid_messages()) wires.push_back(build(s.message));
  for (const auto& s : samples::malformed_messages()) wires.push_back(s.wire);
  auto* s = new Summary;
  const std::size_t before = g_allocations.load();
  std::size_t ok = 0;
  for (int round = 0; round < 100; ++round)
    for (const auto& w : wires) ok += summarize_into(w, *s) ? 0 : 1;
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_EQ(ok, 100 * samples::valid_messages().size());
  delete s;
}

}  // namespace
}  // namespace v6r::dns
