// @brief The HSDS 3.0 API (Open Referral's openapi.json), a public read API like search:
// no cookies, no query logging, the same caching headers as the other API answers.
//
//   GET /hsds/                          {version "3.0", profile, openapi_url}
//   GET /hsds/services                  a Page of service list items
//   GET /hsds/services/{id}             one fully nested service (compiled/service.json)
//   GET /hsds/organizations             a Page of organisations (one per organisation name)
//   GET /hsds/organizations/{id}        one organisation with its services
//   GET /hsds/service_at_locations      a Page of service_at_location items
//
// Parameters (each optional; anything else is a 400 naming it):
//   search          full text, as q in search (read literally: no sentence reading, no
//                   spelling correction)
//   page, per_page  1-based page (1..100000), items per page (1..100, default 20)
//   modified_after  YYYY-MM-DD or an RFC 3339 date-time: services whose last_modified is
//                   at or after it (services, service_at_locations)
//   organization_id the uuid of an organisation (services, service_at_locations)
//   postcode        a postal code or place (service_at_locations): locations within
//                   `proximity` of it, or, without proximity, what search near it finds
//                   (within 50 km, or serving it by service area)
//   proximity       metres, as the spec says, 1..1000000 (needs postcode)
//   full_service    true|false (organizations): full services instead of list items
//   format          json (the only one offered; ndjson is refused with a 400)
// Lists that need every match first (modified_after, organization_id, organisations,
// service_at_locations) see at most kMaxCsvRows listings. Service ids are the uuids the
// export gives (hsds_export.h); a Kindred listing id is accepted too.
// Thread safety: as the Api's routes.
#pragma once

#include <optional>

#include "server/reply.h"
#include "server/request.h"
#include "server/searcher_pool.h"

namespace kindred::http {

inline constexpr std::string_view kHsdsPrefix = "/hsds";

// The reply when `request.path` is /hsds or under it, else nullopt.
std::optional<Reply> hsds_routes(const Request& request, SearcherPool& searchers);

}  // namespace kindred::http
