// @brief A thin RAII layer over the SQLite C API for core/store*.cpp: prepared
// statements with typed binds and columns, transactions that roll back unless
// committed, and errors turned into kindred::Error.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace kindred::sql {

// kIo with SQLite's own message, prefixed by what we were doing.
Error error(sqlite3* db, std::string_view doing);

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);  // check ok() before use
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Stmt& bind(int index, int64_t v);
  Stmt& bind(int index, std::string_view v);
  Stmt& bind_null(int index);

  // SQLITE_ROW: a row is ready; SQLITE_DONE: finished; anything else is an error.
  int step() { return sqlite3_step(stmt_); }
  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs SQL without results (several statements allowed).
Status exec(sqlite3* db, const char* sql, std::string_view doing);

// BEGIN IMMEDIATE (so writers queue at the start rather than fail at commit); rolls back
// in the destructor unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status begin();
  Status commit();

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace kindred::sql
