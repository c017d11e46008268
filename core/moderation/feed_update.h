// @brief Applying one feed's current listings to the live index in place: new and changed
// listings are written (replace by id term), listings the feed no longer has are deleted,
// all in one commit under the index write lock, so search follows a feed without a rebuild.
//
// A feed's documents are those whose stored source file is "feed:<feed id>" (their ids
// start "<feed id>-"). An id that the index holds from another source (the store, where a
// moderator's edit wins, or a file) is left alone and counted in `kept_other_source`.
// Thread safety: one call at a time per index is enforced by the write lock (it blocks).
#pragma once

#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/listing/listing_source.h"
#include "core/listing/vocabulary.h"

namespace kindred {

struct FeedUpdateReport {
  size_t added = 0, changed = 0, unchanged = 0, removed = 0;
  size_t kept_other_source = 0;  // ids another source owns in the index: not touched
};

// Makes the live index at `index_path` hold exactly `listings` (already validated, each
// with source.file "feed:<feed_id>") for feed `feed_id`. Commits only when something
// changed. kNotFound when there is no index; kIo when Xapian fails (nothing is applied).
Expected<FeedUpdateReport> apply_feed_update(const std::string& index_path, const std::string& feed_id,
                                             const std::vector<LoadedListing>& listings, const Gazetteer& gazetteer,
                                             const Vocabulary& vocabulary);

}  // namespace kindred
