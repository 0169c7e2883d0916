#include "core/message_text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace v6r::i18n {
namespace {

bool sentence_id(std::string_view id) {
  static constexpr std::array<std::string_view, 8> kFamilies{"rootcause.", "summary.", "reason.", "planr.",
                                                             "explain.",   "xnote.",   "check.",  "fact."};
  return std::any_of(kFamilies.begin(), kFamilies.end(), [&](auto f) { return id.starts_with(f); });
}

std::optional<std::string> render_at(const Catalog& cat, const findings::MessageRef& m, std::size_t depth) {
  if (depth >= kMaxMessageDepth || !sentence_id(m.id)) return std::nullopt;
  const auto it = cat.messages().find(m.id);
  if (it == cat.messages().end()) return std::nullopt;
  std::vector<Arg> args;
  for (const auto& name : placeholders(it->second)) {
    const auto a = std::find_if(m.args.begin(), m.args.end(), [&](const auto& x) { return x.name == name; });
    if (a == m.args.end()) return std::nullopt;
    if (!a->items) {
      args.push_back({a->name, a->value});
      continue;
    }
    std::string out;
    const auto sep = cat.text("list.sep_facts");
    for (const auto& i : *a->items) {
      auto s = render_at(cat, i, depth + 1);
      if (!s) return std::nullopt;
      out += (out.empty() ? "" : sep) + *s;
    }
    args.push_back({a->name, std::move(out)});
  }
  return cat.find(m.id, args);
}

}  // namespace

std::optional<std::string> render_message(const Catalog& cat, const findings::MessageRef& m) {
  return render_at(cat, m, 0);
}

std::string message_or(const Catalog& cat, const std::optional<findings::MessageRef>& m,
                       const std::string& stored) {
  if (!m) return stored;
  return render_message(cat, *m).value_or(stored);
}

std::vector<std::string> messages_or(const Catalog& cat,
                                     const std::optional<std::vector<findings::MessageRef>>& ms,
                                     const std::vector<std::string>& stored) {
  if (!ms || ms->size() != stored.size()) return stored;
  std::vector<std::string> out;
  for (const auto& m : *ms) {
    auto s = render_message(cat, m);
    if (!s) return stored;
    out.push_back(std::move(*s));
  }
  return out;
}

namespace {

Message as_message(const findings::MessageRef& m) {
  Message out{m.id, {}};
  for (const auto& a : m.args) {
    if (!a.items) {
      out.args.emplace_back(a.name, a.value);
      continue;
    }
    std::vector<Message> list;
    for (const auto& i : *a.items) list.push_back(as_message(i));
    out.args.emplace_back(a.name, std::move(list));
  }
  return out;
}

}  // namespace

Message to_message(const std::optional<findings::MessageRef>& m, const std::string& stored) {
  if (!m || !render_message(Catalog::get(Lang::en), *m)) return verbatim(stored);
  return as_message(*m);
}

std::vector<Message> to_messages(const std::optional<std::vector<findings::MessageRef>>& ms,
                                 const std::vector<std::string>& stored) {
  std::vector<Message> out;
  const bool usable = ms && ms->size() == stored.size();
  for (std::size_t i = 0; i < stored.size(); ++i)
    out.push_back(usable ? to_message((*ms)[i], stored[i]) : verbatim(stored[i]));
  return out;
}

std::string english(const findings::MessageRef& m) {
  return render_message(Catalog::get(Lang::en), m).value_or(m.id);
}

findings::MessageArg value_arg(std::string name, std::string value) {
  return {std::move(name), std::move(value), std::nullopt};
}

findings::MessageArg list_arg(std::string name, std::vector<findings::MessageItem> items) {
  const auto& en = Catalog::get(Lang::en);
  std::string english_text;
  for (const auto& i : items)
    english_text +=
        (english_text.empty() ? "" : en.text("list.sep_facts")) + render_message(en, i).value_or(i.id);
  return {std::move(name), std::move(english_text), std::move(items)};
}

findings::MessageItem item(std::string id, std::vector<findings::MessageValue> args) {
  return {std::move(id), std::move(args)};
}

}  // namespace v6r::i18n
