// The check-kind vocabulary shared by the probe and the analyzer (core/check_kind.hpp).
#include "core/check_kind.hpp"

#include <gtest/gtest.h>

namespace v6r::check_kind {
namespace {

TEST(CheckKind, FamilyFromTheNameBeforeTheDot) {
  EXPECT_EQ(family_of("dns64.synthesis"), KindFamily::dns64);
  EXPECT_EQ(family_of(kDns64Discovery), KindFamily::dns64);
  EXPECT_EQ(family_of(kNat64Pmtu), KindFamily::nat64);
  EXPECT_EQ(family_of("dualstack.happy_eyeballs"), KindFamily::dualstack);
  EXPECT_EQ(family_of(kV6onlyRa), KindFamily::v6only);
  EXPECT_EQ(family_of("service.tls"), KindFamily::service);
  // A newer probe's kind of a known family still belongs to it.
  EXPECT_EQ(family_of("nat64.timers"), KindFamily::nat64);
}

TEST(CheckKind, UnknownWithoutAFamilyPrefix) {
  EXPECT_EQ(family_of(""), KindFamily::unknown);
  EXPECT_EQ(family_of("dns64"), KindFamily::unknown);  // no dot
  EXPECT_EQ(family_of("dns64x.synthesis"), KindFamily::unknown);
  EXPECT_EQ(family_of("DNS64.synthesis"), KindFamily::unknown);  // kinds are lower case
  EXPECT_EQ(family_of(".dns64"), KindFamily::unknown);
  EXPECT_EQ(family_of("test.fake"), KindFamily::unknown);
}

TEST(CheckKind, TransitionFamiliesAndNames) {
  EXPECT_TRUE(is_transition(KindFamily::dns64));
  EXPECT_TRUE(is_transition(KindFamily::nat64));
  EXPECT_FALSE(is_transition(KindFamily::dualstack));
  EXPECT_FALSE(is_transition(KindFamily::v6only));
  EXPECT_FALSE(is_transition(KindFamily::service));
  EXPECT_FALSE(is_transition(KindFamily::unknown));
  EXPECT_EQ(to_string(KindFamily::v6only), "v6only");
  EXPECT_EQ(to_string(KindFamily::unknown), "unknown");
}

TEST(CheckKind, ReachabilityFamilies) {
  // service.*, nat64.* (nat64.pmtu's host included) and dualstack.* try to reach their target.
  EXPECT_TRUE(reaches_target(family_of("service.tls")));
  EXPECT_TRUE(reaches_target(family_of(kNat64Pmtu)));
  EXPECT_TRUE(reaches_target(family_of("dualstack.parity")));
  EXPECT_FALSE(reaches_target(family_of("dns64.synthesis")));
  EXPECT_FALSE(reaches_target(family_of(kV6onlyLeak)));
  EXPECT_FALSE(reaches_target(KindFamily::unknown));
  // Only a service or NAT64 failure says the target could not be reached; a dualstack failure is
  // about behaviour (parity, fallback timing).
  EXPECT_TRUE(fail_means_unreachable(KindFamily::service));
  EXPECT_TRUE(fail_means_unreachable(KindFamily::nat64));
  EXPECT_FALSE(fail_means_unreachable(KindFamily::dualstack));
  EXPECT_FALSE(fail_means_unreachable(KindFamily::dns64));
  EXPECT_EQ(family_of(kV6onlyDhcp108), KindFamily::v6only);
}

// The behaviour classes: one word each, read back exactly (case and spelling), nothing else; only
// nat64.mapping and nat64.filtering find one, under their own key of `observed`.
TEST(CheckKind, NatClassWordsRoundTrip) {
  for (const auto c :
       {NatClass::endpoint_independent, NatClass::address_dependent, NatClass::address_and_port_dependent})
    EXPECT_EQ(nat_class_from_string(to_string(c)), c);
  EXPECT_EQ(to_string(NatClass::address_and_port_dependent), "address-and-port-dependent");
  EXPECT_EQ(nat_class_from_string("Endpoint-Independent"), std::nullopt);
  EXPECT_EQ(nat_class_from_string("endpoint-independent mapping"), std::nullopt);
  EXPECT_EQ(nat_class_from_string(""), std::nullopt);
  EXPECT_EQ(nat_class_key(kNat64Mapping), "mapping");
  EXPECT_EQ(nat_class_key(kNat64Filtering), "filtering");
  EXPECT_EQ(nat_class_key(kNat64Hairpin), "");
  EXPECT_EQ(nat_class_key("nat64.mapping2"), "");
}

}  // namespace
}  // namespace v6r::check_kind
