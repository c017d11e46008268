// @brief See feed_fixture_support.h.
#include "tests/feed_fixture_support.h"

#include <catch2/catch.hpp>

#include <sstream>

#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "tests/test_support.h"

namespace kindred::test {

std::string fixture_meeting(const std::string& slug, const std::string& name, const std::string& time, double lat,
                            double lon) {
  std::ostringstream place;
  place.precision(9);
  place << R"("latitude": )" << lat << R"(, "longitude": )" << lon;
  return R"({"name": ")" + name + R"(", "slug": ")" + slug + R"(", "day": 3, "time": ")" + time +
         R"(", "address": "1 Fixture St", "city": "Belleville", "country": "CA", )" + place.str() +
         R"(, "types": ["O"]})";
}

std::string feed_body(const std::vector<std::string>& meetings) {
  std::string out = "[";
  for (size_t i = 0; i < meetings.size(); ++i) out += (i ? "," : "") + meetings[i];
  return out + "]";
}

std::string feed_entry(const std::string& id, const std::string& url) {
  return R"({"id": ")" + id + R"(", "url": ")" + url + R"(", "format": "meeting-guide", "retries": 0,
             "timeout_seconds": 2)" R"json(, "defaults": {"topics": ["substance-use"], "cost": "donation",
             "organization": {"name": "Fixture intergroup (synthetic)"}}})json";
}

std::vector<LoadedListing> accepted_feed_listings(const std::string& feed_id, const std::string& body) {
  FeedSpec spec;
  spec.id = feed_id;
  spec.format = "meeting-guide";
  spec.url = "https://" + feed_id + ".example/meetings.json";
  spec.defaults.organization_name = "Fixture intergroup (synthetic)";
  spec.defaults.topics = {"substance-use"};
  ImportContext context{gazetteer(), &meeting_guide_types(), "2026-11-30", "2026-11-30"};
  auto imported = import_feed(spec, body, context);
  REQUIRE(imported.ok());
  ListingValidator validator(schema(), gazetteer());
  LoadResult loaded;
  add_feed_listings(loaded, "feed:" + feed_id, *imported, validator);
  INFO((loaded.problems.empty() ? std::string() : format_problem(loaded.problems.front())));
  REQUIRE(loaded.rejected.empty());
  return std::move(loaded.accepted);
}

}  // namespace kindred::test
