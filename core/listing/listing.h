// @brief The typed listing (kindred/1) that core works with after validation.
//
// Field meanings are in listing-format.md; the machine-checked contract is
// data/schema/kindred-1.schema.json plus core/listing/validate.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/listing/translation.h"

namespace kindred {

struct Location {
  std::string name, address, locality, region, postal_code, country;
  std::optional<double> lat, lon;  // filled from the gazetteer at index time when absent
};

struct Meeting {
  std::vector<std::string> days;  // "mo".."su"
  int start_minute = 0;           // minutes after local midnight
  std::optional<int> end_minute;  // 1..1440; at or before start_minute = the next day
  std::string timezone;           // IANA name
  std::string frequency = "weekly";
  int week_of_month = 0;          // 1..5, -1 = last, 0 = not set
  std::string anchor_date;        // YYYY-MM-DD of one real occurrence (biweekly only)
  std::string note;
  // --- Courses and terms (issue 17) ---
  // A dated entry: its sessions are these local days (YYYY-MM-DD, ascending after
  // listing_from_json), and `days`, `frequency`, `week_of_month`, `anchor_date` are unset.
  std::vector<std::string> dates;
  // A bounded series (weekly, biweekly or monthly): no meeting before `from` nor after
  // `until` (local days, inclusive, YYYY-MM-DD); either may be empty (unbounded that side).
  std::string from, until;
};

// How to join a course or training that people sign up for (issue 17).
struct Registration {
  std::string url;       // where to register; http(s)
  std::string deadline;  // YYYY-MM-DD, the last day registration is open
  std::string note;      // "places limited", "free for residents"
};

struct Listing {
  std::string id, name, kind, description;
  std::string organization_name, organization_url;
  std::vector<std::string> topics, communities, attendance, languages, accessibility;
  std::vector<std::string> service_area;
  std::string cost, facilitation;
  std::string status = "active";
  std::string last_verified;  // YYYY-MM-DD
  std::string schedule_note, eligibility;
  std::optional<Location> location;
  std::vector<Meeting> schedule;
  bool referral_required = false;
  std::optional<Registration> registration;  // issue 17
  // Other languages' text: primary tag -> translatable field -> text (translation.h).
  std::map<std::string, ListingText> translations;
};

// REQUIRES: `v` passed ListingValidator::validate with no problems (types are trusted).
Listing listing_from_json(const rapidjson::Value& v);

// True for a listing id as the schema allows it: ^[a-z0-9][a-z0-9-]{2,79}$.
bool is_listing_id(std::string_view id);

// "19:30" -> 1170, "24:00" -> 1440 (the schema allows it only as a meeting's end); -1 when
// malformed.
int parse_hhmm(const std::string& text);

}  // namespace kindred
