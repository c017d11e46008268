// @brief The indexer's feed commands: `kindred-index fetch`, and the --feeds part of
// `kindred-index build` (fetch, then include every feed's last good copy).
#pragma once

#include <string>

#include "core/geo/gazetteer.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"

namespace kindred::feeds {

inline constexpr const char* kDefaultCacheDir = "var/feeds";
inline constexpr const char* kDefaultTypesFile = "data/meeting-guide-types.json";

// kindred-index fetch --feeds FILE [--cache DIR] [--force] [--accept-drops] [--gazetteer FILE] [--types FILE]
// Prints one line per feed. Exit 0 when every enabled feed is up to date, 2 when some
// failed or were held (their last good copies stay), 1 when the feeds file or the tools
// cannot be read. A new copy with fewer than half the items of the last good one is held
// (not stored) unless --accept-drops is given; `build --feeds` always holds.
int run_fetch_command(int argc, char** argv);

struct BuildFeeds {
  std::string feeds_file, cache_dir = kDefaultCacheDir, types_file = kDefaultTypesFile;
};

// For `build --feeds`: refreshes the cache, then adds every enabled feed's cached listings
// to `into`. Prints one line per feed (and per failure) to stderr. Returns how many feeds
// failed to refresh, or an Error when the feeds file or type table cannot be used.
Expected<size_t> add_feeds_to_build(const BuildFeeds& options, const Gazetteer& gazetteer,
                                    const ListingValidator& validator, LoadResult& into);

}  // namespace kindred::feeds
