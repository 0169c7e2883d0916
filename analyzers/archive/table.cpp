// History query tables for the terminal, CSV and JSON (analyzers/archive/table.hpp).
#include "analyzers/archive/table.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/escape.hpp"
#include "core/utf8.hpp"

namespace v6r::archive {

namespace {

std::string plain(const Cell& c) {
  if (std::holds_alternative<std::int64_t>(c)) return std::to_string(std::get<std::int64_t>(c));
  if (std::holds_alternative<double>(c)) return fmt::format("{:.3f}", std::get<double>(c));
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  return {};
}

bool numeric(const Cell& c) {
  return std::holds_alternative<std::int64_t>(c) || std::holds_alternative<double>(c);
}

}  // namespace

std::string render_terminal(const Table& t, std::size_t max_width, std::string_view no_rows) {
  const std::size_t n = t.columns.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(t.rows.size() + 1);
  std::vector<std::string> head;
  for (const auto& c : t.columns) head.push_back(escape::terminal(c.heading));
  cells.push_back(std::move(head));
  for (const auto& row : t.rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < n; ++i) {
      const Cell& c = i < row.size() ? row[i] : Cell{};
      if (std::holds_alternative<std::monostate>(c))
        line.emplace_back("-");
      else
        line.push_back(escape::terminal(utf8::truncate(plain(c), max_width)));
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> width(n, 0);
  for (const auto& line : cells)
    for (std::size_t i = 0; i < n; ++i) width[i] = std::max(width[i], utf8::count_chars(line[i]));
  std::string out = escape::terminal(t.title) + "\n";
  auto put = [&](const std::vector<std::string>& line, const std::vector<Cell>* row) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pad = width[i] - utf8::count_chars(line[i]);
      const bool right = row != nullptr && i < row->size() && numeric((*row)[i]);
      if (i > 0) s += "  ";
      if (right) s.append(pad, ' ');
      s += line[i];
      if (!right && i + 1 < n) s.append(pad, ' ');
    }
    out += s + "\n";
  };
  put(cells[0], nullptr);
  std::string rule;
  for (std::size_t i = 0; i < n; ++i) rule += (i > 0 ? "  " : "") + std::string(width[i], '-');
  out += rule + "\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) put(cells[r + 1], &t.rows[r]);
  if (t.rows.empty()) out += escape::terminal(no_rows) + "\n";
  return out;
}

std::string render_csv(const Table& t) {
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    out += (i > 0 ? "," : "") + escape::csv_field(t.columns[i].key);
  out += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i > 0) out += ",";
      if (i < row.size()) out += escape::csv_field(plain(row[i]));
    }
    out += "\n";
  }
  return out;
}

std::string render_json(const Table& t) {
  nlohmann::json j = nlohmann::json::object();
  j["query"] = t.query;
  j["title"] = t.title;
  j["columns"] = nlohmann::json::array();
  for (const auto& c : t.columns) j["columns"].push_back(c.key);
  j["rows"] = nlohmann::json::array();
  for (const auto& row : t.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const Cell& c = i < row.size() ? row[i] : Cell{};
      auto& v = o[t.columns[i].key];
      if (std::holds_alternative<std::int64_t>(c))
        v = std::get<std::int64_t>(c);
      else if (std::holds_alternative<double>(c))
        v = std::get<double>(c);
      else if (std::holds_alternative<std::string>(c))
        v = std::get<std::string>(c);
      else
        v = nullptr;
    }
    j["rows"].push_back(std::move(o));
  }
  // ASCII only; bytes that are not UTF-8 become U+FFFD instead of an exception.
  return j.dump(2, ' ', true, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render(const Table& t, Format f) {
  switch (f) {
    case Format::csv:
      return render_csv(t);
    case Format::json:
      return render_json(t);
    case Format::terminal:
      break;
  }
  return render_terminal(t);
}

}  // namespace v6r::archive
