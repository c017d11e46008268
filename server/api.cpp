// @brief The route table and the routes (see api.h).
#include "server/api.h"

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/base/utc_time.h"
#include "core/index/index_schema.h"
#include "core/listing/freshness.h"
#include "core/listing/listing.h"
#include "core/schedule/ical.h"
#include "core/search/place_choice.h"
#include "core/search/search_params.h"
#include "server/export_routes.h"
#include "server/feed_routes.h"
#include "server/hsds_routes.h"
#include "server/index_metrics.h"
#include "server/json_out.h"
#include "server/replica_routes.h"

namespace kindred::http {

struct Api::Route {
  RouteId id;
  std::string_view prefix;  // the whole path, or the part before {arg}
  std::string_view suffix;  // after {arg} (".ics"), when the route takes one
  bool takes_arg;
  Reply (Api::*handler)(std::string_view arg, std::string_view query);
};

// Every API route, in matching order (a longer suffix before the same prefix without).
const Api::Route Api::kRoutes[] = {
    {RouteId::kSearch, "/api/v1/search", "", false, &Api::search},
    {RouteId::kListingIcs, "/api/v1/listings/", ".ics", true, &Api::listing_ics},
    {RouteId::kListing, "/api/v1/listings/", "", true, &Api::listing},
    {RouteId::kPlaces, "/api/v1/places", "", false, &Api::places},
    {RouteId::kVocabulary, "/api/v1/vocabulary", "", false, &Api::vocabulary},
    {RouteId::kHealthz, "/healthz", "", false, &Api::healthz},
    {RouteId::kMetrics, "/metrics", "", false, &Api::metrics},
    {RouteId::kExportHsds, "/api/v1/export/hsds", "", false, &Api::export_hsds},
    {RouteId::kExportCsv, "/api/v1/export/csv", "", false, &Api::export_csv},
    {RouteId::kExportCsv, "/api/v1/search.csv", "", false, &Api::export_csv},
    {RouteId::kExportMeetingGuide, "/api/v1/export/meeting-guide", "", false, &Api::export_meeting_guide},
    {RouteId::kReferralIcs, "/api/v1/referral.ics", "", false, &Api::referral_ics},
};

namespace {

constexpr std::string_view kApiPrefix = "/api/";
constexpr size_t kMaxPlaceQueryBytes = 100;
constexpr long kDefaultPlaceLimit = 5, kMaxPlaceLimit = 10;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

Error bad_id() {
  return make_error(ErrorCode::kInvalidArgument,
                    "id: must be 3 to 80 lower-case letters, digits and hyphens, not starting with a hyphen");
}

// The vocabulary answer in every answer language, worked out once.
std::map<std::string, std::string> vocabulary_answers(const Vocabulary& vocabulary) {
  std::map<std::string, std::string> out;
  for (const auto& lang : answer_languages()) out[lang] = vocabulary_json(vocabulary, lang);
  return out;
}

}  // namespace

Api::Api(LiveIndex& index, const Vocabulary& vocabulary, const Gazetteer& gazetteer, const std::string& web_dir,
         WriteApi* writes, ApiOptions options)
    : index_(index),
      gazetteer_(gazetteer),
      searchers_(index, vocabulary, gazetteer, options.crisis_phrases),
      static_(web_dir),
      writes_(writes),
      options_(options),
      pages_(searchers_, vocabulary, web_dir, writes, options.hide_unverified_after_months),
      vocabulary_json_(vocabulary_answers(vocabulary)) {}

Reply Api::handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  RouteId route = RouteId::kOther;
  Reply reply;
  try {
    reply = dispatch(request, route);
  } catch (const std::exception&) {
    reply = error_reply(make_error(ErrorCode::kInternal, "internal error"));
  }
  metrics_.record(route, reply.status, std::chrono::steady_clock::now() - start);
  return reply;
}

Reply Api::dispatch(const Request& request, RouteId& route) {
  std::string_view method = request.method, path = request.path, query = request.query;
  if (!options_.primary.empty()) {
    if (auto reply = replica_refusal(request, options_.primary)) {
      route = RouteId::kWrite;
      return std::move(*reply);
    }
  }
  if (auto reply = feed_routes(request, writes_, options_.feeds)) {
    route = RouteId::kFeeds;
    return std::move(*reply);
  }
  // The write routes first: /api/v1/listings/{id}/verify must not reach the listing route.
  if (writes_) {
    if (auto reply = writes_->handle(request)) {
      route = RouteId::kWrite;
      return std::move(*reply);
    }
  } else if (starts_with(path, "/api/v1/submissions") || starts_with(path, "/api/v1/reports") ||
             starts_with(path, "/api/v1/suggestions") ||
             starts_with(path, "/api/v1/me") || path == "/api/v1/stale") {
    return error_reply(404, "not_found", "submissions and reports are not enabled on this server (kindred-serve --store)");
  }
  if (auto reply = hsds_routes(request, searchers_)) {
    route = RouteId::kHsds;
    return std::move(*reply);
  }
  if (auto reply = pages_.handle(request)) {  // the page without JavaScript (page_routes.h)
    route = RouteId::kPage;
    return std::move(*reply);
  }
  const Route* found = nullptr;
  std::string_view arg;
  for (const Route& r : kRoutes) {
    if (!r.takes_arg) {
      if (path == r.prefix) found = &r;
    } else if (starts_with(path, r.prefix) && ends_with(path, r.suffix) &&
               path.size() > r.prefix.size() + r.suffix.size()) {
      found = &r;
      arg = path.substr(r.prefix.size(), path.size() - r.prefix.size() - r.suffix.size());
    }
    if (found) break;
  }
  if (!found && starts_with(path, kApiPrefix)) return error_reply(404, "not_found", "no such API route");
  route = found ? found->id : RouteId::kStatic;
  // Static files answer HEAD too (the server sends their headers without the body).
  if (method != "GET" && !(method == "HEAD" && !found)) {
    Reply r = error_reply(405, "method_not_allowed", found ? "only GET is allowed here" : "only GET and HEAD are allowed here");
    r.allow = found ? "GET" : "GET, HEAD";
    return r;
  }
  if (!found) {
    Reply r = static_.serve(path, request.accept_encoding, request.if_none_match);
    // "/" is this file only for English; another language gets it rendered on the server
    // (page_routes.cpp), so caches must key it on Accept-Language too.
    if (path == "/" && r.status < 400) add_vary(r, "Accept-Language");
    return r;
  }
  return (this->*(found->handler))(arg, query);
}

uint64_t Api::listing_count() {
  auto snap = index_.current();
  return snap ? (*snap)->findable().count() : 0;
}

Reply Api::search(std::string_view, std::string_view query) {
  auto request = parse_search_params(query);
  if (!request) return error_reply(request.error());
  if (options_.hide_unverified_after_months > 0) {
    request->verified_since = months_before(request->now, options_.hide_unverified_after_months);
  }
  auto searcher = searchers_.acquire();
  if (!searcher) return error_reply(searcher.error());
  auto result = (*searcher)->search(*request);
  if (!result) return error_reply(result.error());
  return json_reply(200, search_json(*result, *request, link_status_.get()));
}

namespace {

// `now` of a listing request (issue 17: has the course ended at that moment?): the time of
// the call unless the query gives one, as the search API reads it.
Expected<std::chrono::system_clock::time_point> request_now(std::string_view query) {
  auto text = query_param(query, "now");
  if (!text) return text.error();
  if (text->empty()) return std::chrono::system_clock::now();
  auto t = parse_utc_time(*text);
  if (!t) return make_error(ErrorCode::kInvalidArgument, "now: must be a date (2026-01-12) or an RFC 3339 time such as 2026-01-12T18:00:00Z");
  return *t;
}

}  // namespace

Reply Api::listing(std::string_view id, std::string_view query) {
  if (!is_listing_id(id)) return error_reply(bad_id());
  auto now = request_now(query);
  if (!now) return error_reply(now.error());
  auto lang = lang_param(query);
  if (!lang) return error_reply(lang.error());
  auto searcher = searchers_.acquire();
  if (!searcher) return error_reply(searcher.error());
  auto stored = (*searcher)->listing_json(std::string(id));
  if (!stored) return error_reply(stored.error());
  auto view = listing_view_json(*stored, *now,
                                link_status_ ? link_status_->status(id) : std::string_view(), *lang);
  if (!view) return error_reply(view.error());
  return json_reply(200, std::move(view).value());
}

Reply Api::listing_ics(std::string_view id, std::string_view query) {
  if (!is_listing_id(id)) return error_reply(bad_id());
  auto asked_now = request_now(query);
  if (!asked_now) return error_reply(asked_now.error());
  auto lang = lang_param(query);
  if (!lang) return error_reply(lang.error());
  auto searcher = searchers_.acquire();
  if (!searcher) return error_reply(searcher.error());
  auto stored = (*searcher)->listing_json(std::string(id));
  if (!stored) return error_reply(stored.error());
  rapidjson::Document doc;
  if (Status s = parse_json(*stored, doc); !s || !doc.IsObject() || !doc.HasMember(schema::kDataListing)) {
    return error_reply(make_error(ErrorCode::kInternal, "stored listing cannot be read"));
  }
  rapidjson::Value& json = doc[schema::kDataListing];
  show_in_language(json, shown_text_language(json, *lang), doc.GetAllocator());
  Listing listing = listing_from_json(json);
  if (listing.schedule.empty()) {
    return error_reply(make_error(ErrorCode::kNotFound, "listing \"" + listing.id + "\" has no scheduled meetings"));
  }
  IcalListing entry{&listing, ""};
  auto contact = json.FindMember("contact");
  if (contact != json.MemberEnd() && contact->value.IsObject()) {
    auto url = contact->value.FindMember("url");
    if (url != contact->value.MemberEnd() && url->value.IsString()) entry.url = url->value.GetString();
  }
  auto now = std::chrono::floor<std::chrono::seconds>(*asked_now);
  Reply r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = make_icalendar({entry}, now);
  return r;
}

Reply Api::places(std::string_view, std::string_view query) {
  if (Status s = only_params(query, {"q", "limit", "country"}); !s) return error_reply(s.error());
  auto q = query_param(query, "q");
  if (!q) return error_reply(q.error());
  if (q->empty()) return error_reply(make_error(ErrorCode::kInvalidArgument, "q: required (a place name or postal code)"));
  if (q->size() > kMaxPlaceQueryBytes) {
    return error_reply(make_error(ErrorCode::kInvalidArgument,
                                  "q: longer than " + std::to_string(kMaxPlaceQueryBytes) + " bytes"));
  }
  auto limit_text = query_param(query, "limit");
  if (!limit_text) return error_reply(limit_text.error());
  long limit = kDefaultPlaceLimit;
  if (!limit_text->empty()) {
    auto parsed = parse_integer("limit", *limit_text, 1, kMaxPlaceLimit);
    if (!parsed) return error_reply(parsed.error());
    limit = *parsed;
  }
  auto country = query_param(query, "country");
  if (!country) return error_reply(country.error());
  for (char& c : *country) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (!country->empty() && !gazetteer_.is_country(*country)) {
    return error_reply(make_error(ErrorCode::kInvalidArgument, "country: must be an ISO 3166-1 alpha-2 code such as US or GB"));
  }
  return json_reply(200, places_json(ranked_places(gazetteer_, *q, *country, static_cast<size_t>(limit))));
}

Reply Api::vocabulary(std::string_view, std::string_view query) {
  auto lang = lang_param(query);
  if (!lang) return error_reply(lang.error());
  auto it = vocabulary_json_.find(*lang);
  return json_reply(200, it == vocabulary_json_.end() ? vocabulary_json_.at("en") : it->second);
}

Reply Api::healthz(std::string_view, std::string_view) {
  auto snap = index_.current();
  if (!snap) return error_reply(503, "unavailable", "the index cannot be read");
  return json_reply(200, health_json((*snap)->findable().count()));
}

Reply Api::metrics(std::string_view, std::string_view) {
  Reply r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_.render(listing_count());
  if (auto snap = index_.current()) r.body += index_metrics_text(**snap);
  if (options_.feeds) r.body += feeds_metrics_text(options_.feeds->status());
  return r;
}

Reply Api::export_hsds(std::string_view, std::string_view query) { return http::export_hsds(searchers_, query); }
Reply Api::export_csv(std::string_view, std::string_view query) { return http::export_csv(searchers_, query); }
Reply Api::export_meeting_guide(std::string_view, std::string_view query) {
  return http::export_meeting_guide(searchers_, query, options_.meeting_guide_types);
}
Reply Api::referral_ics(std::string_view, std::string_view query) { return http::referral_ics(searchers_, query); }

}  // namespace kindred::http
