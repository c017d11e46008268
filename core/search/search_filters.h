// @brief Checking a request's facet filters and place against the vocabulary, the
// gazetteer and the index, and turning them into document sets.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/index/doc_set.h"
#include "core/index/index_snapshot.h"
#include "core/listing/vocabulary.h"
#include "core/search/search.h"

namespace kindred {

// The canonical stored form of a facet value ("US-ID" -> "us-id", "fr-CA" -> "fr-ca"),
// or an error naming the parameter and the value when the facet does not have it.
Expected<std::string> normalise_facet_value(const std::string& facet, const std::string& value,
                                            const Vocabulary& vocabulary, const Gazetteer& gazetteer);

// The display label and public form of a stored facet value ("us-id" -> "US-ID", "Idaho").
std::pair<std::string, std::string> present_facet_value(const std::string& facet, const std::string& stored,
                                                        const Vocabulary& vocabulary, const Gazetteer& gazetteer);

// Each filtered facet's selection as a set: (OR of its values) minus its exclusions.
// `computed`: the "starts" facet's sets at the request's now (starts_facet.h); without it
// a "starts" filter is refused as an unknown facet.
Expected<std::map<std::string, DocSet>> facet_selections(const SearchRequest& request,
                                                          const IndexSnapshot& snap,
                                                          const Vocabulary& vocabulary,
                                                          const Gazetteer& gazetteer,
                                                          const std::map<std::string, DocSet>* computed = nullptr);

struct PlaceFilter {
  PlaceUsed used;
  DocSet near;     // placed listings within the radius
  DocSet serving;  // online/phone listings whose service area covers the place
};

// nullopt when the request names no place; an error for an unknown place or a bad radius.
Expected<std::optional<PlaceFilter>> place_filter(const SearchRequest& request, const IndexSnapshot& snap,
                                                   const Gazetteer& gazetteer);

// Great-circle distance in kilometres.
double distance_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace kindred
