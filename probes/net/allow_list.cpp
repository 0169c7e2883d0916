#include "probes/net/allow_list.hpp"

#include "core/rfc6052.hpp"

namespace v6r::probe {

Expected<AllowList, std::string> AllowList::parse(const std::vector<std::string>& texts) {
  std::vector<Prefix> out;
  out.reserve(texts.size());
  for (const auto& t : texts) {
    auto p = Prefix::parse(t);
    if (!p) return Unexpected{"allow-list entry '" + t + "': " + p.error()};
    out.push_back(*p);
  }
  return AllowList(std::move(out));
}

std::string AllowList::describe() const {
  std::string s = "[";
  for (std::size_t i = 0; i < prefixes_.size(); ++i) {
    if (i) s += ", ";
    s += prefixes_[i].to_string();
  }
  return s + "]";
}

Expected<Ok, std::string> AllowList::check(const IpAddr& a) const {
  for (const auto& p : prefixes_) {
    if (p.family() == a.family() && p.contains(a)) return Ok{};
  }
  if (prefixes_.empty()) return Unexpected{a.to_string() + " refused: the scenario allow-list is empty"};
  return Unexpected{a.to_string() + " is outside the scenario allow-list " + describe()};
}

Expected<Ok, std::string> AllowList::check_synthesized(const Ipv6Addr& v6, const Prefix& pref64) const {
  auto outer = check(IpAddr(v6));
  if (!outer) return Unexpected{"synthesized address " + outer.error()};
  auto ex = addr::extract(pref64, v6);
  if (!ex) {
    return Unexpected{"synthesized address " + v6.to_string() + " under " + pref64.to_string() +
                      ": cannot extract the embedded IPv4 address (" + ex.error().message + ")"};
  }
  auto inner = check(IpAddr(ex->ipv4));
  if (!inner) {
    return Unexpected{"IPv4 address " + ex->ipv4.to_string() + " embedded in synthesized " + v6.to_string() +
                      " (" + pref64.to_string() + ") is outside the scenario allow-list " + describe()};
  }
  return Ok{};
}

}  // namespace v6r::probe
