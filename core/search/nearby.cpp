// @brief General support near a place (see nearby.h).
#include "core/search/nearby.h"

#include <algorithm>

namespace kindred {
namespace {

void add_value(const IndexSnapshot& snap, const char* facet, const char* value, DocSet& into) {
  if (const FacetPostings* p = snap.facet(facet)) {
    auto it = p->values.find(value);
    if (it != p->values.end()) it->second.add_to(into);
  }
}

DocSet in_person_near(const IndexSnapshot& snap, const PlaceFilter& place) {
  DocSet in_person(snap.max_docid());
  add_value(snap, "attendance", "in-person", in_person);
  in_person &= place.near;
  return in_person;
}

}  // namespace

uint64_t in_person_matches(const IndexSnapshot& snap, const PlaceFilter& place, const DocSet& matched) {
  return in_person_near(snap, place).count_and(matched);
}

std::vector<Xapian::docid> general_nearby(const IndexSnapshot& snap, const PlaceFilter& place,
                                          const DocSet& eligible, const DocSet& matched) {
  DocSet general(snap.max_docid());
  add_value(snap, "topic", "general-mental-health", general);
  add_value(snap, "kind", "drop-in-center", general);
  general &= in_person_near(snap, place);
  general &= eligible;
  general.subtract(matched);
  std::vector<std::pair<double, Xapian::docid>> keyed;
  const Place& p = place.used.place;
  general.for_each([&](Xapian::docid id) {
    if (snap.has_coords(id)) keyed.emplace_back(distance_km(p.lat, p.lon, snap.lat(id), snap.lon(id)), id);
  });
  size_t end = std::min(kMaxAlsoNearby, keyed.size());
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(end), keyed.end());
  std::vector<Xapian::docid> out;
  for (size_t i = 0; i < end; ++i) out.push_back(keyed[i].second);
  return out;
}

uint64_t online_serving_place(const PlaceFilter& place, const DocSet& matched) {
  DocSet serving = place.serving;
  serving.subtract(place.near);
  return serving.count_and(matched);
}

}  // namespace kindred
