// @brief Meeting Guide feeds (code4recovery/spec) -> kindred/1 listings. Pure mapping,
// no network: one listing per meeting.
//
// Mapping (each rule is tested in tests/meeting_guide_test.cpp):
//   slug (string or integer)  id "<feed id>-<slug>"; a slug that is not already lower-case
//                             a-z/0-9/'-' is normalised and gets "-<8 hex of its hash>" so
//                             distinct slugs stay distinct ids; duplicate slugs: skipped
//   name                      name (padded with the location when shorter than 3 characters)
//   day (0-6 or array), time  schedule[0].days / start; no day or time = "by appointment"
//   end_time                  end when after the start; absent = our default of one hour,
//                             the spec's default too
//   timezone                  the meeting's zone if it is a real IANA zone, else the zone of
//                             the nearest gazetteer place to latitude/longitude, else of the
//                             city, else the feed's default; a meeting with none is skipped
//   address, city, state, postal_code, country, or formatted_address
//                             location; the region comes from state, else the nearest place
//   latitude, longitude       location.lat/lon
//   conference_url / _phone   attendance online / phone; how_to_join says how
//   types                     MeetingGuideTypes (data/meeting-guide-types.json): communities,
//                             accessibility, languages, topics, attendance; TC pauses an
//                             in-person-only meeting (with a conference link it is online
//                             only); every label goes into the description; codes not in
//                             the table are counted in ImportReport::unknown_codes and shown
//   notes, location_notes     description (HTML tags stripped)
//   updated                   last_verified (its date; the fetch date when absent)
//   entity*, url, group       organisation and contact; the feed's defaults otherwise
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/interop/feed_import.h"

namespace kindred {

// What one Meeting Guide type code means in our vocabularies.
struct MeetingGuideType {
  std::string label;  // English name from the spec ("Wheelchair Access")
  std::vector<std::string> communities, accessibility, languages, topics, attendance;
  std::string status;  // "paused" for TC, else ""
};

// The type table (data/meeting-guide-types.json). Immutable; thread-safe to share.
class MeetingGuideTypes {
 public:
  static Expected<MeetingGuideTypes> load(const std::string& path);
  static Expected<MeetingGuideTypes> parse(std::string_view json, const std::string& source_name);
  const MeetingGuideType* find(const std::string& code) const;
  size_t size() const { return types_.size(); }

 private:
  std::map<std::string, MeetingGuideType> types_;
};

// The feed body (a JSON array of meetings) -> listings. kInvalidArgument if the body is
// not JSON or not an array. `context.meeting_guide_types` must be set.
Expected<ImportedFeed> import_meeting_guide(const FeedSpec& feed, std::string_view body,
                                           const ImportContext& context);

}  // namespace kindred
