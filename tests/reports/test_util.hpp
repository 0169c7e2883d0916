#pragma once
// Shared by the reports unit tests: the sample findings (as JSON and as the typed document the
// renderers take), a hostile variant, and a small RFC 4180 parser.
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/findings.hpp"

namespace v6r::report::test {

inline nlohmann::json sample_json() {
  std::ifstream in(std::string(V6READY_SOURCE_DIR) + "/docs/examples/findings-sample.json");
  return nlohmann::json::parse(in);
}

/// The strict reader over `j` (what `v6analyze report` does); a test document that does not match the
/// schema is a broken test.
inline findings::Document typed(const nlohmann::json& j) {
  auto d = findings::read_document(j);
  if (!d) throw std::runtime_error("test document does not match the findings schema: " + d.error());
  return std::move(d).value();
}

inline findings::Document sample() {
  return typed(sample_json());
}

inline const std::string kHostile = "<script>alert(\"x\")</script>, 'q' \"dq\"\n\\back\\slash\r\n& =cmd|x";

/// The sample with network-sourced text replaced by hostile strings (site name, reasons, titles, DNS names).
inline nlohmann::json hostile_json() {
  auto doc = sample_json();
  auto& s = doc["sites"][0];
  s["site"] = "province/evil\"district/" + kHostile;
  s["checks"][0]["reason"] = kHostile;
  s["checks"][0]["target"] = kHostile + ".lab.test";
  s["checks"][1]["check_id"] = "id-" + kHostile;
  s["findings"][0]["title"] = kHostile;
  s["findings"][0]["explanation"] = kHostile;
  s["findings"][0]["addresses"] = {kHostile, "2001:db8::1"};
  s["bundle"]["name"] = kHostile;
  return doc;
}
inline findings::Document hostile() {
  return typed(hostile_json());
}

/// RFC 4180 parser: records of fields; CRLF (or LF) record ends, "" inside quoted fields.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

inline std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

}  // namespace v6r::report::test
