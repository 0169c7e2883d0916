// The findings documents: enum words, the one writer and the one strict reader (both walk the key
// tables of core/findings_keys.hpp).
#include "core/findings.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "core/bundle_json.hpp"
#include "core/escape.hpp"
#include "core/findings_compact.hpp"
#include "core/findings_keys.hpp"
#include "core/json_document.hpp"

namespace v6r::findings {

namespace jm = v6r::jsonmodel;
using nlohmann::json;

std::string_view to_string(Level l) {
  return jm::enum_text(l);
}
std::optional<Level> level_from_string(std::string_view s) {
  return jm::enum_from_text<Level>(s);
}
Level level_at(int n) {
  return static_cast<Level>(std::clamp(n, 0, kLevelCount - 1));
}
std::string level_text(const std::optional<Level>& l) {
  return l ? std::string(to_string(*l)) : std::string("not assessed");
}
int level_rank(const std::optional<Level>& l) {
  if (!l) return 1;
  return *l == Level::L0 ? 0 : level_number(*l) + 1;
}
std::string_view to_string(AccessMode m) {
  return jm::enum_text(m);
}
std::string_view to_string(PlanVerdict v) {
  return jm::enum_text(v);
}
std::string_view to_string(ServiceState s) {
  return jm::enum_text(s);
}
std::string_view to_string(ServicePath p) {
  return jm::enum_text(p);
}
std::string_view service_path_phrase(ServicePath p) {
  switch (p) {
    case ServicePath::native_ipv6:
      return "reached over native IPv6";
    case ServicePath::nat64:
      return "reached through NAT64";
    case ServicePath::mixed:
      return "reached by a check that used both families (which one carried it is not recorded)";
    case ServicePath::ipv4:
      return "reached over IPv4 only";
  }
  return "";
}
std::string_view to_string(CoverageState s) {
  return jm::enum_text(s);
}
std::string_view to_string(Cause c) {
  return jm::enum_text(c);
}
std::string_view to_string(PacketWhat w) {
  return jm::enum_text(w);
}
const std::vector<std::string_view>& packet_arg_names(PacketWhat w) {
  using V = std::vector<std::string_view>;
  static const std::array<V, kPacketWhatCount> names = {
      V{"qtype", "name"},                          // dns_query
      V{"qtype", "name", "count", "addresses"},    // dns_answer
      V{"qtype", "name", "rcode"},                 // dns_noaddr
      V{"error"},                                  // dns_malformed
      V{"sport", "dport", "flags", "len"},         // tcp
      V{"sport", "dport", "flags", "len", "mss"},  // tcp_mss
      V{"sport", "dport", "len"},                  // udp
      V{"mtu"},                                    // icmp6_ptb
      V{"mtu", "proto", "to"},                     // icmp6_ptb_for
      V{"code"},                                   // icmp6_unreach
      V{"code", "proto", "to"},                    // icmp6_unreach_for
      V{"code"},                                   // icmp6_time_exceeded
      V{"code", "proto", "to"},                    // icmp6_time_exceeded_for
      V{"id", "seq"},                              // icmp6_echo_request
      V{"id", "seq"},                              // icmp6_echo_reply
      V{},                                         // icmp6_rs
      V{"lifetime"},                               // icmp6_ra
      V{"lifetime", "pref64"},                     // icmp6_ra_pref64
      V{"target"},                                 // icmp6_ns
      V{"target"},                                 // icmp6_na
      V{"type", "code"},                           // icmp6_other
      V{"mtu"},                                    // icmp_frag_needed
      V{"mtu", "proto", "to"},                     // icmp_frag_needed_for
      V{"code"},                                   // icmp_unreach
      V{"code", "proto", "to"},                    // icmp_unreach_for
      V{"code"},                                   // icmp_time_exceeded
      V{"code", "proto", "to"},                    // icmp_time_exceeded_for
      V{"id", "seq"},                              // icmp_echo_request
      V{"id", "seq"},                              // icmp_echo_reply
      V{"type", "code"},                           // icmp_other
      V{"target", "sender"},                       // arp_request
      V{"sender", "mac"},                          // arp_reply
      V{"opcode"},                                 // arp_other
      V{"type"},                                   // dhcp
      V{"type", "wait"},                           // dhcp_v6only
      V{"type"},                                   // dhcp_v6only_asked
      V{"proto", "offset"},                        // fragment
      V{"next"},                                   // ipv6
      V{"proto"},                                  // ipv4
      V{"ethertype"},                              // link
      V{"anomaly"},                                // malformed
  };
  return names[static_cast<std::size_t>(w)];
}
void PlanCounts::add(PlanVerdict v) {
  switch (v) {
    case PlanVerdict::meets:
      ++meets;
      break;
    case PlanVerdict::below:
      ++below;
      break;
    case PlanVerdict::not_assessed:
      ++not_assessed;
      break;
    case PlanVerdict::not_in_plan:
      ++not_in_plan;
      break;
  }
}
std::string_view to_string(Severity s) {
  return jm::enum_text(s);
}
std::string_view to_string(Source s) {
  return jm::enum_text(s);
}
std::string_view to_string(CrossCheck c) {
  return jm::enum_text(c);
}

json to_json(const Document& d) {
  json j = jm::write_value(d);
  j["schema"] = kSchemaExpanded;
  return j;
}
json to_json(const CaptureDocument& d) {
  return jm::write_value(d);
}

namespace {

/// The parser's message quotes the input it stopped at: bytes outside printable ASCII become \xNN.
std::string ascii_only(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// The compact form's document tables: key, where DocumentTables keeps it, and its check.
struct Table {
  std::string_view key;
  json compact::DocumentTables::*slot;
  bool (*valid)(jm::Reader&, const json&);
};
const std::array<Table, 4> kTables{{
    {"check_defaults", &compact::DocumentTables::check_defaults, &compact::check_defaults_valid},
    {"coverage_rules", &compact::DocumentTables::coverage_rules, &compact::coverage_rules_valid},
    {"bundle_defaults", &compact::DocumentTables::bundle_defaults, &compact::bundle_defaults_valid},
    {"site_defaults", &compact::DocumentTables::site_defaults, &compact::site_defaults_valid},
}};

bool is_table(std::string_view key) {
  return std::any_of(kTables.begin(), kTables.end(), [&](const Table& t) { return t.key == key; });
}

/// The table `key` as read: checked and kept in `doc`; false with the key path in `r`.
bool read_table(jm::Reader& r, std::string_view key, json value, compact::DocumentTables& doc) {
  for (const auto& t : kTables) {
    if (t.key != key) continue;
    if (!t.valid(r, value)) return false;
    doc.*t.slot = std::move(value);
  }
  return true;
}

/// Takes the tables out of a compact document's top level into `doc`, each checked.
bool take_tables(jm::Reader& r, json& top, compact::DocumentTables& doc) {
  for (const auto& t : kTables) {
    const auto it = top.find(t.key);
    if (it == top.end()) continue;
    json value = std::move(*it);
    top.erase(it);
    if (!read_table(r, t.key, std::move(value), doc)) return false;
  }
  return true;
}

/// The schema key first, with its own message: a document of another kind or version is named as such.
/// `also` is an earlier version this build still reads (the expanded form of findings.json).
template <class Doc>
Expected<Doc, std::string> read_doc(json& j, std::string_view schema, std::string_view other,
                                    std::string_view also = {}, std::uint64_t frame_budget = 0) {
  auto version = also.empty() ? jm::read_schema(j, "findings", {schema})
                              : jm::read_schema(j, "findings", {schema, also});
  if (!version) {
    std::string msg = version.error();
    const auto it = j.is_object() ? j.find("schema") : j.end();
    const bool other_kind = it != j.end() && it->is_string() &&
                            (it->get_ref<const std::string&>() == other ||
                             (other == kSchema && it->get_ref<const std::string&>() == kSchemaExpanded));
    if (other_kind)
      msg += other == kCaptureSchema ? ": capture-only output (analyze --capture) is not a province sweep"
                                     : ": a sweep of bundles, not capture-only output";
    return Unexpected{msg};
  }
  const bool current = *version == schema;
  jm::Reader r;
  if constexpr (std::is_same_v<Doc, Document>) {
    if (current) {
      // The compact form: each site expanded to the model's layout, then read like /2.
      compact::DocumentTables defaults;
      if (frame_budget) defaults.frame_budget = frame_budget;
      if (!take_tables(r, j, defaults)) return Unexpected{*r.error()};
      if (auto s = j.find("sites"); s != j.end() && s->is_array())
        for (std::size_t i = 0; i < s->size(); ++i)
          if (!compact::expand_site(r, (*s)[i], "sites[" + std::to_string(i) + "]", defaults))
            return Unexpected{r.error().value_or("invalid document")};
    }
  }
  Doc d;
  if (!jm::read_value(r, j, "", d)) return Unexpected{r.error().value_or("invalid document")};
  d.schema = std::string(schema);  // the model is the current version, whichever was read
  return d;
}

/// Sites read one by one while the text is parsed: each site's JSON is expanded, read into the model and
/// dropped, so no JSON tree of the whole sweep is ever built. Only when "schema" (sorted before
/// "sites") names a version this build reads; otherwise the sites stay in the tree for read_doc.
struct SiteStream {
  std::string last_key;
  std::optional<std::string> schema;
  bool in_sites = false, had_sites = false;
  std::size_t index = 0;
  compact::DocumentTables defaults;  ///< the compact form's check_defaults, coverage_rules (before "sites")
  std::vector<Site> sites;
  jm::Reader r;

  bool operator()(int depth, json::parse_event_t ev, json& parsed) {
    using E = json::parse_event_t;
    if (depth == 1) {
      if (ev == E::key) {
        last_key = parsed.is_string() ? parsed.get<std::string>() : std::string();
      } else if (ev == E::value && last_key == "schema" && parsed.is_string()) {
        schema = parsed.get<std::string>();
      } else if (ev == E::array_start && last_key == "sites" &&
                 (schema == kSchema || schema == kSchemaExpanded)) {
        if (had_sites) r.fail("sites", "duplicate key");
        in_sites = had_sites = true;
      } else if (ev == E::array_end && last_key == "sites") {
        in_sites = false;
      } else if ((ev == E::object_end || ev == E::array_end) && is_table(last_key)) {
        // Sorted before "schema": kept for the sites that follow (checked once, here), and in the tree
        // for read_doc (which takes them out of a /3 document and refuses them in any other).
        read_table(r, last_key, parsed, defaults);
      }
      return true;
    }
    if (!in_sites || depth != 2 || ev == E::object_start || ev == E::array_start || ev == E::key) return true;
    const std::string path = "sites[" + std::to_string(index++) + "]";
    if (r.error()) return false;
    if (schema == kSchema && !compact::expand_site(r, parsed, path, defaults)) return false;
    Site site;
    if (jm::read_value(r, parsed, path, site)) sites.push_back(std::move(site));
    return false;  // dropped from the tree
  }
};

template <class Doc>
Expected<Doc, std::string> parse_doc(std::string_view text, std::string_view schema, std::string_view other) {
  // Iterative depth check first: a hostile nesting cannot exhaust the stack in the recursive parser.
  if (bundle::detail::json_nesting_depth(text) > bundle::detail::kMaxJsonDepth)
    return Unexpected{std::string("not valid JSON: nested deeper than 64 levels")};
  // Ranges may expand to as many frame numbers as the text has bytes (at least 1M): linear in the input.
  const std::uint64_t frame_budget = std::max<std::uint64_t>(std::uint64_t{1} << 20, text.size());
  SiteStream stream;
  stream.defaults.frame_budget = frame_budget;
  // The site_defaults may put back at most 4 times the text (at least 16 MB): a real sweep needs less
  // than the text itself.
  stream.defaults.default_budget = std::max<std::uint64_t>(std::uint64_t{1} << 24, 4 * text.size());
  json j;
  if constexpr (std::is_same_v<Doc, Document>)
    j = json::parse(
        text, [&](int depth, json::parse_event_t ev, json& parsed) { return stream(depth, ev, parsed); },
        /*allow_exceptions=*/false);
  else
    j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    std::string why = "not valid JSON";
    try {
      [[maybe_unused]] auto again = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for number overflow
      why += std::string(": ") + ascii_only(e.what());
    }
    return Unexpected{why};
  }
  if (stream.r.error()) return Unexpected{*stream.r.error()};
  auto d = read_doc<Doc>(j, schema, other, schema == kSchema ? kSchemaExpanded : std::string_view{},
                         stream.defaults.frame_budget);
  if constexpr (std::is_same_v<Doc, Document>)
    if (d && stream.had_sites) d->sites = std::move(stream.sites);
  return d;
}

}  // namespace

namespace {

std::string dump_compact(const json& j) {
  return escape::json(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

bool write_json_text(std::ostream& out, const Document& d) {
  // Every top-level key but the sites, sorted like the rest of the document; then the sites, one by one.
  json top = json::object();
  std::apply(
      [&](const auto&... m) {
        (
            [&](const auto& mem) {
              if (mem.key != "sites") jm::write_member(top, d, mem);
            }(m),
            ...);
      },
      jm::Members<Document>::list);
  top["schema"] = kSchema;
  top["sites"] = nullptr;  // its place in the key order
  compact::CheckDefaults catalogue;
  compact::CoverageRules rules;
  compact::BundleDefaults bundles;
  compact::SiteDefaults shared;
  for (const auto& site : d.sites) {
    const json s = jm::write_value(site);
    for (const auto& c : s.value("checks", json::array())) catalogue.add(c);
    for (const auto& c : s.value("coverage", json::array())) rules.add(c);
    bundles.add(s.value("bundle", json::object()));
    shared.add(s);
  }
  compact::DocumentTables tables{.check_defaults = catalogue.to_json(),
                                 .coverage_rules = rules.to_json(),
                                 .bundle_defaults = bundles.to_json()};
  tables.site_defaults = shared.to_json(tables);
  top["bundle_defaults"] = tables.bundle_defaults;
  top["check_defaults"] = tables.check_defaults;
  top["coverage_rules"] = tables.coverage_rules;
  top["site_defaults"] = tables.site_defaults;
  out << "{";
  bool first = true;
  for (const auto& [k, v] : top.items()) {
    out << (first ? "\n" : ",\n") << dump_compact(json(k)) << ":";
    first = false;
    if (k != "sites") {
      out << dump_compact(v);
      continue;
    }
    out << "[";
    for (std::size_t i = 0; i < d.sites.size(); ++i) {
      out << (i == 0 ? "\n" : ",\n")
          << dump_compact(compact::compact_site(jm::write_value(d.sites[i]), tables));
      if (!out) return false;
    }
    out << (d.sites.empty() ? "]" : "\n]");
  }
  out << "\n}\n";
  return static_cast<bool>(out);
}

std::string to_json_text(const Document& d) {
  std::ostringstream out;
  write_json_text(out, d);
  return out.str();
}
std::string to_expanded_json_text(const Document& d) {
  return jm::document_text(to_json(d));
}
std::string to_json_text(const CaptureDocument& d) {
  return jm::document_text(to_json(d));
}

Expected<Document, std::string> read_document(const json& j) {
  json copy = j;
  return read_doc<Document>(copy, kSchema, kCaptureSchema, kSchemaExpanded);
}
Expected<Document, std::string> parse_document(std::string_view text) {
  return parse_doc<Document>(text, kSchema, kCaptureSchema);
}
Expected<CaptureDocument, std::string> read_capture_document(const json& j) {
  json copy = j;
  return read_doc<CaptureDocument>(copy, kCaptureSchema, kSchema);
}
Expected<CaptureDocument, std::string> parse_capture_document(std::string_view text) {
  return parse_doc<CaptureDocument>(text, kCaptureSchema, kSchema);
}

Expected<Document, std::string> load_document(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Unexpected{"cannot read " + path};
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto d = parse_document(text);
  if (!d) return Unexpected{path + ": " + d.error()};
  return d;
}

std::vector<jm::FieldRow> document_fields() {
  return jm::fields_of<Document>();
}
std::vector<jm::FieldRow> capture_document_fields() {
  return jm::fields_of<CaptureDocument>();
}

}  // namespace v6r::findings

namespace v6r::jsonmodel {

namespace {
/// The keys of a LevelCounts object, in slot order: L0..L4, then not_assessed.
constexpr std::string_view kNotAssessedKey = "not_assessed";
std::string count_key(std::size_t slot) {
  return slot < static_cast<std::size_t>(findings::kLevelCount)
             ? std::string(findings::to_string(findings::level_at(static_cast<int>(slot))))
             : std::string(kNotAssessedKey);
}
}  // namespace

bool Codec<LevelCounts>::read(Reader& r, const json& j, const std::string& path, LevelCounts& out) {
  if (!j.is_object()) return r.fail(path, "expected an object {L0..L4, not_assessed: count}, got " + show(j));
  for (const auto& [k, v] : j.items())
    if (!findings::level_from_string(k) && k != kNotAssessedKey)
      return r.fail(key_path(path, k), "unknown field (keys are L0..L4 and not_assessed)");
  for (std::size_t i = 0; i < out.n.size(); ++i) {
    const auto id = count_key(i);
    const auto it = j.find(id);
    if (it == j.end()) return r.fail(key_path(path, id), "missing");
    if (!read_value(r, *it, key_path(path, id), out.n[i])) return false;
  }
  return true;
}

json Codec<LevelCounts>::write(const LevelCounts& v) {
  json o = json::object();
  for (std::size_t i = 0; i < v.n.size(); ++i) o[count_key(i)] = v.n[i];
  return o;
}

}  // namespace v6r::jsonmodel
