#include "reports/words.hpp"

namespace v6r::report {

using i18n::Catalog;

std::string level_name(const Catalog& cat, const std::optional<findings::Level>& l) {
  return l ? std::string(findings::to_string(*l)) : cat.text("level.not_assessed");
}

std::string level_title(const Catalog& cat, findings::Level l) {
  return cat.text("level." + std::string(findings::to_string(l)) + ".title");
}

std::string verdict_word(const Catalog& cat, Verdict v) {
  return cat.text("verdict." + std::string(to_string(v)));
}

std::string severity_word(const Catalog& cat, findings::Severity s) {
  return cat.text("severity." + std::string(findings::to_string(s)));
}

std::string plan_word(const Catalog& cat, findings::PlanVerdict v) {
  return cat.text("plan." + std::string(findings::to_string(v)));
}

std::string access_word(const Catalog& cat, findings::AccessMode m) {
  return cat.text("access." + std::string(findings::to_string(m)));
}

std::string signature_words(const Catalog& cat, const std::optional<findings::BundleSignature>& sig) {
  if (!sig) return cat.text("sig.not_checked");
  const std::string key = sig->key ? sig->key->substr(0, 16) : std::string();
  switch (sig->status) {
    case SignatureStatus::signed_trusted:
      return cat.text("sig.trusted", {{"key", key}});
    case SignatureStatus::unsigned_bundle:
      return cat.text("sig.unsigned");
    case SignatureStatus::unknown_key:
      return cat.text("sig.unknown_signer", {{"key", key}});
    case SignatureStatus::bad_signature:
      return cat.text("sig.bad");
  }
  return cat.text("sig.unsigned");
}

const findings::CheckRow* check_of(const findings::Finding& f, const findings::Site* site) {
  if (site == nullptr || !f.check_id) return nullptr;
  for (const auto& c : site->checks)
    if (c.check_id == *f.check_id) return &c;
  return nullptr;
}

i18n::Message finding_title_message(const findings::Finding& f, const findings::Site* site) {
  const Catalog& en = Catalog::get(i18n::Lang::en);  // the source catalogue has every id
  if (auto id = "finding." + f.rule + ".title"; en.has(id)) return {id, {}};
  const auto* row = check_of(f, site);
  if (f.source == findings::Source::probe && row != nullptr && row->kind == f.rule)
    if (auto kind = "kind." + f.rule + ".title"; en.has(kind))
      return {row->verdict == Verdict::error ? "finding.probe_error" : "finding.probe",
              {{"title", kind, true},
               {"verdict", "verdict." + std::string(to_string(row->verdict)), true},
               {"target", row->target}}};
  return i18n::verbatim(f.title);
}

std::string finding_title(const Catalog& cat, const findings::Finding& f, const findings::Site* site) {
  return cat.render(finding_title_message(f, site));
}

std::optional<std::string> rule_title(const Catalog& cat, std::string_view rule) {
  if (auto t = cat.find("kind." + std::string(rule) + ".title")) return t;
  return cat.find("finding." + std::string(rule) + ".title");
}

std::optional<std::string> advice(const Catalog& cat, std::string_view rule) {
  return cat.find("advice." + std::string(rule));
}

}  // namespace v6r::report
