#pragma once
// One bundle → one `sites[]` entry of findings.json (docs/findings-schema.md): the probe's results
// with their cross-check against the capture, the analyzer's own findings (rule ids listed in
// findings/rules.hpp), capture metrics, anomalies and the readiness level.
#include <string>
#include <vector>

#include "analyzers/score/plan.hpp"
#include "core/bundle.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

struct BundleTrust {
  bool verified = false;
  std::vector<std::string> problems;  // named files when not verified
  findings::BundleSignature signature;
};

/// What the reader established when it opened the bundle (core/bundle_verify.hpp).
BundleTrust bundle_trust(const bundle::BundleReader& b);

struct SiteAnalysis {
  findings::Site site;                      // the sites[] entry
  std::vector<findings::Problem> problems;  // for the document's problems[]
  bool partial = false;                     // the capture or results could not be fully read
  UtcMs started_utc{};
};

/// The cited frames of a site's findings that get a line (findings::Site::frame_summaries), the most
/// relevant first and at most `max` of them, returned ascending (site_analysis.cpp, stage 9).
std::vector<std::uint64_t> frames_to_summarise(const std::vector<findings::Finding>& fs, std::size_t max);

SiteAnalysis analyze_bundle(const bundle::BundleReader& b, const std::string& given_path, const Plan& plan,
                            int year, const BundleTrust& trust);

}  // namespace v6r::analyze
