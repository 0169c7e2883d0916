#pragma once
// Escaping for every output format. Findings carry text from the network (DNS names, reasons), so
// every string goes through one of these before it reaches a file.
#include <string>
#include <string_view>

namespace v6r::report {

/// HTML text and attribute values: & < > " ' escaped.
std::string html_escape(std::string_view s);
/// XML 1.0 text and attribute values: & < > " ' escaped, \t \n \r kept as character references in
/// attributes (so they survive attribute-value normalisation), other C0 controls (not allowed in
/// XML 1.0) replaced by U+FFFD.
std::string xml_escape(std::string_view s);
/// One CSV field per RFC 4180 §2: quoted (with "" for ") when it holds , " CR or LF, or leading/trailing space.
std::string csv_field(std::string_view s);
/// A Prometheus label value (text exposition format): \ → \\, " → \", newline → \n.
std::string prom_label(std::string_view s);
/// Markdown table cell / inline text: no raw HTML, no table breaks, no newlines.
std::string md_escape(std::string_view s);

}  // namespace v6r::report
