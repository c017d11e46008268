// @brief A real index built once per test process from tests/fixtures/listings, and a
// searcher over it, for the search feature tests.
#pragma once

#include <string>

#include "core/index/index_snapshot.h"
#include "core/search/search.h"

namespace kindred::test {

// The path of the fixture index (built on first use with the real kindred-index).
const std::string& fixture_index();

// A searcher over the fixture index (one per test process; tests run single-threaded).
Searcher& fixture_searcher();

// 2026-11-22T12:00:00Z, a Sunday: the fixed "now" of the search tests.
std::chrono::system_clock::time_point fixed_now();

// A request with `now` fixed.
SearchRequest request();

// The count of `value` in `facet` of a search answer (0 when the answer does not list it).
uint64_t facet_count(const SearchResult& r, const std::string& facet, const std::string& value);

}  // namespace kindred::test
