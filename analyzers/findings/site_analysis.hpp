#pragma once
// One bundle → one `sites[]` entry of findings.json (docs/findings-schema.md): the probe's results
// with their cross-check against the capture, the analyzer's own findings (rule ids listed in
// findings/rules.hpp), capture metrics, anomalies and the readiness level.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/flow/capture_analysis.hpp"
#include "analyzers/score/plan.hpp"
#include "core/bundle.hpp"

namespace v6r::analyze {

struct BundleTrust {
  bool verified = false;
  std::vector<std::string> problems;  // named files when not verified
};

struct SiteAnalysis {
  nlohmann::json site;                   // the sites[] entry
  std::vector<nlohmann::json> problems;  // for the document's problems[]
  bool partial = false;                  // the capture or results could not be fully read
  int level = 0;
  std::string started_utc;
};

SiteAnalysis analyze_bundle(const bundle::BundleReader& b, const std::string& given_path, const Plan& plan,
                            int year, const BundleTrust& trust);

/// Capture-only analysis (`v6analyze analyze --capture`): the findings that need no probe results
/// (source "capture", the same rules as for a bundle's capture, plus capture.partial), the metrics and
/// the anomaly list of one capture's facts: {"findings": [...], "metrics": {...}, "anomalies": [...]}.
/// Finding ids are "<capture_name>#n"; evidence names the capture (and its sha256 when given).
nlohmann::json capture_only_site(const CaptureFacts& cf, const Thresholds& thresholds,
                                 const std::optional<Prefix>& expected, const std::string& expected_source,
                                 const std::string& capture_name, const std::string& capture_sha);

}  // namespace v6r::analyze
