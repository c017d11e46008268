// @brief kindred/1 listings -> a Meeting Guide feed (code4recovery/spec), so that the
// Meeting Guide app and TSML UI can show Kindred's groups that meet. Pure: no I/O.
//
// One Meeting Guide meeting per day of each WEEKLY schedule entry of a listing (the spec's
// `day` is one weekday; Meeting Guide has no every-other-week or monthly meetings: those
// entries, and listings without a schedule, are left out and counted):
//   slug        the listing id for its first meeting; "<id>-meeting-<n>" for the n-th
//   name, notes name, description
//   day         0-6 (0 = Sunday)
//   time, end_time, timezone   "HH:MM", "HH:MM" ("24:00" is written "00:00": past midnight,
//               as the spec's readers take an end before the start), the IANA zone
//   types       codes for the listing's communities, accessibility and languages, from the
//               type table's one-value codes (W, M, LGBTQ, X, ASL, S, ...); ONL for an online
//               listing with no web address; TC for a paused in-person-only one
//   location, address, city, state, postal_code, country, formatted_address
//               the listing's location (state = the region code without its country)
//   latitude, longitude, approximate
//               the listing's own coordinates, else the gazetteer's (then approximate "yes")
//   attendance_option   "in_person", "online", "hybrid", or "inactive" for a paused listing
//               (TSML's own reading)
//   conference_url (+ _notes), conference_phone
//               for an online listing its contact URL (how_to_join as the notes); for a
//               phone one its contact phone
//   url, entity, entity_url, entity_email, entity_phone   contact and organisation
//   updated     last_verified, as "YYYY-MM-DD 00:00:00"
// Reading the feed back with import_meeting_guide gives the same days, times, zones,
// places, attendance and facets (tests/meeting_guide_export_test.cpp).
#pragma once

#include <string>
#include <vector>

namespace kindred {

class MeetingGuideTypes;

struct MeetingGuideFeed {
  std::string json;          // the feed: a JSON array of meetings
  size_t meetings = 0;       // meetings written
  size_t left_out = 0;       // schedule entries that are not weekly (and listings with no schedule)
};

// `stored_documents` are index documents ({"listing", "computed"}); unreadable ones are
// skipped. `types` may be null: then no type codes except ONL and TC are written.
MeetingGuideFeed meeting_guide_feed(const std::vector<std::string>& stored_documents, const MeetingGuideTypes* types);

}  // namespace kindred
