// @brief The export routes (see export_routes.h).
#include "server/export_routes.h"

#include <algorithm>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/index/index_schema.h"
#include "core/interop/csv_export.h"
#include "core/interop/hsds_export.h"
#include "core/interop/meeting_guide_export.h"
#include "core/listing/listing.h"
#include "core/listing/translation.h"
#include "core/schedule/ical.h"
#include "core/search/search_params.h"

namespace kindred::http {
namespace {

using Clock = std::chrono::system_clock;

SysSeconds now_seconds() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

}  // namespace

// (export_routes.h) The stored documents of the hits, in order (a listing closed since the search is skipped).
std::vector<std::string> stored_documents(Searcher& searcher, const std::vector<Hit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) {
    auto stored = searcher.listing_json(h.id);
    out.push_back(stored ? std::move(stored).value() : std::string());
  }
  return out;
}

// (export_routes.h) Every match, not a page (a spreadsheet or a meeting app wants them all), up to kMaxCsvRows.
Expected<std::vector<Hit>> all_hits(Searcher& searcher, SearchRequest request) {
  request.per_page = kMaxPerPage;
  std::vector<Hit> hits;
  for (request.page = 1; hits.size() < kMaxCsvRows; ++request.page) {
    auto result = searcher.search(request);
    if (!result) return result.error();
    hits.insert(hits.end(), result->hits.begin(), result->hits.end());
    if (result->hits.size() < kMaxPerPage || hits.size() >= result->total) break;
  }
  if (hits.size() > kMaxCsvRows) hits.resize(kMaxCsvRows);
  return hits;
}

Reply export_hsds(SearcherPool& searchers, std::string_view query) {
  auto request = parse_search_params(query);
  if (!request) return error_reply(request.error());
  auto searcher = searchers.acquire();
  if (!searcher) return error_reply(searcher.error());
  auto result = (*searcher)->search(*request);
  if (!result) return error_reply(result.error());
  std::vector<std::string> stored = stored_documents(**searcher, result->hits);
  HsdsExportContext context{searchers.vocabulary(), searchers.gazetteer(), now_seconds()};
  return json_reply(200, hsds_service_list(stored, result->total, request->page, request->per_page, context));
}

Reply export_csv(SearcherPool& searchers, std::string_view query) {
  auto request = parse_search_params(query);
  if (!request) return error_reply(request.error());
  auto searcher = searchers.acquire();
  if (!searcher) return error_reply(searcher.error());
  auto hits = all_hits(**searcher, *request);
  if (!hits) return error_reply(hits.error());
  Reply r;
  r.content_type = "text/csv; charset=utf-8; header=present";
  r.body = search_csv(*hits, stored_documents(**searcher, *hits), searchers.vocabulary(), request->lang);
  return r;
}

Reply export_meeting_guide(SearcherPool& searchers, std::string_view query, const MeetingGuideTypes* types) {
  auto request = parse_search_params(query);
  if (!request) return error_reply(request.error());
  auto searcher = searchers.acquire();
  if (!searcher) return error_reply(searcher.error());
  auto hits = all_hits(**searcher, *request);
  if (!hits) return error_reply(hits.error());
  MeetingGuideFeed feed = meeting_guide_feed(stored_documents(**searcher, *hits), types);
  Reply r;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(feed.json);
  return r;
}

Reply referral_ics(SearcherPool& searchers, std::string_view query) {
  if (Status s = only_params(query, {"id", "lang"}); !s) return error_reply(s.error());
  auto params = decode_query(query);
  if (!params) return error_reply(params.error());
  auto lang = lang_param(query);  // each listing's text in it where translated, as listings/{id}.ics
  if (!lang) return error_reply(lang.error());
  std::vector<std::string> ids;
  for (const auto& p : *params) {
    if (p.name != "id" || p.value.empty() || std::find(ids.begin(), ids.end(), p.value) != ids.end()) continue;
    ids.push_back(p.value);
  }
  if (ids.empty()) return error_reply(make_error(ErrorCode::kInvalidArgument, "id: required (repeat it: id=a&id=b)"));
  if (ids.size() > kMaxReferralIds) {
    return error_reply(make_error(ErrorCode::kInvalidArgument,
                                  "id: at most " + std::to_string(kMaxReferralIds) + " listings in one calendar"));
  }
  auto searcher = searchers.acquire();
  if (!searcher) return error_reply(searcher.error());
  std::vector<Listing> listings;
  std::vector<std::string> urls;
  listings.reserve(ids.size());
  for (const auto& id : ids) {
    auto stored = (*searcher)->listing_json(id);
    if (!stored) {
      Error e = stored.error();
      e.message = "id: " + e.message;
      return error_reply(e);
    }
    rapidjson::Document doc;
    if (!parse_json(*stored, doc) || !doc.IsObject() || !doc.HasMember(schema::kDataListing)) {
      return error_reply(make_error(ErrorCode::kInternal, "stored listing cannot be read"));
    }
    rapidjson::Value& l = doc[schema::kDataListing];
    show_in_language(l, shown_text_language(l, *lang), doc.GetAllocator());
    listings.push_back(listing_from_json(l));
    urls.push_back(l.HasMember("contact") ? json::get_text(l["contact"], "url") : "");
  }
  std::vector<IcalListing> entries;
  for (size_t i = 0; i < listings.size(); ++i) entries.push_back({&listings[i], urls[i]});
  Reply r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = make_icalendar(entries, now_seconds());
  return r;
}

}  // namespace kindred::http
