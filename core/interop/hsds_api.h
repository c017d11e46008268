// @brief The shapes of the HSDS 3.0 API (openapi.json) built from exported services
// (hsds_export.h), so every route shares the one listing -> service mapping:
//   service list items      the service's one-to-one fields (compiled/service_list.json)
//   organizations           one per organisation name, from the services it runs
//                           (compiled/organization_list.json; with `services` for
//                           compiled/organization.json)
//   service_at_location     one per location of a service: {id, service_id, location_id,
//                           location (one-to-one fields), service (a list item)}
//                           (compiled/service_at_location_list.json)
// Pure: no I/O. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace kindred {

using HsdsAlloc = rapidjson::Document::AllocatorType;

// `service` (as hsds_service() makes it) without its arrays: what list pages carry.
rapidjson::Value hsds_service_list_item(const rapidjson::Value& service, HsdsAlloc& alloc);

// The organisation of `services` (all of one organisation; at least one). `with_services`
// adds the `services` array of list items (the fully nested organisation).
rapidjson::Value hsds_organization(const std::vector<const rapidjson::Value*>& services, bool with_services,
                                   HsdsAlloc& alloc);

// The service_at_location items of one service (none when it has no location).
std::vector<rapidjson::Value> hsds_service_at_locations(const rapidjson::Value& service, HsdsAlloc& alloc);

}  // namespace kindred
