#pragma once
// The sweep archive's file: one SQLite database (docs/archive.md). Its identity and version live in the
// database header: PRAGMA application_id = kApplicationId marks a v6ready archive, PRAGMA user_version
// = the schema version. open_archive() reads both from the first 100 bytes of the file *before* SQLite
// opens it for writing, so a foreign or corrupt file gets a clear error and is never modified.
// Migrations run forward only, one transaction each (schema.cpp: one list, version n → n+1).
#include <cstdint>
#include <string>

#include "analyzers/archive/sqlite_db.hpp"
#include "core/expected.hpp"

namespace v6r::archive {

/// "v6ar" in the header's application_id field (offset 68).
inline constexpr std::int64_t kApplicationId = 0x76366172;
/// The schema this build writes; archives at a lower version are migrated forward on open for writing.
inline constexpr int kSchemaVersion = 3;

enum class Access { read, write };

/// Opens an archive. read: the file must exist and be an archive this build can read. write: created
/// when missing (or empty), migrated forward to kSchemaVersion, WAL mode, synchronous FULL, foreign keys
/// on. Errors (exit 2 at the CLI) name the file and say what it is instead: not an SQLite database, an
/// SQLite database of another application, a newer schema, a damaged database.
Expected<Db, std::string> open_archive(const std::string& path, Access access);

/// Applies the migrations from the current user_version up to `target` (tests build older archives).
Status migrate(Db& db, int target);

/// PRAGMA user_version.
Expected<int, std::string> schema_version(Db& db);

}  // namespace v6r::archive
