#pragma once
// Adds findings to a site (or a capture-only document) with their ids and evidence: the bundle, the
// capture file and its SHA-256, the frame numbers (docs/findings-schema.md "findings").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

class FindingBuilder {
 public:
  /// `id_prefix`: the site path (or capture name) before "#n". `bundle_name` "" for a capture-only
  /// analysis (no bundle).
  FindingBuilder(std::string id_prefix, std::string bundle_name);

  /// Evidence names `file` (and its SHA-256 when known) from now on.
  void set_capture(std::string file, std::string sha256);
  [[nodiscard]] bool have_capture() const { return capture_file_.has_value(); }
  [[nodiscard]] const std::string& capture_sha256() const { return capture_sha_; }

  findings::Finding& add(std::string_view rule, findings::Severity severity, std::string title,
                         std::string explanation, findings::Source source, std::vector<std::string> addresses,
                         const std::vector<std::uint64_t>& frames,
                         std::optional<std::string> rfc = std::nullopt,
                         std::optional<std::string> check_id = std::nullopt);

  /// The same with the explanation as a catalogue message (explain.*): the finding carries the message
  /// and its English text.
  findings::Finding& add(std::string_view rule, findings::Severity severity, std::string title,
                         findings::MessageRef explanation, findings::Source source,
                         std::vector<std::string> addresses, const std::vector<std::uint64_t>& frames,
                         std::optional<std::string> rfc = std::nullopt,
                         std::optional<std::string> check_id = std::nullopt);
  [[nodiscard]] std::vector<findings::Finding> take() { return std::move(findings_); }

 private:
  std::string id_prefix_;
  std::string bundle_name_;
  std::optional<std::string> capture_file_;
  std::string capture_sha_;
  std::vector<findings::Finding> findings_;
};

}  // namespace v6r::analyze
