#include "core/json_document.hpp"

#include "core/escape.hpp"

namespace v6r::jsonmodel {

std::string document_text(const json& j) {
  return escape::json(j.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

Expected<std::string, std::string> read_schema(const json& j, std::string_view noun,
                                               std::initializer_list<std::string_view> reads) {
  if (!j.is_object())
    return Unexpected{"not a " + std::string(noun) + " document: the top level is not a JSON object"};
  const auto it = j.find("schema");
  if (it == j.end())
    return Unexpected{"schema: missing (not a " + std::string(noun) + " document; expected \"" +
                      std::string(*reads.begin()) + "\")"};
  if (it->is_string())
    for (const auto v : reads)
      if (it->get_ref<const std::string&>() == v) return std::string(v);
  std::string versions;
  for (const auto v : reads) versions += (versions.empty() ? "\"" : " and \"") + std::string(v) + "\"";
  return Unexpected{"schema: unsupported " + std::string(noun) + " schema " + show(*it) +
                    " (this build reads " + versions + ")"};
}

}  // namespace v6r::jsonmodel
