// @brief When a listing counts as stale: last verified more than 12 months before now.
//
// The same rule as the search hits' `stale` (core/search/search.cpp), for callers that hold one
// stored listing rather than a search hit (the listing API).
// Thread safety: a pure function; never throws.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace kindred {

// True when `last_verified` (YYYY-MM-DD) is before the same calendar date one year before
// `now` (UTC), or is missing or malformed (a listing nobody can vouch for is stale).
bool is_stale(std::string_view last_verified, std::chrono::system_clock::time_point now);

// The UTC calendar date `months` months before `now`, as YYYY-MM-DD (the day clamped to
// the end of a shorter month: 31 March - 1 month = 28 or 29 February).
std::string months_before(std::chrono::system_clock::time_point now, int months);

}  // namespace kindred
