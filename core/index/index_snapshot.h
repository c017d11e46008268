// @brief The in-memory view of one index generation that search needs on every query:
// facet postings, coordinates, service areas and schedules, by docid.
//
// Built once per generation from the Xapian database (term posting lists and value
// streams, never the stored documents), then shared read-only by every searcher thread.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/base/error.h"
#include "core/index/doc_set.h"
#include "core/index/doc_values.h"
#include "core/index/placed_grid.h"
#include "core/index/rank_cache.h"
#include "core/index/rank_carrier.h"
#include "core/index/term_sets.h"
#include "core/listing/listing.h"

namespace kindred {

struct FacetPostings {
  std::string name;                                   // "topic"
  std::unordered_map<std::string, Postings> values;   // "bipolar" -> its documents
  // For a facet of more than kByDocumentFrom values (regions): the same, by document, to
  // count every value over a set in one pass (doc_values.h). Not built for the others.
  static constexpr size_t kByDocumentFrom = 64;
  DocValues by_document;
};

class IndexSnapshot {
 public:
  // Loads everything from `db`, which must be the database of `generation`. `rank_depth`
  // is the kept rankings' depth (rank_cache.h), smaller only in tests.
  static Expected<std::shared_ptr<const IndexSnapshot>> load(const Xapian::Database& db,
                                                             const std::string& generation,
                                                             size_t rank_depth = RankCache::kDepth);

  const std::string& generation() const { return generation_; }
  // The database's UUID: a replica reuses its directory names (replica_0, replica_1) for
  // different databases, so a name alone does not say which database was loaded.
  const std::string& uuid() const { return uuid_; }
  // The database revision loaded: incremental updates commit new revisions of the same
  // generation (core/moderation/index_update.h).
  Xapian::rev revision() const { return revision_; }
  Xapian::docid max_docid() const { return max_docid_; }
  uint64_t listing_count() const { return listing_count_; }   // closed ones included
  const DocSet& findable() const { return findable_; }        // every listing but closed ones and hidden copies
  const DocSet& remote() const { return remote_; }            // attendance online or phone
  const FacetPostings* facet(const std::string& name) const;
  const Postings* service_area(const std::string& code_lower) const;

  bool has_coords(Xapian::docid id) const { return id < lat_.size() && !std::isnan(lat_[id]); }
  double lat(Xapian::docid id) const { return lat_[id]; }
  double lon(Xapian::docid id) const { return lon_[id]; }
  // The listings with coords, for radius searches (placed_grid.h).
  const PlacedGrid& placed() const { return placed_; }
  // The listing's meetings, empty if it has none.
  std::vector<Meeting> meetings(Xapian::docid id) const;
  // Listings share schedules ("mo 18:30-20:00 America/Chicago"): each distinct one is kept
  // once, and a listing holds its number (1..schedule_count(), 0 for none). A next meeting
  // depends only on the schedule and `now`, so a search works it out once per schedule.
  // Kept in the index's own encoding (about 45 bytes a meeting, where a decoded Meeting
  // takes over 300): at a million listings that is ~20 MB instead of ~85 MB, and a search
  // decodes only the schedules it works a meeting out for.
  uint32_t schedule_id(Xapian::docid id) const { return id < schedule_of_.size() ? schedule_of_[id] : 0; }
  size_t schedule_count() const { return schedules_.size(); }
  std::vector<Meeting> schedule(uint32_t n) const;  // n: 1..schedule_count()
  // The broadest terms' documents, kept for this generation (term_sets.h).
  const TermSets& term_sets() const { return *term_sets_; }
  // The best-ranked documents of text queries, kept for this generation (rank_cache.h).
  const RankCache& rank_cache() const { return *rank_cache_; }
  // Every document in Xapian's set_sort_by_value(kSlotName) order (the name value's bytes,
  // then docid): browsing a broad set walks it and keeps the first members instead of
  // sorting every match by name.
  const std::vector<Xapian::docid>& name_order() const { return name_order_; }

  // --- Courses and terms (issue 17) ---
  // Both depend on `now`, a request parameter: the snapshot holds each bounded listing's
  // first start and last end (instants that never change), sorted, and these cut them at
  // `now` per request, so nothing is reindexed as days pass.
  // Listings whose every session has ended at `now` (schedule_end(...) <= now).
  DocSet ended_at(std::chrono::system_clock::time_point now) const;
  // Listings whose first session (schedule_start) is in (from, to].
  DocSet starting_in(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to) const;

 private:
  std::string generation_, uuid_;
  Xapian::rev revision_ = 0;
  Xapian::docid max_docid_ = 0;
  uint64_t listing_count_ = 0;
  DocSet findable_, remote_;
  std::vector<FacetPostings> facets_;
  std::unordered_map<std::string, Postings> service_areas_;
  std::vector<float> lat_, lon_;
  PlacedGrid placed_;
  std::vector<std::string> schedules_;  // distinct schedules, encoded; schedule_of_[id] - 1 indexes it
  std::vector<uint32_t> schedule_of_;             // by docid
  std::vector<Xapian::docid> name_order_;
  std::unique_ptr<TermSets> term_sets_;
  std::unique_ptr<RankCache> rank_cache_;
  std::vector<std::pair<int64_t, Xapian::docid>> starts_, ends_;  // seconds since the epoch, ascending
};

// One index path as the server sees it over time. current() returns the snapshot of the
// generation that is live now, loading a new one when a build has swapped the stub or an
// incremental update has committed a new revision (two stat() calls tell).
// Thread-safe; the shared_ptr keeps an old snapshot alive while a request still uses it.
class LiveIndex {
 public:
  // `rank_depth`: as for IndexSnapshot::load, smaller only in tests.
  explicit LiveIndex(std::string index_path, size_t rank_depth = RankCache::kDepth);
  Expected<std::shared_ptr<const IndexSnapshot>> current();
  const std::string& path() const { return path_; }
  // Blocks until the most used rankings of the previous generation have been ranked again
  // in the current one (rank_carrier.h); for tests.
  void wait_carried() { carrier_.wait_idle(); }

 private:
  std::string path_;
  std::mutex mu_;       // guards snapshot_ and stub_identity_
  std::mutex load_mu_;  // one loader at a time; the others keep serving the old snapshot
  std::shared_ptr<const IndexSnapshot> snapshot_;
  uint64_t identity_ = 0;  // inode and mtime of the stub and the generation's version file
  size_t rank_depth_;
  RankCarrier carrier_;    // last: its thread stops before the rest goes
};

}  // namespace kindred
