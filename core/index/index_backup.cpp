// @brief Index backup and restore by compaction (see index_backup.h).
#include "core/index/index_backup.h"

#include <filesystem>

#include <xapian.h>

#include "core/index/index_store.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

// Copies of the live index tried before another is taken under its write lock (and then
// tried again, in case a writer ignores the lock).
constexpr int kAttempts = 3;

// Compacts one revision of the database at `from` into `to`, starting again, up to
// `attempts` times in all, if a writer replaces what the reader needs (then kConflict).
// Docids are kept: nothing else refers to them, but a copy that changes nothing is easier
// to trust.
Expected<IndexCopy> compact_copy(const std::string& from, const std::string& to, int attempts) {
  std::error_code ec;
  for (int attempt = 1;; ++attempt) {
    try {
      Xapian::Database db(from);
      IndexCopy copy{from, db.get_doccount(), db.get_revision()};
      db.compact(to, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DB_BACKEND_GLASS);
      return copy;
    } catch (const Xapian::DatabaseModifiedError& e) {
      fs::remove_all(to, ec);
      if (attempt >= attempts) {
        return make_error(ErrorCode::kConflict, from + ": kept changing during the copy: " + e.get_msg());
      }
    } catch (const Xapian::Error& e) {
      fs::remove_all(to, ec);
      return make_error(ErrorCode::kIo, from + ": copy to " + to + ": " + e.get_description());
    }
  }
}

}  // namespace

Expected<IndexCopy> backup_index(const std::string& index_path, const std::string& dest) {
  std::error_code ec;
  if (fs::exists(dest, ec)) return make_error(ErrorCode::kInvalidArgument, dest + ": already exists; will not overwrite it");
  std::string generation = IndexStore(index_path).current_generation();
  if (generation.empty()) return make_error(ErrorCode::kNotFound, index_path + ": no index here");
  // The generation, not the stub: a rebuild that publishes meanwhile may remove an older
  // generation, but never the one it replaced, which is this one (index_store.h).
  auto copy = compact_copy(generation, dest, kAttempts);
  if (copy || copy.error().code != ErrorCode::kConflict) return copy;
  // Approvals commit faster than the copy can be taken (Xapian keeps a revision only
  // until the second commit after it). Hold the live index's write lock, which every
  // incremental update takes (index_store.h), so that none commits during the copy: they
  // wait for it rather than the backup failing. Only then, so that a quiet index is
  // copied without making anyone wait.
  auto lock = IndexStore::lock_writes(index_path);
  if (!lock) return lock.error();
  generation = IndexStore(index_path).current_generation();  // a build may have published
  if (generation.empty()) return make_error(ErrorCode::kNotFound, index_path + ": no index here");
  return compact_copy(generation, dest, kAttempts);
}

Expected<IndexCopy> restore_index(const std::string& backup, const std::string& index_path) {
  std::error_code ec;
  if (fs::exists(index_path, ec)) {
    return make_error(ErrorCode::kInvalidArgument, index_path + ": already exists; a restore never overwrites an index");
  }
  IndexStore store(index_path);
  if (fs::path(index_path).has_parent_path()) fs::create_directories(fs::path(index_path).parent_path(), ec);
  if (Status s = store.lock(); !s) return s.error();
  auto generation = store.new_generation();
  if (!generation) return generation.error();
  fs::remove_all(*generation, ec);  // compaction creates the directory itself
  auto copy = compact_copy(backup, *generation, 1);  // a backup does not change
  if (!copy) return copy.error();
  if (Status s = store.publish(*generation); !s) return s.error();
  return copy;
}

}  // namespace kindred
