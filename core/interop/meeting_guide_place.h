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
};

// Reads address/city/state/postal_code/country or, when those are absent,
// formatted_address ("4953 W Addison St, Chicago, IL 60641, USA"); latitude/longitude
// (numbers or numeric strings; 0,0 is read as missing). The country is normalised to
// ISO 3166-1 alpha-2 ("USA" -> "US"); the region is "<country>-<state>" when that is a
// real ISO 3166-2 code, else the region of the nearest gazetteer place in the same
// country, else of the city. The time zone likewise comes from the nearest place, else
// the city.
FeedPlace resolve_place(const rapidjson::Value& meeting, const Gazetteer& gazetteer);

}  // namespace kindred
