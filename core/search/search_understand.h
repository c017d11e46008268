// @brief Putting what the sentence reader found (understand.h) into a search request:
// a parameter given explicitly always wins over one read from q.
#pragma once

#include <string_view>

#include <xapian.h>

#include "core/search/search.h"
#include "core/search/understand.h"

namespace kindred {

// The request to run: `request` with q replaced by what is left of it, and the place and
// facets read from q added where the request gives none of its own (an explicit `near`
// or lat/lon, or any value of the same facet, wins). `understood` gets what was taken;
// `near_from_text` says whether the place came from q.
SearchRequest apply_understanding(const Understanding& reading, const SearchRequest& request,
                                  UnderstoodQuery& understood, bool& near_from_text);

// Whether `q` is, word for word, the name of a listing in `db` (case and punctuation
// aside). Never throws: false when the index cannot say.
bool is_listing_name(const Xapian::Database& db, std::string_view q);

}  // namespace kindred
