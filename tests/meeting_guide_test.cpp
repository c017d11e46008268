// @brief Meeting Guide import: the mapping rules on small synthetic feeds, and the real
// Ontario sample feed end to end (validated, indexed, found near Belleville at the right
// local times).
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/index/index_build.h"
#include "core/index/index_snapshot.h"
#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "core/schedule/schedule.h"
#include "core/search/search.h"
#include "tests/search_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {


FeedSpec feed() {
  FeedSpec f;
  f.id = "mg";
  f.url = "https://meetings.example/feed.json";
  f.format = "meeting-guide";
  f.defaults.topics = {"substance-use"};
  f.defaults.cost = "donation";
  f.defaults.organization_name = "Fixture intergroup (synthetic)";
  return f;
}

ImportContext context() { return ImportContext{test::gazetteer(), &test::meeting_guide_types(), "2026-11-20", "2026-11-22"}; }

ImportedFeed import(const std::string& body, const FeedSpec& f = feed()) {
  auto r = import_meeting_guide(f, body, context());
  INFO((r ? "" : r.error().message));
  REQUIRE(r);
  return std::move(r).value();
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

// Every listing of `feed` must pass the real validator.
void all_valid(const ImportedFeed& imported) {
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  for (const auto& json : imported.listings) {
    auto doc = parse(json);
    auto problems = validator.validate(doc, "");
    INFO(json);
    for (const auto& p : problems) INFO(p.path << ": " << p.message);
    CHECK(problems.empty());
  }
}

SysSeconds at(const char* utc) {
  std::tm tm{};
  strptime(utc, "%Y-%m-%dT%H:%M:%S", &tm);
  return SysSeconds(std::chrono::seconds(timegm(&tm)));
}

}  // namespace

TEST_CASE("meeting guide: the mapping rules on one synthetic meeting each", "[meeting-guide]") {
  ImportedFeed f = import(R"([
    {"name": "Sunday Serenity", "slug": "Sunday_Serenity 14", "day": [0, 3], "time": "18:00", "end_time": "19:30",
     "location": "Fixture Hall", "address": "1 Fixture St", "city": "Moscow", "state": "ID", "postal_code": "83843",
     "country": "US", "types": ["O", "LGBTQ", "W", "X", "ASL", "FOO", "S"], "notes": "Ring the <b>buzzer</b>.",
     "updated": "2024-05-31 14:32:23", "timezone": "America/Boise"},
    {"name": "Online only", "slug": 7, "day": 2, "time": "7:05", "types": ["TC", "ONL"],
     "conference_url": "https://zoom.example/j/123", "conference_phone": "+1 555 0100",
     "formatted_address": "Belleville, ON, Canada"},
    {"name": "Closed for now", "slug": "closed-now", "day": 5, "time": "20:00", "types": ["TC", "Y", "DD"],
     "address": "2 Fixture Rd", "city": "Belleville", "country": "CA", "latitude": 44.16, "longitude": -77.38},
    {"name": "Twice", "slug": "closed-now", "day": 1, "time": "20:00", "city": "Belleville", "country": "CA"},
    {"name": "No slug", "day": 1, "time": "20:00"},
    {"name": "Late", "slug": "late", "day": 6, "time": "23:30", "end_time": "00:30", "city": "Belleville",
     "country": "CA", "latitude": 44.16, "longitude": -77.38}
  ])");
  REQUIRE(f.report.items == 6);
  REQUIRE(f.listings.size() == 4);
  REQUIRE(f.report.skipped.size() == 2);
  CHECK(f.report.skipped[0].path == "[3]");
  CHECK(f.report.skipped[1].path == "[4]");
  CHECK(f.report.unknown_codes == std::map<std::string, size_t>{{"FOO", 1}});
  all_valid(f);

  auto first = parse(f.listings[0]);
  CHECK(std::string(first["id"].GetString()).rfind("mg-sunday-serenity-14-", 0) == 0);  // normalised + hash
  CHECK(first["schedule"][0]["days"].Size() == 2);
  CHECK(std::string(first["schedule"][0]["days"][0].GetString()) == "su");
  CHECK(std::string(first["schedule"][0]["days"][1].GetString()) == "we");
  CHECK(std::string(first["schedule"][0]["end"].GetString()) == "19:30");
  CHECK(std::string(first["schedule"][0]["timezone"].GetString()) == "America/Boise");
  CHECK(std::string(first["location"]["region"].GetString()) == "US-ID");
  CHECK(std::string(first["communities"][0].GetString()) == "lgbtq");
  CHECK(std::string(first["communities"][1].GetString()) == "women");
  CHECK(std::string(first["accessibility"][0].GetString()) == "asl");
  CHECK(std::string(first["accessibility"][1].GetString()) == "wheelchair");
  CHECK(std::string(first["languages"][0].GetString()) == "es");
  CHECK(std::string(first["last_verified"].GetString()) == "2024-05-31");
  std::string description = first["description"].GetString();
  CHECK(description.find("<b>") == std::string::npos);
  CHECK(description.find("Ring the buzzer.") == 0);
  CHECK(description.find("FOO") != std::string::npos);  // unknown codes stay visible

  auto online = parse(f.listings[1]);
  CHECK(std::string(online["id"].GetString()) == "mg-7");
  CHECK(online["attendance"].Size() == 2);  // TC with a link: online and phone, not paused
  CHECK(std::string(online["attendance"][0].GetString()) == "online");
  CHECK_FALSE(online.HasMember("location"));
  CHECK_FALSE(online.HasMember("status"));
  CHECK(std::string(online["schedule"][0]["start"].GetString()) == "07:05");
  CHECK(std::string(online["schedule"][0]["timezone"].GetString()) == "America/Toronto");  // from the city
  CHECK(std::string(online["service_area"][0].GetString()) == "CA");
  CHECK(std::string(online["contact"]["url"].GetString()) == "https://zoom.example/j/123");
  CHECK(std::string(online["last_verified"].GetString()) == "2026-11-20");  // no updated: fetch date

  auto paused = parse(f.listings[2]);
  CHECK(std::string(paused["status"].GetString()) == "paused");
  CHECK(std::string(paused["communities"][0].GetString()) == "young-adults");
  CHECK(paused["topics"].Size() == 2);  // the feed's default plus DD
  CHECK(std::string(paused["location"]["region"].GetString()) == "CA-ON");  // from the nearest place
  CHECK(std::string(paused["schedule"][0]["timezone"].GetString()) == "America/Toronto");

  auto late = parse(f.listings[3]);
  CHECK(std::string(late["schedule"][0]["end"].GetString()) == "00:30");  // past midnight: the next day
}

TEST_CASE("meeting guide: not a feed is an error, so the last good copy is kept", "[meeting-guide]") {
  CHECK_FALSE(import_meeting_guide(feed(), "{\"meetings\": []}", context()));
  CHECK_FALSE(import_meeting_guide(feed(), "[{]", context()));
  CHECK(import_meeting_guide(feed(), "[]", context()));
}

TEST_CASE("meeting guide: the real Ontario sample feed", "[meeting-guide]") {
  KINDRED_NEED_SAMPLE(ontario, "meeting-guide/ontario-sample-feed.json");
  std::string body = test::slurp(ontario);
  FeedSpec f = feed();
  f.id = "ontario";
  ImportedFeed imported = import(body, f);
  CHECK(imported.report.items == 45);
  CHECK(imported.report.skipped.empty());
  CHECK(imported.report.unknown_codes.empty());
  REQUIRE(imported.listings.size() == 45);

  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  LoadResult loaded;
  CHECK(add_feed_listings(loaded, "feed:ontario", imported, validator) == 45);
  for (const auto& p : loaded.problems) INFO(format_problem(p));
  REQUIRE(loaded.rejected.empty());

  test::TempDir dir;
  auto report = build_index(loaded, dir.file("index"), test::gazetteer(), test::vocabulary());
  REQUIRE(report);
  CHECK(report->indexed == 45);
  CHECK(report->placed == 45);
  LiveIndex live(dir.file("index"));
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);

  rapidjson::Document feed_doc;
  feed_doc.Parse(body.c_str());
  SearchRequest r = test::request();  // Sunday 2026-11-22 12:00Z
  r.near = "Belleville, ON";
  r.radius_km = 100;
  r.per_page = 100;
  auto result = searcher->search(r);
  REQUIRE(result);
  CHECK(result->total == 45);
  std::map<std::string, const Hit*> by_id;
  for (const auto& h : result->hits) by_id[h.id] = &h;
  const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  for (const auto& m : feed_doc.GetArray()) {
    std::string id = "ontario-" + std::to_string(m["slug"].GetInt());
    INFO(id);
    REQUIRE(by_id.count(id));
    const Hit& hit = *by_id[id];
    REQUIRE(hit.next_meeting);
    CHECK(hit.next_meeting->timezone == "America/Toronto");
    // November: Eastern Standard Time, the feed's own wall-clock time, the feed's weekday.
    std::string start = hit.next_meeting->start;
    CHECK(start.substr(11, 5) == m["time"].GetString());
    CHECK(start.substr(19) == "-05:00");
    std::tm tm{};
    strptime(start.substr(0, 10).c_str(), "%Y-%m-%d", &tm);
    timegm(&tm);
    CHECK(std::string(kDays[tm.tm_wday]) == kDays[m["day"].GetInt()]);
    CHECK(start.substr(0, 10) >= "2026-11-22");
    CHECK(start.substr(0, 10) <= "2026-11-28");
  }

  // Tweed Group, Tuesdays 19:30: the next one after Sunday noon, and in summer time in July.
  auto tweed = parse(imported.listings[0]);
  Listing listing = listing_from_json(tweed);
  auto next = next_meeting(listing.schedule, at("2026-11-22T12:00:00"));
  REQUIRE(next);
  CHECK(next->start_local == "2026-11-24T19:30:00-05:00");
  auto summer = next_meeting(listing.schedule, at("2026-07-01T12:00:00"));
  REQUIRE(summer);
  CHECK(summer->start_local == "2026-07-07T19:30:00-04:00");
}

}  // namespace kindred
