// @brief Internal: reads the fetched gazetteer source packages into plain in-memory records.
//
// Only build_gazetteer() uses this. Knows each package's file layout (see
// data/gazetteer/sources.json); knows nothing of the compact file format.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/base/error.h"

namespace kindred::gaz {

struct SrcCountry {
  std::string alpha2, alpha3;
  std::string name;           // short English name, "United States"
  std::string official_name;  // ISO list name, "United States of America"
  bool is_iso = true;         // false for codes only GeoNames uses (XK)
  std::vector<std::string> aliases;
};

struct SrcRegion {
  std::string iso_code;              // "CA-ON"; empty for a GeoNames division without an ISO code
  std::string country;               // "CA"
  std::string name;                  // display name: GeoNames' when mapped ("Quebec"), else ISO's
  std::vector<std::string> aliases;  // other names and spellings, unnormalised
};

struct SrcPlace {
  std::string name;
  std::vector<std::string> alternates;  // ASCII name and Latin-script alternate names
  std::string country;                  // alpha-2
  int region = -1;                      // index into Sources::regions
  double lat = 0, lon = 0;
  std::string timezone;  // empty for postal places until the builder fills it
  uint32_t population = 0;
  uint8_t flags = 0;   // PlaceFlag bits
  std::string postal;  // postal places only
};

struct Sources {
  std::vector<SrcCountry> countries;
  std::vector<SrcRegion> regions;
  std::vector<SrcPlace> cities;  // GeoNames cities500
  std::vector<SrcPlace> postal;  // US ZIP codes, then AU postcode localities
};

// Reads every source under src_dir (the layout scripts/fetch-gazetteer produces).
// kNotFound names the missing file and the fetch script; kCorrupt names the bad file.
Expected<Sources> read_sources(const std::string& src_dir);

}  // namespace kindred::gaz
