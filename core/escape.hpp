#pragma once
// Output escaping, one function per medium, in one place (docs/output-escaping.md). Everything the tools
// write that holds bytes from outside (site paths, host names, reasons, DNS names from captures, file
// names, problems, findings.json text) goes through one of these at the point where it meets its
// medium; no writer concatenates raw input.
//
// Every medium shares one rule for characters that no output shows as themselves ("hidden"): C0
// controls, DEL, C1 controls, the bidirectional formatting characters of Unicode UAX #9 §2 (U+061C,
// U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), U+2028/U+2029 (line/paragraph separators), the
// noncharacters (U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF, which includes XML 1.0's excluded U+FFFE/U+FFFF)
// and every byte that is not part of well-formed UTF-8 (RFC 3629: also overlong forms and surrogates).
// They are written visibly as text: a byte below 0x80 or an invalid byte as "\x1b", a code point as
// "\u202e" (or "\U0010fffe" above the BMP). The output is therefore always well-formed UTF-8 with no
// hidden character, whatever the input. A backslash in the input is kept as it is (DNS names already
// use RFC 1035 "\DDD" escapes), so the escaped forms are for a human reader, not for decoding.
// Pure functions; nothing throws.
#include <cstdint>
#include <string>
#include <string_view>

namespace v6r::escape {

/// True for a code point that no output shows as itself (see above).
bool is_hidden(std::int32_t cp);

/// `s` with every hidden character written visibly, except the ASCII characters listed in `keep`
/// (e.g. "\n\t" for text whose line structure the caller vouches for). The medium functions build on it.
std::string visible(std::string_view s, std::string_view keep = {});

// ---- terminal ----------------------------------------------------------------------------------
/// One value on a terminal line (a site, host, reason, file name, DNS name, message): every hidden
/// character visible, including CR, LF and TAB, so a value can neither forge nor colour a line, nor
/// cut it (NUL) nor reverse it (U+202E).
std::string terminal(std::string_view value);
/// Text that the program itself laid out in lines (a summary built from terminal() values): LF and
/// TAB kept, every other hidden character visible. The guard of the terminal writers
/// (core/term_print.hpp). Returns `text` unchanged (and fast) when it is printable ASCII.
std::string terminal_text(std::string_view text);

// ---- XML 1.0 (JUnit) -----------------------------------------------------------------------------
/// Text content or a double- or single-quoted attribute value: & < > " ' as entity references, every
/// hidden character visible (so the result holds only XML 1.0 Chars, §2.2, and is always well-formed).
/// Line breaks are visible too: a multi-line body is written line by line by the caller.
std::string xml(std::string_view s);

// ---- HTML ---------------------------------------------------------------------------------------
/// Text content or a quoted attribute value: & < > " ' as character references, hidden characters
/// visible. Never produces markup.
std::string html(std::string_view s);
/// An untrusted run inside flow or phrasing content: html(s) inside <bdi>…</bdi> (HTML Living Standard
/// §4.5.24), so right-to-left text in it cannot reorder the text around it. Not for attribute values,
/// <title> or SVG text (use html()).
std::string html_isolated(std::string_view s);

// ---- CSV (RFC 4180) -----------------------------------------------------------------------------
/// One field: hidden characters visible (so a record is always one line), quoted with "" for " when it
/// holds , or " or has leading/trailing space; a field starting with = + - @ (a spreadsheet formula,
/// OWASP "CSV injection") gets a leading ' and quotes, so a spreadsheet shows the text.
std::string csv_field(std::string_view s);

// ---- Markdown (CommonMark / GitHub) -------------------------------------------------------------
/// Inline text or a table cell: hidden characters visible (never a line break), < > & as entity
/// references (no raw HTML), backslash before the punctuation that would start emphasis, code, links,
/// tables, headings, math or strikethrough (\ ` * _ [ ] | # ! ~ $), and before a leading - + = or an
/// ordered-list "1." / "1)" that would change the block structure at the start of a line.
std::string markdown(std::string_view s);

// ---- Prometheus text exposition format 0.0.4 ----------------------------------------------------
/// A label value (between double quotes): \ → \\, " → \", LF → \n as the format defines; every other
/// hidden character visible (its backslash doubled by the same rule), so the value is one line.
std::string prom_label(std::string_view s);

// ---- JSON (findings.json, diff --json, the bundle's run.json and results.jsonl) --------------------
/// JSON text as a serializer wrote it (well-formed UTF-8, e.g. nlohmann's dump with
/// error_handler_t::replace) with every hidden character that is still raw written as a \u escape
/// (RFC 8259 §7; above the BMP as a surrogate pair). The value is unchanged for any JSON reader; a person
/// viewing the file sees no bidi override or terminal control. LF, CR and TAB are kept: outside strings
/// they are whitespace, and inside strings a serializer has already escaped them.
std::string json(std::string_view json_text);

}  // namespace v6r::escape
