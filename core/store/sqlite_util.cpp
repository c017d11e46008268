// @brief See sqlite_util.h.
#include "core/store/sqlite_util.h"

namespace kindred::sql {

Error error(sqlite3* db, std::string_view doing) {
  // A full disk is the likeliest failure in practice: say plainly that nothing was saved.
  if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_FULL) {
    return make_error(ErrorCode::kIo, "the server's disk is full: nothing was saved; please try again later (" +
                                          std::string(doing) + ")");
  }
  return make_error(ErrorCode::kIo, std::string(doing) + ": " + sqlite3_errmsg(db));
}

Stmt::Stmt(sqlite3* db, std::string_view sql) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}

Stmt& Stmt::bind(int index, int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}

Stmt& Stmt::bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

std::string Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Status exec(sqlite3* db, const char* sql, std::string_view doing) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_FULL) return error(db, doing);
    return make_error(ErrorCode::kIo, std::string(doing) + ": " + text);
  }
  return Ok{};
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::begin() {
  if (Status s = exec(db_, "BEGIN IMMEDIATE", "starting a transaction"); !s) return s;
  open_ = true;
  return Ok{};
}

Status Transaction::commit() {
  if (Status s = exec(db_, "COMMIT", "committing"); !s) return s;
  open_ = false;
  return Ok{};
}

}  // namespace kindred::sql
