// @brief kindred/1 listings -> Open Referral HSDS 3.0 services (the compiled schema
// schema/service.json), for referral systems that speak HSDS.
//
// Mapping (one service per listing; every id is kindred_uuid() of a stable name, so it
// never changes between exports):
//   id, name, description, status (paused -> "temporarily closed", closed -> "inactive"),
//   url (contact, else organisation), email, eligibility_description,
//   application_process (how_to_join, referral), fees_description and cost_options (cost
//   label and note), assured_date (last_verified), last_modified (updated, else
//   last_verified at midnight UTC), organization {id, name, description, website},
//   phones, languages {name, code}, service_areas {name, extent = the ISO code,
//   extent_type "text"}, service_at_locations: a physical location with its address and
//   coordinates, and a virtual one (the contact URL) for online listings.
//   schedules: per meeting freq/interval/byday/wkst (RFC 5545 terms), opens_at/closes_at
//   as local "HH:MM", timezone = the UTC offset (hours) of the next meeting, because HSDS
//   has nothing else; the IANA zone, which is the truth across daylight saving, goes in
//   `notes` and in an attribute (link_type "timezone", value "America/Toronto").
//   attributes: kind, topics, communities, attendance, facilitation, accessibility and
//   cost, each a taxonomy term from Kindred's vocabulary (taxonomy "kindred-vocabulary",
//   code = the value, name = its label).
// Pure: no I/O. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/geo/gazetteer.h"
#include "core/listing/vocabulary.h"
#include "core/schedule/schedule.h"

namespace kindred {

struct HsdsExportContext {
  const Vocabulary& vocabulary;
  const Gazetteer& gazetteer;
  SysSeconds now;  // for the UTC offset of the next meeting
};

// One listing (a kindred/1 object that passed validation; `computed` is the index's
// computed fields or null) as an HSDS service object.
rapidjson::Value hsds_service(const rapidjson::Value& listing, const rapidjson::Value* computed,
                              const HsdsExportContext& context, rapidjson::Document::AllocatorType& alloc);

// The HSDS ids of a listing's service and of an organisation (kindred_uuid of a stable
// name), so that the API can find what an export names.
std::string hsds_service_id(std::string_view listing_id);
std::string hsds_organization_id(std::string_view organization_name);

// One page as openapi.json's Page shape: {total_items, total_pages, page_number, size (the
// number of items in `contents`, as the spec defines it), first_page, last_page, empty,
// contents}. `contents` is moved in; `page` is 1-based.
std::string hsds_page(rapidjson::Document& doc, rapidjson::Value contents, uint64_t total_items, uint32_t page,
                      uint32_t per_page);

// A paginated service list from stored index documents ({"listing", "computed"}).
// Documents that cannot be read are skipped.
std::string hsds_service_list(const std::vector<std::string>& stored_documents, uint64_t total_items,
                              uint32_t page, uint32_t per_page, const HsdsExportContext& context);

// The taxonomy name used for Kindred's vocabulary in attributes (import reads it back).
inline constexpr const char* kHsdsTaxonomy = "kindred-vocabulary";

}  // namespace kindred
