// The compact form of a findings.json site (core/findings_compact.hpp, docs/findings-schema.md
// "Compact form"). Every rule leaves a value out only when the reader can put back exactly the same
// one; a value that differs is written as it is, and an absent optional value whose default is not
// absent is written as null.
#include "core/findings_compact.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <utility>

#include "core/findings.hpp"
#include "core/findings_keys.hpp"
#include "core/message_text.hpp"

namespace v6r::findings::compact {

using nlohmann::json;
namespace jm = v6r::jsonmodel;

std::string frame_ranges(const std::vector<std::uint64_t>& frames) {
  std::string out;
  for (std::size_t i = 0; i < frames.size();) {
    std::size_t j = i;
    while (j + 1 < frames.size() && frames[j + 1] == frames[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(frames[i]);
    if (j > i) out += '-' + std::to_string(frames[j]);
    i = j + 1;
  }
  return out;
}

namespace {

std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

namespace {

/// Calls f(a, b) for each run of a well-formed range text; false on a malformed one.
template <class F>
bool each_run(std::string_view text, const F& f) {
  if (text.empty()) return true;
  std::optional<std::uint64_t> last;
  while (true) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    const auto dash = item.find('-');
    const auto a = number(item.substr(0, dash));
    const auto b = dash == std::string_view::npos ? a : number(item.substr(dash + 1));
    if (!a || !b || *b < *a || (dash != std::string_view::npos && *b == *a)) return false;
    if (last && (*last == std::numeric_limits<std::uint64_t>::max() || *a <= *last + 1))
      return false;  // ascending, runs kept apart
    f(*a, *b);
    last = *b;
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

/// How many frame numbers a well-formed range text holds (saturating); nothing when malformed.
std::optional<std::uint64_t> frame_count(std::string_view text) {
  std::uint64_t n = 0;
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  const bool ok = each_run(text, [&](std::uint64_t a, std::uint64_t b) {
    const std::uint64_t run = b - a;  // + 1 below, saturating
    n = (run >= kMax - n) ? kMax : n + run + 1;
  });
  if (!ok) return std::nullopt;
  return n;
}

}  // namespace

std::optional<std::vector<std::uint64_t>> parse_frame_ranges(std::string_view text,
                                                             std::uint64_t max_frames) {
  const auto n = frame_count(text);
  if (!n || *n > max_frames) return std::nullopt;
  std::vector<std::uint64_t> out;
  out.reserve(*n);
  each_run(text, [&](std::uint64_t a, std::uint64_t b) {
    for (std::uint64_t f = a;; ++f) {
      out.push_back(f);
      if (f == b) break;
    }
  });
  return out;
}

namespace {

bool strictly_ascending_numbers(const json& list) {
  if (!list.is_array()) return false;
  std::uint64_t prev = 0;
  bool first = true;
  for (const auto& v : list) {
    if (!v.is_number_unsigned()) return false;
    const auto f = v.get<std::uint64_t>();
    if (!first && f <= prev) return false;
    prev = f;
    first = false;
  }
  return true;
}

std::string index_path(const std::string& base, const char* key, std::size_t i) {
  return jm::key_path(base, key) + "[" + std::to_string(i) + "]";
}

const json* member(const json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  const auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

/// The most frequent string value of `addresses.<key>` over the checks (the first on a tie).
std::optional<std::string> common_address(const json& checks, const char* key) {
  std::map<std::string, std::pair<std::size_t, std::size_t>> seen;  // value → (count, first index)
  std::size_t i = 0;
  for (const auto& c : checks) {
    const json* a = member(c, "addresses");
    const json* v = a ? member(*a, key) : nullptr;
    if (v && v->is_string()) {
      auto [it, fresh] = seen.try_emplace(v->get<std::string>(), 0, i);
      ++it->second.first;
    }
    ++i;
  }
  std::optional<std::string> best;
  std::pair<std::size_t, std::size_t> score{0, 0};
  for (const auto& [v, s] : seen)
    if (!best || s.first > score.first || (s.first == score.first && s.second < score.second)) {
      best = v;
      score = s;
    }
  return best;
}

/// A reachable service's path and its checks joined by ", "; nothing for another service.
std::optional<std::pair<std::string, std::string>> reached(const json& sv) {
  const json* state = member(sv, "state");
  const json* p = member(sv, "path");
  const json* checks = member(sv, "checks");
  if (!state || *state != "reachable" || !p || !p->is_string() || !checks || !checks->is_array())
    return std::nullopt;
  std::string ids;
  for (const auto& c : *checks) {
    if (!c.is_string()) return std::nullopt;
    ids += (ids.empty() ? "" : ", ") + c.get<std::string>();
  }
  return std::pair{p->get<std::string>(), std::move(ids)};
}

/// A reachable service's reason when every check of it worked: "<path phrase> (<ids>)".
json service_reason(const json& sv) {
  const auto r = reached(sv);
  const auto path = r ? jm::enum_from_text<ServicePath>(r->first) : std::nullopt;
  if (!path) return nullptr;
  return std::string(service_path_phrase(*path)) + " (" + r->second + ")";
}

// ---- messages ---------------------------------------------------------------------------------------
// A message's list argument keeps its English "value" only when it is not the English of its items
// (which the reader renders back); a text field whose message renders it in English (a check's and a
// clause's reason, a finding's explanation) is left out. English is rendered from the items alone, so
// a message is rendered the same with or without the values.

// The positional form: a message whose arguments are exactly its English text's placeholders, in the
// order the text first names them, each a value or a list whose English value is left out, is written
// ["id", arg, ...]: a value as its string, a list as the array of its items (each a message in either
// form). The reader takes the names back from the catalogue.

/// The argument names of message `id` in the order its English text first names them; null for an
/// id the English catalogue lacks.
const std::vector<std::string>* positional_names(std::string_view id) {
  static const auto table = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> t;
    for (const auto& [k, text] : i18n::Catalog::get(i18n::Lang::en).messages()) {
      std::vector<std::string> names;
      for (auto& n : i18n::placeholders(text))
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(std::move(n));
      t.emplace(k, std::move(names));
    }
    return t;
  }();
  const auto it = table.find(id);
  return it == table.end() ? nullptr : &it->second;
}

/// `m` (object form, list values already left out) in the positional form where it can be; its list
/// items too, each on its own.
void to_positional(json& m, std::size_t depth = 0) {
  if (!m.is_object() || depth > kMaxMessageDepth) return;
  const json* id = member(m, "id");
  const auto args = m.find("args");
  if (!id || !id->is_string() || args == m.end() || !args->is_array()) return;
  for (auto& a : *args)
    if (const auto items = a.is_object() ? a.find("items") : a.end();
        a.is_object() && items != a.end() && items->is_array())
      for (auto& i : *items) to_positional(i, depth + 1);
  if (m.size() != 2) return;
  const auto* names = positional_names(id->get_ref<const std::string&>());
  if (!names || names->size() != args->size()) return;
  json out = json::array({*id});
  for (std::size_t k = 0; k < args->size(); ++k) {
    const json& a = (*args)[k];
    const json* name = member(a, "name");
    const json* value = member(a, "value");
    const json* items = member(a, "items");
    if (!name || *name != (*names)[k] || a.size() != 2) return;
    if (value && value->is_string())
      out.push_back(*value);
    else if (items && items->is_array())
      out.push_back(*items);
    else
      return;
  }
  m = std::move(out);
}

/// `m` in the object form (a positional message, or an object whose list items may be positional);
/// nullopt when a positional one is malformed (`field`, relative, and `why` say where and what).
std::optional<json> from_positional(const json& m, std::string& field, std::string& why,
                                    std::size_t depth = 0) {
  if (depth > kMaxMessageDepth) {
    why = "messages nested too deep";
    return std::nullopt;
  }
  json out = m;
  if (m.is_array()) {
    if (m.empty() || !m[0].is_string()) {
      why = "a message as a list starts with its id";
      return std::nullopt;
    }
    const auto& id = m[0].get_ref<const std::string&>();
    const auto* names = positional_names(id);
    if (!names) {
      field = "[0]";
      why = "unknown message id " + jm::show(m[0]) +
            " (a message as a list needs the catalogue's placeholders)";
      return std::nullopt;
    }
    if (names->size() != m.size() - 1) {
      why = "message " + id + " takes " + std::to_string(names->size()) + " argument(s), got " +
            std::to_string(m.size() - 1);
      return std::nullopt;
    }
    out = json{{"id", m[0]}, {"args", json::array()}};
    for (std::size_t k = 1; k < m.size(); ++k) {
      json a = {{"name", (*names)[k - 1]}};
      if (m[k].is_string()) {
        a["value"] = m[k];
      } else if (m[k].is_array()) {
        a["items"] = m[k];
      } else {
        field = "[" + std::to_string(k) + "]";
        why = "expected a value (string) or a list of messages, got " + jm::show(m[k]);
        return std::nullopt;
      }
      out["args"].push_back(std::move(a));
    }
  }
  if (auto args = out.is_object() ? out.find("args") : out.end(); args != out.end() && args->is_array())
    for (std::size_t k = 0; k < args->size(); ++k) {
      auto& a = (*args)[k];
      const auto items = a.is_object() ? a.find("items") : a.end();
      if (!a.is_object() || items == a.end() || !items->is_array()) continue;
      for (std::size_t i = 0; i < items->size(); ++i) {
        auto o = from_positional((*items)[i], field, why, depth + 1);
        if (!o) {
          field = ".args[" + std::to_string(k) + "].items[" + std::to_string(i) + "]" + field;
          return std::nullopt;
        }
        (*items)[i] = std::move(*o);
      }
    }
  return out;
}

/// `m` with every missing "value" filled in (rendering never reads a list argument's value).
json with_values(json m, std::size_t depth = 0) {
  if (!m.is_object() || depth > kMaxMessageDepth) return m;
  if (auto args = m.find("args"); args != m.end() && args->is_array())
    for (auto& a : *args) {
      if (!a.is_object()) continue;
      if (!a.contains("value")) a["value"] = "";
      if (auto items = a.find("items"); items != a.end() && items->is_array())
        for (auto& i : *items) i = with_values(std::move(i), depth + 1);
    }
  return m;
}

/// The English of a message (as JSON), when it is one the English catalogue renders.
std::optional<std::string> english_of(const json& m) {
  std::string field, why;
  auto o = from_positional(m, field, why);
  if (!o) return std::nullopt;
  const auto msg = message_from_json(with_values(std::move(*o)), field, why);
  if (!msg) return std::nullopt;
  return i18n::render_message(i18n::Catalog::get(i18n::Lang::en), *msg);
}

/// The English of a list argument's items, joined as i18n::list_arg() joins them.
std::optional<std::string> english_items(const json& items) {
  if (!items.is_array()) return std::nullopt;
  const auto sep = i18n::Catalog::get(i18n::Lang::en).text("list.sep_facts");
  std::string out;
  for (const auto& i : items) {
    auto t = english_of(i);
    if (!t) return std::nullopt;
    out += (out.empty() ? "" : sep) + *t;
  }
  return out;
}

void strip_values(json& m, std::size_t depth = 0) {
  if (!m.is_object() || depth > kMaxMessageDepth) return;
  const auto args = m.find("args");
  if (args == m.end() || !args->is_array()) return;
  for (auto& a : *args) {
    const auto items = a.is_object() ? a.find("items") : a.end();
    if (!a.is_object() || items == a.end() || !items->is_array()) continue;
    const auto en = english_items(*items);
    for (auto& i : *items) strip_values(i, depth + 1);
    if (const json* v = member(a, "value"); en && v && *v == *en) a.erase("value");
  }
}

bool restore_values(jm::Reader& r, json& m, const std::string& path, std::size_t depth = 0) {
  if (!m.is_object()) return true;  // the strict reader names it
  if (depth > kMaxMessageDepth) return r.fail(path, "messages nested too deep");
  const auto args = m.find("args");
  if (args == m.end() || !args->is_array()) return true;
  for (std::size_t k = 0; k < args->size(); ++k) {
    json& a = (*args)[k];
    const auto items = a.is_object() ? a.find("items") : a.end();
    if (!a.is_object() || items == a.end() || !items->is_array()) continue;
    const std::string ap = jm::key_path(path, "args") + "[" + std::to_string(k) + "]";
    for (std::size_t i = 0; i < items->size(); ++i)
      if (!restore_values(r, (*items)[i], jm::key_path(ap, "items") + "[" + std::to_string(i) + "]",
                          depth + 1))
        return false;
    if (a.contains("value")) continue;
    const auto en = english_items(*items);
    if (!en) return r.fail(jm::key_path(ap, "value"), "missing, and its items do not render in English");
    a["value"] = *en;
  }
  return true;
}

bool message_key(std::string_view k) {
  return k.ends_with("_message");
}
bool messages_key(std::string_view k) {
  return k.ends_with("_messages");
}

/// Every message of a site (keys *_message, lists *_messages, at any depth).
template <class F>
bool each_message(json& node, const std::string& path, const F& f) {
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      if (!each_message(node[i], path + "[" + std::to_string(i) + "]", f)) return false;
  } else if (node.is_object()) {
    for (auto& [k, v] : node.items()) {
      const std::string p = jm::key_path(path, k);
      if (message_key(k)) {
        if (!f(v, p)) return false;
      } else if (messages_key(k) && v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
          if (!f(v[i], p + "[" + std::to_string(i) + "]")) return false;
      } else if (!each_message(v, p, f)) {
        return false;
      }
    }
  }
  return true;
}

/// counts: the tally of the checks' verdicts.
json verdict_tally(const json& checks) {
  json t = {{"pass", 0}, {"info", 0}, {"warn", 0}, {"fail", 0}, {"error", 0}, {"skipped", 0}};
  if (!checks.is_array()) return t;
  for (const auto& c : checks)
    if (const json* v = member(c, "verdict");
        v && v->is_string() && t.contains(v->get_ref<const std::string&>()))
      t[v->get_ref<const std::string&>()] = t[v->get_ref<const std::string&>()].get<std::uint64_t>() + 1;
  return t;
}

// ---- checks ----------------------------------------------------------------------------------------

const json kPass = "pass", kIpv6 = "ipv6", kAgrees = "agrees", kEmptyList = json::array(),
           kEmptyObject = json::object();

/// One list of what a row leaves out, walked in either direction: compacting leaves a value out where
/// it equals its default, expanding puts the default back; so the two directions cannot drift apart.
class Fold {
 public:
  static Fold compacting() { return Fold(nullptr, nullptr); }
  /// Expanding: a malformed compact construct is named in `r`; frame ranges may expand to at most
  /// `budget` more frame numbers.
  static Fold expanding(jm::Reader& r, std::uint64_t& budget) { return Fold(&r, &budget); }
  [[nodiscard]] bool expand() const { return r_ != nullptr; }

  /// A required key, left out when it equals `dflt`.
  void req(json& o, const char* key, const json& dflt) const {
    if (expand()) {
      if (!o.contains(key)) o[key] = dflt;
    } else if (const auto it = o.find(key); it != o.end() && *it == dflt) {
      o.erase(it);
    }
  }
  /// The same, only when the default is known (not null).
  void if_set(json& o, const char* key, const json& dflt) const {
    if (!dflt.is_null()) req(o, key, dflt);
  }
  /// An optional key with a default: left out when equal to it, null when absent while the default is
  /// not.
  void opt(json& o, const char* key, const json* dflt) const {
    const auto it = o.find(key);
    if (it == o.end()) {
      if (dflt) o[key] = expand() ? *dflt : json(nullptr);
    } else if (expand() ? it->is_null() : dflt && *it == *dflt) {
      o.erase(it);
    }
  }
  /// A frame list, as ranges when compact (the writer's lists always can be: strictly ascending).
  bool frames(json& o, const char* key, const std::string& path) const {
    const auto it = o.find(key);
    if (!expand()) {
      if (it != o.end() && strictly_ascending_numbers(*it))
        *it = frame_ranges(it->get<std::vector<std::uint64_t>>());
      return true;
    }
    if (it == o.end() || !it->is_string()) return true;  // a list is read as it is
    const auto& text = it->get_ref<const std::string&>();
    const auto n = frame_count(text);
    if (!n)
      return r_->fail(jm::key_path(path, key),
                      "expected frame ranges (\"3-24,31\": ascending, apart), got " + jm::show(*it));
    if (*n > *budget_)
      return r_->fail(jm::key_path(path, key),
                      "frame ranges " + jm::show(*it) + " hold " + std::to_string(*n) +
                          " frame numbers: more than a document of this size may list");
    auto f = parse_frame_ranges(text, *budget_);
    *budget_ -= f->size();
    *it = std::move(*f);
    return true;
  }
  /// A text field (`text_key`) left out when its message (`message_key`) renders it in English.
  /// A message without its text writes the text as null.
  bool text(json& o, const char* text_key, const char* message_key, const std::string& path) const {
    const json* m = member(o, message_key);
    if (!m) return true;
    const auto t = o.find(text_key);
    if (!expand()) {
      if (t == o.end())
        o[text_key] = nullptr;
      else if (const auto en = english_of(*m); en && *t == *en)
        o.erase(t);
      return true;
    }
    if (t != o.end()) {
      if (t->is_null()) o.erase(t);
      return true;
    }
    std::string field, why;
    if (!from_positional(*m, field, why)) return r_->fail(jm::key_path(path, message_key) + field, why);
    const auto en = english_of(*m);
    if (!en)
      return r_->fail(jm::key_path(path, text_key), "missing, and its message does not render in English");
    o[text_key] = *en;
    return true;
  }
  /// A list of texts (`texts_key`) left out when its list of messages (`messages_key`) renders each.
  bool texts(json& o, const char* texts_key, const char* messages_key, const std::string& path) const {
    const json* ms = member(o, messages_key);
    if (!ms || !ms->is_array()) return true;
    const auto t = o.find(texts_key);
    if (!expand()) {
      if (t == o.end() || !t->is_array() || t->size() != ms->size()) return true;
      for (std::size_t i = 0; i < ms->size(); ++i)
        if (const auto en = english_of((*ms)[i]); !en || (*t)[i] != *en) return true;
      o.erase(t);
      return true;
    }
    if (t != o.end()) return true;
    json out = json::array();
    for (std::size_t i = 0; i < ms->size(); ++i) {
      const std::string mp = jm::key_path(path, messages_key) + "[" + std::to_string(i) + "]";
      std::string field, why;
      if (!from_positional((*ms)[i], field, why)) return r_->fail(mp + field, why);
      const auto en = english_of((*ms)[i]);
      if (!en)
        return r_->fail(jm::key_path(path, texts_key), "missing, and " + mp + " does not render in English");
      out.push_back(*en);
    }
    o[texts_key] = std::move(out);
    return true;
  }
  /// The site's own sentences: level summary and reasons, plan reason, access evidence, root causes'
  /// titles and evidence.
  bool site_texts(json& site, const std::string& path) const {
    if (!text(site, "level_summary", "level_summary_message", path) ||
        !texts(site, "level_reasons", "level_reason_messages", path) ||
        !text(site, "plan_reason", "plan_reason_message", path))
      return false;
    if (auto a = site.find("access"); a != site.end() && a->is_object())
      if (!texts(*a, "evidence", "evidence_messages", jm::key_path(path, "access"))) return false;
    if (auto rc = site.find("root_causes"); rc != site.end() && rc->is_array())
      for (std::size_t i = 0; i < rc->size(); ++i) {
        json& c = (*rc)[i];
        const std::string p = index_path(path, "root_causes", i);
        if (c.is_object() &&
            (!text(c, "title", "title_message", p) || !texts(c, "evidence", "evidence_messages", p)))
          return false;
      }
    return true;
  }
  /// A check's reason and each of its clauses'.
  bool reasons(json& c, const std::string& path) const {
    if (!text(c, "reason", "reason_message", path) ||
        !text(c, "cross_check_note", "cross_check_note_message", path))
      return false;
    const auto cl = c.find("clauses");
    if (cl == c.end() || !cl->is_array()) return true;
    for (std::size_t i = 0; i < cl->size(); ++i)
      if ((*cl)[i].is_object() && !text((*cl)[i], "reason", "reason_message", index_path(path, "clauses", i)))
        return false;
    return true;
  }
  /// Every message of the site: a list argument's English value left out where its items render it,
  /// and the message in the positional form where it can be.
  bool message_values(json& site, const std::string& path) const {
    return each_message(site, path, [&](json& m, const std::string& p) {
      if (expand()) {
        std::string field, why;
        auto o = from_positional(m, field, why);
        if (!o) return r_->fail(p + field, why);
        m = std::move(*o);
        return restore_values(*r_, m, p);
      }
      strip_values(m);
      to_positional(m);
      return true;
    });
  }
  /// An object member with defaults of its own (walked by `inner`), left out when nothing is left of it.
  template <class F>
  bool object(json& o, const char* key, const F& inner) const {
    if (expand()) {
      req(o, key, kEmptyObject);
      json& v = o[key];
      return !v.is_object() || inner(v);
    }
    const auto it = o.find(key);
    if (it == o.end() || !it->is_object()) return true;
    inner(*it);
    req(o, key, kEmptyObject);
    return true;
  }
  /// Each object of the list `key` (where it is one) with its frame list `frames_key`.
  bool frame_lists(json& site, const char* key, const char* frames_key, const std::string& path) const {
    const auto it = site.find(key);
    if (it == site.end() || !it->is_array()) return true;
    for (std::size_t i = 0; i < it->size(); ++i)
      if ((*it)[i].is_object() && !frames((*it)[i], frames_key, index_path(path, key, i))) return false;
    return true;
  }

 private:
  Fold(jm::Reader* r, std::uint64_t* budget) : r_(r), budget_(budget) {}
  jm::Reader* r_;
  std::uint64_t* budget_;
};

/// What the document's check_defaults say for this check: kind (else its id), family (else ipv6),
/// target, rfc.
struct CheckDefault {
  json kind, family = kIpv6, target;
  const json* rfc = nullptr;
  const json* clause_rfc = nullptr;      ///< {clause name: rfc}
  const json* reason_message = nullptr;  ///< compact (positional)
  const json* clauses = nullptr;         ///< compact
};
CheckDefault check_default(const json& c, const json& catalogue) {
  CheckDefault d;
  const json* id = member(c, "check_id");
  if (id) d.kind = *id;
  const json* e =
      id && id->is_string() ? member(catalogue, id->get_ref<const std::string&>().c_str()) : nullptr;
  if (!e) return d;
  if (const json* v = member(*e, "kind")) d.kind = *v;
  if (const json* v = member(*e, "family")) d.family = *v;
  if (const json* v = member(*e, "target")) d.target = *v;
  d.rfc = member(*e, "rfc");
  d.clause_rfc = member(*e, "clause_rfc");
  d.reason_message = member(*e, "reason_message");
  d.clauses = member(*e, "clauses");
  return d;
}

/// A check's clauses: `verdict` pass; `rfc` the check_defaults entry's for that clause name; the
/// `reason_message` of a check's only clause when it is the check's own. Expanding, this runs before the
/// reasons are put back (a clause's reason renders from its message); compacting, after they are left out.
void fold_clauses(const Fold& f, json& c, const CheckDefault& d) {
  const auto cl = c.find("clauses");
  if (cl == c.end() || !cl->is_array()) return;
  const json* check_message = member(c, "reason_message");
  for (auto& clause : *cl) {
    if (!clause.is_object()) continue;  // the strict reader names it
    f.req(clause, "verdict", kPass);
    const json* name = member(clause, "clause");
    const json* rfc = d.clause_rfc && name && name->is_string()
                          ? member(*d.clause_rfc, name->get_ref<const std::string&>().c_str())
                          : nullptr;
    f.opt(clause, "rfc", rfc);
    if (cl->size() == 1) f.opt(clause, "reason_message", check_message);
  }
}

/// Expanding: a default `value` (named `name`) about to be put back at `path`, charged to the document's
/// budget by its size as JSON text (computed once per name); false, with `why` in `r`, when it is spent.
bool charge(jm::Reader& r, DocumentTables& doc, const std::string& name, const json& value,
            const std::string& path, const char* why) {
  auto size = doc.default_sizes.find(name);
  if (size == doc.default_sizes.end())
    size = doc.default_sizes.emplace(name, value.dump(-1, ' ', false, json::error_handler_t::replace).size())
               .first;
  if (size->second > doc.default_budget) return r.fail(path, why);
  doc.default_budget -= size->second;
  return true;
}

/// Expanding: what the check_defaults entry `d` of check `id` is about to put back into `c` (its reason
/// message and clauses), charged to the document's budget; false (named in `r`) when it is spent.
bool charge_outcome(jm::Reader& r, const json& c, const CheckDefault& d, const std::string& path,
                    DocumentTables& doc) {
  const json* id = member(c, "check_id");
  if (!id || !id->is_string()) return true;
  for (const auto& [key, v] :
       {std::pair{"reason_message", d.reason_message}, std::pair{"clauses", d.clauses}})
    if (v && !c.contains(key) &&
        !charge(r, doc, "check_defaults." + id->get<std::string>() + "." + key, *v, jm::key_path(path, key),
                "left to check_defaults in more checks than a document of this size may hold"))
      return false;
  return true;
}

/// A check's reason message and clauses: left out when they are its check_defaults entry's (compact),
/// put back first.
void fold_outcome(const Fold& f, json& c, const CheckDefault& d) {
  f.opt(c, "reason_message", d.reason_message);
  f.opt(c, "clauses", d.clauses);
}

/// `doc`: when expanding, the document whose budget the check_defaults' outcomes are charged to.
bool fold_check(const Fold& f, json& c, std::size_t i, const json& defaults, const json& catalogue,
                const std::string& path, DocumentTables* doc = nullptr, jm::Reader* r = nullptr) {
  if (!c.is_object()) return true;  // the strict reader names it
  const CheckDefault d = check_default(c, catalogue);
  if (f.expand()) {
    if (doc && r && !charge_outcome(*r, c, d, path, *doc)) return false;
    fold_outcome(f, c, d);
  }
  f.if_set(c, "kind", d.kind);
  f.if_set(c, "target", d.target);
  f.opt(c, "rfc", d.rfc);
  f.req(c, "seq", json(static_cast<std::uint64_t>(i + 1)));
  f.req(c, "verdict", kPass);
  f.req(c, "family", d.family);
  f.req(c, "cross_check", kAgrees);
  f.req(c, "frames", kEmptyList);
  if (f.expand()) fold_clauses(f, c, d);
  if (!f.frames(c, "frames", path) || !f.reasons(c, path)) return false;
  if (!f.expand()) {
    fold_clauses(f, c, d);
    fold_outcome(f, c, d);
  }
  return f.object(c, "addresses", [&](json& a) {
    f.req(a, "remote", kEmptyList);
    f.opt(a, "local", member(defaults, "local"));
    f.opt(a, "resolver", member(defaults, "resolver"));
    return true;
  });
}

// ---- findings --------------------------------------------------------------------------------------

/// The first check row (expanded) of each id, built once per site.
using CheckIndex = std::map<std::string, const json*>;
CheckIndex index_checks(const json& site) {
  CheckIndex index;
  const json* checks = member(site, "checks");
  if (!checks || !checks->is_array()) return index;
  for (const auto& c : *checks)
    if (const json* id = member(c, "check_id"); id && id->is_string())
      index.emplace(id->get<std::string>(), &c);
  return index;
}

/// What a finding repeats from its check or site, as the analyzer writes it (site_analysis.cpp).
struct FindingDefaults {
  json id, rule, title, explanation, addresses = json::array(), source = "capture", frames = json::array();
  std::optional<json> rfc;
};

FindingDefaults finding_defaults(const json& site, const json& f, std::size_t i, const CheckIndex& index) {
  FindingDefaults d;
  if (const json* s = member(site, "site"); s && s->is_string())
    d.id = s->get<std::string>() + "#" + std::to_string(i + 1);
  const json* id = member(f, "check_id");
  const auto found = id && id->is_string() ? index.find(id->get_ref<const std::string&>()) : index.end();
  const json* c = found == index.end() ? nullptr : found->second;
  if (!c) return d;
  d.source = "probe";
  const json* kind = member(*c, "kind");
  const json* verdict = member(*c, "verdict");
  const json* target = member(*c, "target");
  if (kind) d.rule = *kind;
  if (kind && kind->is_string() && verdict && verdict->is_string() && target && target->is_string()) {
    const auto& v = verdict->get_ref<const std::string&>();
    d.title = kind->get<std::string>() + (v == "error" ? " could not judge" : " " + v) + ": " +
              target->get<std::string>();
  }
  if (const json* reason = member(*c, "reason")) d.explanation = *reason;
  if (const json* rfc = member(*c, "rfc")) d.rfc = *rfc;
  if (const json* a = member(*c, "addresses")) {
    if (const json* remote = member(*a, "remote"); remote && remote->is_array()) d.addresses = *remote;
    if (const json* res = member(*a, "resolver")) d.addresses.push_back(*res);
  }
  if (const json* frames = member(*c, "frames")) d.frames = *frames;
  return d;
}

struct EvidenceDefaults {
  std::optional<json> bundle, capture, sha256;
};

EvidenceDefaults evidence_defaults(const json& site) {
  EvidenceDefaults e;
  const json* b = member(site, "bundle");
  if (!b) return e;
  if (const json* n = member(*b, "name")) e.bundle = *n;
  if (const json* cap = member(*b, "capture"); cap && cap->is_object()) {
    if (const json* file = member(*cap, "file")) e.capture = *file;
    if (const json* sha = member(*cap, "sha256")) e.sha256 = *sha;
  }
  return e;
}

const json* ptr(const std::optional<json>& v) {
  return v ? &*v : nullptr;
}

bool fold_finding(const Fold& f, json& o, const FindingDefaults& d, const EvidenceDefaults& e,
                  const std::string& path) {
  if (!o.is_object()) return true;
  f.if_set(o, "id", d.id);
  f.if_set(o, "rule", d.rule);
  f.if_set(o, "title", d.title);
  // The explanation its message renders in English, else the check's reason.
  const json* em = member(o, "explanation_message");
  const auto en = em ? english_of(*em) : std::nullopt;
  f.if_set(o, "explanation", en ? json(*en) : d.explanation);
  f.req(o, "source", d.source);
  f.req(o, "addresses", d.addresses);
  if (member(o, "check_id") && d.source == "probe") f.opt(o, "rfc", ptr(d.rfc));
  return f.object(o, "evidence", [&](json& ev) {
    f.opt(ev, "bundle", ptr(e.bundle));
    f.opt(ev, "capture", ptr(e.capture));
    f.opt(ev, "capture_sha256", ptr(e.sha256));
    f.req(ev, "frames", d.frames);
    return f.frames(ev, "frames", jm::key_path(path, "evidence"));
  });
}

// ---- tables ----------------------------------------------------------------------------------------

/// A list of objects as {"columns": [keys], "rows": [[values]]}: the keys of every row once, in
/// sorted order; a row's absent key is null. The `nullable` column's null is a value (the key is always
/// there); any other null value keeps the list a list.
void to_table(json& list, std::string_view nullable = {}) {
  if (!list.is_array() || list.empty()) return;
  std::map<std::string, std::size_t> cols;
  for (const auto& o : list) {
    if (!o.is_object()) return;
    for (const auto& [k, v] : o.items()) {
      if (v.is_null() && k != nullable) return;
      cols.emplace(k, 0);
    }
  }
  json columns = json::array();
  std::size_t n = 0;
  for (auto& [k, i] : cols) {
    i = n++;
    columns.push_back(k);
  }
  json rows = json::array();
  for (const auto& o : list) {
    json row(json::value_t::array);
    for (std::size_t i = 0; i < n; ++i) row.push_back(nullptr);
    for (const auto& [k, v] : o.items()) row[cols[k]] = v;
    rows.push_back(std::move(row));
  }
  list = json{{"columns", std::move(columns)}, {"rows", std::move(rows)}};
}

bool from_table(jm::Reader& r, json& t, const std::string& path, std::string_view nullable = {}) {
  if (!t.is_object()) return true;  // a list (or a wrong type, named by the strict reader)
  for (const auto& [k, v] : t.items())
    if (k != "columns" && k != "rows")
      return r.fail(jm::key_path(path, k), "unknown field (a table has columns and rows)");
  const json* columns = member(t, "columns");
  const json* rows = member(t, "rows");
  if (!columns || !columns->is_array())
    return r.fail(jm::key_path(path, "columns"), "expected a list of keys");
  if (!rows || !rows->is_array()) return r.fail(jm::key_path(path, "rows"), "expected a list of rows");
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < columns->size(); ++i) {
    const auto& k = (*columns)[i];
    const std::string p = jm::key_path(path, "columns") + "[" + std::to_string(i) + "]";
    if (!k.is_string()) return r.fail(p, "expected a key, got " + jm::show(k));
    for (const auto& seen : keys)
      if (seen == k.get_ref<const std::string&>()) return r.fail(p, "duplicate column " + jm::show(k));
    keys.push_back(k.get<std::string>());
  }
  json list = json::array();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    if (!row.is_array() || row.size() != keys.size())
      return r.fail(jm::key_path(path, "rows") + "[" + std::to_string(i) + "]",
                    "expected a list of " + std::to_string(keys.size()) + " values (one per column)");
    json o = json::object();
    for (std::size_t c = 0; c < keys.size(); ++c)
      if (!row[c].is_null() || keys[c] == nullable) o[keys[c]] = row[c];
    list.push_back(std::move(o));
  }
  t = std::move(list);
  return true;
}

}  // namespace

namespace {

std::string rule_key(const json& row) {
  const json* level = member(row, "level");
  const json* req = member(row, "requirement");
  const json* kinds = member(row, "kinds");
  if (!level || !req || !kinds) return {};
  return json::array({*level, *req, *kinds}).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void CoverageRules::add(const json& row) {
  const std::string k = rule_key(row);
  if (k.empty() || index_.contains(k)) return;
  index_.emplace(k, rules_.size());
  rules_.push_back({{"level", row["level"]}, {"requirement", row["requirement"]}, {"kinds", row["kinds"]}});
}

bool coverage_rules_valid(jm::Reader& r, const json& rules) {
  if (!rules.is_array())
    return r.fail("coverage_rules", "expected a list of {level, requirement, kinds}, got " + jm::show(rules));
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string p = "coverage_rules[" + std::to_string(i) + "]";
    if (!rules[i].is_object())
      return r.fail(p, "expected an object {level, requirement, kinds}, got " + jm::show(rules[i]));
    for (const auto& [k, v] : rules[i].items())
      if (k != "level" && k != "requirement" && k != "kinds")
        return r.fail(jm::key_path(p, k), "unknown field");
    for (const char* k : {"level", "requirement", "kinds"})
      if (!rules[i].contains(k)) return r.fail(jm::key_path(p, k), "missing");
  }
  return true;
}

namespace {

constexpr std::array<const char*, 11> kBundleDefaultKeys = {
    "tool",      "clock",  "scenario", "host",           "probe_id", "interface", "expected_pref64",
    "signature", "status", "verified", "verify_problems"};

bool bundle_default_key(std::string_view k) {
  for (const char* d : kBundleDefaultKeys)
    if (k == d) return true;
  return false;
}

/// The value counted most often, and its count (the first in order on a tie); null when none.
std::pair<const std::string*, std::size_t> most_frequent(const std::map<std::string, std::size_t>& counts) {
  std::pair<const std::string*, std::size_t> best{nullptr, 0};
  for (const auto& [v, c] : counts)
    if (c > best.second) best = {&v, c};
  return best;
}

}  // namespace

void BundleDefaults::add(const json& bundle) {
  if (!bundle.is_object()) return;
  for (const char* k : kBundleDefaultKeys) {
    const json* v = member(bundle, k);
    ++seen_[k][v ? v->dump(-1, ' ', false, json::error_handler_t::replace) : std::string()];  // "": absent
  }
}

json BundleDefaults::to_json() const {
  json out = json::object();
  for (const auto& [k, counts] : seen_) {
    const auto [best, n] = most_frequent(counts);
    if (best && !best->empty() && n > 1) out[k] = json::parse(*best);  // said by more than one site
  }
  return out;
}

bool bundle_defaults_valid(jm::Reader& r, const json& defaults) {
  if (!defaults.is_object())
    return r.fail("bundle_defaults", "expected an object {bundle key: value}, got " + jm::show(defaults));
  for (const auto& [k, v] : defaults.items()) {
    if (!bundle_default_key(k)) return r.fail(jm::key_path("bundle_defaults", k), "unknown field");
    if (v.is_null()) return r.fail(jm::key_path("bundle_defaults", k), "expected a value, got null");
  }
  return true;
}

namespace {

constexpr std::array<const char*, 4> kSiteDefaultKeys = {"access", "coverage", "level_reason_messages",
                                                         "services"};

}  // namespace

void SiteDefaults::add(const json& site) {
  if (!site.is_object()) return;
  for (const char* k : kSiteDefaultKeys)
    if (const json* v = member(site, k); v && !v->is_null())
      ++seen_[k][v->dump(-1, ' ', false, json::error_handler_t::replace)];
}

json SiteDefaults::to_json(const DocumentTables& tables) const {
  json expanded = json::object();
  for (const auto& [k, counts] : seen_) {
    const auto [best, n] = most_frequent(counts);
    if (best && n > 1) expanded[k] = json::parse(*best);  // said by more than one site
  }
  if (expanded.empty()) return expanded;
  DocumentTables without = tables;
  without.site_defaults = json::object();
  json out = compact_site(std::move(expanded), without);  // each key folds on its own
  for (auto it = out.begin(); it != out.end();)
    it = std::find(kSiteDefaultKeys.begin(), kSiteDefaultKeys.end(), it.key()) == kSiteDefaultKeys.end()
             ? out.erase(it)
             : std::next(it);
  return out;
}

bool site_defaults_valid(jm::Reader& r, const json& defaults) {
  if (!defaults.is_object())
    return r.fail("site_defaults", "expected an object {site key: value}, got " + jm::show(defaults));
  for (const auto& [k, v] : defaults.items()) {
    if (std::find(kSiteDefaultKeys.begin(), kSiteDefaultKeys.end(), k) == kSiteDefaultKeys.end())
      return r.fail(jm::key_path("site_defaults", k), "unknown field");
    if (v.is_null()) return r.fail(jm::key_path("site_defaults", k), "expected a value, got null");
  }
  return true;
}

namespace {

/// The site keys the document's site_defaults state: left out when the site's (compact) value is the
/// default, null when the site has none; put back first when expanding.
void fold_site_defaults(const Fold& f, json& site, const json& defaults) {
  for (const char* k : kSiteDefaultKeys)
    if (const json* d = member(defaults, k)) f.opt(site, k, d);
}

/// Expanding: what the site_defaults are about to put back into `site`, charged to the document's
/// budget; false (named in `r`) when it is spent.
bool charge_site_defaults(jm::Reader& r, const json& site, const std::string& path, DocumentTables& doc) {
  for (const char* k : kSiteDefaultKeys)
    if (const json* d = member(doc.site_defaults, k);
        d && !site.contains(k) &&
        !charge(r, doc, std::string("site_defaults.") + k, *d, jm::key_path(path, k),
                "left to site_defaults in more sites than a document of this size may hold"))
      return false;
  return true;
}

/// A frame summary's ends: the probe's own address (`local`) is left out where it is one of them.
void fold_frame_ends(const Fold& f, json& rows, const json* local) {
  if (!local) return;
  for (auto& row : rows)
    if (row.is_object())
      for (const char* k : {"src", "dst"}) f.req(row, k, *local);
}

/// The message of a reachable service all of whose checks worked, in the positional form
/// (analyzers/score/services.cpp): ["fact.svc.reached.<path>", "<ids, joined>"]; null for another.
json service_message(const json& sv) {
  const auto r = reached(sv);
  if (!r) return nullptr;
  return json::array({"fact.svc.reached." + r->first, r->second});
}

/// A service's reason: left out when its message renders it (a message this catalogue renders decides
/// alone), else when it is the reason of a reachable service all of whose checks worked. Its message is
/// left out when it is that of a reachable service all of whose checks worked (put back before the
/// reason, which renders from it).
bool fold_service(const Fold& f, json& sv, const std::string& path) {
  if (!sv.is_object()) return true;
  const json message = service_message(sv);
  const json* dflt = message.is_null() ? nullptr : &message;
  if (f.expand()) f.opt(sv, "reason_message", dflt);
  bool ok = true;
  if (const json* m = member(sv, "reason_message"); m && english_of(*m))
    ok = f.text(sv, "reason", "reason_message", path);
  else
    f.if_set(sv, "reason", service_reason(sv));
  if (!f.expand()) f.opt(sv, "reason_message", dflt);
  return ok;
}

/// The bundle keys the document's bundle_defaults state.
void fold_bundle(const Fold& f, json& site, const DocumentTables& doc) {
  if (auto b = site.find("bundle"); b != site.end() && b->is_object())
    for (const char* k : kBundleDefaultKeys) f.opt(*b, k, member(doc.bundle_defaults, k));
}

}  // namespace

json compact_site(json site, const DocumentTables& doc) {
  const json& check_defaults = doc.check_defaults;
  if (!site.is_object()) return site;
  const Fold f = Fold::compacting();
  f.message_values(site, {});
  f.site_texts(site, {});
  if (auto it = site.find("checks"); it != site.end()) f.req(site, "counts", verdict_tally(*it));
  const json expanded_checks = site.contains("checks") ? site["checks"] : json::array();
  // Findings first: their defaults come from the expanded checks.
  if (auto it = site.find("findings"); it != site.end() && it->is_array()) {
    const EvidenceDefaults e = evidence_defaults(site);
    const CheckIndex index = index_checks(site);
    for (std::size_t i = 0; i < it->size(); ++i)
      fold_finding(f, (*it)[i], finding_defaults(site, (*it)[i], i, index), e, {});
    to_table(*it);
  }
  if (auto it = site.find("checks"); it != site.end() && it->is_array()) {
    json defaults = json::object();
    if (auto v = common_address(*it, "local")) defaults["local"] = *v;
    if (auto v = common_address(*it, "resolver")) defaults["resolver"] = *v;
    for (std::size_t i = 0; i < it->size(); ++i) fold_check(f, (*it)[i], i, defaults, check_defaults, {});
    to_table(*it);
    if (!defaults.empty()) site["check_addresses"] = std::move(defaults);
  }
  if (auto it = site.find("coverage"); it != site.end()) {
    if (it->is_array()) {
      std::map<std::string, std::size_t> index;
      for (std::size_t i = 0; i < doc.coverage_rules.size(); ++i)
        index.emplace(rule_key(doc.coverage_rules[i]), i);
      for (auto& row : *it) {
        const auto found = index.find(rule_key(row));
        if (found == index.end() || found->first.empty()) continue;
        row.erase("level");
        row.erase("requirement");
        row.erase("kinds");
        row["rule"] = found->second;
      }
    }
    to_table(*it);
  }
  if (auto it = site.find("services"); it != site.end() && it->is_array()) {
    for (auto& sv : *it) fold_service(f, sv, {});
    to_table(*it, "path");
  }
  f.frame_lists(site, "root_causes", "frames", {});
  f.frame_lists(site, "anomalies", "first_frames", {});
  if (auto it = site.find("frame_summaries"); it != site.end() && it->is_array()) {
    // The probe's own address (the site's check_addresses.local) is one end of most cited frames.
    const json* ca = member(site, "check_addresses");
    fold_frame_ends(f, *it, ca ? member(*ca, "local") : nullptr);
    to_table(*it);
  }
  // The bundle last: the findings' evidence defaults come from its name and capture (not defaulted).
  fold_bundle(f, site, doc);
  // The keys most sites share, compact, last (put back first).
  fold_site_defaults(f, site, doc.site_defaults);
  return site;
}

bool expand_site(jm::Reader& r, json& site, const std::string& path, DocumentTables& doc) {
  const json& check_defaults = doc.check_defaults;
  if (!site.is_object()) return true;
  const Fold f = Fold::expanding(r, doc.frame_budget);
  if (!charge_site_defaults(r, site, path, doc)) return false;
  fold_site_defaults(f, site, doc.site_defaults);
  fold_bundle(f, site, doc);
  json defaults = json::object();
  if (auto it = site.find("check_addresses"); it != site.end()) {
    const std::string p = jm::key_path(path, "check_addresses");
    if (!it->is_object()) return r.fail(p, "expected an object {local, resolver}, got " + jm::show(*it));
    for (const auto& [k, v] : it->items()) {
      if (k != "local" && k != "resolver") return r.fail(jm::key_path(p, k), "unknown field");
      if (!v.is_string()) return r.fail(jm::key_path(p, k), "expected a string, got " + jm::show(v));
    }
    defaults = std::move(*it);
    site.erase(it);
  }
  if (auto it = site.find("checks"); it != site.end()) {
    const std::string p = jm::key_path(path, "checks");
    if (!from_table(r, *it, p)) return false;
    if (it->is_array())
      for (std::size_t i = 0; i < it->size(); ++i)
        if (!fold_check(f, (*it)[i], i, defaults, check_defaults, index_path(path, "checks", i), &doc, &r))
          return false;
    f.req(site, "counts", verdict_tally(*it));
  }
  if (auto it = site.find("findings"); it != site.end()) {
    if (!from_table(r, *it, jm::key_path(path, "findings"))) return false;
    if (it->is_array()) {
      const EvidenceDefaults e = evidence_defaults(site);
      const CheckIndex index = index_checks(site);
      for (std::size_t i = 0; i < it->size(); ++i) {
        auto& o = (*it)[i];
        if (!fold_finding(f, o, finding_defaults(site, o, i, index), e, index_path(path, "findings", i)))
          return false;
      }
    }
  }
  if (auto it = site.find("coverage"); it != site.end()) {
    if (!from_table(r, *it, jm::key_path(path, "coverage"))) return false;
    if (it->is_array())
      for (std::size_t i = 0; i < it->size(); ++i) {
        json& row = (*it)[i];
        const auto rule = row.is_object() ? row.find("rule") : row.end();
        if (!row.is_object() || rule == row.end()) continue;
        const std::string p = jm::key_path(index_path(path, "coverage", i), "rule");
        if (!rule->is_number_unsigned() || rule->get<std::uint64_t>() >= doc.coverage_rules.size())
          return r.fail(p, "expected an index into coverage_rules (" +
                               std::to_string(doc.coverage_rules.size()) + " rules), got " + jm::show(*rule));
        const json& def = doc.coverage_rules[rule->get<std::size_t>()];
        row.erase(rule);
        for (const char* k : {"level", "requirement", "kinds"}) {
          if (row.contains(k))
            return r.fail(jm::key_path(index_path(path, "coverage", i), k), "given with a rule");
          row[k] = def[k];
        }
      }
  }
  if (auto it = site.find("services"); it != site.end()) {
    if (!from_table(r, *it, jm::key_path(path, "services"), "path")) return false;
    if (it->is_array())
      for (std::size_t i = 0; i < it->size(); ++i)
        if (!fold_service(f, (*it)[i], index_path(path, "services", i))) return false;
  }
  if (!f.frame_lists(site, "root_causes", "frames", path) ||
      !f.frame_lists(site, "anomalies", "first_frames", path))
    return false;
  if (auto it = site.find("frame_summaries"); it != site.end()) {
    if (!from_table(r, *it, jm::key_path(path, "frame_summaries"))) return false;
    if (it->is_array()) fold_frame_ends(f, *it, member(defaults, "local"));
  }
  return f.site_texts(site, path) && f.message_values(site, path);
}

namespace {
/// CheckDefaults' key for a clause's rfc: not a key a check row has.
const std::string kClausePrefix = "clause:";
}  // namespace

void CheckDefaults::add(const json& c) {
  const json* id = member(c, "check_id");
  if (!id || !id->is_string()) return;
  auto& fields = seen_[id->get<std::string>()];
  for (const char* k : {"kind", "target", "family", "rfc"}) {
    const json* v = member(c, k);
    ++fields[k][v && v->is_string() ? "s" + v->get<std::string>() : std::string("-")];  // "-": absent
  }
  const json* cl = member(c, "clauses");
  if (cl && cl->is_array())
    for (const auto& clause : *cl) {
      const json* name = member(clause, "clause");
      const json* rfc = member(clause, "rfc");
      if (name && name->is_string())
        ++fields[kClausePrefix + name->get<std::string>()]
                [rfc && rfc->is_string() ? "s" + rfc->get<std::string>() : std::string("-")];
    }
  // The outcome: its reason message and its clauses (with the message of the first check that had them).
  const auto text = [](const json* v) {
    return v ? "j" + v->dump(-1, ' ', false, json::error_handler_t::replace) : std::string("-");
  };
  const json* m = member(c, "reason_message");
  ++fields["reason_message"][text(m)];
  const std::string clauses = text(cl);
  if (++fields["clauses"][clauses] == 1) clause_message_[id->get<std::string>()][clauses] = text(m);
}

json CheckDefaults::to_json() const {
  json out = json::object();
  for (const auto& [id, fields] : seen_) {
    json e = json::object();
    for (const auto& [k, counts] : fields) {
      if (k == "reason_message" || k == "clauses") continue;  // below, against this table
      const std::string* best = most_frequent(counts).first;
      if (!best || *best == "-") continue;
      const std::string v = best->substr(1);
      if ((k == "kind" && v == id) || (k == "family" && v == "ipv6")) continue;  // the site rules' own
      if (k.starts_with(kClausePrefix))
        e["clause_rfc"][k.substr(kClausePrefix.size())] = v;
      else
        e[k] = v;
    }
    if (!e.empty()) out[id] = std::move(e);
  }
  // The outcome most checks of an id had, said by more than one, in its compact form: folded like a
  // check of a site (fold_check), against the table above.
  const Fold f = Fold::compacting();
  for (const auto& entry : seen_) {
    const auto& id = entry.first;
    const auto& fields = entry.second;  // a plain reference: clang 14 cannot capture a structured binding
    const auto winner = [&](const char* k) -> std::optional<std::string> {
      const auto it = fields.find(k);
      if (it == fields.end()) return std::nullopt;
      const auto [best, n] = most_frequent(it->second);
      if (!best || *best == "-" || n < 2) return std::nullopt;
      return *best;
    };
    const auto m = winner("reason_message");
    const auto cl = winner("clauses");
    if (m) {
      json check = {{"check_id", id}, {"reason_message", json::parse(m->substr(1))}};
      f.message_values(check, {});
      out[id]["reason_message"] = std::move(check["reason_message"]);
    }
    if (cl) {  // with the message of a check that had them: it decides what they leave out
      json check = {{"check_id", id}, {"clauses", json::parse(cl->substr(1))}};
      if (const auto& source = clause_message_.at(id).at(*cl); source != "-")
        check["reason_message"] = json::parse(source.substr(1));
      f.message_values(check, {});
      f.reasons(check, {});
      fold_clauses(f, check, check_default(check, out));
      out[id]["clauses"] = std::move(check["clauses"]);
    }
  }
  return out;
}

bool check_defaults_valid(jm::Reader& r, const json& defaults) {
  const std::string p = "check_defaults";
  if (!defaults.is_object())
    return r.fail(p,
                  "expected an object {check id: {kind, target, family, rfc, clause_rfc, reason_message, "
                  "clauses}}, got " +
                      jm::show(defaults));
  for (const auto& [id, e] : defaults.items()) {
    const std::string pe = jm::key_path(p, id);
    if (!e.is_object())
      return r.fail(
          pe, "expected an object {kind, target, family, rfc, clause_rfc, reason_message, clauses}, got " +
                  jm::show(e));
    for (const auto& [k, v] : e.items()) {
      if (k == "clause_rfc") {
        if (!v.is_object())
          return r.fail(jm::key_path(pe, k), "expected an object {clause name: rfc}, got " + jm::show(v));
        for (const auto& [name, rfc] : v.items())
          if (!rfc.is_string())
            return r.fail(jm::key_path(jm::key_path(pe, k), name), "expected a string, got " + jm::show(rfc));
        continue;
      }
      if (k == "reason_message" || k == "clauses") {  // read with each check that leaves it out
        if (v.is_null()) return r.fail(jm::key_path(pe, k), "expected a value, got null");
        continue;
      }
      if (k != "kind" && k != "target" && k != "family" && k != "rfc")
        return r.fail(jm::key_path(pe, k), "unknown field");
      if (!v.is_string()) return r.fail(jm::key_path(pe, k), "expected a string, got " + jm::show(v));
    }
  }
  return true;
}

}  // namespace v6r::findings::compact
