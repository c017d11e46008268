// @brief The gazetteer: place text or postal code -> ranked places, and ISO code checks.
//
// Data comes from GeoNames (cities500, admin1 names, US ZIP codes; CC BY 4.0, credit it),
// Australian postcodes and ISO 3166 lists, pinned in data/gazetteer/sources.json, fetched
// by scripts/fetch-gazetteer and compiled by build_gazetteer() into one compact file that
// open() maps read-only. Lookups are binary searches in that mapping (a few microseconds,
// a few small allocations, never a scan of the whole file); nearest() searches a 1-degree
// grid.
//
// Thread safety: a Gazetteer is immutable after open(); any number of threads may call
// its const members at once. It is move-only (it owns the mapping); a moved-from
// Gazetteer may only be destroyed or assigned to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace kindred {

struct Place {
  std::string name;         // "Moscow"
  std::string admin1;       // "Idaho" (display name of the first-level division), may be empty
  std::string region_code;  // ISO 3166-2, "US-ID", empty when unknown
  std::string country;      // ISO 3166-1 alpha-2, "US"
  double lat = 0, lon = 0;  // lon in -180..180
  std::string timezone;     // IANA name, "America/Los_Angeles"
  std::string postal_code;  // set when the match was by postal code
  uint32_t population = 0;
};

class Gazetteer {
 public:
  // Opens the compact file written by build_gazetteer (mmap, checksum and bounds checked).
  // kNotFound/kIo when it cannot be read; kCorrupt when it is truncated, damaged, or was
  // written by another format version (the message says to rebuild it).
  static Expected<Gazetteer> open(const std::string& path);

  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;
  ~Gazetteer();

  // Ranked candidates (best first, at most `limit`) for what a person typed:
  //   "Moscow, ID", "Belleville, ON", "Calgary AB", "Paris, France"  name + region/country
  //   "Sydney", "Montreal", "montréal"                            name alone: largest first
  //   "Moskow, ID", "Sydny", "Calgery"                            small typos
  //   "83843", "83843-1234" (US ZIP), "2000" (AU postcode)         postal_code set
  // Matching ignores case, Latin accents (é->e, ß->ss, ø->o) and punctuation; knows GeoNames'
  // Latin-script alternate names, US/CA/AU state abbreviations and country names/codes as
  // qualifiers after a comma or a space. A qualifier that matches nothing does not empty
  // the list: places matching the name alone follow, ranked lower. Unsupported: UK and
  // Canadian postcodes (no open source here), places in non-Latin script. Empty when
  // nothing matches.
  std::vector<Place> lookup(std::string_view text, size_t limit = 5) const;

  // The best place for a listing's structured location: the postal code first (when it is
  // known and lies in region_code/country), else the locality within region_code/country
  // (own name, then alternate names, then a one-typo match; the biggest such place). Any
  // argument may be empty; codes are matched case-insensitively. nullopt when nothing fits,
  // when a code is unknown, or when region_code is not in country; never a place outside
  // them. ISO codes finer than GeoNames' first level (GB-LND, FR-75C) are only checked at
  // country level, since places are not known at that level.
  std::optional<Place> locate(std::string_view postal_code, std::string_view locality,
                              std::string_view region_code, std::string_view country) const;

  // Nearest populated place (GeoNames cities500) to a point, for a time zone when a feed
  // gives none. nullopt only for coordinates out of range or NaN.
  std::optional<Place> nearest(double lat, double lon) const;

  bool is_country(std::string_view iso3166_1) const;  // "US", "GB" (exact alpha-2, upper case)
  bool is_region(std::string_view iso3166_2) const;   // "US-ID", "GB-SCT", "CA-AB", "AU-NSW"
  std::string country_name(std::string_view iso3166_1) const;  // "United States", "" if unknown
  std::string region_name(std::string_view iso3166_2) const;   // "Idaho", "" if unknown

  // Every city (not postal area) with at least `min_population` people, in file order.
  // For tools such as the benchmark's synthetic generator; O(places).
  std::vector<Place> cities(uint32_t min_population) const;

  size_t place_count() const;   // places of every kind: cities500, ZIP and postcode areas
  size_t postal_count() const;  // distinct postal codes (US and AU)

  struct Impl;  // defined in core/geo/internal/gazetteer_impl.h

 private:
  explicit Gazetteer(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

// Turns the fetched sources (the var/gazetteer/src layout that scripts/fetch-gazetteer
// produces) into the compact file at out_path, atomically (temp file, fsync, rename): a
// reader never sees a half-written file. Takes about 3 s and 300 MB of memory; the same
// sources give a byte-identical file.
// Errors: kNotFound when a source file is missing (the message names the fetch script),
// kCorrupt when a source cannot be parsed, kIo when writing fails.
struct GazetteerBuildStats {
  size_t places = 0, postal_codes = 0, countries = 0, regions = 0;
};
Expected<GazetteerBuildStats> build_gazetteer(const std::string& src_dir,
                                              const std::string& out_path);

}  // namespace kindred
