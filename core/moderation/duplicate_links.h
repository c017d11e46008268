// @brief Moderators' merge and split decisions (core/store/store.h) into the index's
// duplicate groups (core/index/duplicate_index.h). The store is the record; the index
// holds a copy of every decision in its metadata, so that every writer (a feed refresh, a
// store sync, a build) regroups with them, and a rebuild with --store keeps them.
// Thread safety: free functions; sync_duplicate_links takes the index write lock.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "core/base/error.h"
#include "core/index/duplicate_match.h"
#include "core/store/store.h"

namespace kindred {

std::vector<DuplicateLink> links_from_decisions(const std::vector<DuplicateDecision>& decisions);

// Gives the index at `index_path` the store's decisions, when it does not hold them yet,
// and regroups what they touch, in one commit under the write lock. Returns whether
// anything was written.
Expected<bool> sync_duplicate_links(const std::string& index_path, Store& store);

// The same for a generation being built (a BuildFinish callback, core/index/index_build.h).
Status apply_store_duplicate_links(Xapian::WritableDatabase& db, Store& store);

}  // namespace kindred
