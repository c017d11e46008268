// @brief Meetings that cross midnight (issue 19): an end at or before the start is the next
// day, "24:00" is the midnight that ends the day, an equal end means one hour; through
// the next-meeting arithmetic (across daylight-saving changes), time_of_day, iCalendar
// and the HSDS export.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/index/index_document.h"
#include "core/interop/hsds_export.h"
#include "core/listing/listing.h"
#include "tests/hsds_schema_support.h"
#include "tests/ical_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

using namespace ical_test;

Meeting late(const std::string& day, int start, int end, const std::string& zone) {
  return meeting({day}, start, end, zone);
}

int minutes_long(const Occurrence& o) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(o.end - o.start).count());
}

}  // namespace

TEST_CASE("midnight: parse_hhmm reads 24:00 as the end of the day", "[midnight]") {
  CHECK(parse_hhmm("24:00") == 1440);
  CHECK(parse_hhmm("23:59") == 1439);
  CHECK(parse_hhmm("24:01") == -1);
  CHECK(parse_hhmm("25:00") == -1);
}

TEST_CASE("midnight: next meeting and its end across midnight and DST", "[midnight][schedule]") {
  SECTION("an ordinary winter night: 23:30-01:00 is 90 minutes, ending the next day") {
    auto occ = next_occurrence(late("tu", 23 * 60 + 30, 60, "Europe/London"), utc(2026, 1, 12));
    REQUIRE(occ);
    CHECK(occ->start_local == "2026-01-13T23:30:00+00:00");
    CHECK(occ->end_local == "2026-01-14T01:00:00+00:00");
    CHECK(minutes_long(*occ) == 90);
  }
  SECTION("24:00 ends at the next midnight; 00:00 as an end means the same") {
    auto occ = next_occurrence(late("tu", 22 * 60, 1440, "Europe/London"), utc(2026, 1, 12));
    REQUIRE(occ);
    CHECK(occ->end_local == "2026-01-14T00:00:00+00:00");
    CHECK(minutes_long(*occ) == 120);
    auto zero = next_occurrence(late("tu", 22 * 60, 0, "Europe/London"), utc(2026, 1, 12));
    REQUIRE(zero);
    CHECK(zero->end == occ->end);
    auto whole = next_occurrence(late("tu", 0, 1440, "Europe/London"), utc(2026, 1, 12));
    REQUIRE(whole);
    CHECK(minutes_long(*whole) == 24 * 60);
  }
  SECTION("an end equal to the start is one hour, not a day") {
    auto occ = next_occurrence(late("tu", 19 * 60, 19 * 60, "Europe/London"), utc(2026, 1, 12));
    REQUIRE(occ);
    CHECK(minutes_long(*occ) == 60);
  }
  SECTION("spring forward (Los Angeles, 2026-03-08): 22:00-04:00 ends at 04:00 PDT, 5 hours") {
    auto occ = next_occurrence(late("sa", 22 * 60, 4 * 60, "America/Los_Angeles"), utc(2026, 3, 2));
    REQUIRE(occ);
    CHECK(occ->start_local == "2026-03-07T22:00:00-08:00");
    CHECK(occ->end_local == "2026-03-08T04:00:00-07:00");
    CHECK(minutes_long(*occ) == 5 * 60);
  }
  SECTION("fall back (Los Angeles, 2026-11-01): 23:00-02:00 ends at 02:00 PST, 4 hours") {
    auto occ = next_occurrence(late("sa", 23 * 60, 2 * 60, "America/Los_Angeles"), utc(2026, 10, 26));
    REQUIRE(occ);
    CHECK(occ->start_local == "2026-10-31T23:00:00-07:00");
    CHECK(occ->end_local == "2026-11-01T02:00:00-08:00");
    CHECK(minutes_long(*occ) == 4 * 60);
  }
  SECTION("an end inside the spring-forward gap (London, 2026-03-29) is the transition") {
    auto occ = next_occurrence(late("sa", 23 * 60 + 30, 60 + 30, "Europe/London"), utc(2026, 3, 23));
    REQUIRE(occ);
    CHECK(occ->start_local == "2026-03-28T23:30:00+00:00");
    CHECK(occ->end_local == "2026-03-29T02:00:00+01:00");
    CHECK(minutes_long(*occ) == 90);
  }
  SECTION("southern hemisphere (Sydney ends summer time 2026-04-05 03:00): 23:00-04:00 lasts 6 hours") {
    auto occ = next_occurrence(late("sa", 23 * 60, 4 * 60, "Australia/Sydney"), utc(2026, 3, 30));
    REQUIRE(occ);
    CHECK(occ->start_local == "2026-04-04T23:00:00+11:00");
    CHECK(occ->end_local == "2026-04-05T04:00:00+10:00");
    CHECK(minutes_long(*occ) == 6 * 60);
  }
  SECTION("a meeting under way at `after` is not next; the following week's is") {
    auto occ = next_occurrence(late("tu", 23 * 60 + 30, 60, "Europe/London"), utc(2026, 1, 14, 0, 15));
    REQUIRE(occ);
    CHECK(occ->start_local == "2026-01-20T23:30:00+00:00");
  }
}

TEST_CASE("midnight: time_of_day and the day are the start's", "[midnight]") {
  CHECK(time_of_day(23 * 60 + 30, test::vocabulary()) == "night");
  CHECK(time_of_day(20 * 60 + 30, test::vocabulary()) == "evening");
}

TEST_CASE("midnight: iCalendar DTEND is the next day's wall time", "[midnight][ical]") {
  const Component spring = only_event(parse_calendar(
      make_one({late("sa", 22 * 60, 4 * 60, "America/Los_Angeles")}, "", utc(2026, 3, 2))));
  CHECK(spring.value("DTSTART") == "20260307T220000");
  CHECK(spring.value("DTEND") == "20260308T040000");
  CHECK(spring.value("RRULE").find("BYDAY=SA") != std::string::npos);
  const Component midnight = only_event(parse_calendar(make_one({late("tu", 22 * 60, 1440, "Europe/London")})));
  CHECK(midnight.value("DTSTART") == "20260120T220000");
  CHECK(midnight.value("DTEND") == "20260121T000000");
  const Component equal = only_event(parse_calendar(make_one({late("tu", 19 * 60, 19 * 60, "Europe/London")})));
  CHECK(equal.value("DTEND") == "20260120T200000");
}

TEST_CASE("midnight: the HSDS export closes before it opens, and stays valid", "[midnight][hsds]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  rapidjson::Document listing;
  listing.Parse(R"json({"id": "fixture-late", "name": "Fixture late group", "kind": "support-group",
    "description": "Synthetic.", "organization": {"name": "Fixture org (synthetic)"}, "topics": ["anxiety"],
    "attendance": ["in-person"], "languages": ["en"], "cost": "free", "facilitation": "peer-led",
    "location": {"locality": "Belleville", "region": "CA-ON", "country": "CA"},
    "schedule": [{"days": ["fr"], "start": "23:30", "end": "01:00", "timezone": "America/Toronto"},
                 {"days": ["sa"], "start": "22:00", "end": "24:00", "timezone": "America/Toronto"}],
    "contact": {"url": "https://fixture.example"}, "last_verified": "2026-01-01",
    "sources": [{"name": "Fixture"}]})json");
  REQUIRE_FALSE(listing.HasParseError());
  rapidjson::Document out;
  HsdsExportContext context{test::vocabulary(), test::gazetteer(), SysSeconds(std::chrono::seconds(1795348800))};
  rapidjson::Value s = hsds_service(listing, nullptr, context, out.GetAllocator());
  for (const auto& p : test::hsds_service_problems(s)) INFO(p);
  CHECK(test::hsds_service_problems(s).empty());
  const auto& friday = s["schedules"][0];
  CHECK(std::string(friday["opens_at"].GetString()) == "23:30");
  CHECK(std::string(friday["closes_at"].GetString()) == "01:00");
  CHECK(std::string(friday["description"].GetString()).find("23:30-01:00 (ending the next day)") != std::string::npos);
  const auto& saturday = s["schedules"][1];
  CHECK(std::string(saturday["closes_at"].GetString()) == "00:00");
}

}  // namespace kindred
