// @brief The `starts` facet (issue 17): which courses and terms begin soon, counted at
// the request's own `now`.
//
// A listing has a start when every meeting of its schedule has a first session (a course's
// first date, a series' first meeting on or after `from`; core/schedule/schedule.h). Its
// start falls in one of three windows after `now`, which do not overlap:
//   this-week   in the next 7 days (now, now + 7 d]
//   this-month  after that, within 31 days (now + 7 d, now + 31 d]
//   later       more than 31 days ahead
// A listing whose first session is already past has begun and is in none of them; so is
// an ongoing weekly group. The sets are cut from the index snapshot's sorted start instants
// per request (IndexSnapshot::starting_in), so counts are exact at any `now` without
// reindexing, and the facet is disjunctive like every other one (search.cpp).
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "core/index/doc_set.h"
#include "core/index/index_snapshot.h"

namespace kindred {

inline constexpr const char* kStartsFacet = "starts";

// "this-week", "this-month", "later" -> the listings starting in that window after `now`.
std::map<std::string, DocSet> starts_sets(const IndexSnapshot& snap, std::chrono::system_clock::time_point now);

}  // namespace kindred
