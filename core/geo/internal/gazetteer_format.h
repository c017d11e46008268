// @brief Internal: the on-disk layout of gazetteer.bin, shared by the builder and the reader.
//
// One little-endian file, mapped read-only:
//   FileHeader (64 bytes) | SectionEntry[section_count] | sections, each 8-byte aligned
// The checksum covers every byte after the header, so a truncated or damaged file is
// refused at open. Bump kFormatVersion whenever any struct or section meaning changes:
// an older file is then refused with "rebuild it" instead of being misread.
//
// Strings live in one pool of NUL-terminated UTF-8; a string is its u32 offset, offset 0
// is the empty string, and the pool ends with NUL, so reading never runs past it.
// Normalised keys (see gazetteer_text.h) are pool strings too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace kindred::gaz {

inline constexpr char kMagic[8] = {'K', 'N', 'D', 'G', 'A', 'Z', '\r', '\n'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint32_t kEndianMark = 0x01020304;

struct FileHeader {
  char magic[8];
  uint32_t version;
  uint32_t endian_mark;
  uint64_t file_size;
  uint64_t checksum;  // checksum64() of bytes [sizeof(FileHeader), file_size)
  uint32_t section_count;
  uint32_t reserved[7];
};
static_assert(sizeof(FileHeader) == 64, "header layout is part of the format");

enum class SectionId : uint32_t {
  kStrings = 1,         // char pool
  kCountries = 2,       // CountryRec[], sorted by alpha2
  kRegions = 3,         // RegionRec[]
  kRegionsByCode = 4,   // u32 region index[], sorted by ISO 3166-2 code (ISO regions only)
  kPlaces = 5,          // PlaceRec[]
  kNameIndex = 6,       // IndexEntry[]: normalised name -> place
  kPostalIndex = 7,     // IndexEntry[]: "CC postal" -> place
  kQualifierIndex = 8,  // IndexEntry[]: normalised region/country text -> kQualifier* target
  kFuzzy = 9,           // u64[] sorted: (fnv32(key minus <= 1 char) << 32) | name-index position
  kGrid = 10,           // GridHeader, u32 cell_start[rows*cols + 1], u32 place[]
  kMeta = 11,           // Meta
};

struct SectionEntry {
  uint32_t id;
  uint32_t reserved;
  uint64_t offset;
  uint64_t size;
};
static_assert(sizeof(SectionEntry) == 24, "section table layout is part of the format");

inline constexpr uint16_t kNoRegion = 0xFFFF;

struct CountryRec {
  char alpha2[2];
  char alpha3[3];
  uint8_t is_iso;  // 0 for codes GeoNames uses that ISO has not assigned (XK)
  uint8_t pad[2];
  uint32_t name;           // short English name, "United States"
  uint32_t official_name;  // ISO list name, "United States of America"
};
static_assert(sizeof(CountryRec) == 16, "");

// RegionRec::flags: some place lies in it. Unset for ISO codes finer than GeoNames' first
// level (GB-LND, FR-75C): places cannot be checked against those, only their country.
inline constexpr uint16_t kRegionHasPlaces = 1;
struct RegionRec {
  uint32_t iso_code;  // "US-ID", 0 when GeoNames has a division ISO lacks
  uint32_t name;      // display name, "Idaho"
  uint16_t country;   // CountryRec index
  uint16_t flags;
};
static_assert(sizeof(RegionRec) == 12, "");

enum PlaceKind : uint8_t { kCity = 0, kPostal = 1 };
enum PlaceFlag : uint8_t {
  kCapital = 1,        // GeoNames PPLC
  kAdminSeat = 2,      // PPLA..PPLA4
  kNeighbourhood = 4,  // PPLX: a section of a bigger place
};

struct PlaceRec {
  uint32_t name;
  uint32_t timezone;
  uint32_t postal;  // postal code for kPostal places, else 0
  uint32_t population;
  int32_t lat_e6;  // micro-degrees
  int32_t lon_e6;
  uint16_t country;  // CountryRec index
  uint16_t region;   // RegionRec index or kNoRegion
  uint8_t kind;
  uint8_t flags;
  uint8_t pad[2];
};
static_assert(sizeof(PlaceRec) == 32, "");

// value of an IndexEntry: the target index, with kAlternate set for name-index entries that
// come from an alternate name (ranked below a place's own name).
inline constexpr uint32_t kAlternate = 0x80000000u;
inline constexpr uint32_t kQualifierCountry = 0x80000000u;  // else a region index
struct IndexEntry {
  uint32_t key;
  uint32_t value;
};
static_assert(sizeof(IndexEntry) == 8, "");

struct GridHeader {
  uint32_t rows;  // 180 one-degree latitude bands from -90
  uint32_t cols;  // 360 one-degree longitude bands from -180
};

struct Meta {
  uint32_t city_count;    // cities500 places: PlaceRec[0, city_count)
  uint32_t postal_count;  // distinct postal codes
  uint32_t reserved[6];
};

// Fast 64-bit checksum (word-at-a-time multiply/rotate; catches truncation and damage,
// not an adversary). Tail bytes are folded in one by one.
inline uint64_t checksum64(const unsigned char* p, size_t n) {
  const uint64_t k1 = 0x9E3779B185EBCA87ull, k2 = 0xC2B2AE3D27D4EB4Full;
  uint64_t h[4] = {k1, k2, k1 ^ n, k2 ^ n};
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int lane = 0; lane < 4; ++lane) {
      uint64_t w;
      std::memcpy(&w, p + i + 8 * lane, 8);
      h[lane] ^= w * k2;
      h[lane] = ((h[lane] << 31) | (h[lane] >> 33)) * k1;
    }
  }
  uint64_t r = h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7);
  for (; i < n; ++i) r = (r ^ p[i]) * 0x100000001B3ull;
  r ^= r >> 33;
  r *= k2;
  r ^= r >> 29;
  return r;
}

}  // namespace kindred::gaz
