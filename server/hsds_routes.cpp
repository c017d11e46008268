// @brief The HSDS 3.0 API routes (see hsds_routes.h): parse -> search core -> the HSDS
// mapping (core/interop/hsds_export.h, hsds_api.h) -> a Page.
#include "server/hsds_routes.h"

#include <algorithm>
#include <map>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/base/utc_time.h"
#include "core/index/index_schema.h"
#include "core/interop/hsds_api.h"
#include "core/interop/hsds_export.h"
#include "core/listing/listing.h"
#include "core/search/search_params.h"
#include "server/export_routes.h"

namespace kindred::http {
namespace {

using rapidjson::Value;
using TimePoint = std::chrono::system_clock::time_point;

constexpr const char* kOpenApiUrl = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
constexpr const char* kProfileUrl = "https://docs.openreferral.org/en/3.0/";
constexpr double kMaxProximityMetres = kMaxRadiusKm * 1000;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

Error invalid(const std::string& message) { return make_error(ErrorCode::kInvalidArgument, message); }

// The search core names its own parameters; the HSDS client sent others.
Error renamed(Error e) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"q:", "search:"}, {"near:", "postcode:"}, {"radius_km:", "proximity:"}};
  for (const auto& [from, to] : kNames) {
    if (starts_with(e.message, from)) e.message = std::string(to) + e.message.substr(from.size());
  }
  return e;
}

struct Params {
  SearchRequest search;
  std::optional<TimePoint> modified_after;
  std::string organization_id;
  std::optional<double> proximity_km;
  bool full_service = false;
};

Expected<bool> boolean(std::string_view name, const std::string& v) {
  if (v == "true") return true;
  if (v == "false" || v.empty()) return false;
  return invalid(std::string(name) + ": must be true or false");
}

Expected<Params> parse(std::string_view query, std::initializer_list<std::string_view> known) {
  if (Status s = only_params(query, known); !s) return s.error();
  Params p;
  p.search.understand = false;
  p.search.correct_spelling = false;
  auto text = [&](std::string_view name) { return query_param(query, name); };
  auto search = text("search");
  if (!search) return search.error();
  p.search.q = *search;
  for (std::string_view name : {"page", "per_page"}) {
    auto v = text(name);
    if (!v) return v.error();
    if (v->empty()) continue;
    auto n = parse_integer(name, *v, 1, name == "page" ? kMaxPage : static_cast<long>(kMaxPerPage));
    if (!n) return n.error();
    (name == "page" ? p.search.page : p.search.per_page) = static_cast<uint32_t>(*n);
  }
  auto modified = text("modified_after");
  if (!modified) return modified.error();
  if (!modified->empty()) {
    p.modified_after = parse_utc_time(*modified);
    if (!p.modified_after) {
      return invalid("modified_after: must be a date (2026-11-22) or an RFC 3339 date-time (2026-11-22T18:45:00Z)");
    }
  }
  auto org = text("organization_id");
  if (!org) return org.error();
  p.organization_id = *org;
  auto postcode = text("postcode"), proximity = text("proximity");
  if (!postcode) return postcode.error();
  if (!proximity) return proximity.error();
  if (postcode->size() > kMaxNearBytes) {
    return invalid("postcode: longer than " + std::to_string(kMaxNearBytes) + " bytes");
  }
  p.search.near = *postcode;
  if (!proximity->empty()) {
    if (postcode->empty()) return invalid("proximity: needs postcode (metres from the postcode's centre)");
    auto metres = parse_number("proximity", *proximity);
    if (!metres) return metres.error();
    if (!(*metres > 0 && *metres <= kMaxProximityMetres)) {
      return invalid("proximity: must be metres, more than 0 and at most " +
                     std::to_string(static_cast<long>(kMaxProximityMetres)));
    }
    p.proximity_km = *metres / 1000;
    p.search.radius_km = p.proximity_km;
  }
  auto full = text("full_service");
  if (!full) return full.error();
  auto full_service = boolean("full_service", *full);
  if (!full_service) return full_service.error();
  p.full_service = *full_service;
  auto format = text("format");
  if (!format) return format.error();
  if (!format->empty() && *format != "json") return invalid("format: only json is offered");
  return p;
}

// One service from a stored document; nullopt when it cannot be read (closed since).
std::optional<Value> service_of(const std::string& stored, const HsdsExportContext& context, HsdsAlloc& a) {
  rapidjson::Document doc;
  if (stored.empty() || !parse_json(stored, doc) || !doc.IsObject() || !doc.HasMember(schema::kDataListing)) {
    return std::nullopt;
  }
  const Value* computed = doc.HasMember(schema::kDataComputed) ? &doc[schema::kDataComputed] : nullptr;
  return hsds_service(doc[schema::kDataListing], computed, context, a);
}

bool modified_since(const Value& service, TimePoint after) {
  auto t = parse_utc_time(json::get_text(service, "last_modified"));
  return t && *t >= after;
}

class HsdsApi {
 public:
  HsdsApi(SearcherPool& searchers, Searcher& searcher)
      : searcher_(searcher),
        context_{searchers.vocabulary(), searchers.gazetteer(),
                 std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())} {}

  Reply services(std::string_view query);
  Reply service(std::string_view id);
  Reply organizations(std::string_view query);
  Reply organization(std::string_view id, std::string_view query);
  Reply service_at_locations(std::string_view query);

 private:
  // Every service matching `p` (its organisation and modification filters applied).
  Expected<std::vector<Value>> every_service(const Params& p);
  // The listings of every organisation matching `request`, by organisation id.
  Expected<std::map<std::string, std::vector<Hit>>> by_organization(const SearchRequest& request);
  Reply page(Value contents, uint64_t total, const SearchRequest& r);

  Searcher& searcher_;
  HsdsExportContext context_;
  rapidjson::Document out_;
};

Reply HsdsApi::page(Value contents, uint64_t total, const SearchRequest& r) {
  return json_reply(200, hsds_page(out_, std::move(contents), total, r.page, r.per_page));
}

Expected<std::vector<Value>> HsdsApi::every_service(const Params& p) {
  auto hits = all_hits(searcher_, p.search);
  if (!hits) return renamed(hits.error());
  std::vector<Hit> kept;
  for (auto& h : *hits) {
    if (!p.organization_id.empty() && hsds_organization_id(h.organization) != p.organization_id) continue;
    if (p.proximity_km && !(h.distance_km && *h.distance_km <= *p.proximity_km)) continue;
    kept.push_back(std::move(h));
  }
  std::vector<Value> out;
  for (const auto& stored : stored_documents(searcher_, kept)) {
    auto s = service_of(stored, context_, out_.GetAllocator());
    if (s && (!p.modified_after || modified_since(*s, *p.modified_after))) out.push_back(std::move(*s));
  }
  return out;
}

Reply HsdsApi::services(std::string_view query) {
  auto p = parse(query, {"search", "page", "per_page", "modified_after", "organization_id", "format"});
  if (!p) return error_reply(p.error());
  auto& a = out_.GetAllocator();
  Value contents(rapidjson::kArrayType);
  const SearchRequest& r = p->search;
  if (!p->modified_after && p->organization_id.empty()) {  // the search core pages it
    auto result = searcher_.search(r);
    if (!result) return error_reply(renamed(result.error()));
    for (const auto& stored : stored_documents(searcher_, result->hits)) {
      if (auto s = service_of(stored, context_, a)) contents.PushBack(hsds_service_list_item(*s, a), a);
    }
    return page(std::move(contents), result->total, r);
  }
  auto all = every_service(*p);
  if (!all) return error_reply(all.error());
  size_t first = static_cast<size_t>(r.page - 1) * r.per_page;
  for (size_t i = first; i < all->size() && i < first + r.per_page; ++i) {
    contents.PushBack(hsds_service_list_item((*all)[i], a), a);
  }
  return page(std::move(contents), all->size(), r);
}

Reply HsdsApi::service(std::string_view id) {
  // The export's uuid first (a uuid is also a well-formed listing id), then a listing id.
  std::string listing_id;
  auto hits = all_hits(searcher_, SearchRequest{});
  if (!hits) return error_reply(hits.error());
  for (const auto& h : *hits) {
    if (hsds_service_id(h.id) == id) listing_id = h.id;
  }
  if (listing_id.empty() && is_listing_id(id)) listing_id = std::string(id);
  auto stored = listing_id.empty() ? Expected<std::string>(make_error(ErrorCode::kNotFound, ""))
                                   : searcher_.listing_json(listing_id);
  std::optional<Value> s;
  if (stored) s = service_of(*stored, context_, out_.GetAllocator());
  if (!s) return error_reply(make_error(ErrorCode::kNotFound, "id: no service \"" + std::string(id) + "\""));
  return json_reply(200, to_json(*s));
}

Expected<std::map<std::string, std::vector<Hit>>> HsdsApi::by_organization(const SearchRequest& request) {
  auto hits = all_hits(searcher_, request);
  if (!hits) return renamed(hits.error());
  std::map<std::string, std::vector<Hit>> out;
  for (auto& h : *hits) {
    if (!h.organization.empty()) out[hsds_organization_id(h.organization)].push_back(std::move(h));
  }
  return out;
}

Reply HsdsApi::organizations(std::string_view query) {
  auto p = parse(query, {"search", "page", "per_page", "full_service", "format"});
  if (!p) return error_reply(p.error());
  auto orgs = by_organization(p->search);
  if (!orgs) return error_reply(orgs.error());
  // By name, as a directory of organisations reads.
  std::vector<const std::vector<Hit>*> ordered;
  for (const auto& [id, hits] : *orgs) ordered.push_back(&hits);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto* x, const auto* y) { return x->front().organization < y->front().organization; });
  auto& a = out_.GetAllocator();
  Value contents(rapidjson::kArrayType);
  const SearchRequest& r = p->search;
  size_t first = static_cast<size_t>(r.page - 1) * r.per_page;
  for (size_t i = first; i < ordered.size() && i < first + r.per_page; ++i) {
    std::vector<Value> services;
    for (const auto& stored : stored_documents(searcher_, *ordered[i])) {
      if (auto s = service_of(stored, context_, a)) services.push_back(std::move(*s));
    }
    if (services.empty()) continue;
    std::vector<const Value*> refs;
    for (const auto& s : services) refs.push_back(&s);
    contents.PushBack(hsds_organization(refs, p->full_service, a), a);
  }
  return page(std::move(contents), ordered.size(), r);
}

Reply HsdsApi::organization(std::string_view id, std::string_view query) {
  auto p = parse(query, {"full_service", "format"});
  if (!p) return error_reply(p.error());
  auto orgs = by_organization(SearchRequest{});
  if (!orgs) return error_reply(orgs.error());
  auto it = orgs->find(std::string(id));
  auto& a = out_.GetAllocator();
  std::vector<Value> services;
  if (it != orgs->end()) {
    for (const auto& stored : stored_documents(searcher_, it->second)) {
      if (auto s = service_of(stored, context_, a)) services.push_back(std::move(*s));
    }
  }
  if (services.empty()) return error_reply(make_error(ErrorCode::kNotFound, "id: no organization \"" + std::string(id) + "\""));
  std::vector<const Value*> refs;
  for (const auto& s : services) refs.push_back(&s);
  Value org = hsds_organization(refs, true, a);
  if (p->full_service) {
    Value full(rapidjson::kArrayType);
    for (auto& s : services) full.PushBack(s.Move(), a);
    org["services"] = full;
  }
  return json_reply(200, to_json(org));
}

Reply HsdsApi::service_at_locations(std::string_view query) {
  auto p = parse(query, {"search", "page", "per_page", "modified_after", "organization_id", "postcode", "proximity",
                         "format"});
  if (!p) return error_reply(p.error());
  auto all = every_service(*p);
  if (!all) return error_reply(all.error());
  auto& a = out_.GetAllocator();
  const SearchRequest& r = p->search;
  size_t first = static_cast<size_t>(r.page - 1) * r.per_page, total = 0;
  Value contents(rapidjson::kArrayType);
  for (const auto& s : *all) {
    for (auto& item : hsds_service_at_locations(s, a)) {
      // Near a postcode, the place a person can go to (not the online "location").
      if (!p->search.near.empty() && json::get_text(item["location"], "location_type") != "physical") continue;
      if (total >= first && total < first + r.per_page) contents.PushBack(item, a);
      ++total;
    }
  }
  return page(std::move(contents), total, r);
}

Reply meta() {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  json::add_text(d, "version", "3.0", a);
  json::add_text(d, "profile", kProfileUrl, a);
  json::add_text(d, "openapi_url", kOpenApiUrl, a);
  return json_reply(200, to_json(d));
}

}  // namespace

std::optional<Reply> hsds_routes(const Request& request, SearcherPool& searchers) {
  std::string_view path = request.path;
  if (path != kHsdsPrefix && !starts_with(path, std::string(kHsdsPrefix) + "/")) return std::nullopt;
  if (request.method != "GET") {
    Reply r = error_reply(405, "method_not_allowed", "only GET is allowed here");
    r.allow = "GET";
    return r;
  }
  std::string_view rest = path.substr(kHsdsPrefix.size());
  if (rest.empty() || rest == "/") {
    if (Status s = only_params(request.query, {}); !s) return error_reply(s.error());
    return meta();
  }
  auto searcher = searchers.acquire();
  if (!searcher) return error_reply(searcher.error());
  HsdsApi api(searchers, **searcher);
  auto arg = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!starts_with(rest, prefix) || rest.size() <= prefix.size()) return std::nullopt;
    std::string_view id = rest.substr(prefix.size());
    return id.find('/') == std::string_view::npos ? std::optional<std::string_view>(id) : std::nullopt;
  };
  if (rest == "/services") return api.services(request.query);
  if (rest == "/organizations") return api.organizations(request.query);
  if (rest == "/service_at_locations") return api.service_at_locations(request.query);
  if (auto id = arg("/services/")) {
    if (Status s = only_params(request.query, {"format"}); !s) return error_reply(s.error());
    return api.service(*id);
  }
  if (auto id = arg("/organizations/")) return api.organization(*id, request.query);
  return error_reply(404, "not_found", "no such HSDS route (see GET /hsds/)");
}

}  // namespace kindred::http
