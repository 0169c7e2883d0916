#include "core/message.hpp"

#include <algorithm>

namespace v6r {

bool MessageArg::operator==(const MessageArg& o) const {
  return name == o.name && value == o.value && items == o.items;
}

using nlohmann::json;

json message_json(const MessageRef& m) {
  json args = json::array();
  for (const auto& a : m.args) {
    json o = {{"name", a.name}, {"value", a.value}};
    if (a.items) {
      json items = json::array();
      for (const auto& i : *a.items) items.push_back(message_json(i));
      o["items"] = std::move(items);
    }
    args.push_back(std::move(o));
  }
  return {{"id", m.id}, {"args", std::move(args)}};
}

namespace {

/// [a-z0-9_]; an id also '.' and '-' (the analyzer's ids end in an enum's text: fact.mode.ipv6-only).
bool word(std::string_view s, std::size_t max, bool id) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (id && (c == '.' || c == '-'));
  });
}

bool only(const json& o, std::initializer_list<std::string_view> keys, std::string& field, std::string& why,
          const std::string& at) {
  for (const auto& [k, v] : o.items())
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
      field = at + k;
      why = "unknown field";
      return false;
    }
  return true;
}

bool read(const json& j, std::size_t depth, std::size_t max_depth, const std::string& at, MessageRef& out,
          std::string& field, std::string& why) {
  const auto fail = [&](std::string f, std::string w) {
    field = std::move(f);
    why = std::move(w);
    return false;
  };
  if (!j.is_object()) return fail(at.empty() ? "" : at.substr(0, at.size() - 1), "must be an object");
  if (!only(j, {"id", "args"}, field, why, at)) return false;
  const auto id = j.find("id");
  if (id == j.end() || !id->is_string() || !word(id->get_ref<const std::string&>(), 96, true))
    return fail(at + "id", "must be a message id of a-z 0-9 _ . - (1..96)");
  out.id = id->get<std::string>();
  const auto args = j.find("args");
  if (args == j.end() || !args->is_array() || args->size() > 32)
    return fail(at + "args", "must be an array of at most 32 arguments");
  for (std::size_t i = 0; i < args->size(); ++i) {
    const std::string ap = at + "args[" + std::to_string(i) + "].";
    const json& a = (*args)[i];
    if (!a.is_object()) return fail(ap.substr(0, ap.size() - 1), "must be an object");
    if (!only(a, {"name", "value", "items"}, field, why, ap)) return false;
    MessageArg arg;
    const auto name = a.find("name");
    if (name == a.end() || !name->is_string() || !word(name->get_ref<const std::string&>(), 32, false))
      return fail(ap + "name", "must be a placeholder name of a-z 0-9 _ (1..32)");
    arg.name = name->get<std::string>();
    const auto value = a.find("value");
    if (value == a.end() || !value->is_string()) return fail(ap + "value", "must be a string");
    arg.value = value->get<std::string>();
    if (const auto items = a.find("items"); items != a.end()) {
      if (depth + 1 >= max_depth)
        return fail(ap + "items", "nested deeper than " + std::to_string(max_depth) + " messages");
      if (!items->is_array() || items->size() > 64)
        return fail(ap + "items", "must be an array of at most 64 messages");
      arg.items.emplace();
      for (std::size_t k = 0; k < items->size(); ++k) {
        MessageRef sub;
        if (!read((*items)[k], depth + 1, max_depth, ap + "items[" + std::to_string(k) + "].", sub, field,
                  why))
          return false;
        arg.items->push_back(std::move(sub));
      }
    }
    out.args.push_back(std::move(arg));
  }
  return true;
}

}  // namespace

std::optional<MessageRef> message_from_json(const json& j, std::string& field, std::string& why,
                                            std::size_t max_depth) {
  MessageRef m;
  if (!read(j, 0, max_depth, "", m, field, why)) return std::nullopt;
  return m;
}

}  // namespace v6r
