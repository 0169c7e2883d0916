#include "probes/net/resolv_conf.hpp"

#include <fstream>
#include <sstream>

namespace v6r::probe {

std::vector<ResolverAddress> parse_resolv_conf(std::string_view text) {
  std::vector<ResolverAddress> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (auto c = line.find_first_of("#;"); c != std::string_view::npos) line = line.substr(0, c);
    auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; };
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_space(line[i])) ++i;
      std::size_t start = i;
      while (i < line.size() && !is_space(line[i])) ++i;
      if (i > start) words.push_back(line.substr(start, i - start));
    }
    if (words.size() < 2 || words[0] != "nameserver") continue;
    std::string_view addr = words[1];
    std::string scope;
    if (auto pct = addr.find('%'); pct != std::string_view::npos) {
      scope = std::string(addr.substr(pct + 1));
      addr = addr.substr(0, pct);
    }
    auto ip = IpAddr::parse(addr);
    if (!ip) continue;
    out.push_back(ResolverAddress{*ip, 53, std::move(scope)});
  }
  return out;
}

std::optional<ResolverAddress> first_system_nameserver(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  auto all = parse_resolv_conf(ss.str());
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::string to_cares_csv(const std::vector<ResolverAddress>& servers) {
  std::string s;
  for (const auto& r : servers) {
    if (!s.empty()) s += ',';
    if (r.address.is_v6()) {
      s += '[' + r.address.to_string();
      if (!r.scope.empty()) s += '%' + r.scope;
      s += ']';
    } else {
      s += r.address.to_string();
    }
    s += ':' + std::to_string(r.port);
  }
  return s;
}

}  // namespace v6r::probe
