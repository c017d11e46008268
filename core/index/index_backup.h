// @brief A consistent copy of the live index while the server updates it, and an index
// brought back from one (kindred-admin backup / restore, docs/operations.md).
//
// The copy is Xapian's own compaction of one revision of the live generation: a reader
// sees one committed revision, so the copy is whole even while incremental updates
// commit (a commit that overwrites what the copy still needs makes Xapian throw
// DatabaseModifiedError, and the copy starts again; after three such starts the copy
// holds the index's write lock, so that updates wait for it instead). The index's metadata, including the
// store sequence it has applied, travels with it: a server started on the restored index
// and store applies whatever approvals the index lacks before it answers anyone.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/error.h"

namespace kindred {

struct IndexCopy {
  std::string generation;  // the live generation that was copied
  uint64_t documents = 0;
  uint64_t revision = 0;
};

// Copies the live index at `index_path` (a stub, or a replica's directory) into the new
// directory `dest`, a plain Xapian database. kNotFound if there is no index.
Expected<IndexCopy> backup_index(const std::string& index_path, const std::string& dest);

// Makes `index_path` (which must not exist) a Kindred index whose first generation is a
// copy of the database `backup`, published with the usual stub swap (index_store.h).
Expected<IndexCopy> restore_index(const std::string& backup, const std::string& index_path);

}  // namespace kindred
