// @brief build_gazetteer(): compiles the fetched sources into the compact gazetteer file.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <unordered_map>

#include "core/base/atomic_file.h"
#include "core/geo/gazetteer.h"
#include "core/geo/internal/gazetteer_format.h"
#include "core/geo/internal/gazetteer_geo.h"
#include "core/geo/internal/gazetteer_sources.h"
#include "core/geo/internal/gazetteer_text.h"

namespace kindred {
namespace {

using namespace gaz;

// Fuzzy matching is offered for names of places at least this big: a typo is far more
// likely to mean a town than a hamlet, and it keeps the deletion index at a few MB.
constexpr uint32_t kFuzzyMinPopulation = 1000;

class StringPool {
 public:
  StringPool() : bytes_(1, '\0') {}
  uint32_t add(std::string_view s) {
    if (s.empty()) return 0;
    auto [it, fresh] = index_.try_emplace(std::string(s), static_cast<uint32_t>(bytes_.size()));
    if (fresh) bytes_.append(s).push_back('\0');
    return it->second;
  }
  const char* at(uint32_t off) const { return bytes_.data() + off; }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
  std::unordered_map<std::string, uint32_t> index_;
};

struct Entry {  // an IndexEntry plus what it sorts by
  uint32_t key, value, population;
};

class Builder {
 public:
  explicit Builder(Sources src) : src_(std::move(src)) {}
  Expected<GazetteerBuildStats> write(const std::string& out_path);

 private:
  void add_countries_and_regions();
  void add_cities();
  void add_postal_places();
  void add_qualifiers();
  std::vector<uint64_t> fuzzy_index(const std::vector<IndexEntry>& names) const;
  std::vector<IndexEntry> sorted(std::vector<Entry>& entries) const;
  std::string serialize();
  PlaceRec place_rec(const SrcPlace& p);
  void add_key(std::vector<std::string>& keys, const std::string& key) const;

  Sources src_;
  StringPool pool_;
  std::vector<CountryRec> countries_;
  std::vector<RegionRec> regions_;
  std::vector<uint32_t> regions_by_code_;
  std::vector<uint16_t> region_map_;  // Sources region index -> RegionRec index
  std::unordered_map<std::string, uint16_t> country_of_;
  std::vector<PlaceRec> places_;
  std::vector<Entry> names_, postal_, qualifiers_;
  struct CityMatch {
    uint32_t city = kNone;
    bool alternate = false;
  };
  // "region|key" -> the city a postal place of that name is: own names beat alternate
  // names ("New York" is New York City's), then the bigger city.
  std::unordered_map<std::string, CityMatch> city_by_region_key_;
  std::vector<uint32_t> grid_start_, grid_ids_;
  uint32_t postal_codes_ = 0;
};

void Builder::add_countries_and_regions() {
  std::sort(src_.countries.begin(), src_.countries.end(),
            [](const SrcCountry& a, const SrcCountry& b) { return a.alpha2 < b.alpha2; });
  for (const auto& c : src_.countries) {
    CountryRec r{};
    std::memcpy(r.alpha2, c.alpha2.data(), 2);
    std::memcpy(r.alpha3, c.alpha3.size() == 3 ? c.alpha3.data() : "\0\0\0", 3);
    r.is_iso = c.is_iso ? 1 : 0;
    r.name = pool_.add(c.name);
    r.official_name = pool_.add(c.official_name);
    country_of_[c.alpha2] = static_cast<uint16_t>(countries_.size());
    countries_.push_back(r);
  }
  for (const auto& s : src_.regions) {
    region_map_.push_back(static_cast<uint16_t>(regions_.size()));
    regions_.push_back({pool_.add(s.iso_code), pool_.add(s.name), country_of_.at(s.country), 0});
    if (!s.iso_code.empty()) regions_by_code_.push_back(static_cast<uint32_t>(regions_.size() - 1));
  }
  std::sort(regions_by_code_.begin(), regions_by_code_.end(), [&](uint32_t a, uint32_t b) {
    return std::strcmp(pool_.at(regions_[a].iso_code), pool_.at(regions_[b].iso_code)) < 0;
  });
}

PlaceRec Builder::place_rec(const SrcPlace& p) {
  PlaceRec r{};
  r.name = pool_.add(p.name);
  r.timezone = pool_.add(p.timezone);
  r.postal = pool_.add(p.postal);
  r.population = p.population;
  r.lat_e6 = static_cast<int32_t>(std::lround(p.lat * 1e6));
  r.lon_e6 = static_cast<int32_t>(std::lround(std::clamp(p.lon, -180.0, 180.0) * 1e6));
  r.country = country_of_.at(p.country);
  r.region = p.region < 0 ? kNoRegion : region_map_[static_cast<size_t>(p.region)];
  r.flags = p.flags;
  return r;
}

// Index keys are Latin-script only (after folding) and never bare numbers.
void Builder::add_key(std::vector<std::string>& keys, const std::string& key) const {
  if (key.empty() || key.size() > 60 || !is_ascii(key)) return;
  if (key.find_first_not_of("0123456789 ") == std::string::npos) return;
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}

void Builder::add_cities() {
  for (const auto& c : src_.cities) {
    uint32_t id = static_cast<uint32_t>(places_.size());
    places_.push_back(place_rec(c));
    std::vector<std::string> keys;
    std::string own = normalize(c.name);
    add_key(keys, own);
    for (auto& v : spelling_variants(own)) add_key(keys, v);
    size_t primary = keys.size();
    for (const auto& alt : c.alternates) add_key(keys, normalize(alt));
    for (size_t k = 0; k < keys.size(); ++k) {
      bool alternate = k >= primary;
      names_.push_back({pool_.add(keys[k]), id | (alternate ? kAlternate : 0), c.population});
      CityMatch& m = city_by_region_key_[std::to_string(c.region) + "|" + keys[k]];
      if (m.city == kNone || (m.alternate && !alternate) ||
          (m.alternate == alternate && src_.cities[m.city].population < c.population))
        m = {id, alternate};
    }
  }
  // The grid for nearest(): city ids bucketed by one-degree cell.
  std::vector<uint32_t> count(kGridRows * kGridCols + 1, 0);
  for (const auto& c : src_.cities) ++count[grid_cell(c.lat, c.lon) + 1];
  for (size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
  grid_start_ = count;
  grid_ids_.resize(src_.cities.size());
  for (uint32_t i = 0; i < src_.cities.size(); ++i)
    grid_ids_[count[grid_cell(src_.cities[i].lat, src_.cities[i].lon)]++] = i;
}

// ZIP and postcode areas: named after the city they match in the same region (which also
// lends its population for ranking), with the nearest city's time zone. An area whose name
// no city in its region has becomes findable by name too (Australian suburbs, mostly).
void Builder::add_postal_places() {
  std::unordered_map<std::string, bool> named;  // "region|key" already in the name index
  std::unordered_map<std::string, bool> codes;
  for (auto& p : src_.postal) {
    std::string key = normalize(p.name);
    std::string region_key = std::to_string(p.region) + "|" + key;
    auto city = city_by_region_key_.find(region_key);
    if (city != city_by_region_key_.end()) {
      const SrcPlace& c = src_.cities[city->second.city];
      p.name = c.name;
      p.population = c.population;
    }
    uint32_t near = grid_nearest(
        grid_start_.data(), grid_ids_.data(),
        [&](uint32_t i, double& lat, double& lon) {
          lat = src_.cities[i].lat, lon = src_.cities[i].lon;
        },
        p.lat, p.lon);
    p.timezone = near == kNone ? "" : src_.cities[near].timezone;
    uint32_t id = static_cast<uint32_t>(places_.size());
    places_.push_back(place_rec(p));
    places_.back().kind = kPostal;
    std::string code = p.country + " " + normalize(p.postal);
    postal_.push_back({pool_.add(code), id, p.population});
    codes[code] = true;
    if (city == city_by_region_key_.end() && !named[region_key]) {
      named[region_key] = true;
      std::vector<std::string> keys;
      add_key(keys, key);
      for (auto& v : spelling_variants(key)) add_key(keys, v);
      for (auto& k : keys) names_.push_back({pool_.add(k), id, p.population});
    }
  }
  postal_codes_ = static_cast<uint32_t>(codes.size());
}

void Builder::add_qualifiers() {
  auto add = [&](std::string_view text, uint32_t target) {
    std::string key = normalize(text);
    if (!key.empty()) qualifiers_.push_back({pool_.add(key), target, 0});
  };
  for (size_t i = 0; i < src_.countries.size(); ++i) {
    const SrcCountry& c = src_.countries[i];
    uint32_t target = kQualifierCountry | static_cast<uint32_t>(i);
    for (const auto& text : {c.alpha2, c.alpha3, c.name, c.official_name}) add(text, target);
    for (const auto& a : c.aliases) add(a, target);
  }
  for (size_t i = 0; i < src_.regions.size(); ++i) {
    const SrcRegion& r = src_.regions[i];
    uint32_t target = region_map_[i];
    if (!r.iso_code.empty()) add(r.iso_code.substr(3), target), add(r.iso_code, target);
    add(r.name, target);
    for (const auto& a : r.aliases) add(a, target);
  }
}

// Sorted by key text; within a key, own names before alternates, then by population.
std::vector<IndexEntry> Builder::sorted(std::vector<Entry>& entries) const {
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.key != b.key) return std::strcmp(pool_.at(a.key), pool_.at(b.key)) < 0;
    if ((a.value & kAlternate) != (b.value & kAlternate)) return (a.value & kAlternate) == 0;
    if (a.population != b.population) return a.population > b.population;
    return a.value < b.value;
  });
  std::vector<IndexEntry> out;
  out.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    bool dup = false;  // the same target under the same key once only (own name wins)
    for (size_t j = i; j-- > 0 && entries[j].key == e.key;)
      if ((entries[j].value & ~kAlternate) == (e.value & ~kAlternate)) dup = true;
    if (!dup) out.push_back({e.key, e.value});
  }
  return out;
}

std::vector<uint64_t> Builder::fuzzy_index(const std::vector<IndexEntry>& names) const {
  std::vector<uint64_t> out;
  for (size_t start = 0; start < names.size();) {
    size_t end = start;
    bool eligible = false;
    for (; end < names.size() && names[end].key == names[start].key; ++end) {
      const PlaceRec& p = places_[names[end].value & ~kAlternate];
      if (!(names[end].value & kAlternate) && p.population >= kFuzzyMinPopulation) eligible = true;
    }
    std::string_view key = pool_.at(names[start].key);
    if (eligible && key.size() >= kMinFuzzyKey && key.size() <= kMaxFuzzyKey) {
      for (uint32_t h : deletion_hashes(key)) out.push_back((uint64_t{h} << 32) | start);
    }
    start = end;
  }
  std::sort(out.begin(), out.end());
  return out;
}

template <typename T>
void append_section(std::string& file, std::vector<SectionEntry>& table, SectionId id,
                    const T* data, size_t count) {
  while (file.size() % 8) file.push_back('\0');
  table.push_back({static_cast<uint32_t>(id), 0, file.size(), sizeof(T) * count});
  file.append(reinterpret_cast<const char*>(data), sizeof(T) * count);
}

std::string Builder::serialize() {
  std::vector<IndexEntry> names = sorted(names_), postal = sorted(postal_),
                          qualifiers = sorted(qualifiers_);
  std::vector<uint64_t> fuzzy = fuzzy_index(names);
  std::vector<uint32_t> grid;
  GridHeader gh{kGridRows, kGridCols};
  grid.push_back(gh.rows), grid.push_back(gh.cols);
  grid.insert(grid.end(), grid_start_.begin(), grid_start_.end());
  grid.insert(grid.end(), grid_ids_.begin(), grid_ids_.end());
  Meta meta{};
  meta.city_count = static_cast<uint32_t>(src_.cities.size());
  meta.postal_count = postal_codes_;

  constexpr uint32_t kSections = 11;
  std::string file(sizeof(FileHeader) + kSections * sizeof(SectionEntry), '\0');
  std::vector<SectionEntry> table;
  const std::string& strings = pool_.bytes();
  append_section(file, table, SectionId::kStrings, strings.data(), strings.size());
  append_section(file, table, SectionId::kCountries, countries_.data(), countries_.size());
  append_section(file, table, SectionId::kRegions, regions_.data(), regions_.size());
  append_section(file, table, SectionId::kRegionsByCode, regions_by_code_.data(),
                 regions_by_code_.size());
  append_section(file, table, SectionId::kPlaces, places_.data(), places_.size());
  append_section(file, table, SectionId::kNameIndex, names.data(), names.size());
  append_section(file, table, SectionId::kPostalIndex, postal.data(), postal.size());
  append_section(file, table, SectionId::kQualifierIndex, qualifiers.data(), qualifiers.size());
  append_section(file, table, SectionId::kFuzzy, fuzzy.data(), fuzzy.size());
  append_section(file, table, SectionId::kGrid, grid.data(), grid.size());
  append_section(file, table, SectionId::kMeta, &meta, 1);
  while (file.size() % 8) file.push_back('\0');

  std::memcpy(&file[sizeof(FileHeader)], table.data(), table.size() * sizeof(SectionEntry));
  FileHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kFormatVersion;
  h.endian_mark = kEndianMark;
  h.file_size = file.size();
  h.section_count = kSections;
  h.checksum = checksum64(reinterpret_cast<const unsigned char*>(file.data()) + sizeof h,
                          file.size() - sizeof h);
  std::memcpy(&file[0], &h, sizeof h);
  return file;
}

Expected<GazetteerBuildStats> Builder::write(const std::string& out_path) {
  add_countries_and_regions();
  add_cities();
  add_postal_places();
  add_qualifiers();
  for (const auto& p : places_)
    if (p.region != kNoRegion) regions_[p.region].flags |= kRegionHasPlaces;
  std::string file = serialize();

  if (Status s = write_file_atomically(out_path, file); !s) return s.error();

  GazetteerBuildStats stats;
  stats.places = places_.size();
  stats.postal_codes = postal_codes_;
  for (const auto& c : countries_) stats.countries += c.is_iso;
  stats.regions = regions_by_code_.size();
  return stats;
}

}  // namespace

Expected<GazetteerBuildStats> build_gazetteer(const std::string& src_dir,
                                              const std::string& out_path) {
  try {
    auto src = gaz::read_sources(src_dir);
    if (!src) return src.error();
    return Builder(std::move(*src)).write(out_path);
  } catch (const std::exception& e) {  // bad_alloc, out_of_range on an inconsistent source
    return make_error(ErrorCode::kInternal, std::string("gazetteer build failed: ") + e.what());
  }
}

}  // namespace kindred
