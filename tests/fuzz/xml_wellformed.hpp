#pragma once
// A small XML 1.0 well-formedness check (§2.1 document, §2.2 Char, §2.4 character data, §3.1 tags and
// attributes, §4.1 references) for the subset the JUnit writer produces: an optional XML declaration,
// elements with double- or single-quoted attributes, text, entity and character references. No DTD,
// comments, PIs or CDATA (the writer emits none, so any of them is an error). Used by the fuzz targets
// and the hostile-strings tests; xmllint checks the same files in tests/reports/hostile.sh.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"
#include "tests/fuzz/oracle.hpp"

namespace v6r::test {

V6R_ORACLE inline bool xml_char(std::int32_t c) {
  return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
         (c >= 0x10000 && c <= 0x10ffff);
}

/// "" when `x` is a well-formed document; otherwise what is wrong and the byte offset.
V6R_ORACLE inline std::string xml_wellformed(std::string_view x) {
  // Indexed through the pointer: string_view's operator[] is instrumented wherever it is instantiated.
  const char* const xd = x.data();
  for (std::size_t i = 0; i < x.size();) {
    if (const auto b = static_cast<unsigned char>(xd[i]); b >= 0x20 && b < 0x80) {  // ASCII: a Char
      ++i;
      continue;
    }
    const auto u = utf8::decode(x, i);
    if (!u.valid()) return "not UTF-8 at " + std::to_string(i);
    if (!xml_char(u.cp)) return "not an XML Char at " + std::to_string(i);
    i += u.len;
  }
  std::size_t i = 0;
  auto err = [&](const char* what) V6R_ORACLE { return std::string(what) + " at " + std::to_string(i); };
  auto name_start = [](char c) V6R_ORACLE {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
  };
  auto name_char = [&](char c)
                       V6R_ORACLE { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; };
  auto name = [&]() V6R_ORACLE {
    const std::size_t s = i;
    if (i >= x.size() || !name_start(xd[i])) return std::string();
    while (i < x.size() && name_char(xd[i])) ++i;
    return std::string(x.substr(s, i - s));
  };
  auto space = [&]() V6R_ORACLE {
    const std::size_t s = i;
    while (i < x.size() && (xd[i] == ' ' || xd[i] == '\t' || xd[i] == '\n' || xd[i] == '\r')) ++i;
    return i > s;
  };
  // A reference starting at xd[i] == '&'.
  auto reference = [&]() V6R_ORACLE {
    const std::size_t semi = x.find(';', i);
    if (semi == std::string_view::npos) return false;
    const std::string_view r = x.substr(i + 1, semi - i - 1);
    bool ok = r == "amp" || r == "lt" || r == "gt" || r == "quot" || r == "apos";
    if (!ok && r.size() >= 2 && r[0] == '#') {
      const bool hex = r[1] == 'x';
      const std::string_view digits = r.substr(hex ? 2 : 1);
      std::uint32_t v = 0;
      ok = !digits.empty() && digits.size() <= 8;
      for (char c : digits) {
        int d = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0) ok = false;
        v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d < 0 ? 0 : d);
      }
      ok = ok && xml_char(static_cast<std::int32_t>(v));
    }
    if (ok) i = semi + 1;
    return ok;
  };
  if (x.substr(0, 5) == "<?xml") {
    const auto end = x.find("?>");
    if (end == std::string_view::npos) return err("unterminated XML declaration");
    i = end + 2;
  }
  space();
  std::vector<std::string> open;
  bool root_done = false;
  while (i < x.size()) {
    if (xd[i] == '<') {
      if (root_done) return err("content after the root element");
      ++i;
      if (i < x.size() && xd[i] == '/') {
        ++i;
        const auto n = name();
        space();
        if (n.empty() || open.empty() || open.back() != n || i >= x.size() || xd[i] != '>')
          return err("bad end tag");
        ++i;
        open.pop_back();
        if (open.empty()) root_done = true;
        continue;
      }
      const auto n = name();
      if (n.empty()) return err("bad start tag");
      std::set<std::string> attrs;
      for (;;) {
        const bool sp = space();
        if (i >= x.size()) return err("unterminated tag");
        if (xd[i] == '>' || (xd[i] == '/' && i + 1 < x.size() && xd[i + 1] == '>')) break;
        if (!sp) return err("no space before an attribute");
        const auto a = name();
        if (a.empty() || !attrs.insert(a).second) return err("bad or duplicate attribute");
        space();
        if (i >= x.size() || xd[i] != '=') return err("attribute without =");
        ++i;
        space();
        if (i >= x.size() || (xd[i] != '"' && xd[i] != '\'')) return err("unquoted attribute");
        const char q = x[i++];
        while (i < x.size() && xd[i] != q) {
          if (xd[i] == '<') return err("< in an attribute value");
          if (xd[i] == '&') {
            if (!reference()) return err("bad reference in an attribute value");
          } else {
            ++i;
          }
        }
        if (i >= x.size()) return err("unterminated attribute value");
        ++i;
      }
      if (xd[i] == '/') {
        i += 2;
        if (open.empty()) root_done = true;
      } else {
        ++i;
        open.push_back(n);
      }
      continue;
    }
    if (open.empty()) {
      if (!space()) return err("text outside the root element");
      continue;
    }
    if (xd[i] == '&') {
      if (!reference()) return err("bad reference in text");
      continue;
    }
    if (xd[i] == ']' && x.substr(i, 3) == "]]>") return err("]]> in text");
    ++i;
  }
  if (!open.empty() || !root_done) return "unclosed or missing root element";
  return "";
}

}  // namespace v6r::test
