// @brief Store backup and restore through sqlite3_backup_* (see store_backup.h).
#include "core/store/store_backup.h"

#include <sqlite3.h>

#include <filesystem>

#include "core/store/store.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

// Copies the database `from` into a new file `to` with the online backup API. Pages
// are copied in steps so the server's writers wait at most one step for the lock.
Status online_copy(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return make_error(ErrorCode::kNotFound, from + ": no store here");
  if (fs::exists(to, ec)) return make_error(ErrorCode::kInvalidArgument, to + ": already exists; will not overwrite it");
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto close_both = [&] {
    sqlite3_close(src);
    sqlite3_close(dst);
  };
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = from + ": " + sqlite3_errmsg(src);
    close_both();
    return make_error(ErrorCode::kIo, message);
  }
  sqlite3_busy_timeout(src, 5000);
  if (sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string message = to + ": " + sqlite3_errmsg(dst);
    close_both();
    return make_error(ErrorCode::kIo, message);
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  if (backup == nullptr) {
    std::string message = to + ": " + sqlite3_errmsg(dst);
    close_both();
    fs::remove(to, ec);
    return make_error(ErrorCode::kIo, message);
  }
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    std::string message = from + ": backup: " + sqlite3_errstr(rc);
    close_both();
    fs::remove(to, ec);
    return make_error(ErrorCode::kIo, message);
  }
  close_both();
  return Ok{};
}

}  // namespace

Status backup_store(const std::string& store_path, const std::string& dest) {
  if (Status s = online_copy(store_path, dest); !s) return s;
  auto copy = Store::open(dest);  // the copy must be a store we can open, or it is no backup
  if (!copy) return make_error(ErrorCode::kCorrupt, dest + ": the copy does not open: " + copy.error().message);
  return Ok{};
}

Status restore_store(const std::string& backup, const std::string& store_path) {
  if (Status s = online_copy(backup, store_path); !s) return s;
  auto restored = Store::open(store_path);
  if (!restored) {
    std::error_code ec;
    fs::remove(store_path, ec);
    return make_error(ErrorCode::kCorrupt, backup + ": not a Kindred store: " + restored.error().message);
  }
  return Ok{};
}

}  // namespace kindred
