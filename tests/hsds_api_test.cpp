// @brief The HSDS 3.0 API (server/hsds_routes.h) through a real socket over the fixture
// index: every route's answers against Open Referral's official schemas (the compiled
// schemas and openapi.json's Page, read from the third-party samples), paging as the spec
// defines it, the filters, and clear 400s and 404s.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <rapidjson/document.h>

#include "tests/hsds_schema_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

rapidjson::Document ok(const std::string& target) {
  auto r = test::get(target);
  INFO(target << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  test::check_security_headers(r);
  return test::json(r);
}

// A page valid against the spec, with its items against `item_schema`.
rapidjson::Document valid_page(const std::string& target, const std::string& item_schema) {
  rapidjson::Document page = ok(target);
  INFO(target);
  for (const auto& p : test::hsds_page_problems(page, item_schema)) FAIL_CHECK(p);
  CHECK(page["size"].GetUint() == page["contents"].Size());
  CHECK(page["empty"].GetBool() == page["contents"].Empty());
  return page;
}

void not_found(const std::string& target) {
  auto r = test::get(target);
  INFO(target << " -> " << r.body);
  CHECK(r.status == 404);
  auto body = test::json(r);
  CHECK(std::string(body["error"]["code"].GetString()) == "not_found");
}

}  // namespace

TEST_CASE("hsds api: GET /hsds/ says the version, profile and openapi_url", "[hsds_api]") {
  auto meta = ok("/hsds/");
  CHECK(std::string(meta["version"].GetString()) == "3.0");
  CHECK(std::string(meta["openapi_url"].GetString()).find("openapi.json") != std::string::npos);
  CHECK(std::string(meta["profile"].GetString()).rfind("https://", 0) == 0);
  CHECK(ok("/hsds")["version"] == meta["version"]);
}

TEST_CASE("hsds api: every route's answers are valid against the official schemas", "[hsds_api]") {
  KINDRED_NEED_SAMPLE(compiled, "real/hsds3-spec/schema/compiled/organization.json.gz");
  KINDRED_NEED_SAMPLE(service_schema, "hsds-3.0/schema/service.json");
  auto services = valid_page("/hsds/services?per_page=100", "service_list.json");
  CHECK(services["total_items"].GetUint64() == test::kFixtureFindable);
  CHECK(services["contents"].Size() == test::kFixtureFindable);
  std::set<std::string> org_ids;
  for (const auto& item : services["contents"].GetArray()) {
    CHECK_FALSE(item.HasMember("schedules"));  // list items carry one-to-one fields only
    std::string id = item["id"].GetString();
    auto full = ok("/hsds/services/" + id);
    CHECK(std::string(full["id"].GetString()) == id);
    for (const auto& p : test::hsds_service_problems(full)) FAIL_CHECK("/hsds/services/" << id << p);
    org_ids.insert(item["organization_id"].GetString());
  }
  auto orgs = valid_page("/hsds/organizations?per_page=100", "organization_list.json");
  CHECK(orgs["total_items"].GetUint64() == org_ids.size());
  for (const auto& org : orgs["contents"].GetArray()) {
    std::string id = org["id"].GetString();
    CHECK(org_ids.count(id) == 1);
    for (const char* query : {"", "?full_service=true"}) {
      auto full = ok("/hsds/organizations/" + id + query);
      for (const auto& p : test::hsds_problems(full, "organization.json")) FAIL_CHECK(id << query << p);
      CHECK(full["services"].Size() >= 1);
    }
  }
  auto sals = valid_page("/hsds/service_at_locations?per_page=100", "service_at_location_list.json");
  CHECK(sals["total_items"].GetUint64() >= 1);
  for (const auto& sal : sals["contents"].GetArray()) {
    CHECK(sal["service"]["id"] == sal["service_id"]);
    CHECK(sal["location"]["id"] == sal["location_id"]);
  }
}

TEST_CASE("hsds api: pages as the spec defines them", "[hsds_api]") {
  auto first = ok("/hsds/services?per_page=3");
  CHECK(first["total_items"].GetUint64() == test::kFixtureFindable);
  CHECK(first["total_pages"].GetUint64() == (test::kFixtureFindable + 2) / 3);
  CHECK(first["page_number"].GetUint() == 1);
  CHECK(first["size"].GetUint() == 3);
  CHECK(first["first_page"].GetBool());
  CHECK_FALSE(first["last_page"].GetBool());
  auto last = ok("/hsds/services?per_page=3&page=3");
  CHECK(last["size"].GetUint() == test::kFixtureFindable - 6);
  CHECK(last["last_page"].GetBool());
  CHECK_FALSE(last["first_page"].GetBool());
  auto beyond = ok("/hsds/services?per_page=3&page=9");
  CHECK(beyond["empty"].GetBool());
  CHECK(beyond["contents"].Size() == 0);
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    auto answer = ok("/hsds/services?per_page=3&page=" + std::to_string(page));  // outlives the loop
    for (const auto& s : answer["contents"].GetArray()) {
      seen.insert(s["id"].GetString());
    }
  }
  CHECK(seen.size() == test::kFixtureFindable);  // no item twice, none lost
  auto orgs = ok("/hsds/organizations?per_page=2&page=2");
  CHECK(orgs["page_number"].GetUint() == 2);
  CHECK(orgs["size"].GetUint() == orgs["contents"].Size());
}

TEST_CASE("hsds api: search, modified_after and organization_id filter", "[hsds_api]") {
  auto all = ok("/hsds/services?per_page=100");
  auto some = ok("/hsds/services?search=veterans&per_page=100");
  CHECK(some["total_items"].GetUint64() >= 1);
  CHECK(some["total_items"].GetUint64() < all["total_items"].GetUint64());
  CHECK(ok("/hsds/services?search=zzzqqqxxy")["empty"].GetBool());
  // modified_after: the fixtures' last_verified dates run from 2023-03-03 to 2026-10-01.
  uint64_t recent = ok("/hsds/services?modified_after=2025-01-01&per_page=100")["total_items"].GetUint64();
  uint64_t count = 0;
  for (const auto& s : all["contents"].GetArray()) count += std::string(s["last_modified"].GetString()) >= "2025-01-01";
  CHECK(recent == count);
  CHECK(recent > 0);
  CHECK(recent < all["total_items"].GetUint64());
  CHECK(ok("/hsds/services?modified_after=2025-01-01T00:00:00%2B02:00&per_page=100")["total_items"].GetUint64() ==
        recent);
  CHECK(ok("/hsds/services?modified_after=2099-01-01")["empty"].GetBool());
  std::string org = all["contents"][0]["organization_id"].GetString();
  auto of_org = ok("/hsds/services?organization_id=" + org);
  CHECK(of_org["total_items"].GetUint64() >= 1);
  for (const auto& s : of_org["contents"].GetArray()) CHECK(std::string(s["organization_id"].GetString()) == org);
  auto orgs = ok("/hsds/organizations?search=veterans");
  CHECK(orgs["total_items"].GetUint64() >= 1);
  CHECK(orgs["total_items"].GetUint64() < ok("/hsds/organizations")["total_items"].GetUint64());
}

TEST_CASE("hsds api: service_at_locations near a postcode, proximity in metres", "[hsds_api]") {
  // The fixture's Moscow, Idaho group (postal code 83843).
  auto near = ok("/hsds/service_at_locations?postcode=83843&per_page=100");
  REQUIRE(near["total_items"].GetUint64() >= 1);
  for (const auto& sal : near["contents"].GetArray()) {
    CHECK(std::string(sal["location"]["location_type"].GetString()) == "physical");
  }
  // From Pullman, Washington (99163), about 12 km west of Moscow: metres, not kilometres.
  auto wide = ok("/hsds/service_at_locations?postcode=99163&proximity=20000&per_page=100");
  CHECK(wide["total_items"].GetUint64() == near["total_items"].GetUint64());
  CHECK(ok("/hsds/service_at_locations?postcode=99163&proximity=5000")["empty"].GetBool());
  CHECK(ok("/hsds/service_at_locations?postcode=99163&proximity=20")["empty"].GetBool());  // 20 km would find it
}

// The same page against the official schemas, as a test of its own: without the samples
// it is reported skipped, while the proximity checks above still run.
TEST_CASE("hsds api: a page of service_at_locations near a postcode is valid against the official schemas",
          "[hsds_api]") {
  KINDRED_NEED_SAMPLE(spec, "hsds-3.0/openapi.json");
  KINDRED_NEED_SAMPLE(item, "real/hsds3-spec/schema/compiled/service_at_location_list.json.gz");
  auto near = valid_page("/hsds/service_at_locations?postcode=83843&per_page=100", "service_at_location_list.json");
  CHECK(near["total_items"].GetUint64() >= 1);
}

TEST_CASE("hsds api: bad parameters are 400s naming them, unknown ids are 404s", "[hsds_api]") {
  test::refused("/hsds/services?colour=red", "colour");
  test::refused("/hsds/services?page=0", "page");
  test::refused("/hsds/services?per_page=1000", "per_page");
  test::refused("/hsds/services?per_page=ten", "per_page");
  test::refused("/hsds/services?modified_after=yesterday", "modified_after");
  test::refused("/hsds/services?modified_after=2025-02-30", "modified_after");
  test::refused("/hsds/services?format=ndjson", "format");
  test::refused("/hsds/services?postcode=83843", "postcode");  // not a parameter of /services
  test::refused("/hsds/service_at_locations?proximity=100", "proximity");
  test::refused("/hsds/service_at_locations?postcode=83843&proximity=-5", "proximity");
  test::refused("/hsds/service_at_locations?postcode=83843&proximity=near", "proximity");
  test::refused("/hsds/service_at_locations?postcode=zzqx-nowhere-99", "postcode");
  test::refused("/hsds/organizations?full_service=maybe", "full_service");
  test::refused("/hsds/?page=2", "page");
  not_found("/hsds/services/00000000-0000-4000-8000-000000000000");
  not_found("/hsds/services/no-such-listing");
  not_found("/hsds/organizations/00000000-0000-4000-8000-000000000000");
  not_found("/hsds/taxonomies");
  not_found("/hsds/services/a/b");
  auto post = test::get("/hsds/services", "POST");
  CHECK(post.status == 405);
  CHECK(test::get("/hsds/services").headers.count("set-cookie") == 0);
}

}  // namespace kindred
