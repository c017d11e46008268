// @brief The feeds file (data/feeds.json): which other directories to pull listings from,
// in which format, and the facts to fill in that their format cannot carry.
//
// File format ("kindred-feeds/1"):
//   { "format": "kindred-feeds/1",
//     "feeds": [ { "id", "url", "format": "kindred" | "meeting-guide" | "hsds" | "hsds-csv"
//                  (a ZIP of an HSDS 1.x/2.0 CSV data package, hsds_csv_import.h),
//                  "enabled"?: bool (default true), "refresh_minutes"?: int (default 1440),
//                  "timeout_seconds"?: 1..600 (default 60), "max_bytes"?: (default 20 MiB),
//                  "retries"?: 0..5 (default 2),
//                  "note"?: text, "defaults"?: { ...FeedDefaults... } } ] }
// A feed's id namespaces the ids of its listings ("<feed id>-<slug>"), so it must be
// short and stable: ^[a-z0-9][a-z0-9-]{1,29}$. Unknown keys are rejected, like in listings.
//
// No network here: fetching lives in indexer/. Thread safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace kindred {

// What every listing of a feed gets when the feed itself does not say. Meeting Guide
// feeds, for example, never say what a meeting is about (it is the fellowship's topic),
// what it costs, or in which language it is held unless a type code says so.
struct FeedDefaults {
  std::string kind = "support-group";
  std::vector<std::string> topics;         // required by listings; a feed must give them
  std::vector<std::string> communities;    // added to what the feed's own data says
  std::vector<std::string> languages;      // used when the feed names none ("en" if empty)
  std::string cost = "unknown";            // never claim a cost no source states
  std::string facilitation = "peer-led";
  std::string organization_name, organization_url;  // when an item names no organisation
  std::string contact_url, contact_email, contact_phone;  // when an item has no contact
  std::vector<std::string> service_area;   // for online/phone-only items (default: the country)
  std::string timezone;                    // last resort when neither feed nor gazetteer has one
  // The zone a feed writes its online- and phone-only meetings in, when it is not the zone of
  // their (approximate) address: the Eating Disorders Anonymous feed gives US Eastern times
  // for online meetings "in" London or Tbilisi. A meeting's own `timezone` still wins.
  std::string online_timezone;
  std::string country;  // ISO 3166-1 alpha-2 of items that name no country (a local feed's own)
  // How items that give neither a place nor a conference link or phone are attended:
  // ["online"] for an online intergroup whose email or Skype groups say how to join in
  // their notes. Empty (the default): such items are skipped, since nothing says where.
  std::vector<std::string> attendance;
  std::string source_name;                 // "sources[0].name" (default: "<feed id> feed")
};

struct FeedSpec {
  std::string id;
  std::string url;
  std::string format;  // "kindred" | "meeting-guide" | "hsds" | "hsds-csv"
  bool enabled = true;
  int refresh_minutes = 1440;   // a cached copy younger than this is not fetched again
  int timeout_seconds = 60;     // per attempt, whole transfer
  long max_bytes = 20L << 20;   // a bigger body is refused
  int retries = 2;              // extra attempts after a transient failure
  FeedDefaults defaults;
};

inline constexpr const char* kFeedsFormat = "kindred-feeds/1";

// Parses and checks a feeds file. kInvalidArgument with every problem in `details`
// (JSON path + message) when anything is wrong; ids must be unique.
Expected<std::vector<FeedSpec>> parse_feeds(std::string_view json, const std::string& source_name);
Expected<std::vector<FeedSpec>> load_feeds(const std::string& path);

}  // namespace kindred
