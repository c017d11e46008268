// @brief Meeting Guide address fields -> a place with region and time zone (see header).
#include "core/interop/meeting_guide_place.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <cstdlib>
#include <optional>
#include <vector>

#include "core/base/json_build.h"
#include "core/interop/feed_text.h"

namespace kindred {
namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

std::string fold(std::string s) {
  s = upper(trim(s));
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// "US", "usa", "United States", "Canada", "Deutschland"? -> alpha-2; "" when unknown. Names
// are the gazetteer's English country names, plus the short forms feeds and geocoders use.
std::string country_code(const std::string& text, const Gazetteer& gazetteer) {
  std::string t = fold(text);
  if (t.size() == 2 && gazetteer.is_country(t)) return t;
  struct Alias { const char* name; const char* code; };
  static const Alias kAliases[] = {{"USA", "US"}, {"U.S.A", "US"}, {"UNITED STATES", "US"},
                                   {"UNITED STATES OF AMERICA", "US"}, {"UK", "GB"}, {"UNITED KINGDOM", "GB"},
                                   {"GREAT BRITAIN", "GB"}, {"ENGLAND", "GB"}, {"SCOTLAND", "GB"}, {"WALES", "GB"}};
  for (const Alias& a : kAliases) {
    if (t == a.name) return a.code;
  }
  // Every alpha-2 code's English name, once per process (names do not change between
  // gazetteer files of the same format; a few hundred cheap lookups).
  static const std::map<std::string, std::string> kNames = [&] {
    std::map<std::string, std::string> names;
    for (char a = 'A'; a <= 'Z'; ++a) {
      for (char b = 'A'; b <= 'Z'; ++b) {
        std::string code{a, b};
        if (gazetteer.is_country(code)) names.emplace(upper(gazetteer.country_name(code)), code);
      }
    }
    return names;
  }();
  auto it = kNames.find(t);
  return it == kNames.end() ? "" : it->second;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string p = trim(text.substr(start, end - start));
    if (!p.empty()) parts.push_back(p);
    start = end + 1;
  }
  return parts;
}

// A state, province or nation of `country` written as a code ("AB", "IL") or as its name
// ("Alberta"), as ISO 3166-2; "" when it is neither. Names are learnt once per country
// from the gazetteer (every code of 1-3 letters or digits; a few ms, under a lock).
std::string region_code(const std::string& text, const std::string& country, const Gazetteer& gazetteer) {
  if (country.empty() || text.empty()) return "";
  std::string t = fold(text);
  if (gazetteer.is_region(country + "-" + t)) return country + "-" + t;
  static std::mutex mutex;
  static std::map<std::string, std::map<std::string, std::string>> names;  // country -> NAME -> code
  std::lock_guard<std::mutex> lock(mutex);
  auto it = names.find(country);
  if (it == names.end()) {
    std::map<std::string, std::string> by_name;
    const std::string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    auto consider = [&](const std::string& suffix) {
      std::string code = country + "-" + suffix;
      if (gazetteer.is_region(code)) by_name.emplace(fold(gazetteer.region_name(code)), code);
    };
    for (char a : alnum) {
      consider(std::string{a});
      for (char b : alnum) {
        consider(std::string{a, b});
        for (char c : alnum) consider(std::string{a, b, c});
      }
    }
    it = names.emplace(country, std::move(by_name)).first;
  }
  auto found = it->second.find(t);
  return found == it->second.end() ? "" : found->second;
}

// The zone of the most populous gazetteer city of a region ("CA-AB" -> America/Edmonton),
// for a town too small for the gazetteer; "" when the region has no city. Learnt once per
// process from every city of 1,000 people or more (tens of ms, under a lock).
std::string region_timezone(const std::string& region, const Gazetteer& gazetteer) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<uint32_t, std::string>> zones;  // region -> population, zone
  static bool loaded = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (!loaded) {
    for (const Place& city : gazetteer.cities(1000)) {
      auto& best = zones[city.region_code];
      if (city.population > best.first && !city.timezone.empty()) best = {city.population, city.timezone};
    }
    loaded = true;
  }
  auto it = zones.find(region);
  return it == zones.end() ? "" : it->second.second;
}

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string join_words(const std::vector<std::string>& w, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + w[i];
  return out;
}

struct OneLine {
  std::string street, locality, state, postal_code, country;
};

// A one-line address, split from the end (see resolve_place in the header).
OneLine split_one_line(const std::string& text, const Gazetteer& gazetteer) {
  OneLine out;
  std::vector<std::string> parts = split_commas(text);
  if (parts.size() >= 2 && !country_code(parts.back(), gazetteer).empty()) {
    out.country = country_code(parts.back(), gazetteer);
    parts.pop_back();
  }
  bool have_locality = false;
  if (parts.size() >= 2) {
    std::vector<std::string> w = words(parts.back());
    // Only a code starts a "state postcode" part: "London WC2H 0EW" is a city and a postcode.
    bool state_code = !w.empty() && !out.country.empty() && gazetteer.is_region(out.country + "-" + fold(w[0]));
    if (!w.empty() && std::all_of(w.begin(), w.end(), has_digit)) {
      out.postal_code = parts.back();  // "T6E 4E8", "7975"
      parts.pop_back();
    } else if (state_code) {
      out.state = fold(w[0]);  // "IL 60641", "BC V1C 5X1", "IL"
      out.postal_code = join_words(w, 1, w.size());
      parts.pop_back();
    } else if (w.size() >= 2 && has_digit(w.back()) && !has_digit(w[0])) {
      // "London WC2H 0EW": a locality followed by its postcode.
      size_t first = 0;
      while (first < w.size() && !has_digit(w[first])) ++first;
      out.locality = join_words(w, 0, first);
      out.postal_code = join_words(w, first, w.size());
      parts.pop_back();
      have_locality = true;
    }
  }
  if (!have_locality) {
    // street, locality, state: the part before the postal code may be the state's name.
    if (out.state.empty() && parts.size() >= 2 && !region_code(parts.back(), out.country, gazetteer).empty()) {
      out.state = parts.back();
      parts.pop_back();
    }
    if (!parts.empty()) {
      out.locality = parts.back();
      parts.pop_back();
    }
  }
  out.street = join(parts, ", ");
  return out;
}

// Whether a gazetteer name is the name a feed wrote, up to case and accents: each
// non-ASCII character matches any one character ("Montreal" is "Montréal"), and nothing
// else differs ("Marin" is not "Marion").
bool same_name(const std::string& a, const std::string& b) {
  auto simple = [](const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        if ((c & 0xC0) != 0x80) out += '?';  // one mark per character, not per byte
      } else {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
    }
    return out;
  };
  std::string x = simple(a), y = simple(b);
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i] && x[i] != '?' && y[i] != '?') return false;
  }
  return true;
}

// The best place for a locality (and postal code) in a country, preferring one whose
// first-level division is named `state` ("Alberta") when the state is not a code. Beyond
// the gazetteer's own locate(), only a place of exactly that name counts: a typo match
// ("Marin" -> Marion, Iowa) would give a meeting another state's clock.
std::optional<Place> locate_city(const FeedPlace& p, const std::string& state, const Gazetteer& gazetteer) {
  if (auto by_code = gazetteer.locate(p.postal_code, p.locality, p.region, p.country)) {
    // Within a stated region, or by postal code, the gazetteer's typo-tolerant match is safe;
    // across a whole country only the name itself is.
    if (!p.region.empty() || !by_code->postal_code.empty() || same_name(by_code->name, p.locality)) return by_code;
  }
  if (p.locality.empty()) return std::nullopt;
  std::optional<Place> first;
  for (Place& candidate : gazetteer.lookup(p.locality + (p.country.empty() ? "" : ", " + p.country), 10)) {
    if ((!p.country.empty() && candidate.country != p.country) || !same_name(candidate.name, p.locality)) continue;
    if (!state.empty() && fold(candidate.admin1) == fold(state)) return candidate;
    if (!first) first = std::move(candidate);
  }
  return first;
}

bool coordinate(const rapidjson::Value& m, const char* key, double& out) {
  auto it = m.FindMember(key);
  if (it == m.MemberEnd()) return false;
  if (it->value.IsNumber()) {
    out = it->value.GetDouble();
  } else if (it->value.IsString() && it->value.GetStringLength() > 0) {
    char* end = nullptr;
    out = std::strtod(it->value.GetString(), &end);
    if (*end != '\0') return false;
  } else {
    return false;
  }
  return std::isfinite(out);
}

}  // namespace

FeedPlace resolve_place(const rapidjson::Value& m, const Gazetteer& gazetteer, const std::string& default_country) {
  FeedPlace p;
  p.address = trim(json::get_text(m, "address"));
  p.locality = trim(json::get_text(m, "city"));
  std::string state = trim(json::get_text(m, "state"));
  p.postal_code = trim(json::get_text(m, "postal_code"));
  if (auto code = m.FindMember("postal_code"); code != m.MemberEnd() && code->value.IsInt64()) {
    p.postal_code = std::to_string(code->value.GetInt64());  // 64113 written as a number
  }
  std::string country = json::get_text(m, "country");
  std::string formatted = json::get_text(m, "formatted_address");
  // Without a city, the address is on one line: in formatted_address, or in address.
  std::string one_line = !p.locality.empty() ? "" : !formatted.empty() ? formatted
                         : p.address.find(',') != std::string::npos ? p.address : "";
  if (!one_line.empty()) {
    OneLine split = split_one_line(one_line, gazetteer);
    p.address = split.street;
    p.locality = split.locality;
    if (state.empty()) state = split.state;
    if (p.postal_code.empty()) p.postal_code = split.postal_code;
    if (country.empty()) country = split.country;
  }
  p.country = country_code(country, gazetteer);
  if (p.country.empty() && country.empty()) p.country = default_country;
  p.region = region_code(state, p.country, gazetteer);
  p.approximate = json::get_text(m, "approximate") == "yes";

  // A coordinate of exactly 0 is a blank field, not a meeting on the equator or at
  // Greenwich ("latitude": 33.58, "longitude": 0.0 is a Texas meeting with no longitude).
  double lat = 0, lon = 0;
  if (coordinate(m, "latitude", lat) && coordinate(m, "longitude", lon) && std::fabs(lat) <= 90 &&
      std::fabs(lon) <= 180 && lat != 0 && lon != 0) {
    p.lat = lat;
    p.lon = lon;
    p.has_coordinates = true;
    if (auto near = gazetteer.nearest(lat, lon)) {
      if (p.country.empty()) p.country = near->country;
      // The nearest place may be across a border (Marfa, Texas is nearest a Mexican town on
      // another clock): its zone counts only inside the stated region (or country).
      bool same_area = p.region.empty() ? near->country == p.country : near->region_code == p.region;
      if (same_area) {
        p.name = near->name;
        p.timezone = near->timezone;
        if (p.region.empty()) p.region = near->region_code;
        if (p.locality.empty()) p.locality = near->name;
      }
    }
  }
  if ((p.region.empty() || p.timezone.empty()) && !p.locality.empty()) {
    if (auto city = locate_city(p, state, gazetteer)) {
      if (p.name.empty()) p.name = city->name;
      if (p.country.empty()) p.country = city->country;
      if (p.region.empty() && city->country == p.country) p.region = city->region_code;
      if (p.timezone.empty()) p.timezone = city->timezone;
    }
  }
  if (p.timezone.empty() && !p.region.empty()) {
    p.timezone = region_timezone(p.region, gazetteer);
    p.timezone_from_region = !p.timezone.empty();
  }
  return p;
}

}  // namespace kindred
