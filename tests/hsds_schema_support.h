// @brief Checking HSDS 3.0 output against Open Referral's compiled schema, read from the
// third-party samples (KINDRED_SAMPLES_DIR/hsds-3.0, CC BY-SA 4.0; tests that use it start
// with KINDRED_NEED_SAMPLE): RapidJSON's SchemaValidator for the structure,
// plus the `format`s it does not check (uuid, date-time, uri, email).
#pragma once

#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace kindred::test {

// Every way `service` fails schema/service.json: "" when it is valid. One line per
// problem ("#/schedules/0/timezone: type" or "/id: not a uuid").
std::vector<std::string> hsds_service_problems(const rapidjson::Value& service);

// A whole page as openapi.json's GET /services answers it: the Page shape
// (components/schemas/Page) with each item of `contents` against schema/service_list.json.
std::vector<std::string> hsds_list_problems(const rapidjson::Value& page);

// Every way `value` fails a compiled schema of the full specification
// (KINDRED_SAMPLES_DIR/real/hsds3-spec/schema/compiled/<name>.gz, gunzipped here):
// "organization.json", "organization_list.json", "service_at_location_list.json", ...
std::vector<std::string> hsds_problems(const rapidjson::Value& value, const std::string& compiled_name);

// A Page (openapi.json's Page shape) whose `contents` items are checked against the
// compiled schema `item_schema` (as hsds_problems names it).
std::vector<std::string> hsds_page_problems(const rapidjson::Value& page, const std::string& item_schema);

}  // namespace kindred::test
