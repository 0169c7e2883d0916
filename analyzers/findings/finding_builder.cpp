#include "analyzers/findings/finding_builder.hpp"

#include "core/message_text.hpp"

namespace v6r::analyze {

FindingBuilder::FindingBuilder(std::string id_prefix, std::string bundle_name)
    : id_prefix_(std::move(id_prefix)), bundle_name_(std::move(bundle_name)) {}

void FindingBuilder::set_capture(std::string file, std::string sha256) {
  capture_file_ = std::move(file);
  capture_sha_ = std::move(sha256);
}

findings::Finding& FindingBuilder::add(std::string_view rule, findings::Severity severity, std::string title,
                                       std::string explanation, findings::Source source,
                                       std::vector<std::string> addresses,
                                       const std::vector<std::uint64_t>& frames,
                                       std::optional<std::string> rfc, std::optional<std::string> check_id) {
  findings::Finding f;
  f.id = id_prefix_ + "#" + std::to_string(findings_.size() + 1);
  f.rule = std::string(rule);
  f.severity = severity;
  f.title = std::move(title);
  f.explanation = std::move(explanation);
  f.source = source;
  f.addresses = std::move(addresses);
  f.rfc = std::move(rfc);
  f.check_id = std::move(check_id);
  if (!bundle_name_.empty()) f.evidence.bundle = bundle_name_;
  f.evidence.frames = frames;
  if (capture_file_) {
    f.evidence.capture = *capture_file_;
    if (!capture_sha_.empty()) f.evidence.capture_sha256 = capture_sha_;
  }
  findings_.push_back(std::move(f));
  return findings_.back();
}

findings::Finding& FindingBuilder::add(std::string_view rule, findings::Severity severity, std::string title,
                                       findings::MessageRef explanation, findings::Source source,
                                       std::vector<std::string> addresses,
                                       const std::vector<std::uint64_t>& frames,
                                       std::optional<std::string> rfc, std::optional<std::string> check_id) {
  auto& f = add(rule, severity, std::move(title), i18n::english(explanation), source, std::move(addresses),
                frames, std::move(rfc), std::move(check_id));
  f.explanation_message = std::move(explanation);
  return f;
}

}  // namespace v6r::analyze
