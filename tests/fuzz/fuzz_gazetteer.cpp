// @brief Fuzz target: arbitrary text -> Gazetteer::lookup (the location box and `near`),
// Gazetteer::locate (a listing's structured location) and the ISO code checks.
//
// Input forms, so the fuzzer can reach each entry point from readable seeds:
//   "Moscow, ID"                    lookup(text) and the code checks on the text
//   "83843|Moscow|US-ID|US"         also locate(postal, locality, region, country)
//   "@46.73,-117.0"                 also nearest(lat, lon)
// Invariants: at most `limit` places, each with a known country and coordinates in range;
// locate never answers with a place outside the country it was given.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace kindred;

void check_place(const Gazetteer& g, const Place& p) {
  // A known country, though not always ISO 3166-1: GeoNames files Kosovo under its
  // user-assigned code XK, which is_country() rightly refuses (the first run found it).
  KINDRED_FUZZ_CHECK(p.country.size() == 2 && !g.country_name(p.country).empty());
  KINDRED_FUZZ_CHECK(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180);
  KINDRED_FUZZ_CHECK(!p.name.empty());
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Gazetteer& g = fuzz::env().gazetteer;
  std::string_view text = fuzz::as_text(data, size);
  for (size_t limit : {size_t{1}, size_t{5}}) {
    auto places = g.lookup(text, limit);
    KINDRED_FUZZ_CHECK(places.size() <= limit);
    for (const auto& p : places) check_place(g, p);
  }
  g.is_country(text);
  g.is_region(text);
  g.country_name(text);
  g.region_name(text);

  if (text.find('|') != std::string_view::npos) {
    auto f = split(text, '|');
    f.resize(4);
    if (auto p = g.locate(f[0], f[1], f[2], f[3])) {
      check_place(g, *p);
      if (!f[3].empty()) KINDRED_FUZZ_CHECK(p->country == upper(f[3]));
    }
  }
  if (!text.empty() && text[0] == '@') {
    std::string coords(text.substr(1));
    char* end = nullptr;
    double lat = std::strtod(coords.c_str(), &end);
    double lon = *end == ',' ? std::strtod(end + 1, nullptr) : 0.0;
    auto p = g.nearest(lat, lon);
    bool in_range = std::abs(lat) <= 90 && std::abs(lon) <= 180;  // false for NaN
    if (in_range) KINDRED_FUZZ_CHECK(p.has_value());
    if (p) check_place(g, *p);
  }
  return 0;
}
