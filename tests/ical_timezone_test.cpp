// @brief Tests for core/schedule/ical's VTIMEZONEs: checked against the tz database by
// evaluating them for years ahead.
#include "tests/ical_support.h"

#include <catch2/catch.hpp>

namespace kindred {
namespace {

using namespace ical_test;
using std::chrono::seconds;

TEST_CASE("VTIMEZONE for Los Angeles: PST/PDT with the US rules", "[ical]") {
  Component cal =
      parse_calendar(make_one({meeting({"mo"}, 600, std::nullopt, "America/Los_Angeles")}));
  const Component& tz = *cal.kids("VTIMEZONE").at(0);
  auto standard = tz.kids("STANDARD");
  auto daylight = tz.kids("DAYLIGHT");
  REQUIRE(standard.size() == 1);
  REQUIRE(daylight.size() == 1);
  CHECK(standard[0]->value("TZOFFSETFROM") == "-0700");
  CHECK(standard[0]->value("TZOFFSETTO") == "-0800");
  CHECK(standard[0]->value("TZNAME") == "PST");
  CHECK(standard[0]->value("DTSTART") == "20251102T020000");  // the period in effect at `now`
  CHECK(standard[0]->value("RRULE") == "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU");
  CHECK(daylight[0]->value("TZOFFSETFROM") == "-0800");
  CHECK(daylight[0]->value("TZOFFSETTO") == "-0700");
  CHECK(daylight[0]->value("TZNAME") == "PDT");
  CHECK(daylight[0]->value("DTSTART") == "20260308T020000");
  CHECK(daylight[0]->value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU");
}

TEST_CASE("VTIMEZONE for London and for zones without DST", "[ical]") {
  Component cal = parse_calendar(make_one({meeting({"mo"}, 600, std::nullopt, "Europe/London"),
                                           meeting({"mo"}, 600, std::nullopt, "Asia/Kolkata"),
                                           meeting({"mo"}, 600, std::nullopt, "Etc/UTC")}));
  auto zones = cal.kids("VTIMEZONE");
  REQUIRE(zones.size() == 3);
  const Component& kolkata = *zones[0];
  CHECK(kolkata.value("TZID") == "Asia/Kolkata");
  REQUIRE(kolkata.children.size() == 1);
  CHECK(kolkata.children[0].name == "STANDARD");
  CHECK(kolkata.children[0].value("TZOFFSETTO") == "+0530");
  CHECK_FALSE(kolkata.children[0].has("RRULE"));
  const Component& utc_zone = *zones[1];
  CHECK(utc_zone.value("TZID") == "Etc/UTC");
  REQUIRE(utc_zone.children.size() == 1);
  CHECK(utc_zone.children[0].value("TZOFFSETFROM") == "+0000");
  CHECK(utc_zone.children[0].value("TZOFFSETTO") == "+0000");
  const Component& london = *zones[2];
  CHECK(london.value("TZID") == "Europe/London");
  CHECK(london.kids("DAYLIGHT").at(0)->value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
  CHECK(london.kids("DAYLIGHT").at(0)->value("TZOFFSETTO") == "+0100");
  CHECK(london.kids("STANDARD").at(0)->value("RRULE") == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
  CHECK(london.kids("STANDARD").at(0)->value("TZOFFSETTO") == "+0000");
}

TEST_CASE("VTIMEZONE labels: DAYLIGHT is the higher offset, even with negative DST", "[ical]") {
  // tzdata flags Ireland's winter GMT as the daylight-saving period (IST is "standard").
  Component cal = parse_calendar(make_one({meeting({"mo"}, 600, std::nullopt, "Europe/Dublin")}));
  const Component& dublin = *cal.kids("VTIMEZONE").at(0);
  REQUIRE(dublin.kids("DAYLIGHT").size() == 1);
  REQUIRE(dublin.kids("STANDARD").size() == 1);
  CHECK(dublin.kids("DAYLIGHT")[0]->value("TZOFFSETTO") == "+0100");
  CHECK(dublin.kids("DAYLIGHT")[0]->value("TZNAME") == "IST");
  CHECK(dublin.kids("STANDARD")[0]->value("TZOFFSETTO") == "+0000");
}

TEST_CASE("VTIMEZONE rules stop where the tz files stop (2037)", "[ical]") {
  Component cal = parse_calendar(
      make_one({meeting({"mo"}, 600, std::nullopt, "America/Los_Angeles")}, "", utc(2030, 6, 1)));
  const Component& tz = *cal.kids("VTIMEZONE").at(0);
  CHECK(tz.kids("DAYLIGHT").at(0)->value("RRULE") ==
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU;UNTIL=20370308T100000Z");
  CHECK(tz.kids("STANDARD").at(0)->value("RRULE") ==
        "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU;UNTIL=20371101T090000Z");
}

TEST_CASE("every VTIMEZONE, evaluated, gives the tz database's offsets for years ahead", "[ical]") {
  // Regular rules (RRULE), southern hemisphere, half-hour DST (Lord Howe), 45-minute
  // offsets, rules no n-th weekday expresses (Santiago, Gaza: RDATEs), negative DST
  // (Dublin), a permanent change of offset (Casablanca, 2026-09-20), no DST at all.
  // From 2030 the window runs past 2037, where the system's tz files stop: UNTIL.
  const std::vector<std::string> names = {"America/Los_Angeles",
                                          "Europe/London",
                                          "Australia/Sydney",
                                          "Australia/Adelaide",
                                          "Australia/Lord_Howe",
                                          "Pacific/Chatham",
                                          "America/St_Johns",
                                          "America/Santiago",
                                          "Africa/Casablanca",
                                          "Asia/Gaza",
                                          "Asia/Kolkata",
                                          "Asia/Kathmandu",
                                          "Etc/UTC",
                                          "Europe/Dublin"};
  for (SysSeconds now : {kNow, utc(2026, 7, 1), utc(2030, 3, 29, 1)}) {
    std::vector<Meeting> schedule;
    for (const auto& n : names) schedule.push_back(meeting({"mo"}, 600, std::nullopt, n));
    Component cal = parse_calendar(make_one(schedule, "", now));
    auto zones = cal.kids("VTIMEZONE");
    REQUIRE(zones.size() == names.size());
    for (const auto* tz : zones) {
      const std::string name = tz->value("TZID");
      INFO(name << " from " << format_local(now, "Etc/UTC"));
      auto list = onsets(*tz, 2040);
      REQUIRE_FALSE(list.empty());
      REQUIRE(list.front().at <= now);
      auto offset_at = [&](SysSeconds t) {
        auto it = std::upper_bound(list.begin(), list.end(), Onset{t, {}, {}});
        return std::prev(it)->to;
      };
      // Every six hours for nine years, and either side of every onset.
      const SysSeconds end = now + std::chrono::hours{24 * 365 * 9};
      int mismatches = 0;
      for (SysSeconds t = now; t < end && mismatches < 5; t += std::chrono::hours{6}) {
        if (offset_at(t) != offset_from_tzdb(t, name)) {
          ++mismatches;
          FAIL_CHECK("offset differs at " << format_local(t, "Etc/UTC"));
        }
      }
      for (const auto& [at, to, from] : list) {
        if (at < now || at > end) continue;
        CHECK(offset_from_tzdb(at, name) == to);
        CHECK(offset_from_tzdb(at - seconds{1}, name) == from);  // TZOFFSETFROM is right too
        CHECK(offset_at(at - seconds{1}) == from);
      }
      if (name == "America/Santiago") {  // "first Sunday on or after the 2nd": no n-th rule
        bool rdate = false;
        for (const auto& sub : tz->children) rdate = rdate || sub.has("RDATE");
        CHECK(rdate);
      }
    }
  }
}

}  // namespace
}  // namespace kindred
