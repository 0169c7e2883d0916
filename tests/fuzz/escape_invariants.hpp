#pragma once
// The output escapers' invariants (core/escape.hpp, core/utf8.hpp), one function per medium, shared by
// core_escape (every medium on each input: the whole-document target) and the per-medium targets
// core_escape_terminal, core_escape_markup, core_escape_table and core_escape_truncate, which do one
// part of that work each so that a long run reaches its depth in minutes (docs/fuzzing.md).
// Invariants, for every medium: the output is well-formed UTF-8 with no hidden character (no control
// byte, no bidi control, no noncharacter; terminal_text keeps only LF and TAB); escaping twice changes
// nothing more than escaping the escaped text; XML text and attribute values parse (as the content of an
// element and as an attribute value); HTML has no '<' and only known references; a CSV field is one
// RFC 4180 field on one line; a Markdown value is one line with no raw '<' or unescaped '|'; a
// Prometheus label value has no raw '"' or LF and only \\ \" \n escapes; utf8::truncate returns a
// prefix of the input (plus the ellipsis) of at most n characters. A violation traps.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/escape.hpp"
#include "core/utf8.hpp"
#include "tests/fuzz/xml_wellformed.hpp"

namespace v6r::fuzz {

inline void check(bool ok) {
  if (!ok) __builtin_trap();
}

/// Well-formed UTF-8 without a hidden character other than those in `keep`.
inline void clean(std::string_view out, std::string_view keep = {}) {
  for (std::size_t i = 0; i < out.size();) {
    const auto u = utf8::decode(out, i);
    check(u.valid());
    if (escape::is_hidden(u.cp))
      check(u.cp < 0x80 && keep.find(static_cast<char>(u.cp)) != std::string_view::npos);
    i += u.len;
  }
}

/// Only the references the escapers write.
inline void known_references(std::string_view out, std::string_view apostrophe) {
  for (std::size_t i = out.find('&'); i != std::string_view::npos; i = out.find('&', i + 1)) {
    const auto rest = out.substr(i);
    check(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;") ||
          rest.starts_with("&quot;") || rest.starts_with(apostrophe));
  }
}

/// escape::visible, escape::terminal and escape::terminal_text.
inline void check_terminal(std::string_view in) {
  const auto vis = escape::visible(in);
  clean(vis);
  check(escape::visible(vis) == vis);  // nothing hidden is left to escape
  check(utf8::valid(in) || vis != in);

  const auto term = escape::terminal(in);
  clean(term);
  for (const unsigned char c : term) check(c >= 0x20 && c != 0x7f);
  const auto text = escape::terminal_text(in);
  clean(text, "\n\t");
  check(escape::terminal_text(text) == text);
}

/// escape::xml, escape::html and escape::html_isolated.
inline void check_markup(std::string_view in) {
  const auto xml = escape::xml(in);
  clean(xml);
  check(test::xml_wellformed("<a x=\"" + xml + "\" y='" + xml + "'>" + xml + "</a>").empty());
  known_references(xml, "&apos;");

  const auto html = escape::html(in);
  clean(html);
  check(html.find('<') == std::string::npos && html.find('>') == std::string::npos);
  known_references(html, "&#39;");
  const auto iso = escape::html_isolated(in);
  check(iso == "<bdi>" + html + "</bdi>");
}

/// escape::csv_field, escape::markdown and escape::prom_label.
inline void check_table(std::string_view in) {
  const auto csv = escape::csv_field(in);
  clean(csv);
  if (!csv.empty() && csv.front() == '"') {
    check(csv.size() >= 2 && csv.back() == '"');
    const auto inner = std::string_view(csv).substr(1, csv.size() - 2);
    for (std::size_t i = 0; i < inner.size(); ++i)
      if (inner[i] == '"') check(i + 1 < inner.size() && inner[++i] == '"');
    check(inner.empty() ||
          std::string_view("=+-@").find(in.empty() ? ' ' : in.front()) == std::string_view::npos ||
          inner.front() == '\'');
  } else {
    check(csv.find_first_of(",\"") == std::string::npos);
    check(csv.empty() || std::string_view("=+-@").find(csv.front()) == std::string_view::npos);
  }

  const auto md = escape::markdown(in);
  clean(md);
  check(md.find('<') == std::string::npos && md.find('>') == std::string::npos);
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '\\') {
      ++i;  // an escaped character
      continue;
    }
    check(std::string_view("|`*_[]#!~$").find(md[i]) == std::string_view::npos);
  }

  const auto prom = escape::prom_label(in);
  clean(prom);
  for (std::size_t i = 0; i < prom.size(); ++i) {
    check(prom[i] != '"');
    if (prom[i] == '\\') {
      check(i + 1 < prom.size() && (prom[i + 1] == '\\' || prom[i + 1] == '"' || prom[i + 1] == 'n'));
      ++i;
    }
  }
}

/// utf8::truncate to n = (first octet % 64) characters.
inline void check_truncate(std::string_view in) {
  const std::size_t n = in.empty() ? 0 : static_cast<unsigned char>(in.front()) % 64;
  const auto cut = utf8::truncate(in, n);
  check(utf8::count_chars(cut) <= n);
  if (utf8::count_chars(in) <= n) {
    check(cut == in);
  } else if (n == 0) {
    check(cut.empty());
  } else {
    const std::string_view mark = "\u2026";
    check(cut.size() >= mark.size() && cut.substr(cut.size() - mark.size()) == mark);
    const auto kept = std::string_view(cut).substr(0, cut.size() - mark.size());
    check(kept.size() < in.size() && in.substr(0, kept.size()) == kept);
    check(!utf8::valid(in) || utf8::valid(cut));
  }
}

}  // namespace v6r::fuzz
