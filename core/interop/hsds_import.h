// @brief Open Referral HSDS 3.0 services -> kindred/1 listings. Pure mapping, no network.
//
// Accepts a service list page ({"contents": [...]}), an array of services, or one
// service. One listing per service, id "<feed id>-<service id>" (see feed_listing_id):
//   name, description, url/email/phones -> contact, application_process -> how_to_join,
//   eligibility_description -> eligibility, fees_description -> cost_note,
//   status ("temporarily closed" -> paused, inactive/defunct -> closed),
//   assured_date (else last_modified) -> last_verified, organization -> organization,
//   languages[].code -> languages, service_areas (extent_type "text" with an ISO code)
//   -> service_area, the first physical service_at_location -> location (address,
//   coordinates; the region from state_province or the gazetteer), a virtual one ->
//   online, schedules (freq/interval/byday/dtstart/opens_at/closes_at) -> meetings,
//   with the IANA zone from a "timezone" attribute (as Kindred exports it), else the
//   location's gazetteer zone, else the feed's default.
//   attributes from Kindred's own taxonomy (kind, topic, community, attendance,
//   accessibility, facilitation, cost) map back to those fields; terms of other
//   taxonomies are counted in ImportReport::unknown_codes as "taxonomy:code".
// Whatever a service does not say comes from the feed's defaults.
#pragma once

#include <string_view>

#include "core/base/error.h"
#include "core/interop/feed_import.h"

namespace kindred {

Expected<ImportedFeed> import_hsds(const FeedSpec& feed, std::string_view body, const ImportContext& context);

}  // namespace kindred
