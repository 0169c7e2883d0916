#pragma once
// Shared by the sweep generators (tests/archive/gen_sweeps.cpp: weekly sweeps for the archive;
// tests/reports/gen_national.cpp: one national-scale sweep): both rewrite the sites of a real
// findings.json, the template, and pick them with the same deterministic mixer.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "core/findings.hpp"

namespace v6r::testgen {

/// splitmix64: the same on every platform, so a generated sweep is the same everywhere.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// A count on the command line: a whole number >= 1.
inline std::optional<int> count_arg(std::string_view s) {
  int n = 0;
  if (std::from_chars(s.data(), s.data() + s.size(), n).ec != std::errc() || n < 1) return std::nullopt;
  return n;
}

/// The template findings.json, with at least one site; nullopt after saying why on stderr as "TOOL: ...".
inline std::optional<findings::Document> load_template(const char* tool, const char* path) {
  auto tpl = findings::load_document(path);
  if (!tpl) {
    std::fprintf(stderr, "%s: %s\n", tool, tpl.error().c_str());
    return std::nullopt;
  }
  if (tpl->sites.empty()) {
    std::fprintf(stderr, "%s: %s: no sites to take\n", tool, path);
    return std::nullopt;
  }
  return std::move(*tpl);
}

}  // namespace v6r::testgen
