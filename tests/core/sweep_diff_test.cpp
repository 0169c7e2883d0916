// The v6ready.diff/1 document (core/sweep_diff.hpp): written and read back byte-identical, refused with
// the key path when a key is missing, mistyped or unknown, and its fields listed in
// docs/findings-schema.md exactly as the model has them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/sweep_diff.hpp"

namespace v6r::sweepdiff {
namespace {

Document sample() {
  Document d;
  d.old_side = {"2026-w47", UtcMs{std::chrono::milliseconds{1'795'000'000'000}}};
  d.new_side = {"2026-w48", UtcMs{std::chrono::milliseconds{1'795'600'000'000}}};
  Change level;
  level.site = "vn/hn/xa-1";
  level.what = What::level;
  level.old_value = "L1";
  level.new_value = "L3";
  d.improved.push_back(level);
  Change check;
  check.site = "vn/hn/xa-2";
  check.what = What::check;
  check.kind = "dns64.synthesis";
  check.check_id = "synth-v4only";
  check.old_value = "pass";
  check.new_value = "fail";
  d.regressed.push_back(check);
  d.sites_added.push_back({"vn/hn/xa-3", "not assessed"});
  d.sites_removed.push_back("vn/hn/xa-0");
  d.unchanged_sites = 7;
  return d;
}

TEST(SweepDiff, RoundTripIsByteIdentical) {
  const std::string text = to_json_text(sample());
  auto back = read_diff(nlohmann::json::parse(text));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(to_json_text(*back), text);
  EXPECT_EQ(back->regressed.at(0).check_id, "synth-v4only");
  EXPECT_FALSE(back->improved.at(0).check_id.has_value());
}

TEST(SweepDiff, RefusesWithTheKeyPath) {
  auto j = to_json(sample());
  j["regressed"][0]["what"] = "weather";
  auto r = read_diff(j);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("regressed[0].what"), std::string::npos) << r.error();

  j = to_json(sample());
  j["improved"][0].erase("new");
  r = read_diff(j);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("improved[0].new"), std::string::npos) << r.error();

  j = to_json(sample());
  j["unchanged_sites"] = "seven";
  EXPECT_FALSE(read_diff(j));

  j = to_json(sample());
  j["extra"] = 1;
  EXPECT_FALSE(read_diff(j));

  j = to_json(sample());
  j["schema"] = "v6ready.findings/2";
  r = read_diff(j);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("v6ready.diff/1"), std::string::npos) << r.error();
  EXPECT_FALSE(read_diff(nlohmann::json::array()));
}

TEST(SweepDiff, SchemaDocumentListsTheModel) {
  std::ifstream in(std::string(V6READY_SOURCE_DIR) + "/docs/findings-schema.md", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string md = ss.str();
  const std::string marker = "<!-- fields " + std::string(kSchema) + " -->\n";
  const auto at = md.find(marker);
  ASSERT_NE(at, std::string::npos) << "docs/findings-schema.md has no " << marker;
  for (const auto& row : diff_fields()) {
    const std::string want = "| `" + row.path + "` | " + row.type + " | " + row.presence + " | ";
    EXPECT_NE(md.find(want, at), std::string::npos) << "docs/findings-schema.md lacks the row " << want;
  }
}

}  // namespace
}  // namespace v6r::sweepdiff
