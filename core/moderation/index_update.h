// @brief Incremental index updates from the store: the live generation is brought up to
// the store's latest approved listings in place (replace by id term, one commit), so an
// approval is searchable at once without a rebuild.
//
// The index records, in its metadata, the store sequence it has applied
// (schema::kStoreSeqKey). sync_index() applies every listing changed after it; a full
// build (build_index with a StoreCatchUp) applies whatever was approved while it ran,
// under the same write lock, just before it publishes. Either way an approval reaches
// the index exactly once per generation, and a generation built without the store is
// caught up by the next sync.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"
#include "core/listing/vocabulary.h"
#include "core/store/store.h"

namespace kindred {

struct SyncReport {
  size_t applied = 0;                 // listings written
  int64_t seq = 0;                    // the store sequence the index is at now
  std::vector<std::string> warnings;  // stored listings that no longer validate (skipped)
};

// A stored listing as index input: parsed and validated like a file's listing. The
// source reads "store" / "seq N". Problems are returned, never thrown.
Expected<LoadedListing> load_stored_listing(const StoredListing& stored, const ListingValidator& validator);

// Every stored listing that validates, in store order; one that does not is reported in
// `report.problems` and `report.rejected`. A build uses them as BuildInput::overrides.
std::vector<LoadedListing> load_stored_listings(const std::vector<StoredListing>& stored,
                                                const ListingValidator& validator, LoadResult& report);

// Puts the store's listings over the files' (the store's version of an id wins; new ids
// are added). A stored listing that does not validate is reported in `loaded.problems`
// and `loaded.rejected`, and the file's version, if any, stays.
void merge_stored_listings(LoadResult& loaded, const std::vector<StoredListing>& stored,
                           const ListingValidator& validator);

// The store sequence an index has applied (0 when built without the store).
int64_t applied_store_seq(const Xapian::Database& db);

// Writes `listings` into `db` (replacing any with the same id) and records `seq`. Does
// not commit. Listings that fail validation are skipped with a warning.
SyncReport apply_stored_listings(Xapian::WritableDatabase& db, const std::vector<StoredListing>& listings,
                                 int64_t seq, const ListingValidator& validator, const Gazetteer& gazetteer,
                                 const Vocabulary& vocabulary);

// Brings the live index at `index_path` up to the store: takes the write lock, applies
// every listing changed after the index's sequence, commits. Cheap when up to date.
Expected<SyncReport> sync_index(const std::string& index_path, Store& store, const ListingValidator& validator,
                                const Gazetteer& gazetteer, const Vocabulary& vocabulary);

}  // namespace kindred
