// @brief HSDS 3.0: the export of the whole real directory against the official schema
// (RapidJSON's validator plus format checks), the oracle itself, and the import back.
#include <catch2/catch.hpp>

#include <set>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/interop/feed_import.h"
#include "core/interop/hsds_export.h"
#include "core/interop/hsds_import.h"
#include "core/listing/listing_source.h"
#include "tests/hsds_schema_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

SysSeconds fixed_now() { return SysSeconds(std::chrono::seconds(1795348800)); }  // 2026-11-22T12:00Z

HsdsExportContext export_context() { return HsdsExportContext{test::vocabulary(), test::gazetteer(), fixed_now()}; }

LoadResult load(const std::string& dir) {
  auto files = find_listing_files(test::source_path(dir));
  if (!files) throw std::runtime_error(files.error().message);
  ListingValidator validator(test::schema(), test::gazetteer());
  return load_listings(*files, validator);
}

// The real directory.
const LoadResult& directory() {
  static const LoadResult loaded = load("data/listings");
  return loaded;
}

// The real directory and the synthetic fixtures (which have schedules of every kind).
const std::vector<LoadedListing>& everything() {
  static const std::vector<LoadedListing> all = [] {
    std::vector<LoadedListing> out = directory().accepted;
    LoadResult fixtures = load("tests/fixtures/listings");
    out.insert(out.end(), fixtures.accepted.begin(), fixtures.accepted.end());
    return out;
  }();
  return all;
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

}  // namespace

TEST_CASE("hsds: the oracle accepts the official example and refuses broken services", "[hsds]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  KINDRED_NEED_SAMPLE(example_path, "hsds-3.0/examples/service_full.json");
  auto example = parse(test::slurp(example_path));
  CHECK(test::hsds_service_problems(example).empty());
  rapidjson::Document broken;
  broken.CopyFrom(example, broken.GetAllocator());
  broken["status"].SetString("open");
  CHECK_FALSE(test::hsds_service_problems(broken).empty());
  broken.CopyFrom(example, broken.GetAllocator());
  broken["id"].SetString("nami");
  CHECK_FALSE(test::hsds_service_problems(broken).empty());  // format uuid, which RapidJSON skips
  broken.CopyFrom(example, broken.GetAllocator());
  broken["schedules"][0]["timezone"].SetString("America/Toronto");
  CHECK_FALSE(test::hsds_service_problems(broken).empty());
  broken.CopyFrom(example, broken.GetAllocator());
  broken.RemoveMember("name");
  CHECK_FALSE(test::hsds_service_problems(broken).empty());
}

TEST_CASE("hsds: every listing of the real directory (and of the fixtures) exports as a valid service", "[hsds]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  REQUIRE(directory().rejected.empty());
  REQUIRE(directory().accepted.size() > 20);
  std::set<std::string> ids;
  size_t schedules = 0, locations = 0;
  for (const auto& l : everything()) {
    auto listing = parse(l.source.json);
    rapidjson::Document out;
    rapidjson::Value service = hsds_service(listing, nullptr, export_context(), out.GetAllocator());
    INFO(l.listing.id << ": " << to_json(service));
    auto problems = test::hsds_service_problems(service);
    for (const auto& p : problems) INFO(p);
    CHECK(problems.empty());
    CHECK(ids.insert(service["id"].GetString()).second);
    schedules += service["schedules"].Size();
    locations += service["service_at_locations"].Size();
  }
  CHECK(schedules > 0);
  CHECK(locations > 0);
  WARN("HSDS export: " << directory().accepted.size() << " real and " << everything().size() - directory().accepted.size()
                       << " fixture listings -> " << schedules << " schedules, " << locations
                       << " service_at_locations, all valid against service.json");
}

TEST_CASE("hsds: a schedule carries its IANA zone beside the offset HSDS allows", "[hsds]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  auto listing = parse(R"json({"id": "fixture-tz", "name": "Fixture group", "kind": "support-group",
    "description": "Synthetic.", "organization": {"name": "Fixture org (synthetic)"}, "topics": ["anxiety"],
    "attendance": ["in-person"], "languages": ["en"], "cost": "free", "facilitation": "peer-led",
    "location": {"locality": "Belleville", "region": "CA-ON", "country": "CA"},
    "schedule": [{"days": ["tu"], "start": "19:30", "end": "21:00", "timezone": "America/Toronto"},
                 {"days": ["mo"], "start": "10:00", "timezone": "America/Toronto", "frequency": "monthly", "week_of_month": -1}],
    "contact": {"url": "https://fixture.example"}, "last_verified": "2026-01-01",
    "sources": [{"name": "Fixture"}]})json");
  rapidjson::Document out;
  rapidjson::Value s = hsds_service(listing, nullptr, export_context(), out.GetAllocator());
  CHECK(test::hsds_service_problems(s).empty());
  const auto& weekly = s["schedules"][0];
  CHECK(std::string(weekly["freq"].GetString()) == "WEEKLY");
  CHECK(std::string(weekly["byday"].GetString()) == "TU");
  CHECK(std::string(weekly["opens_at"].GetString()) == "19:30");
  CHECK(weekly["timezone"].GetDouble() == -5);  // November: EST
  CHECK(std::string(weekly["notes"].GetString()).find("America/Toronto") != std::string::npos);
  CHECK(std::string(weekly["attributes"][0]["value"].GetString()) == "America/Toronto");
  CHECK(std::string(s["schedules"][1]["byday"].GetString()) == "-1MO");
  CHECK(std::string(s["schedules"][1]["freq"].GetString()) == "MONTHLY");
}

TEST_CASE("hsds: the export of the directory and the fixtures imports back to the same listings", "[hsds]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  FeedSpec feed;
  feed.id = "back";
  feed.url = "https://hsds.example/services";
  feed.format = "hsds";
  std::vector<std::string> stored;
  for (const auto& l : everything()) stored.push_back("{\"listing\":" + l.source.json + "}");
  std::string page = hsds_service_list(stored, stored.size(), 1, static_cast<uint32_t>(stored.size()), export_context());
  auto page_doc = parse(page);
  auto page_problems = test::hsds_list_problems(page_doc);
  for (const auto& p : page_problems) INFO(p);
  CHECK(page_problems.empty());

  ImportContext ctx{test::gazetteer(), nullptr, "2026-11-20", "2026-11-22"};
  auto imported = import_hsds(feed, page, ctx);
  REQUIRE(imported);
  CHECK(imported->report.skipped.empty());
  CHECK(imported->report.unknown_codes.empty());
  REQUIRE(imported->listings.size() == everything().size());
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  LoadResult into;
  CHECK(add_feed_listings(into, "feed:back", *imported, validator) == imported->listings.size());
  for (const auto& p : into.problems) INFO(format_problem(p));
  REQUIRE(into.rejected.empty());
  for (size_t i = 0; i < into.accepted.size(); ++i) {
    const Listing& before = everything()[i].listing;
    const Listing& after = into.accepted[i].listing;
    INFO(before.id);
    CHECK(after.name == before.name);
    CHECK(after.kind == before.kind);
    CHECK(after.topics == before.topics);
    CHECK(after.communities == before.communities);
    CHECK(after.languages == before.languages);
    CHECK(after.cost == before.cost);
    CHECK(after.service_area == before.service_area);
    CHECK(after.last_verified == before.last_verified);
    REQUIRE(after.schedule.size() == before.schedule.size());
    for (size_t m = 0; m < before.schedule.size(); ++m) {
      CHECK(after.schedule[m].days == before.schedule[m].days);
      CHECK(after.schedule[m].start_minute == before.schedule[m].start_minute);
      CHECK(after.schedule[m].timezone == before.schedule[m].timezone);
      CHECK(after.schedule[m].frequency == before.schedule[m].frequency);
    }
  }
}

TEST_CASE("hsds: the official example imports, its foreign taxonomy terms reported", "[hsds]") {
  KINDRED_NEED_SAMPLE(example_path, "hsds-3.0/examples/service_full.json");
  FeedSpec feed;
  feed.id = "example";
  feed.url = "https://hsds.example/services";
  feed.format = "hsds";
  feed.defaults.topics = {"general-mental-health"};
  ImportContext ctx{test::gazetteer(), nullptr, "2026-11-20", "2026-11-22"};
  auto imported = import_hsds(feed, test::slurp(example_path), ctx);
  REQUIRE(imported);
  CHECK(imported->report.items == 1);
  CHECK(imported->listings.size() == 1);
  CHECK(imported->report.unknown_codes.count("taxonomy:code") == 1);
  CHECK_FALSE(import_hsds(feed, "[1, 2", ctx));
}

}  // namespace kindred
