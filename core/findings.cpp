// The findings documents: enum words, the one writer and the one strict reader (both walk the key
// tables of core/findings_keys.hpp).
#include "core/findings.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "core/bundle_json.hpp"
#include "core/escape.hpp"
#include "core/findings_keys.hpp"

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
std::string_view to_string(CoverageState s) {
  return jm::enum_text(s);
}
std::string_view to_string(Cause c) {
  return jm::enum_text(c);
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
  return jm::write_value(d);
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

std::string dump(const json& j) {
  // Invalid UTF-8 (it cannot come from parsed input, but a struct can hold any bytes) is replaced
  // rather than thrown: the document must always be writable.
  // Hidden characters (bidi overrides, DEL, C1 controls) are written as \u escapes: the same value for
  // every reader, nothing that reorders or controls what a person viewing the file sees.
  return escape::json(j.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

/// The schema key first, with its own message: a document of another kind or version is named as such.
template <class Doc>
Expected<Doc, std::string> read_doc(const json& j, std::string_view schema, std::string_view other) {
  if (!j.is_object())
    return Unexpected{std::string("not a findings document: the top level is not a JSON object")};
  const auto it = j.find("schema");
  if (it == j.end())
    return Unexpected{"schema: missing (not a findings document; expected \"" + std::string(schema) + "\")"};
  if (!it->is_string() || it->get_ref<const std::string&>() != schema) {
    std::string msg = "schema: unsupported findings schema " + jm::show(*it) + " (this build reads \"" +
                      std::string(schema) + "\")";
    if (it->is_string() && it->get_ref<const std::string&>() == other)
      msg += other == kCaptureSchema ? ": capture-only output (analyze --capture) is not a province sweep"
                                     : ": a sweep of bundles, not capture-only output";
    return Unexpected{msg};
  }
  jm::Reader r;
  Doc d;
  if (!jm::read_value(r, j, "", d)) return Unexpected{r.error().value_or("invalid document")};
  return d;
}

template <class Doc>
Expected<Doc, std::string> parse_doc(std::string_view text, std::string_view schema, std::string_view other) {
  // Iterative depth check first: a hostile nesting cannot exhaust the stack in the recursive parser.
  if (bundle::detail::json_nesting_depth(text) > bundle::detail::kMaxJsonDepth)
    return Unexpected{std::string("not valid JSON: nested deeper than 64 levels")};
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    std::string why = "not valid JSON";
    try {
      [[maybe_unused]] auto again = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for number overflow
      why += std::string(": ") + ascii_only(e.what());
    }
    return Unexpected{why};
  }
  return read_doc<Doc>(j, schema, other);
}

}  // namespace

std::string to_json_text(const Document& d) {
  return dump(to_json(d));
}
std::string to_json_text(const CaptureDocument& d) {
  return dump(to_json(d));
}

Expected<Document, std::string> read_document(const json& j) {
  return read_doc<Document>(j, kSchema, kCaptureSchema);
}
Expected<Document, std::string> parse_document(std::string_view text) {
  return parse_doc<Document>(text, kSchema, kCaptureSchema);
}
Expected<CaptureDocument, std::string> read_capture_document(const json& j) {
  return read_doc<CaptureDocument>(j, kCaptureSchema, kSchema);
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
  std::vector<jm::FieldRow> rows;
  jm::describe<Document>(rows, "");
  return rows;
}
std::vector<jm::FieldRow> capture_document_fields() {
  std::vector<jm::FieldRow> rows;
  jm::describe<CaptureDocument>(rows, "");
  return rows;
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
