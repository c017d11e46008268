// @brief Gazetteer::open (map, checksum, validate) and the code and nearest-place queries.
#include "core/geo/gazetteer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "core/geo/internal/gazetteer_geo.h"
#include "core/geo/internal/gazetteer_impl.h"

namespace kindred {

using namespace gaz;

namespace {

Error corrupt(const std::string& path, const std::string& why) {
  return make_error(ErrorCode::kCorrupt,
                    "gazetteer file " + path + " is unusable (" + why +
                        "); rebuild it: scripts/fetch-gazetteer, then kindred-index gazetteer "
                        "--src var/gazetteer/src --out " +
                        path);
}

// Checks every stored reference once, so that lookups never need to.
const char* validate(const Gazetteer::Impl& g) {
  if (g.strings.size == 0 || g.strings[0] != '\0' || g.strings[g.strings.size - 1] != '\0')
    return "string pool not terminated";
  auto str_ok = [&](uint32_t off) { return off < g.strings.size; };
  for (const auto& c : g.countries)
    if (!str_ok(c.name) || !str_ok(c.official_name)) return "country record";
  for (const auto& r : g.regions)
    if (!str_ok(r.iso_code) || !str_ok(r.name) || r.country >= g.countries.size)
      return "region record";
  for (uint32_t r : g.regions_by_code)
    if (r >= g.regions.size) return "region code index";
  for (const auto& p : g.places) {
    if (!str_ok(p.name) || !str_ok(p.timezone) || !str_ok(p.postal) ||
        p.country >= g.countries.size || (p.region != kNoRegion && p.region >= g.regions.size))
      return "place record";
  }
  auto index_ok = [&](SectionView<IndexEntry> idx, auto target_ok) {
    return std::all_of(idx.begin(), idx.end(),
                       [&](const IndexEntry& e) { return str_ok(e.key) && target_ok(e.value); });
  };
  auto place_ok = [&](uint32_t v) { return (v & ~kAlternate) < g.places.size; };
  if (!index_ok(g.names, place_ok) || !index_ok(g.postal, place_ok)) return "name or postal index";
  if (!index_ok(g.qualifiers, [&](uint32_t v) {
        return (v & kQualifierCountry) ? (v & ~kQualifierCountry) < g.countries.size
                                       : v < g.regions.size;
      }))
    return "qualifier index";
  for (uint64_t f : g.fuzzy)
    if ((f & 0xFFFFFFFFu) >= g.names.size) return "fuzzy index";
  if (g.meta.city_count > g.places.size) return "meta";
  if (g.grid_start.size != kGridRows * kGridCols + 1 || g.grid_start[0] != 0 ||
      g.grid_start[g.grid_start.size - 1] != g.grid_ids.size)
    return "grid";
  for (size_t i = 1; i < g.grid_start.size; ++i)
    if (g.grid_start[i] < g.grid_start[i - 1]) return "grid";
  for (uint32_t id : g.grid_ids)
    if (id >= g.meta.city_count) return "grid";
  return nullptr;
}

template <typename T>
bool bind(SectionView<T>& view, const unsigned char* base, const SectionEntry& s) {
  if (s.size % sizeof(T) != 0 || s.offset % alignof(T) != 0) return false;
  view.data = reinterpret_cast<const T*>(base + s.offset);
  view.size = s.size / sizeof(T);
  return true;
}

}  // namespace

Gazetteer::Impl::~Impl() {
  if (map) ::munmap(map, map_size);
}

Expected<Gazetteer> Gazetteer::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                      "cannot open gazetteer " + path + ": " + std::strerror(errno) +
                          " (build it: scripts/fetch-gazetteer, then kindred-index gazetteer)");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return make_error(ErrorCode::kIo, "cannot stat " + path + ": " + std::strerror(err));
  }
  auto impl = std::make_unique<Impl>();
  impl->map_size = static_cast<size_t>(st.st_size);
  if (impl->map_size < sizeof(FileHeader)) {
    ::close(fd);
    return corrupt(path, "shorter than its header");
  }
  void* m = ::mmap(nullptr, impl->map_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  int map_errno = errno;
  ::close(fd);
  if (m == MAP_FAILED)
    return make_error(ErrorCode::kIo, "cannot map " + path + ": " + std::strerror(map_errno));
  impl->map = m;
  const auto* base = static_cast<const unsigned char*>(m);

  FileHeader h;
  std::memcpy(&h, base, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
    return corrupt(path, "not a gazetteer file");
  if (h.version != kFormatVersion) {
    return corrupt(path, "format version " + std::to_string(h.version) + ", this build reads " +
                             std::to_string(kFormatVersion));
  }
  if (h.endian_mark != kEndianMark)
    return corrupt(path, "written on a machine of other byte order");
  if (h.file_size != impl->map_size) {
    return corrupt(path, "truncated or extended: " + std::to_string(impl->map_size) +
                             " bytes, header says " + std::to_string(h.file_size));
  }
  if (checksum64(base + sizeof h, impl->map_size - sizeof h) != h.checksum)
    return corrupt(path, "checksum mismatch");
  if (h.section_count > 64 || sizeof h + h.section_count * sizeof(SectionEntry) > impl->map_size)
    return corrupt(path, "section table");

  Impl& g = *impl;
  SectionView<uint32_t> grid;
  SectionView<Meta> meta;
  uint32_t seen = 0;
  for (uint32_t i = 0; i < h.section_count; ++i) {
    SectionEntry s;
    std::memcpy(&s, base + sizeof h + i * sizeof s, sizeof s);
    if (s.offset > impl->map_size || s.size > impl->map_size - s.offset)
      return corrupt(path, "section bounds");
    bool ok = true;
    switch (static_cast<SectionId>(s.id)) {
      case SectionId::kStrings:
        ok = bind(g.strings, base, s);
        break;
      case SectionId::kCountries:
        ok = bind(g.countries, base, s);
        break;
      case SectionId::kRegions:
        ok = bind(g.regions, base, s);
        break;
      case SectionId::kRegionsByCode:
        ok = bind(g.regions_by_code, base, s);
        break;
      case SectionId::kPlaces:
        ok = bind(g.places, base, s);
        break;
      case SectionId::kNameIndex:
        ok = bind(g.names, base, s);
        break;
      case SectionId::kPostalIndex:
        ok = bind(g.postal, base, s);
        break;
      case SectionId::kQualifierIndex:
        ok = bind(g.qualifiers, base, s);
        break;
      case SectionId::kFuzzy:
        ok = bind(g.fuzzy, base, s);
        break;
      case SectionId::kGrid:
        ok = bind(grid, base, s);
        break;
      case SectionId::kMeta:
        ok = bind(meta, base, s) && meta.size == 1;
        break;
      default:
        continue;  // unknown sections are for newer readers; ignore
    }
    if (!ok) return corrupt(path, "section " + std::to_string(s.id) + " layout");
    if (s.id < 32) seen |= 1u << s.id;
  }
  if (seen != 0xFFEu) return corrupt(path, "missing sections");
  if (grid.size < 2 || grid[0] != kGridRows || grid[1] != kGridCols ||
      grid.size < 2 + kGridRows * kGridCols + 1)
    return corrupt(path, "grid header");
  g.grid_start = {grid.data + 2, kGridRows * kGridCols + 1};
  g.grid_ids = {grid.data + 2 + g.grid_start.size, grid.size - 2 - g.grid_start.size};
  g.meta = meta[0];
  if (const char* why = validate(g)) return corrupt(path, std::string("bad ") + why);
  // The checksum and the validation read every page once (MAP_POPULATE makes that one
  // pass). After them, a lookup touches only the pages it needs: the pages are dropped from
  // this process's resident set and stay in the page cache, read back from there on use,
  // as Xapian's index files are. So kindred-serve's RSS (issue 16: at most 250 MB at 1M
  // listings) holds the ~30 MB file only as far as its lookups reach. The mapping is
  // read-only, so nothing can be lost: a dropped page is the file's bytes again.
  ::madvise(m, impl->map_size, MADV_DONTNEED);
  return Gazetteer(std::move(impl));
}

Gazetteer::Gazetteer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

std::pair<size_t, size_t> Gazetteer::Impl::range(SectionView<IndexEntry> index,
                                                 std::string_view key, bool prefix) const {
  auto key_of = [&](const IndexEntry& e) {
    std::string_view k = str(e.key);
    return prefix ? k.substr(0, key.size()) : k;
  };
  auto lo =
      std::lower_bound(index.begin(), index.end(), key,
                       [&](const IndexEntry& e, std::string_view k) { return key_of(e) < k; });
  auto hi = std::upper_bound(
      lo, index.end(), key, [&](std::string_view k, const IndexEntry& e) { return k < key_of(e); });
  return {static_cast<size_t>(lo - index.begin()), static_cast<size_t>(hi - index.begin())};
}

int Gazetteer::Impl::country_index(std::string_view alpha2) const {
  if (alpha2.size() != 2) return -1;
  auto it = std::lower_bound(
      countries.begin(), countries.end(), alpha2,
      [](const CountryRec& c, std::string_view k) { return std::string_view(c.alpha2, 2) < k; });
  if (it == countries.end() || std::string_view(it->alpha2, 2) != alpha2) return -1;
  return static_cast<int>(it - countries.begin());
}

int Gazetteer::Impl::region_index(std::string_view iso) const {
  if (iso.size() < 4 || iso.size() > 10) return -1;
  auto it = std::lower_bound(
      regions_by_code.begin(), regions_by_code.end(), iso,
      [&](uint32_t r, std::string_view k) { return str(regions[r].iso_code) < k; });
  if (it == regions_by_code.end() || str(regions[*it].iso_code) != iso) return -1;
  return static_cast<int>(*it);
}

Place Gazetteer::Impl::to_place(uint32_t id, bool with_postal) const {
  const PlaceRec& p = places[id];
  Place out;
  out.name = str(p.name);
  if (p.region != kNoRegion) {
    out.admin1 = str(regions[p.region].name);
    out.region_code = str(regions[p.region].iso_code);
  }
  out.country.assign(countries[p.country].alpha2, 2);
  out.lat = p.lat_e6 / 1e6;
  out.lon = p.lon_e6 / 1e6;
  out.timezone = str(p.timezone);
  if (with_postal) out.postal_code = str(p.postal);
  out.population = p.population;
  return out;
}

std::vector<Place> Gazetteer::lookup(std::string_view text, size_t limit) const {
  return impl_->lookup(text, limit);
}

std::optional<Place> Gazetteer::locate(std::string_view postal_code, std::string_view locality,
                                       std::string_view region_code,
                                       std::string_view country) const {
  return impl_->locate(postal_code, locality, region_code, country);
}

std::optional<Place> Gazetteer::nearest(double lat, double lon) const {
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return std::nullopt;  // NaN too
  const Impl& g = *impl_;
  uint32_t id = grid_nearest(
      g.grid_start.data, g.grid_ids.data,
      [&](uint32_t i, double& plat, double& plon) {
        plat = g.places[i].lat_e6 / 1e6, plon = g.places[i].lon_e6 / 1e6;
      },
      lat, lon);
  if (id == kNone) return std::nullopt;
  return g.to_place(id, false);
}

bool Gazetteer::is_country(std::string_view iso3166_1) const {
  int i = impl_->country_index(iso3166_1);
  return i >= 0 && impl_->countries[static_cast<size_t>(i)].is_iso;
}

bool Gazetteer::is_region(std::string_view iso3166_2) const {
  return impl_->region_index(iso3166_2) >= 0;
}

std::string Gazetteer::country_name(std::string_view iso3166_1) const {
  int i = impl_->country_index(iso3166_1);
  return i < 0 ? "" : impl_->str(impl_->countries[static_cast<size_t>(i)].name);
}

std::string Gazetteer::region_name(std::string_view iso3166_2) const {
  int i = impl_->region_index(iso3166_2);
  return i < 0 ? "" : impl_->str(impl_->regions[static_cast<size_t>(i)].name);
}

std::vector<Place> Gazetteer::cities(uint32_t min_population) const {
  std::vector<Place> out;
  for (uint32_t i = 0; i < impl_->places.size; ++i) {
    const gaz::PlaceRec& rec = impl_->places[i];
    if (rec.kind == gaz::kCity && rec.population >= min_population) out.push_back(impl_->to_place(i, false));
  }
  return out;
}

size_t Gazetteer::place_count() const {
  return impl_->places.size;
}
size_t Gazetteer::postal_count() const {
  return impl_->meta.postal_count;
}

}  // namespace kindred
