// @brief HSDS 1.x / 2.0 CSV data packages (a folder of CSV files with a datapackage.json,
// as many 211 and community directories publish) -> kindred/1 listings.
//
// The tables are joined into HSDS 3.0 services and handed to import_hsds (hsds_import.h),
// so both imports share one mapping to listings. The joins:
//   services.csv              one service per row: id, name, description, url|website,
//                             email, status, application_process, fees|fees_description,
//                             eligibility|eligibility_description, organization_id;
//                             Ohana's location_id and languages columns
//   organizations.csv         the service's organization (name, description, url|website)
//   services_at_location.csv  (or service_at_location(s).csv) service -> location links;
//                             without it, a services.csv location_id
//   locations.csv             name, latitude, longitude
//   physical_addresses.csv    (or addresses.csv; postal_addresses.csv / mail_addresses.csv
//                             when a location has no other) the location's address; the
//                             country, when a row names none, is the feed's defaults.country
//   phones.csv                the service's phones, else its location's, else its
//                             organization's
//   regular_schedules.csv     weekday (name, three letters or 0-6 from Sunday) + opens_at /
//                             closes_at (12- or 24-hour, "9:00"-"5:00" read as 5 pm) of
//                             the service, its location, or its service_at_location;
//                             schedules.csv (2.0: byday/freq) the same way
//   languages.csv             the service's languages (codes, or English names such as
//                             "Spanish"); Ohana's comma list of names likewise
// Left out: contacts, holiday schedules, programs, taxonomy, funding, eligibility and
// payment tables (Kindred has no field for them).
// Nothing is dropped silently: a service row that does not become a listing is in
// report.skipped as "services.csv line N (id X)" with the reason; a row of another table
// that names a service or location that is absent, or whose values cannot be read, is in
// report.notes with its file and line. CSV damage (an unterminated quote) is a note too.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/error.h"
#include "core/interop/feed_import.h"

namespace kindred {

// File name -> contents. Names are matched on their last path component, so a zip of a
// folder ("export/services.csv") reads like the folder itself.
using CsvPackage = std::map<std::string, std::string>;

// kInvalidArgument when the package has no services.csv.
Expected<ImportedFeed> import_hsds_csv(const FeedSpec& feed, const CsvPackage& files, const ImportContext& context);

// A package fetched as one body: a ZIP archive (zip_read.h) of the CSV files.
inline constexpr size_t kMaxHsdsCsvUnpackedBytes = 200u << 20;
Expected<ImportedFeed> import_hsds_csv_zip(const FeedSpec& feed, std::string_view zip, const ImportContext& context);

}  // namespace kindred
