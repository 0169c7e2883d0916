#pragma once
// A small RAII edge over the SQLite C API (Debian libsqlite3-dev) for the sweep archive: one connection
// (Db), prepared statements (Stmt) with typed binds and columns, and errors as text. Nothing here
// throws; every failing call returns the SQLite message (which never contains archive content: values
// are bound, never formatted into SQL).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace v6r::archive {

using Status = Expected<std::monostate, std::string>;

/// Errors that mean the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB) start with this.
inline constexpr std::string_view kDamaged = "damaged archive: ";
/// True for such an error text.
inline bool is_damage(std::string_view error) {
  return error.find(kDamaged) != std::string_view::npos;
}

class Stmt {
 public:
  Stmt() = default;
  Stmt(Stmt&&) noexcept;
  Stmt& operator=(Stmt&&) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  /// Parameters are 1-based, as in SQLite.
  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind_null(int i);
  Stmt& bind(int i, const std::optional<std::string>& v);

  /// true: a row is ready; false: done. Error text on failure.
  Expected<bool, std::string> step();
  /// Steps to the end (a statement that returns no row).
  Status run();
  /// Ready for new binds.
  void reset();

  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] std::int64_t i64(int col) const;
  [[nodiscard]] double f64(int col) const;
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] std::optional<std::string> opt_text(int col) const;

 private:
  friend class Db;
  sqlite3_stmt* s_ = nullptr;
  sqlite3* db_ = nullptr;
  int bind_rc_ = 0;  // first failing bind, reported by step()
};

enum class OpenMode { read_only, read_write, create };

class Db {
 public:
  Db() = default;
  Db(Db&&) noexcept;
  Db& operator=(Db&&) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  /// Opens `path` (no URI names, no shared cache). read_only never writes the file.
  static Expected<Db, std::string> open(const std::string& path, OpenMode mode);
  /// Runs one or more statements without results.
  Status exec(std::string_view sql);
  Expected<Stmt, std::string> prepare(std::string_view sql);
  /// The first column of the first row as an integer (PRAGMA user_version, COUNT(*)).
  Expected<std::int64_t, std::string> scalar(std::string_view sql);
  [[nodiscard]] std::int64_t last_insert_rowid() const;
  [[nodiscard]] std::int64_t changes() const;
  void close();

 private:
  sqlite3* db_ = nullptr;
};

/// Runs `BEGIN IMMEDIATE` now and `ROLLBACK` on destruction unless commit() succeeded.
class Transaction {
 public:
  static Expected<Transaction, std::string> begin(Db& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;
};

}  // namespace v6r::archive
