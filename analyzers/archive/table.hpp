#pragma once
// The answer of a history query as one table, written for its medium (docs/archive.md "Output"): an
// aligned terminal table, CSV (RFC 4180) or JSON. Archive content is hostile input (it came from
// findings files): every text cell goes through the medium's escaper in core/escape.hpp; JSON is
// written ASCII-only (every non-ASCII character as \uXXXX).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace v6r::archive {

/// null, integer, number or text.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Column {
  std::string key;      ///< CSV header and JSON member name: [a-z_]+
  std::string heading;  ///< terminal heading (human text, translatable)
};

struct Table {
  std::string query;  ///< "site", "changes", ... (JSON "query")
  std::string title;  ///< one line above the terminal table (human text, English)
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  /// The title's variable parts by name (site, from, to, n, pace), so a terminal in another language
  /// can say the title in its own words (apps/v6analyze/cli_history_text.cpp).
  std::vector<std::pair<std::string, std::string>> title_args{};
};

/// Header, rule, one line per row; text cells cut to `max_width` characters. `no_rows` when empty.
std::string render_terminal(const Table& t, std::size_t max_width = 60,
                            std::string_view no_rows = "(no rows)");
/// Header line of column keys, one record per row, CRLF-free ("\n" line ends).
std::string render_csv(const Table& t);
/// {"query": ..., "title": ..., "columns": [keys], "rows": [{key: value}]}, 2-space indent, ASCII.
std::string render_json(const Table& t);

enum class Format { terminal, csv, json };
std::string render(const Table& t, Format f);

}  // namespace v6r::archive
