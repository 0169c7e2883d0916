// The sweep comparison document: its writer and its strict reader (both walk the key tables in
// core/sweep_diff.hpp).
#include "core/sweep_diff.hpp"

#include "core/escape.hpp"

namespace v6r::sweepdiff {

namespace jm = v6r::jsonmodel;
using nlohmann::json;

json to_json(const Document& d) {
  return jm::write_value(d);
}

std::string to_json_text(const Document& d) {
  return escape::json(to_json(d).dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

Expected<Document, std::string> read_diff(const json& j) {
  if (!j.is_object())
    return Unexpected{std::string("not a diff document: the top level is not a JSON object")};
  const auto it = j.find("schema");
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>() != kSchema)
    return Unexpected{"schema: " + (it == j.end() ? std::string("missing") : jm::show(*it)) +
                      " (this build reads \"" + std::string(kSchema) + "\")"};
  jm::Reader r;
  Document d;
  if (!jm::read_value(r, j, "", d)) return Unexpected{r.error().value_or("invalid document")};
  return d;
}

std::vector<jm::FieldRow> diff_fields() {
  std::vector<jm::FieldRow> rows;
  jm::describe<Document>(rows, "");
  return rows;
}

}  // namespace v6r::sweepdiff
