#include "core/i18n.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace v6r::i18n {

namespace data {
extern const std::string_view kCatalogue_en;
extern const std::string_view kCatalogue_vi;
}  // namespace data

std::string_view code(Lang l) {
  return l == Lang::vi ? "vi" : "en";
}

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "en") return Lang::en;
  if (s == "vi") return Lang::vi;
  return std::nullopt;
}

Lang lang_from_env() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    return std::string_view(v).starts_with("vi") ? Lang::vi : Lang::en;
  }
  return Lang::en;
}

Lang choose_lang(std::optional<Lang> flag, std::optional<Lang> plan) {
  if (flag) return *flag;
  if (plan) return *plan;
  return lang_from_env();
}

Message verbatim(std::string text) {
  return {"text", {{"text", std::move(text)}}};
}

std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    const auto end = text.find('}', i + 1);
    if (end == std::string_view::npos) break;
    out.emplace_back(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

namespace {

std::string expand(std::string_view text, const std::vector<Arg>& args) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const auto end = text.find('}', i + 1);
      if (end != std::string_view::npos) {
        const auto name = text.substr(i + 1, end - i - 1);
        const Arg* hit = nullptr;
        for (const auto& a : args)
          if (a.name == name) hit = &a;
        if (hit != nullptr) {
          out += hit->value;
          i = end;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

/// Groups of three digits from the right, joined by `sep`.
std::string grouped(std::string digits, std::string_view sep) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

}  // namespace

std::optional<Catalog> Catalog::parse(Lang l, std::string_view yaml_text, std::string* error) {
  Catalog c(l);
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root.IsMap()) {
      if (error) *error = "a catalogue is a map of message id to text";
      return std::nullopt;
    }
    for (const auto& kv : root) {
      if (!kv.second.IsScalar()) {
        if (error)
          *error = "line " + std::to_string(kv.first.Mark().line + 1) + ": message " +
                   kv.first.as<std::string>() + " is not a text";
        return std::nullopt;
      }
      const auto id = kv.first.as<std::string>();
      if (!c.msgs_.emplace(id, kv.second.as<std::string>()).second) {
        if (error) *error = "line " + std::to_string(kv.first.Mark().line + 1) + ": duplicate id " + id;
        return std::nullopt;
      }
    }
  } catch (const YAML::Exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  return c;
}

const Catalog& Catalog::get(Lang l) {
  static const Catalog en = parse(Lang::en, data::kCatalogue_en).value_or(Catalog(Lang::en));
  static const Catalog vi = parse(Lang::vi, data::kCatalogue_vi).value_or(Catalog(Lang::vi));
  return l == Lang::vi ? vi : en;
}

bool Catalog::has(std::string_view id) const {
  return msgs_.find(id) != msgs_.end();
}

std::optional<std::string> Catalog::find(std::string_view id, const std::vector<Arg>& args) const {
  const auto it = msgs_.find(id);
  if (it == msgs_.end()) return std::nullopt;
  return expand(it->second, args);
}

std::string Catalog::text(std::string_view id, const std::vector<Arg>& args) const {
  if (auto s = find(id, args)) return *s;
  if (lang_ != Lang::en)
    if (auto s = get(Lang::en).find(id, args)) return *s;
  return "[" + std::string(id) + "]";
}

std::string Catalog::render(const Message& m) const {
  std::vector<Arg> args;
  args.reserve(m.args.size());
  for (const auto& a : m.args) {
    if (a.is_list) {
      std::string joined;
      for (const auto& x : a.sub) joined += (joined.empty() ? "" : text("list.sep_facts")) + render(x);
      args.push_back({a.name, std::move(joined)});
      continue;
    }
    args.push_back({a.name, !a.sub.empty() ? render(a.sub.front()) : a.is_id ? text(a.value) : a.value});
  }
  return text(m.id, args);
}

std::string Catalog::integer(std::uint64_t n) const {
  return grouped(std::to_string(n), lang_ == Lang::vi ? "." : ",");
}

std::string Catalog::decimal(double v, int decimals) const {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, v);
  std::string s = buf;
  if (lang_ == Lang::vi)
    for (auto& c : s)
      if (c == '.') c = ',';
  return s;
}

std::string Catalog::date_time(UtcMs t) const {
  const auto iso = format_rfc3339_ms(t);  // 2024-05-01T12:34:56.789Z
  const std::string y = iso.substr(0, 4), mo = iso.substr(5, 2), d = iso.substr(8, 2), hm = iso.substr(11, 5);
  return text("format.date_time", {{"year", y}, {"month", mo}, {"day", d}, {"time", hm}});
}

}  // namespace v6r::i18n
