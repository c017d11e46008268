// @brief Synthetic Meeting Guide feeds for the refresh and duplicate tests: one meeting as
// a feed writes it, a feed body, a feeds-file entry, and a body's accepted listings as the
// refresher hands them to apply_feed_update. Every name they make is fictional.
#pragma once

#include <string>
#include <vector>

#include "core/listing/listing_source.h"

namespace kindred::test {

// One Meeting Guide meeting on Wednesdays at `time`, at 1 Fixture St, Belleville, Ontario,
// placed at (lat, lon).
std::string fixture_meeting(const std::string& slug, const std::string& name, const std::string& time = "18:00",
                            double lat = 44.16, double lon = -77.38);

// A feed body: the meetings as one JSON array.
std::string feed_body(const std::vector<std::string>& meetings);

// A feeds-file entry for a Meeting Guide feed at `url` (no retries, 2 s timeout, the
// fixture intergroup's defaults).
std::string feed_entry(const std::string& id, const std::string& url);

// The listings `body` gives for feed `feed_id` after import and validation, each with
// source file "feed:<feed_id>". Fails the test when any is rejected.
std::vector<LoadedListing> accepted_feed_listings(const std::string& feed_id, const std::string& body);

}  // namespace kindred::test
