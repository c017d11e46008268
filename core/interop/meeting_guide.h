// @brief Meeting Guide feeds (code4recovery/spec) -> kindred/1 listings. Pure mapping,
// no network: one listing per meeting.
//
// Mapping (each rule is tested in tests/meeting_guide_test.cpp):
//   slug (string or integer)  id "<feed id>-<slug>"; a slug that is not already lower-case
//                             a-z/0-9/'-' is normalised and gets "-<8 hex of its hash>" so
//                             distinct slugs stay distinct ids; duplicate slugs: skipped
//   name                      name (padded with the location when shorter than 3 characters)
//   day, time                 schedule[0].days / start (meeting_guide_values.h: day as a
//                             number, string or array; 12- or 24-hour times, noon,
//                             midnight); no day or time = "by appointment"
//   end_time                  end (mg_end_time): after the start, or past midnight (at most
//                             6 hours across it) as the next day; a 12-hour slip corrected;
//                             an end equal to the start, or unreadable, is left out (one
//                             hour, the spec's default too) with a note in the report
//   timezone                  the meeting's zone if it is a real IANA zone; else, for a
//                             meeting held only online or by phone, defaults.online_timezone
//                             when the feed sets it; else the zone of the nearest gazetteer
//                             place to latitude/longitude, else of the city, else the feed's
//                             default; a meeting with none is skipped
//   address, city, state, postal_code, country, or a one-line formatted_address/address
//                             location (meeting_guide_place.h); the region comes from state,
//                             else the nearest place, else the city
//   latitude, longitude       location.lat/lon (numbers or numeric strings)
//   conference_url / _phone   attendance online / phone; how_to_join says how. An online- or
//                             phone-only meeting's service_area is the feed's default, else
//                             its place's country, else (no place at all) "worldwide"
//   attendance_option         TSML's own reading: "online" = no venue, "hybrid"/"in_person"
//                             = a venue when the place is known, "inactive" = paused; an
//                             "approximate" address of an online meeting is no venue
//   types                     MeetingGuideTypes (data/meeting-guide-types.json), codes in
//                             any case or as English labels, as an array or a string ("C,M",
//                             "[open]"): communities, accessibility, languages, topics,
//                             attendance; TC pauses an in-person-only meeting (with a
//                             conference link it is online only); every label goes into the
//                             description; codes not in the table are counted in
//                             ImportReport::unknown_codes and shown as written
//   notes, location_notes, group_notes, group, district, regions (else region/sub_region)
//                             description (HTML tags stripped)
//   updated                   last_verified (ISO or US "8/25/2022 11:17:07 AM" dates; the
//                             fetch date when absent, unreadable or in the future)
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
  // The type of a code as written, else of the same code in another case ("onl", "12X12"),
  // else of the code whose English label it is ("open", "Closed"); nullptr if none.
  const MeetingGuideType* find(const std::string& code) const;
  // The code that means exactly `value` of `facet` ("communities", "accessibility",
  // "languages") and nothing else ("women" -> "W"); the shortest such code, "" if none.
  std::string code_for(const std::string& facet, const std::string& value) const;
  size_t size() const { return types_.size(); }

 private:
  std::map<std::string, MeetingGuideType> types_;
  std::map<std::string, std::string> folded_;  // upper-cased code or English label -> code
  std::map<std::string, std::string> reverse_;  // "facet:value" -> code
};

// The feed body (a JSON array of meetings) -> listings. kInvalidArgument if the body is
// not JSON or not an array. `context.meeting_guide_types` must be set.
Expected<ImportedFeed> import_meeting_guide(const FeedSpec& feed, std::string_view body,
                                           const ImportContext& context);

}  // namespace kindred
