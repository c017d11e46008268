// @brief Choosing the place a person meant from the gazetteer's candidates: the
// visitor's country first when they give one, the others offered as alternatives.
//
// Rules (design.md, `near` and `country`):
//   - without a country, the gazetteer's best candidate wins (the most populous place
//     of that name, or the one whose region or country the text names);
//   - with a country (ISO 3166-1 alpha-2), the best candidate in that country wins,
//     unless the text itself names the region or country of the best candidate
//     ("Moscow, ID" stays in Idaho whatever the country);
//   - alternatives: other places of the same name in other regions or countries, up to
//     kMaxPlaceAlternatives, best first, one per region; none when the text names the
//     chosen place's region or country. A postal code is never ambiguous within its
//     country, so its alternatives are only in other countries.
//
// Thread safety: pure functions over a const Gazetteer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/geo/gazetteer.h"

namespace kindred {

inline constexpr size_t kMaxPlaceAlternatives = 5;

struct PlaceChoice {
  Place place;
  std::vector<Place> alternatives;
};

// nullopt when the gazetteer knows no place for `text`. `country` is upper-case ISO
// 3166-1 alpha-2 or empty.
std::optional<PlaceChoice> choose_place(const Gazetteer& gazetteer, std::string_view text, std::string_view country);

// The gazetteer's candidates for `text`, at most `limit`, with the places of `country`
// first (in the gazetteer's order) unless the text names the region or country of its
// best candidate. For the place box, so that it agrees with choose_place().
std::vector<Place> ranked_places(const Gazetteer& gazetteer, std::string_view text, std::string_view country,
                                 size_t limit);

// The words that name a place's region or country, in name_key() form: "idaho", "id",
// "us", "united", "states", "usa". What a person may type after a place's name.
std::unordered_set<std::string> place_area_words(const Gazetteer& gazetteer, const Place& place);

}  // namespace kindred
