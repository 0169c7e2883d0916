// Site paths (core/site_path.hpp): 1 to 6 segments of a-z, 0-9 and '-', one rule for the probe's
// --site, run.json, bundle names, plan patterns and the roll-up.
#include "core/site_path.hpp"

#include <gtest/gtest.h>

#include "core/bundle.hpp"

namespace v6r::site_path {
namespace {

TEST(SitePath, OneToSixSegments) {
  EXPECT_TRUE(valid("service-portal"));                     // 1: a service site
  EXPECT_TRUE(valid("province/district-a/commune-ready"));  // 3: the shipped plan's communes
  EXPECT_TRUE(valid("vn/hanoi/ba-dinh/phuc-xa"));           // 4: country/province/district/commune
  EXPECT_TRUE(valid("vn/hanoi/ba-dinh/phuc-xa/to-dan-pho-3/school-1"));  // 6: the deepest
  EXPECT_TRUE(valid(std::string(63, 'a')));
}

TEST(SitePath, RefusalsSayWhy) {
  EXPECT_EQ(problem("a/b/c/d/e/f/g"), "more than 6 segments");
  EXPECT_EQ(problem("Province/x"), "segment 1 has a character other than a-z, 0-9 and '-'");
  EXPECT_EQ(problem("a//b"), "segment 2 is empty");
  EXPECT_EQ(problem("a/b/"), "segment 3 is empty");
  EXPECT_EQ(problem("/a"), "segment 1 is empty");
  EXPECT_EQ(problem(""), "empty");
  EXPECT_EQ(problem("a/../b"), "segment 2 has a character other than a-z, 0-9 and '-'");
  EXPECT_EQ(problem(".."), "segment 1 has a character other than a-z, 0-9 and '-'");
  EXPECT_FALSE(valid("a/b_c"));
  EXPECT_FALSE(valid("a/b.c"));  // '.' would make bundle names ambiguous
  EXPECT_FALSE(valid("a b"));
  EXPECT_FALSE(valid(std::string(64, 'a')));
  EXPECT_FALSE(valid(std::string("a\0b", 3)));
}

TEST(SitePath, SegmentsAndAncestors) {
  EXPECT_EQ(segments("a/bb/c"), (std::vector<std::string_view>{"a", "bb", "c"}));
  EXPECT_EQ(segments("solo"), (std::vector<std::string_view>{"solo"}));
  EXPECT_EQ(ancestors("a/b/c/d"), (std::vector<std::string>{"a", "a/b", "a/b/c"}));
  EXPECT_TRUE(ancestors("solo").empty());
}

TEST(SitePath, BundleFormRoundTrips) {
  for (const char* s : {"solo", "a/b/c", "vn/hanoi/ba-dinh/phuc-xa", "a/b/c/d/e/f"}) {
    EXPECT_EQ(from_bundle_form(to_bundle_form(s)), s);
    const auto name = bundle::bundle_name(s, UtcMs{std::chrono::seconds(1790000000)}, "0123abcd");
    const auto parsed = bundle::parse_bundle_name(name);
    ASSERT_TRUE(parsed) << name;
    EXPECT_EQ(from_bundle_form(parsed->site), s);
  }
  EXPECT_EQ(from_bundle_form("a.b.c.d.e.f.g"), std::nullopt);  // 7 segments
  EXPECT_EQ(from_bundle_form("a..b"), std::nullopt);
  EXPECT_EQ(from_bundle_form("A.b"), std::nullopt);
  EXPECT_TRUE(bundle::parse_bundle_name("a.b.c.d.e.f_20261123T120000Z_0123abcd"));
  // The name parser stays lenient: bundles written before site paths were narrowed are still found.
  EXPECT_TRUE(bundle::parse_bundle_name("hanoi.ba-dinh.phuc_xa_20261123T120000Z_0123abcd"));
  EXPECT_FALSE(bundle::parse_bundle_name(".x_20261123T120000Z_0123abcd"));
}

}  // namespace
}  // namespace v6r::site_path
