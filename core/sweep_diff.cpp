// The sweep comparison document: its writer and its strict reader (both walk the key tables in
// core/sweep_diff.hpp).
#include "core/sweep_diff.hpp"

#include "core/json_document.hpp"

namespace v6r::sweepdiff {

namespace jm = v6r::jsonmodel;
using nlohmann::json;

json to_json(const Document& d) {
  return jm::write_value(d);
}

std::string to_json_text(const Document& d) {
  return jm::document_text(to_json(d));
}

Expected<Document, std::string> read_diff(const json& j) {
  if (auto version = jm::read_schema(j, "diff", {kSchema}); !version) return Unexpected{version.error()};
  jm::Reader r;
  Document d;
  if (!jm::read_value(r, j, "", d)) return Unexpected{r.error().value_or("invalid document")};
  return d;
}

std::vector<jm::FieldRow> diff_fields() {
  return jm::fields_of<Document>();
}

}  // namespace v6r::sweepdiff
