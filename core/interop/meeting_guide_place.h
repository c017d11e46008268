// @brief Where a Meeting Guide meeting is: its address fields (or formatted_address) and
// coordinates, completed from the gazetteer (region, time zone) where the feed is silent.
#pragma once

#include <string>

#include <rapidjson/document.h>

#include "core/geo/gazetteer.h"

namespace kindred {

struct FeedPlace {
  std::string name;      // the nearest gazetteer place's name (for messages)
  std::string address, locality, region, postal_code, country;
  double lat = 0, lon = 0;
  bool has_coordinates = false;
  std::string timezone;  // IANA zone of the nearest place (or of the city); "" if unknown
  bool timezone_from_region = false;  // the locality was unknown: the zone is the region's largest city's
  bool approximate = false;  // the feed says the address is only approximate ("approximate": "yes")
};

// Reads address/city/state/postal_code/country or, when city is absent, a one-line
// address in formatted_address or address, split from the end into country, postal
// code, state, locality and street:
//   "4953 W Addison St, Chicago, IL 60641, USA"
//   "8318 104 St, Edmonton, Alberta, T6E 4E8, Canada"
//   "125 Charing Cross Rd, London WC2H 0EW, UK"
// latitude/longitude are numbers or numeric strings (a 0 in either is read as missing); the
// nearest gazetteer place gives the zone only when it lies in the stated region (or
// country when no region is stated), so a place across a border never does; a numeric
// postal_code is read as text. The country is normalised to ISO 3166-1 alpha-2 ("USA",
// "Canada", "United Kingdom" -> "US", "CA", "GB"); the region is "<country>-<state>"
// when that is a real ISO 3166-2 code, else the region of the nearest gazetteer place in
// the same country, else of the city (by postal code, then name, preferring a place whose
// first-level division is named like the state: "Edmonton" in "Alberta"). The time zone
// likewise comes from the nearest place, else the city, else (a town too small for the
// gazetteer, in a known region) the region's most populous city.
// `default_country` (ISO alpha-2, may be empty) is the country of a meeting that names none.
FeedPlace resolve_place(const rapidjson::Value& meeting, const Gazetteer& gazetteer,
                        const std::string& default_country = "");

}  // namespace kindred
