// @brief Turning a fetched feed body into kindred/1 listings, and adding them to a
// build's listings with the same validation and unique-id rule as local files.
//
// No network here: the indexer fetches and hands the body in. Every item a feed holds
// either becomes a listing (which must then pass ListingValidator like any other) or is
// reported in ImportReport::skipped with the reason; nothing is dropped silently.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/interop/feed_config.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"

namespace kindred {

class MeetingGuideTypes;  // core/interop/meeting_guide.h

struct ImportReport {
  size_t items = 0;                              // items the feed holds
  std::vector<Problem> skipped;                  // items that could not become a listing, and why
  std::map<std::string, size_t> unknown_codes;   // codes we do not know -> items carrying them
  std::vector<Problem> notes;                    // imported, but a value was filled in or dropped
};

struct ImportedFeed {
  std::vector<std::string> listings;  // kindred/1 listing objects as compact JSON
  std::vector<std::string> paths;     // for each listing, the item it came from ("[3]")
  ImportReport report;
};

struct ImportContext {
  const Gazetteer& gazetteer;
  const MeetingGuideTypes* meeting_guide_types = nullptr;  // required for meeting-guide feeds
  std::string fetched_date;  // YYYY-MM-DD the body was fetched (sources[].date, fallback last_verified)
  std::string today;         // latest allowed date (see latest_date_on_earth)
};

// Dispatches on feed.format. kInvalidArgument when the body is not that format at all
// (not JSON, wrong top-level shape): the caller then keeps its last good copy.
Expected<ImportedFeed> import_feed(const FeedSpec& feed, std::string_view body, const ImportContext& context);

// Validates each imported listing and adds it to `into` (accepted, or rejected with its
// problems), as if it came from a file named `source` ("feed:<id>"). Ids must be unique
// across everything already in `into`. Returns how many were accepted.
size_t add_feed_listings(LoadResult& into, const std::string& source, const ImportedFeed& feed,
                         const ListingValidator& validator);

// One line per finding, for the indexer's report: "feed X: skipped [3]: no slug",
// "feed X: unknown type codes: FOO (2), BAR (1)".
std::vector<std::string> describe_report(const std::string& feed_id, const ImportReport& report);

}  // namespace kindred
