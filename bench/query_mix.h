// @brief A deterministic benchmark query mix in the proportions real directory searches
// have: keyword only, broad words most listings have, keyword + place, place + facets, facet browsing, misspellings,
// next-meeting sorting. Every query asks for all facet counts (search always gives them).
// Text queries end in a space: they are submitted searches, whole words only, so a peer
// system can match them faithfully (search-as-you-type prefixes are not benchmarked).
#pragma once

#include <string>
#include <vector>

#include "bench/synthetic.h"
#include "core/search/search.h"

namespace kindred::bench {

struct BenchQuery {
  std::string query_class;  // "keyword", "broad", "keyword+place", "place+facets", "facets", "misspelled", "next"
  SearchRequest request;    // places given as lat/lon so every system gets the same point
};

std::vector<BenchQuery> make_query_mix(const PlaceTable& places, size_t count, uint64_t seed);

// The same request as /api/v1/search query string (for HTTP load tools).
std::string to_query_string(const SearchRequest& request);

}  // namespace kindred::bench
