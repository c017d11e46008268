// @brief The v1 HTTP API as plain functions: a method, a raw path and a raw query in, a
// Reply out. No Pistache here (http_server.cpp adapts it), so every route reads as
// parse -> call core -> encode, and all routes sit in one table (api.cpp).
//
// Routes (GET only, except the write routes of server/write_api.h, served when the Api
// has a WriteApi; any other method gets 405 JSON with "Allow: GET"):
//   /api/v1/search              search (core/search/search_params.h parses the query)
//   /api/v1/listings/{id}       one listing with computed fields; .ics appended: iCalendar
//   /api/v1/places?q=&limit=    gazetteer candidates for the location box
//   /api/v1/vocabulary          every facet value with its label
//   /api/v1/export/hsds, /api/v1/export/csv (= /api/v1/search.csv), /api/v1/referral.ics
//                               exports (server/export_routes.h)
//   /api/v1/feeds, /api/v1/feeds/{id}/confirm
//                               feed status for moderators (server/feed_routes.h)
//   /healthz                    {"status":"ok","listings":N}, cheap
//   /metrics                    Prometheus text
//   /?q=…, /?listing=…, /suggest  the page rendered on the server, for browsers without
//                               JavaScript (server/page_routes.h)
//   anything else under /api/   404 JSON
//   anything else               a file from the web directory, or 404 JSON
//
// Thread safety: handle() may run on many threads at once. The index, vocabulary and
// gazetteer are shared read-only (searchers come from a pool); they must outlive the Api.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/geo/gazetteer.h"
#include "core/interop/meeting_guide.h"
#include "core/index/index_snapshot.h"
#include "core/listing/vocabulary.h"
#include "server/feed_refresher.h"
#include "server/link_status.h"
#include "server/metrics.h"
#include "server/page_routes.h"
#include "server/reply.h"
#include "server/request.h"
#include "server/searcher_pool.h"
#include "server/static_files.h"
#include "server/write_api.h"

namespace kindred::http {

struct ApiOptions {
  // Listings last verified longer ago than this stop appearing in search (0: never).
  int hide_unverified_after_months = 0;
  // The Meeting Guide type table (data/meeting-guide-types.json) for the type codes of
  // GET /api/v1/export/meeting-guide; null: that feed carries no codes but ONL and TC.
  // Must outlive the Api.
  const MeetingGuideTypes* meeting_guide_types = nullptr;
  // The crisis phrases (data/crisis-phrases.json) that flag a search; null: none. Must
  // outlive the Api.
  const CrisisPhrases* crisis_phrases = nullptr;
  // The feed refresher (kindred-serve --feeds): its status at /api/v1/feeds for
  // moderators (server/feed_routes.h) and on /metrics. May be null; must outlive the Api.
  FeedRefresher* feeds = nullptr;
  // Non-empty: this server is a read replica of the primary at this address
  // (kindred-serve --replica-of); writes are refused naming it (server/replica_routes.h).
  std::string primary;
};

class Api {
 public:
  // `writes` (may be null: a read-only server) must outlive the Api.
  Api(LiveIndex& index, const Vocabulary& vocabulary, const Gazetteer& gazetteer, const std::string& web_dir,
      WriteApi* writes = nullptr, ApiOptions options = {});
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Answers one request and records it in metrics(). `path` and `query` are raw (as
  // received, not decoded). Never throws: a failure inside is a 500 JSON reply.
  Reply handle(const Request& request);
  // A request without headers or body (tests, GET routes).
  Reply handle(std::string_view method, std::string_view path, std::string_view query) {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    return handle(r);
  }

  // Records a request answered outside handle() (Pistache-level errors).
  void record(RouteId route, int status, std::chrono::nanoseconds elapsed) {
    metrics_.record(route, status, elapsed);
  }

  // Findable listings in the live index (0 if it cannot be read).
  uint64_t listing_count();

  const StaticFiles& static_files() const { return static_; }

  // The link checker's verdicts, shown as "link_status" on listings and search results.
  // Call before serving (not synchronised with handle()).
  void set_link_status(std::shared_ptr<const LinkStatusTable> table) { link_status_ = std::move(table); }

  struct Route;  // one row of the route table (api.cpp)

 private:
  static const Route kRoutes[];
  Reply dispatch(const Request& request, RouteId& route);
  Reply search(std::string_view arg, std::string_view query);
  Reply listing(std::string_view id, std::string_view query);
  Reply listing_ics(std::string_view id, std::string_view query);
  Reply places(std::string_view arg, std::string_view query);
  Reply vocabulary(std::string_view arg, std::string_view query);
  Reply healthz(std::string_view arg, std::string_view query);
  Reply metrics(std::string_view arg, std::string_view query);
  Reply export_hsds(std::string_view arg, std::string_view query);
  Reply export_csv(std::string_view arg, std::string_view query);
  Reply export_meeting_guide(std::string_view arg, std::string_view query);
  Reply referral_ics(std::string_view arg, std::string_view query);

  LiveIndex& index_;
  const Gazetteer& gazetteer_;
  SearcherPool searchers_;
  StaticFiles static_;
  Metrics metrics_;
  WriteApi* writes_;
  ApiOptions options_;
  PageRoutes pages_;
  const std::map<std::string, std::string> vocabulary_json_;  // per answer language; immutable: encoded once
  std::shared_ptr<const LinkStatusTable> link_status_;  // may be null
};

}  // namespace kindred::http
