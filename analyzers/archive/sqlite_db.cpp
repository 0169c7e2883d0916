// The SQLite edge of the sweep archive (analyzers/archive/sqlite_db.hpp).
#include "analyzers/archive/sqlite_db.hpp"

#include <sqlite3.h>

#include <utility>

namespace v6r::archive {

namespace {
std::string message(sqlite3* db, int rc) {
  std::string m = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (m.empty()) m = sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return std::string(kDamaged) + m;
  return m;
}
}  // namespace

// ---- Stmt -----------------------------------------------------------------------------------------
Stmt::Stmt(Stmt&& o) noexcept
    : s_(std::exchange(o.s_, nullptr)), db_(std::exchange(o.db_, nullptr)), bind_rc_(o.bind_rc_) {}
Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_ != nullptr) sqlite3_finalize(s_);
    s_ = std::exchange(o.s_, nullptr);
    db_ = std::exchange(o.db_, nullptr);
    bind_rc_ = o.bind_rc_;
  }
  return *this;
}
Stmt::~Stmt() {
  if (s_ != nullptr) sqlite3_finalize(s_);
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  const int rc = sqlite3_bind_int64(s_, i, v);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  const int rc = sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  const int rc = sqlite3_bind_double(s_, i, v);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  const int rc = sqlite3_bind_null(s_, i);
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
  return *this;
}
Stmt& Stmt::bind(int i, const std::optional<std::string>& v) {
  return v ? bind(i, std::string_view(*v)) : bind_null(i);
}

Expected<bool, std::string> Stmt::step() {
  if (bind_rc_ != 0) return Unexpected{std::string("bind: ") + sqlite3_errstr(bind_rc_)};
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Unexpected{message(db_, rc)};
}
Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return Unexpected{r.error()};
    if (!*r) break;
  }
  reset();
  return std::monostate{};
}
void Stmt::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  bind_rc_ = 0;
}
bool Stmt::is_null(int col) const {
  return sqlite3_column_type(s_, col) == SQLITE_NULL;
}
std::int64_t Stmt::i64(int col) const {
  return sqlite3_column_int64(s_, col);
}
double Stmt::f64(int col) const {
  return sqlite3_column_double(s_, col);
}
std::string Stmt::text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  const int n = sqlite3_column_bytes(s_, col);
  return p != nullptr ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
                      : std::string();
}
std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

// ---- Db -------------------------------------------------------------------------------------------
Db::Db(Db&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    close();
    db_ = std::exchange(o.db_, nullptr);
  }
  return *this;
}
Db::~Db() {
  close();
}
void Db::close() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Expected<Db, std::string> Db::open(const std::string& path, OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
  flags |= mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::create) flags |= SQLITE_OPEN_CREATE;
  Db d;
  const int rc = sqlite3_open_v2(path.c_str(), &d.db_, flags, nullptr);
  if (rc != SQLITE_OK) return Unexpected{message(d.db_, rc)};
  sqlite3_extended_result_codes(d.db_, 1);
  sqlite3_busy_timeout(d.db_, 5000);  // another importer holds the write lock: wait, bounded
  return d;
}

Status Db::exec(std::string_view sql) {
  const std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return std::monostate{};
  std::string m = err != nullptr ? err : message(db_, rc);
  sqlite3_free(err);
  return Unexpected{m};
}

Expected<Stmt, std::string> Db::prepare(std::string_view sql) {
  Stmt st;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &st.s_, nullptr);
  if (rc != SQLITE_OK) return Unexpected{message(db_, rc)};
  st.db_ = db_;
  return st;
}

Expected<std::int64_t, std::string> Db::scalar(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) return Unexpected{st.error()};
  auto r = st->step();
  if (!r) return Unexpected{r.error()};
  if (!*r) return Unexpected{std::string("no row")};
  return st->i64(0);
}

std::int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}
std::int64_t Db::changes() const {
  return sqlite3_changes64(db_);
}

// ---- Transaction ----------------------------------------------------------------------------------
Expected<Transaction, std::string> Transaction::begin(Db& db) {
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return Unexpected{r.error()};
  return Transaction(&db);
}
Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}
Status Transaction::commit() {
  auto r = db_->exec("COMMIT");
  if (r) db_ = nullptr;
  return r;
}

}  // namespace v6r::archive
