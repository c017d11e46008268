// @brief Never a dead end near a place: general support within the radius when too few
// in-person listings match, and the count of remote listings that serve the place.
//
// "General" is a listing in person within the radius whose topics include
// general-mental-health, or whose kind is a drop-in center (peer-run centres serve
// anyone who walks in). The values live in the vocabulary; these two are named here
// because they define the fallback, not a search facet.
#pragma once

#include <cstdint>
#include <vector>

#include "core/index/doc_set.h"
#include "core/index/index_snapshot.h"
#include "core/search/search_filters.h"

namespace kindred {

inline constexpr uint64_t kNearbyWanted = 3;   // fewer in-person matches than this: add also_nearby
inline constexpr size_t kMaxAlsoNearby = 10;

// In-person listings within the radius among `matched`.
uint64_t in_person_matches(const IndexSnapshot& snap, const PlaceFilter& place, const DocSet& matched);

// General support in person within the radius, in `eligible` (findable, verified) and
// not in `matched`, nearest first, at most kMaxAlsoNearby.
std::vector<Xapian::docid> general_nearby(const IndexSnapshot& snap, const PlaceFilter& place,
                                          const DocSet& eligible, const DocSet& matched);

// Matches included only through their service area (online or phone, not within the radius).
uint64_t online_serving_place(const PlaceFilter& place, const DocSet& matched);

}  // namespace kindred
