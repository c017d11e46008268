// @brief kindred-admin backup / restore: the store and the live index, copied while the
// server runs, into one directory; and a fresh machine brought back from it.
//
// A backup directory holds `index/` (a Xapian database: the live generation, compacted),
// `kindred.db` (the store, by SQLite's online backup) and, written last, `backup.json`
// (what was copied and when): a directory without it is an unfinished backup and restore
// refuses it. The index is copied before the store, so the store is never older than the
// index; the server started on a restore applies the approvals the index lacks.
#pragma once

#include <string>

namespace kindred {

// Both print what they did (or the error) and return the exit status (0 done, 1 error).
int admin_backup(const std::string& store_path, const std::string& index_path, const std::string& dir);
// Restores into `store_path` and `index_path`, neither of which may exist.
int admin_restore(const std::string& store_path, const std::string& index_path, const std::string& dir);

}  // namespace kindred
