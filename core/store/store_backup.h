// @brief A consistent copy of the store while the server writes to it, and bringing a
// store back from one (kindred-admin backup / restore, docs/operations.md).
//
// The copy is made with SQLite's online backup API: it reads one consistent state of
// the database (restarting if a writer commits meanwhile, which SQLite does itself) and
// never blocks the server's writes for longer than one step.
#pragma once

#include <string>

#include "core/base/error.h"

namespace kindred {

// Copies the store at `store_path` to `dest` (which must not exist), then checks that the
// copy opens as a Kindred store. kNotFound if there is no store; kIo otherwise.
Status backup_store(const std::string& store_path, const std::string& dest);

// Brings the store at `store_path` (which must not exist: a restore never overwrites a
// live store) back from the backup file `backup`, with the same online copy. kCorrupt if
// the backup is not a Kindred store.
Status restore_store(const std::string& backup, const std::string& store_path);

}  // namespace kindred
