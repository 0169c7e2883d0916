#pragma once
// What every typed JSON document of core/ (findings.json, run.json, the sweep diff) does the same way
// around its key tables (core/json_model.hpp): the file text, the schema check that comes first, and
// the key paths for the schema document's drift test.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expected.hpp"
#include "core/json_model.hpp"

namespace v6r::jsonmodel {

/// The file text of a document: indented, hidden characters (bidi overrides, DEL, C1 controls) as \u
/// escapes, so every reader sees the same value and nothing reorders what a person viewing it sees;
/// invalid UTF-8 (a struct can hold any bytes) replaced rather than thrown; newline-terminated.
std::string document_text(const json& j);

/// The first step of a versioned document's strict reader: the top level is an object whose "schema" is
/// one of `reads` (the current version first). The version found, or the refusal:
/// "not a <noun> document: the top level is not a JSON object",
/// "schema: missing (not a <noun> document; expected \"<reads[0]>\")",
/// "schema: unsupported <noun> schema \"x\" (this build reads \"a\" and \"b\")".
Expected<std::string, std::string> read_schema(const json& j, std::string_view noun,
                                               std::initializer_list<std::string_view> reads);

/// Every key path of document T with its type and presence, in declaration order.
template <class T>
std::vector<FieldRow> fields_of() {
  std::vector<FieldRow> rows;
  describe<T>(rows, "");
  return rows;
}

}  // namespace v6r::jsonmodel
