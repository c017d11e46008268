// @brief Feeds for the indexer: refreshing the cache from the network (one broken feed
// never blocks the others) and adding every cached feed's listings to a build.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/interop/feed_config.h"
#include "core/interop/feed_import.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"
#include "indexer/feed_cache.h"
#include "indexer/http_fetch.h"

namespace kindred::feeds {

struct RefreshOptions {
  fetch::FetchOptions fetch;  // per-feed limits from the feeds file override these
  bool force = false;         // fetch even when the cached copy is younger than refresh_minutes
  // Hold a new body whose item count is below half of the last good copy's (kHeld): it is
  // not stored, so the last good copy stays in use until a moderator confirms the drop.
  // A broken feed that suddenly lists few items must never empty the directory.
  bool hold_drops = false;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

enum class FeedState { kUpdated, kNotModified, kFresh, kDisabled, kFailed, kHeld };

struct FeedOutcome {
  std::string id;
  FeedState state = FeedState::kFailed;
  std::string error;           // kFailed: what went wrong, one line
  bool has_copy = false;       // a good copy is cached (the new one or the last one)
  std::string copy_fetched_at; // when that copy was fetched (RFC 3339 UTC)
  size_t items = 0;            // items in the new body (kUpdated, kHeld)
  size_t last_items = 0;       // kHeld: items in the last good copy, which stays in use
};

// One line for people: "feed good: updated (45 items)", "feed down: FAILED: HTTP 500;
// using the last good copy fetched 2026-11-20T10:00:00Z".
std::string describe(const FeedOutcome& outcome);

// Fetches every enabled feed whose copy is due (conditional requests, in parallel) and
// stores each new body that parses as its format. Failures leave the last good copy.
// `context` checks bodies (its fetched_date/today are set here).
std::vector<FeedOutcome> refresh_feeds(const std::vector<FeedSpec>& feeds, const FeedCache& cache,
                                       const RefreshOptions& options, ImportContext context);

// Imports every enabled feed's cached copy into `into` (validated like files, sources
// named "feed:<id>"). Returns the report lines (skipped items, unknown codes, feeds
// without any copy).
std::vector<std::string> include_feeds(const std::vector<FeedSpec>& feeds, const FeedCache& cache,
                                       ImportContext context, const ListingValidator& validator,
                                       LoadResult& into);


}  // namespace kindred::feeds
