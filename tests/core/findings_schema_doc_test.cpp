// docs/findings-schema.md against the model (core/findings_keys.hpp), so the schema document cannot
// drift: every ```json example in it is read with the strict readers, and its field tables list exactly
// the model's key paths, types and presence (the meaning column is the document's own).
// UPDATE_DOCS=1 rewrites the first three columns of the tables from the model, keeping the meanings.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "core/findings.hpp"

namespace v6r::findings {
namespace {

const std::string kDoc = std::string(V6READY_SOURCE_DIR) + "/docs/findings-schema.md";

std::string read_doc() {
  std::ifstream in(kDoc, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> json_blocks(const std::string& md) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = md.find("\n```json\n", pos)) != std::string::npos) {
    const auto start = pos + 9;
    const auto end = md.find("\n```\n", start);
    if (end == std::string::npos) break;
    out.push_back(md.substr(start, end - start));
    pos = end;
  }
  return out;
}

struct Table {
  std::size_t begin = 0, end = 0;  ///< byte range of the rows (after the header lines)
  std::vector<jsonmodel::FieldRow> rows;
  std::map<std::string, std::string> meaning;
};

std::string cell(const std::string& s) {
  const auto a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

/// The table after "<!-- fields SCHEMA -->": rows "| `path` | type | presence | meaning |".
std::optional<Table> field_table(const std::string& md, const std::string& schema) {
  const std::string marker = "<!-- fields " + schema + " -->\n";
  auto at = md.find(marker);
  if (at == std::string::npos) return std::nullopt;
  Table t;
  std::size_t pos = at + marker.size();
  for (int header = 0; header < 2; ++header) pos = md.find('\n', pos) + 1;  // header and |---| lines
  t.begin = pos;
  while (pos < md.size() && md[pos] == '|') {
    const auto eol = md.find('\n', pos);
    const std::string line = md.substr(pos, eol - pos);
    std::vector<std::string> cells;
    std::size_t c = 1;
    for (std::size_t bar; (bar = line.find(" |", c)) != std::string::npos; c = bar + 2)
      cells.push_back(cell(line.substr(c, bar - c)));
    if (cells.size() == 4) {
      std::string path = cells[0];
      if (path.size() >= 2 && path.front() == '`' && path.back() == '`')
        path = path.substr(1, path.size() - 2);
      t.rows.push_back({path, cells[1], cells[2]});
      t.meaning[path] = cells[3];
    } else {
      t.rows.push_back({"(malformed row) " + line, "", ""});
    }
    pos = eol + 1;
  }
  t.end = pos;
  return t;
}

std::string render_rows(const std::vector<jsonmodel::FieldRow>& rows,
                        const std::map<std::string, std::string>& meaning) {
  std::string out;
  for (const auto& r : rows) {
    const auto m = meaning.find(r.path);
    out += "| `" + r.path + "` | " + r.type + " | " + r.presence + " | " +
           (m == meaning.end() ? "" : m->second) + " |\n";
  }
  return out;
}

void check_table(std::string& md, const std::string& schema, const std::vector<jsonmodel::FieldRow>& model) {
  auto t = field_table(md, schema);
  ASSERT_TRUE(t) << kDoc << " has no \"<!-- fields " << schema << " -->\" table";
  if (std::getenv("UPDATE_DOCS") != nullptr) {
    md = md.substr(0, t->begin) + render_rows(model, t->meaning) + md.substr(t->end);
    return;
  }
  EXPECT_EQ(render_rows(t->rows, {}), render_rows(model, {}))
      << kDoc << ": the " << schema
      << " field table differs from core/findings_keys.hpp (UPDATE_DOCS=1 rewrites it)";
  for (const auto& r : model)
    EXPECT_FALSE(t->meaning[r.path].empty()) << kDoc << ": no meaning for " << r.path;
}

TEST(FindingsSchemaDoc, FieldTablesMatchTheModel) {
  std::string md = read_doc();
  ASSERT_FALSE(md.empty()) << kDoc;
  check_table(md, std::string(kSchema), document_fields());
  check_table(md, std::string(kCaptureSchema), capture_document_fields());
  if (std::getenv("UPDATE_DOCS") != nullptr) std::ofstream(kDoc, std::ios::binary | std::ios::trunc) << md;
}

TEST(FindingsSchemaDoc, EveryJsonExampleIsReadStrictly) {
  const auto blocks = json_blocks(read_doc());
  ASSERT_GE(blocks.size(), 2u) << kDoc << ": expected a ```json example of each document";
  int findings = 0, capture = 0;
  for (const auto& b : blocks) {
    const auto j = nlohmann::json::parse(b, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "not valid JSON:\n" << b;
    if (j.value("schema", "") == kCaptureSchema) {
      auto d = read_capture_document(j);
      EXPECT_TRUE(d) << d.error() << "\n" << b;
      ++capture;
    } else {
      auto d = read_document(j);
      EXPECT_TRUE(d) << d.error() << "\n" << b;
      ++findings;
    }
  }
  EXPECT_GE(findings, 1);
  EXPECT_GE(capture, 1);
}

/// JSON text for the document: a value whose compact text fits in `width` characters on one line, else
/// one member or element per line, indented (the /3 example: the writer's output with line breaks).
void layout(const nlohmann::json& j, std::size_t indent, std::string& out) {
  constexpr std::size_t kWidth = 110;
  const std::string flat = j.dump(-1, ' ', false);
  if (indent + flat.size() <= kWidth || !(j.is_object() || j.is_array()) || j.empty()) {
    out += flat;
    return;
  }
  const std::string pad(indent + 2, ' ');
  out += j.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    out += (first ? "" : ",\n") + pad;
    first = false;
    if (j.is_object()) out += nlohmann::json(it.key()).dump() + ": ";
    layout(*it, indent + 2, out);
  }
  out += "\n" + std::string(indent, ' ') + (j.is_object() ? "}" : "]");
}

/// The ```json block after "<!-- compact example -->" (its byte range and text).
struct Block {
  std::size_t begin = 0, end = 0;
  std::string text;
};
std::optional<Block> compact_block(const std::string& md) {
  const std::string marker = "<!-- compact example -->\n```json\n";
  const auto at = md.find(marker);
  if (at == std::string::npos) return std::nullopt;
  Block b;
  b.begin = at + marker.size();
  b.end = md.find("\n```\n", b.begin);
  if (b.end == std::string::npos) return std::nullopt;
  b.text = md.substr(b.begin, b.end - b.begin);
  return b;
}

// The compact (/3) example is what the writer makes of the expanded (/2) example above it, the same
// document in the file's form (line breaks aside): `to_json_text` of it, parsed, equals the block, and
// the block reads back to the same model. UPDATE_DOCS=1 rewrites the block from the writer.
TEST(FindingsSchemaDoc, CompactExampleIsTheWritersOutputOfTheExample) {
  std::string md = read_doc();
  const auto blocks = json_blocks(md);
  ASSERT_FALSE(blocks.empty());
  const auto expanded = nlohmann::json::parse(blocks[0]);
  ASSERT_EQ(expanded.value("schema", ""), kSchemaExpanded) << "the first example is the expanded form";
  auto doc = read_document(expanded);
  ASSERT_TRUE(doc) << doc.error();
  const std::string text = to_json_text(*doc);
  auto b = compact_block(md);
  ASSERT_TRUE(b) << kDoc << " has no \"<!-- compact example -->\" ```json block";
  if (std::getenv("UPDATE_DOCS") != nullptr) {
    std::string out;
    layout(nlohmann::json::parse(text), 0, out);
    md = md.substr(0, b->begin) + out + md.substr(b->end);
    std::ofstream(kDoc, std::ios::binary | std::ios::trunc) << md;
    return;
  }
  const auto shown = nlohmann::json::parse(b->text, nullptr, false);
  ASSERT_FALSE(shown.is_discarded()) << "not valid JSON:\n" << b->text;
  EXPECT_EQ(shown, nlohmann::json::parse(text))
      << kDoc
      << ": the compact example is not the writer's output of the example (UPDATE_DOCS=1 rewrites it)";
  EXPECT_EQ(shown.value("schema", ""), kSchema);
  auto back = parse_document(b->text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(to_json_text(*back), text) << "the compact example reads back to the same document";
  // It is the compact form: the rules of "Compact form" left something out.
  EXPECT_TRUE(shown.contains("check_defaults") && shown.contains("bundle_defaults") &&
              shown.contains("coverage_rules"));
  EXPECT_TRUE(shown["sites"][0]["checks"].contains("columns"));
  EXPECT_LT(text.size(), to_expanded_json_text(*doc).size());
}

// The sample the reports are demonstrated with (docs/examples/) is a valid document too, and round-trips.
TEST(FindingsSchemaDoc, SampleDocumentIsValid) {
  auto d = load_document(std::string(V6READY_SOURCE_DIR) + "/docs/examples/findings-sample.json");
  ASSERT_TRUE(d) << d.error();
  const std::string text = to_json_text(*d);
  auto back = parse_document(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(to_json_text(*back), text);
}

}  // namespace
}  // namespace v6r::findings
