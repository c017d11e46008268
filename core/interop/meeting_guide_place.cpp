// @brief Meeting Guide address fields -> a place with region and time zone (see header).
#include "core/interop/meeting_guide_place.h"

#include <cmath>
#include <cstdlib>
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

// "US", "usa", "United States", "Canada" -> alpha-2; "" when unknown.
std::string country_code(const std::string& text, const Gazetteer& gazetteer) {
  std::string t = upper(trim(text));
  if (t.size() == 2 && gazetteer.is_country(t)) return t;
  struct Alias { const char* name; const char* code; };
  static const Alias kAliases[] = {{"USA", "US"}, {"UNITED STATES", "US"}, {"UNITED STATES OF AMERICA", "US"},
                                   {"CANADA", "CA"}, {"UK", "GB"}, {"UNITED KINGDOM", "GB"},
                                   {"AUSTRALIA", "AU"}, {"NEW ZEALAND", "NZ"}, {"IRELAND", "IE"}};
  for (const Alias& a : kAliases) {
    if (t == a.name) return a.code;
  }
  return "";
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

}  // namespace

FeedPlace resolve_place(const rapidjson::Value& m, const Gazetteer& gazetteer) {
  FeedPlace p;
  p.address = trim(json::get_text(m, "address"));
  p.locality = trim(json::get_text(m, "city"));
  std::string state = trim(json::get_text(m, "state"));
  p.postal_code = trim(json::get_text(m, "postal_code"));
  std::string country = json::get_text(m, "country");
  std::string formatted = json::get_text(m, "formatted_address");
  if (p.address.empty() && p.locality.empty() && !formatted.empty()) {
    // street..., city, "ST 12345", country -- the shape the spec and geocoders use.
    std::vector<std::string> parts = split_commas(formatted);
    if (parts.size() >= 2 && !country_code(parts.back(), gazetteer).empty()) {
      country = parts.back();
      parts.pop_back();
    }
    if (parts.size() >= 2) {
      std::string last = parts.back();
      parts.pop_back();
      size_t space = last.find(' ');
      state = space == std::string::npos ? last : last.substr(0, space);
      if (space != std::string::npos && p.postal_code.empty()) p.postal_code = trim(last.substr(space + 1));
    }
    if (!parts.empty()) {
      p.locality = parts.back();
      parts.pop_back();
    }
    p.address = join(parts, ", ");
  }
  p.country = country_code(country, gazetteer);
  if (!p.country.empty() && !state.empty() && gazetteer.is_region(p.country + "-" + upper(state))) {
    p.region = p.country + "-" + upper(state);
  }

  double lat = 0, lon = 0;
  if (coordinate(m, "latitude", lat) && coordinate(m, "longitude", lon) && std::fabs(lat) <= 90 &&
      std::fabs(lon) <= 180 && !(lat == 0 && lon == 0)) {
    p.lat = lat;
    p.lon = lon;
    p.has_coordinates = true;
    if (auto near = gazetteer.nearest(lat, lon)) {
      p.name = near->name;
      p.timezone = near->timezone;
      if (p.country.empty()) p.country = near->country;
      if (p.region.empty() && near->country == p.country) p.region = near->region_code;
      if (p.locality.empty()) p.locality = near->name;
    }
  }
  if ((p.region.empty() || p.timezone.empty()) && !p.locality.empty()) {
    if (auto city = gazetteer.locate("", p.locality, p.region, p.country)) {
      if (p.name.empty()) p.name = city->name;
      if (p.region.empty()) p.region = city->region_code;
      if (p.timezone.empty()) p.timezone = city->timezone;
      if (p.country.empty()) p.country = city->country;
    }
  }
  return p;
}

}  // namespace kindred
