// @brief Facet filters and place filters as document sets.
#include "core/search/search_filters.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/geo/distance.h"
#include "core/search/place_choice.h"

namespace kindred {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_language_tag(const std::string& s) {
  if (s.size() < 2 || s.size() > 35) return false;
  size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 2 || i > 3) return false;
  for (; i < s.size(); ++i) {
    if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '-') return false;
  }
  return true;
}

}  // namespace

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  return great_circle_km(lat1, lon1, lat2, lon2);
}

Expected<std::string> normalise_facet_value(const std::string& facet, const std::string& value,
                                            const Vocabulary& vocabulary, const Gazetteer& gazetteer) {
  auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, facet + ": \"" + value + "\" " + why);
  };
  if (value.empty()) return bad("is empty");
  if (facet == "region") {
    if (!gazetteer.is_region(upper(value))) return bad("is not a region code such as US-ID or GB-SCT");
    return lower(value);
  }
  if (facet == "language") {
    if (!is_language_tag(value)) return bad("is not a language tag such as en, es or fr-CA");
    return lower(value);
  }
  if (!vocabulary.contains(facet, value)) return bad("is not a known value (see /api/v1/vocabulary)");
  return lower(value);
}

std::pair<std::string, std::string> present_facet_value(const std::string& facet, const std::string& stored,
                                                        const Vocabulary& vocabulary,
                                                        const Gazetteer& gazetteer) {
  if (facet == "region") {
    std::string code = upper(stored);
    std::string name = gazetteer.region_name(code);
    return {code, name.empty() ? code : name};
  }
  if (const VocabularyValue* v = vocabulary.find(facet, stored)) return {v->value, v->label};
  return {stored, stored};
}

Expected<std::map<std::string, DocSet>> facet_selections(const SearchRequest& request,
                                                          const IndexSnapshot& snap,
                                                          const Vocabulary& vocabulary,
                                                          const Gazetteer& gazetteer,
                                                          const std::map<std::string, DocSet>* computed) {
  std::map<std::string, DocSet> out;
  for (const auto& [facet, filter] : request.filters) {
    const FacetPostings* postings = snap.facet(facet);
    const bool is_computed = computed && facet == "starts";
    if (!postings && !is_computed) return make_error(ErrorCode::kInvalidArgument, "\"" + facet + "\" is not a facet");
    if (filter.include.empty() && filter.exclude.empty()) continue;
    if (is_computed) {
      // Computed per request (starts_facet.h): sets, not postings.
      DocSet set(snap.max_docid(), filter.include.empty());
      for (const auto& v : filter.include) {
        auto stored = normalise_facet_value(facet, v, vocabulary, gazetteer);
        if (!stored) return stored.error();
        if (auto it = computed->find(*stored); it != computed->end()) set |= it->second;
      }
      for (const auto& v : filter.exclude) {
        auto stored = normalise_facet_value(facet, v, vocabulary, gazetteer);
        if (!stored) return stored.error();
        if (auto it = computed->find(*stored); it != computed->end()) set.subtract(it->second);
      }
      out.emplace(facet, std::move(set));
      continue;
    }
    // Only exclusions: start from everything, then take them away.
    DocSet set(snap.max_docid(), filter.include.empty());
    for (const auto& v : filter.include) {
      auto stored = normalise_facet_value(facet, v, vocabulary, gazetteer);
      if (!stored) return stored.error();
      auto it = postings->values.find(*stored);
      if (it != postings->values.end()) it->second.add_to(set);
    }
    for (const auto& v : filter.exclude) {
      auto stored = normalise_facet_value(facet, v, vocabulary, gazetteer);
      if (!stored) return stored.error();
      auto it = postings->values.find(*stored);
      if (it != postings->values.end()) it->second.remove_from(set);
    }
    out.emplace(facet, std::move(set));
  }
  return out;
}

Expected<std::optional<PlaceFilter>> place_filter(const SearchRequest& request, const IndexSnapshot& snap,
                                                   const Gazetteer& gazetteer) {
  if (!request.country.empty() && !gazetteer.is_country(upper(request.country))) {
    return make_error(ErrorCode::kInvalidArgument,
                      "country: \"" + request.country + "\" is not an ISO 3166-1 alpha-2 code such as US or GB");
  }
  bool has_coords = request.lat.has_value() || request.lon.has_value();
  if (request.near.empty() && !has_coords) {
    if (request.radius_km) {
      return make_error(ErrorCode::kInvalidArgument, "radius_km: needs near or lat and lon");
    }
    return std::optional<PlaceFilter>();
  }
  if (!request.near.empty() && has_coords) {
    return make_error(ErrorCode::kInvalidArgument, "near: give either near or lat and lon, not both");
  }
  PlaceFilter f;
  f.used.radius_km = request.radius_km.value_or(kDefaultRadiusKm);
  if (!(f.used.radius_km > 0 && f.used.radius_km <= kMaxRadiusKm)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "radius_km: must be more than 0 and at most " + std::to_string(static_cast<int>(kMaxRadiusKm)));
  }
  if (has_coords) {
    if (!request.lat || !request.lon) {
      return make_error(ErrorCode::kInvalidArgument, request.lat ? "lon: missing (lat needs lon)" : "lat: missing (lon needs lat)");
    }
    double lat = *request.lat, lon = *request.lon;
    if (!(lat >= -90 && lat <= 90)) return make_error(ErrorCode::kInvalidArgument, "lat: must be between -90 and 90");
    if (!(lon >= -180 && lon <= 180)) return make_error(ErrorCode::kInvalidArgument, "lon: must be between -180 and 180");
    // The nearest named place gives the country and region that service areas cover.
    f.used.place = gazetteer.nearest(lat, lon).value_or(Place{});
    f.used.place.lat = lat;
    f.used.place.lon = lon;
  } else {
    auto found = choose_place(gazetteer, request.near, upper(request.country));
    if (!found) {
      return make_error(ErrorCode::kInvalidArgument, "near: no place found for \"" + request.near + "\"");
    }
    f.used.place = std::move(found->place);
    f.used.alternatives = std::move(found->alternatives);
  }
  const Place& p = f.used.place;
  f.near = DocSet(snap.max_docid());
  snap.placed().add_within(p.lat, p.lon, f.used.radius_km, f.near);
  f.serving = DocSet(snap.max_docid());
  for (const std::string& code : {std::string("worldwide"), lower(p.country), lower(p.region_code)}) {
    if (code.empty()) continue;
    if (const Postings* area = snap.service_area(code)) area->add_to(f.serving);
  }
  f.serving &= snap.remote();
  return std::optional<PlaceFilter>(std::move(f));
}

}  // namespace kindred
