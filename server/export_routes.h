// @brief The export routes: the directory in other systems' formats, for referral
// systems and spreadsheets. Each reads like the other routes: parse -> core -> encode.
//
//   GET /api/v1/export/hsds?<search params>   HSDS 3.0 service list page (core/interop/hsds_export.h);
//                                             page/per_page as in search
//   GET /api/v1/export/csv?<search params>    every match (up to kMaxCsvRows) as CSV
//                                             (core/interop/csv_export.h); also /api/v1/search.csv
//   GET /api/v1/export/meeting-guide?<search params>
//                                             every match's weekly meetings (up to kMaxCsvRows
//                                             listings) as a Meeting Guide feed
//                                             (core/interop/meeting_guide_export.h)
//   GET /api/v1/referral.ics?id=a&id=b        one calendar with the meetings of the listed
//                                             listings (core/schedule/ical.h), for a referral list
// Thread safety: as the Api's routes (searchers come from the pool).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/interop/meeting_guide.h"
#include "server/reply.h"
#include "server/searcher_pool.h"

namespace kindred::http {

inline constexpr size_t kMaxCsvRows = 5000;
inline constexpr size_t kMaxReferralIds = 50;

// The stored documents ({"listing", "computed"}) of `hits`, in order; "" for a listing
// closed since the search.
std::vector<std::string> stored_documents(Searcher& searcher, const std::vector<Hit>& hits);

// Every match of `request` in its order, not a page, up to kMaxCsvRows.
Expected<std::vector<Hit>> all_hits(Searcher& searcher, SearchRequest request);

Reply export_hsds(SearcherPool& searchers, std::string_view query);
Reply export_csv(SearcherPool& searchers, std::string_view query);
Reply export_meeting_guide(SearcherPool& searchers, std::string_view query, const MeetingGuideTypes* types);
Reply referral_ics(SearcherPool& searchers, std::string_view query);

}  // namespace kindred::http
