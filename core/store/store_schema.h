// @brief The store's SQL schema as numbered migrations (PRAGMA user_version records how
// many have run). Append a migration to change the schema; never edit a shipped one.
#pragma once

#include <sqlite3.h>

#include "core/base/error.h"

namespace kindred {

// The schema version this program writes.
int store_schema_version();

// Runs every migration the file has not had yet, each in its own transaction.
// kCorrupt if the file's version is newer than this program knows.
Status migrate_store(sqlite3* db, const std::string& path);

}  // namespace kindred
