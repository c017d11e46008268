// @brief Internal: Gazetteer::Impl, the open mapping and typed views of its sections.
//
// Built once by Gazetteer::open (which validates every offset and index, so the lookup
// code may trust them) and never modified afterwards: safe to read from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "core/geo/gazetteer.h"
#include "core/geo/internal/gazetteer_format.h"

namespace kindred {

template <typename T>
struct SectionView {
  const T* data = nullptr;
  size_t size = 0;
  const T& operator[](size_t i) const { return data[i]; }
  const T* begin() const { return data; }
  const T* end() const { return data + size; }
};

struct Gazetteer::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();

  void* map = nullptr;  // the whole file, PROT_READ
  size_t map_size = 0;

  SectionView<char> strings;
  SectionView<gaz::CountryRec> countries;
  SectionView<gaz::RegionRec> regions;
  SectionView<uint32_t> regions_by_code;
  SectionView<gaz::PlaceRec> places;
  SectionView<gaz::IndexEntry> names, postal, qualifiers;
  SectionView<uint64_t> fuzzy;
  SectionView<uint32_t> grid_start, grid_ids;
  gaz::Meta meta{};

  const char* str(uint32_t offset) const { return strings.data + offset; }
  // [first, last) of the entries whose key equals `key`, or starts with it when prefix.
  std::pair<size_t, size_t> range(SectionView<gaz::IndexEntry> index, std::string_view key,
                                  bool prefix = false) const;
  int country_index(std::string_view alpha2) const;  // -1 when unknown
  int region_index(std::string_view iso) const;      // -1 when unknown (ISO regions only)
  Place to_place(uint32_t id, bool with_postal) const;

  std::vector<Place> lookup(std::string_view text, size_t limit) const;
  std::optional<Place> locate(std::string_view postal_code, std::string_view locality,
                              std::string_view region_code, std::string_view country) const;
};

}  // namespace kindred
