// @brief Choosing among the gazetteer's candidates (see place_choice.h).
#include "core/search/place_choice.h"

#include <algorithm>

#include "core/search/understand.h"

namespace kindred {
namespace {

constexpr size_t kCandidates = 25;  // enough for every "Moscow" or "Springfield" worth offering

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string key = name_key(text);
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == ' ') {
      if (i > start) out.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Whether `text` names the region or country of `place` in words beyond its name.
bool names_area(const Gazetteer& gazetteer, std::string_view text, const Place& place) {
  auto area = place_area_words(gazetteer, place);
  auto name = words_of(place.name);
  for (const auto& w : words_of(text)) {
    if (std::find(name.begin(), name.end(), w) == name.end() && area.count(w)) return true;
  }
  return false;
}

}  // namespace

std::unordered_set<std::string> place_area_words(const Gazetteer& gazetteer, const Place& place) {
  std::unordered_set<std::string> out;
  for (auto& w : words_of(place.admin1)) out.insert(std::move(w));
  for (auto& w : words_of(gazetteer.country_name(place.country))) out.insert(std::move(w));
  if (place.region_code.size() > 3) out.insert(name_key(place.region_code.substr(3)));
  out.insert(name_key(place.country));
  if (place.country == "US") out.insert("usa");
  if (place.country == "GB") out.insert("uk");
  return out;
}

std::vector<Place> ranked_places(const Gazetteer& gazetteer, std::string_view text, std::string_view country,
                                 size_t limit) {
  std::vector<Place> candidates = gazetteer.lookup(text, country.empty() ? limit : std::max(limit, kCandidates));
  if (!country.empty() && !candidates.empty() && !names_area(gazetteer, text, candidates.front())) {
    std::stable_partition(candidates.begin(), candidates.end(), [&](const Place& p) { return p.country == country; });
  }
  if (candidates.size() > limit) candidates.resize(limit);
  return candidates;
}

std::optional<PlaceChoice> choose_place(const Gazetteer& gazetteer, std::string_view text, std::string_view country) {
  std::vector<Place> candidates = gazetteer.lookup(text, kCandidates);
  if (candidates.empty()) return std::nullopt;
  size_t chosen = 0;
  const bool qualified = names_area(gazetteer, text, candidates.front());
  if (!country.empty() && !qualified) {
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i].country == country) {
        chosen = i;
        break;
      }
    }
  }
  PlaceChoice out;
  out.place = candidates[chosen];
  if (qualified) return out;
  const std::string name = name_key(out.place.name);
  const bool postal = !out.place.postal_code.empty();
  std::vector<std::pair<std::string, std::string>> seen = {{out.place.region_code, out.place.country}};
  for (size_t i = 0; i < candidates.size() && out.alternatives.size() < kMaxPlaceAlternatives; ++i) {
    const Place& c = candidates[i];
    if (i == chosen) continue;
    if (postal ? (c.postal_code != out.place.postal_code || c.country == out.place.country)
               : (!c.postal_code.empty() || name_key(c.name) != name)) {
      continue;
    }
    std::pair<std::string, std::string> where = {c.region_code, c.country};
    if (std::find(seen.begin(), seen.end(), where) != seen.end()) continue;
    seen.push_back(where);
    out.alternatives.push_back(c);
  }
  return out;
}

}  // namespace kindred
