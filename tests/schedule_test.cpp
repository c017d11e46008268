// @brief Tests for core/schedule: next meetings across DST, hemispheres, odd offsets and calendars.
#include "core/schedule/schedule.h"

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <date/date.h>
#include <catch2/catch.hpp>

namespace kindred {
namespace {

// "2026-03-08T10:00:00Z" -> instant. The tests spell instants out so a reader can check them.
SysSeconds utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  REQUIRE(std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) == 6);
  date::sys_days day{date::year{y} / static_cast<unsigned>(mo) / static_cast<unsigned>(d)};
  return SysSeconds{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

int hhmm(const std::string& text) {
  return std::stoi(text.substr(0, 2)) * 60 + std::stoi(text.substr(3, 2));
}

Meeting weekly(std::vector<std::string> days, const std::string& start, const std::string& zone,
               const std::string& end = "") {
  Meeting m;
  m.days = std::move(days);
  m.start_minute = hhmm(start);
  if (!end.empty()) m.end_minute = hhmm(end);
  m.timezone = zone;
  return m;
}

Meeting biweekly(std::vector<std::string> days, const std::string& start, const std::string& zone,
                 const std::string& anchor) {
  Meeting m = weekly(std::move(days), start, zone);
  m.frequency = "biweekly";
  m.anchor_date = anchor;
  return m;
}

Meeting monthly(std::vector<std::string> days, int week, const std::string& start,
                const std::string& zone) {
  Meeting m = weekly(std::move(days), start, zone);
  m.frequency = "monthly";
  m.week_of_month = week;
  return m;
}

// The next start as RFC 3339 local text, or "none".
std::string next_local(const Meeting& m, const std::string& after) {
  auto occ = next_occurrence(m, utc(after));
  return occ ? occ->start_local : "none";
}

struct Case {
  const char* what;
  Meeting meeting;
  const char* after;        // UTC
  const char* start_local;  // expected
  const char* start_utc;    // the same instant, spelled in UTC
};

void check_cases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    INFO(c.what << ", after " << c.after);
    auto occ = next_occurrence(c.meeting, utc(c.after));
    REQUIRE(occ);
    CHECK(occ->start_local == c.start_local);
    CHECK(occ->start == utc(c.start_utc));
    CHECK(occ->timezone == c.meeting.timezone);
  }
}

TEST_CASE("weekly meetings keep their local time across US daylight saving", "[schedule]") {
  Meeting tue = weekly({"tu"}, "18:30", "America/Los_Angeles", "20:00");
  check_cases({
      {"winter, before DST starts (2026-03-08)", tue, "2026-03-01T00:00:00Z",
       "2026-03-03T18:30:00-08:00", "2026-03-04T02:30:00Z"},
      {"summer, after DST starts", tue, "2026-03-05T00:00:00Z", "2026-03-10T18:30:00-07:00",
       "2026-03-11T01:30:00Z"},
      {"summer, before DST ends (2026-11-01)", tue, "2026-10-26T00:00:00Z",
       "2026-10-27T18:30:00-07:00", "2026-10-28T01:30:00Z"},
      {"winter again", tue, "2026-10-30T00:00:00Z", "2026-11-03T18:30:00-08:00",
       "2026-11-04T02:30:00Z"},
  });
  auto occ = next_occurrence(tue, utc("2026-03-05T00:00:00Z"));
  REQUIRE(occ);
  CHECK(occ->end == utc("2026-03-11T03:00:00Z"));
  CHECK(occ->end_local == "2026-03-10T20:00:00-07:00");
}

TEST_CASE("weekly meetings keep their local time across UK summer time", "[schedule]") {
  Meeting thu = weekly({"th"}, "19:00", "Europe/London");
  check_cases({
      {"GMT before 2026-03-29", thu, "2026-03-23T00:00:00Z", "2026-03-26T19:00:00+00:00",
       "2026-03-26T19:00:00Z"},
      {"BST after", thu, "2026-03-27T00:00:00Z", "2026-04-02T19:00:00+01:00",
       "2026-04-02T18:00:00Z"},
      {"BST before 2026-10-25", thu, "2026-10-19T00:00:00Z", "2026-10-22T19:00:00+01:00",
       "2026-10-22T18:00:00Z"},
      {"GMT after", thu, "2026-10-23T00:00:00Z", "2026-10-29T19:00:00+00:00",
       "2026-10-29T19:00:00Z"},
  });
}

TEST_CASE("southern hemisphere: Sydney's summer time runs October to April", "[schedule]") {
  Meeting mon = weekly({"mo"}, "19:00", "Australia/Sydney");
  check_cases({
      {"AEDT before 2026-04-05", mon, "2026-03-29T00:00:00Z", "2026-03-30T19:00:00+11:00",
       "2026-03-30T08:00:00Z"},
      {"AEST after", mon, "2026-04-01T00:00:00Z", "2026-04-06T19:00:00+10:00",
       "2026-04-06T09:00:00Z"},
      {"AEST before 2026-10-04", mon, "2026-09-25T00:00:00Z", "2026-09-28T19:00:00+10:00",
       "2026-09-28T09:00:00Z"},
      {"AEDT after", mon, "2026-10-01T00:00:00Z", "2026-10-05T19:00:00+11:00",
       "2026-10-05T08:00:00Z"},
  });
}

TEST_CASE("zones with half- and quarter-hour offsets", "[schedule]") {
  check_cases({
      {"Kolkata +05:30", weekly({"we"}, "19:00", "Asia/Kolkata"), "2026-01-12T00:00:00Z",
       "2026-01-14T19:00:00+05:30", "2026-01-14T13:30:00Z"},
      {"Adelaide summer +10:30", weekly({"we"}, "19:00", "Australia/Adelaide"),
       "2026-01-12T00:00:00Z", "2026-01-14T19:00:00+10:30", "2026-01-14T08:30:00Z"},
      {"Adelaide winter +09:30", weekly({"we"}, "19:00", "Australia/Adelaide"),
       "2026-07-13T00:00:00Z", "2026-07-15T19:00:00+09:30", "2026-07-15T09:30:00Z"},
      {"Kathmandu +05:45", weekly({"sa"}, "10:00", "Asia/Kathmandu"), "2026-01-12T00:00:00Z",
       "2026-01-17T10:00:00+05:45", "2026-01-17T04:15:00Z"},
      {"St John's -03:30", weekly({"fr"}, "12:00", "America/St_Johns"), "2026-01-12T00:00:00Z",
       "2026-01-16T12:00:00-03:30", "2026-01-16T15:30:00Z"},
  });
}

TEST_CASE("a meeting starting exactly at `after` is not next, the one after it is", "[schedule]") {
  Meeting tue = weekly({"tu"}, "18:30", "America/Los_Angeles");
  CHECK(next_local(tue, "2026-03-04T02:30:00Z") == "2026-03-10T18:30:00-07:00");
  CHECK(next_local(tue, "2026-03-04T02:29:59Z") == "2026-03-03T18:30:00-08:00");
  // Already running counts as started: the next one is next week.
  CHECK(next_local(tue, "2026-03-04T02:45:00Z") == "2026-03-10T18:30:00-07:00");
}

TEST_CASE("several days a week", "[schedule]") {
  Meeting mwf = weekly({"fr", "mo", "we"}, "12:00", "America/New_York");
  CHECK(next_local(mwf, "2026-01-13T12:00:00Z") == "2026-01-14T12:00:00-05:00");  // Tue -> Wed
  CHECK(next_local(mwf, "2026-01-14T17:00:00Z") ==
        "2026-01-16T12:00:00-05:00");  // Wed at start -> Fri
  CHECK(next_local(mwf, "2026-01-16T18:00:00Z") == "2026-01-19T12:00:00-05:00");  // Fri -> Mon
  Meeting all = weekly({"mo", "tu", "we", "th", "fr", "sa", "su"}, "08:00", "Europe/Berlin");
  CHECK(next_local(all, "2026-01-13T08:00:00Z") == "2026-01-14T08:00:00+01:00");
}

TEST_CASE("the local day is the meeting's, not UTC's", "[schedule]") {
  // 23:30 Monday in Honolulu is Tuesday in UTC; 06:00 Tuesday in Auckland is Monday in UTC.
  CHECK(next_local(weekly({"mo"}, "23:30", "Pacific/Honolulu"), "2026-01-12T00:00:00Z") ==
        "2026-01-12T23:30:00-10:00");
  auto occ =
      next_occurrence(weekly({"tu"}, "06:00", "Pacific/Auckland"), utc("2026-01-12T00:00:00Z"));
  REQUIRE(occ);
  CHECK(occ->start_local == "2026-01-13T06:00:00+13:00");
  CHECK(occ->start == utc("2026-01-12T17:00:00Z"));
}

TEST_CASE("next_meeting is the earliest over the schedule", "[schedule]") {
  std::vector<Meeting> schedule = {weekly({"tu"}, "18:30", "America/Los_Angeles"),
                                   weekly({"we"}, "09:00", "Europe/London"),
                                   weekly({"xx"}, "09:00", "Europe/London")};  // malformed: ignored
  auto first = next_meeting(schedule, utc("2026-01-13T20:00:00Z"));
  REQUIRE(first);
  CHECK(first->timezone == "America/Los_Angeles");
  CHECK(first->start == utc("2026-01-14T02:30:00Z"));
  auto second = next_meeting(schedule, utc("2026-01-14T02:30:00Z"));
  REQUIRE(second);
  CHECK(second->timezone == "Europe/London");
  CHECK(second->start_local == "2026-01-14T09:00:00+00:00");
  CHECK_FALSE(next_meeting({}, utc("2026-01-13T20:00:00Z")));
  CHECK_FALSE(next_meeting({weekly({"tu"}, "18:30", "Nowhere/Else")}, utc("2026-01-13T20:00:00Z")));
}

TEST_CASE("spring forward: a start inside the gap moves to the gap's end", "[schedule]") {
  // Los Angeles skips 02:00-03:00 on 2026-03-08: the 02:30 meeting is at 03:00 PDT that day.
  Meeting sun = weekly({"su"}, "02:30", "America/Los_Angeles", "03:30");
  auto occ = next_occurrence(sun, utc("2026-03-07T00:00:00Z"));
  REQUIRE(occ);
  CHECK(occ->start == utc("2026-03-08T10:00:00Z"));
  CHECK(occ->start_local == "2026-03-08T03:00:00-07:00");
  CHECK(occ->end_local == "2026-03-08T04:00:00-07:00");  // the length is kept, not the end time
  CHECK(next_local(sun, "2026-03-08T10:00:00Z") == "2026-03-15T02:30:00-07:00");
  // London skips 01:00-02:00 on 2026-03-29.
  check_cases({{"London gap", weekly({"su"}, "01:30", "Europe/London"), "2026-03-28T00:00:00Z",
                "2026-03-29T02:00:00+01:00", "2026-03-29T01:00:00Z"}});
}

TEST_CASE("fall back: an ambiguous start is the earlier instant, once", "[schedule]") {
  // Los Angeles has 01:00-02:00 twice on 2026-11-01: first PDT (-07:00), then PST (-08:00).
  Meeting sun = weekly({"su"}, "01:30", "America/Los_Angeles");
  check_cases({{"Los Angeles overlap", sun, "2026-10-31T00:00:00Z", "2026-11-01T01:30:00-07:00",
                "2026-11-01T08:30:00Z"}});
  // After the first 01:30 the repeated 01:30 (09:30Z) is not another meeting.
  CHECK(next_local(sun, "2026-11-01T08:30:00Z") == "2026-11-08T01:30:00-08:00");
  CHECK(next_local(sun, "2026-11-01T09:00:00Z") == "2026-11-08T01:30:00-08:00");
  check_cases({{"London overlap", weekly({"su"}, "01:30", "Europe/London"), "2026-10-24T00:00:00Z",
                "2026-10-25T01:30:00+01:00", "2026-10-25T00:30:00Z"}});
}

TEST_CASE("biweekly counts weeks from the anchor", "[schedule]") {
  // Anchor Tuesday 2026-01-06: meeting weeks are those of Jan 5, Jan 19, Feb 2, ...
  Meeting past = biweekly({"tu"}, "18:00", "America/Chicago", "2026-01-06");
  CHECK(next_local(past, "2026-01-07T00:00:00Z") == "2026-01-20T18:00:00-06:00");
  CHECK(next_local(past, "2026-01-14T00:00:00Z") == "2026-01-20T18:00:00-06:00");
  CHECK(next_local(past, "2026-01-21T01:00:00Z") == "2026-02-03T18:00:00-06:00");
  // 2026-06-01 is 21 weeks after 2026-01-05: an off week, so the next is 2026-06-09 (and DST).
  CHECK(next_local(past, "2026-06-01T00:00:00Z") == "2026-06-09T18:00:00-05:00");
  // A year and more later the parity still holds (2027-01-05 is 52 weeks on).
  CHECK(next_local(past, "2027-01-01T00:00:00Z") == "2027-01-05T18:00:00-06:00");

  // Two days a week, anchored on the Thursday: the series starts there.
  Meeting two = biweekly({"tu", "th"}, "10:00", "Europe/London", "2026-01-08");
  CHECK(next_local(two, "2026-01-01T00:00:00Z") == "2026-01-08T10:00:00+00:00");
  CHECK(next_local(two, "2026-01-09T00:00:00Z") == "2026-01-20T10:00:00+00:00");
  CHECK(next_local(two, "2026-01-20T10:00:00Z") == "2026-01-22T10:00:00+00:00");
}

TEST_CASE("biweekly with a future anchor starts at the anchor", "[schedule]") {
  Meeting future = biweekly({"tu"}, "18:00", "America/Chicago", "2026-03-03");
  // Not 2026-01-20 (six weeks before): nobody told us the series meets before March 3.
  CHECK(next_local(future, "2026-01-14T00:00:00Z") == "2026-03-03T18:00:00-06:00");
  CHECK(next_local(future, "2026-03-04T00:00:00Z") == "2026-03-17T18:00:00-05:00");
  // Beyond the 400-day horizon there is no next meeting yet.
  CHECK(next_local(biweekly({"tu"}, "18:00", "America/Chicago", "2028-01-04"),
                   "2026-01-01T00:00:00Z") == "none");
}

TEST_CASE("biweekly without a usable anchor is unknowable", "[schedule]") {
  CHECK(next_local(biweekly({"tu"}, "18:00", "America/Chicago", ""), "2026-01-01T00:00:00Z") ==
        "none");
  CHECK(next_local(biweekly({"tu"}, "18:00", "America/Chicago", "2026-02-30"),
                   "2026-01-01T00:00:00Z") == "none");
  CHECK(next_local(biweekly({"tu"}, "18:00", "America/Chicago", "06/01/2026"),
                   "2026-01-01T00:00:00Z") == "none");
}

TEST_CASE("monthly on the n-th or last weekday", "[schedule]") {
  const std::string z = "America/Denver";
  CHECK(next_local(monthly({"mo"}, 1, "19:00", z), "2026-01-15T00:00:00Z") ==
        "2026-02-02T19:00:00-07:00");
  CHECK(next_local(monthly({"tu"}, 2, "19:00", z), "2026-01-15T00:00:00Z") ==
        "2026-02-10T19:00:00-07:00");
  CHECK(next_local(monthly({"tu"}, 2, "19:00", z), "2026-01-01T00:00:00Z") ==
        "2026-01-13T19:00:00-07:00");
  CHECK(next_local(monthly({"fr"}, -1, "19:00", z), "2026-01-01T00:00:00Z") ==
        "2026-01-30T19:00:00-07:00");
  // Two weekdays: the first Monday and the first Thursday.
  CHECK(next_local(monthly({"th", "mo"}, 1, "19:00", z), "2026-01-15T00:00:00Z") ==
        "2026-02-02T19:00:00-07:00");
  CHECK(next_local(monthly({"th", "mo"}, 1, "19:00", z), "2026-02-03T03:00:00Z") ==
        "2026-02-05T19:00:00-07:00");
}

TEST_CASE("monthly 5th skips months without one, leap-year February has one", "[schedule]") {
  const std::string z = "America/Denver";
  // Fifth Thursdays of 2026: Jan 29, Apr 30, Jul 30, Oct 29, Dec 31.
  CHECK(next_local(monthly({"th"}, 5, "19:00", z), "2026-01-31T00:00:00Z") ==
        "2026-04-30T19:00:00-06:00");
  CHECK(next_local(monthly({"th"}, 5, "19:00", z), "2026-11-01T00:00:00Z") ==
        "2026-12-31T19:00:00-07:00");
  // January and February 2027 have four Mondays each; March has five.
  CHECK(next_local(monthly({"mo"}, 5, "19:00", z), "2027-01-01T00:00:00Z") ==
        "2027-03-29T19:00:00-06:00");
  // February 2028 has 29 days and five Tuesdays, the fifth being the 29th.
  CHECK(next_local(monthly({"tu"}, 5, "19:00", z), "2028-02-01T00:00:00Z") ==
        "2028-02-29T19:00:00-07:00");
  CHECK(next_local(monthly({"tu"}, -1, "19:00", z), "2028-02-01T00:00:00Z") ==
        "2028-02-29T19:00:00-07:00");
  // February 2027 has 28: the last Tuesday is the 23rd.
  CHECK(next_local(monthly({"tu"}, -1, "19:00", z), "2027-02-01T00:00:00Z") ==
        "2027-02-23T19:00:00-07:00");
}

TEST_CASE("monthly without week_of_month is the first such weekday", "[schedule]") {
  CHECK(next_local(monthly({"we"}, 0, "12:00", "Europe/Paris"), "2026-01-15T00:00:00Z") ==
        "2026-02-04T12:00:00+01:00");
  CHECK(next_local(monthly({"we"}, 0, "12:00", "Europe/Paris"), "2026-01-01T00:00:00Z") ==
        "2026-01-07T12:00:00+01:00");
}

TEST_CASE("meeting length: given end, past midnight, or one hour", "[schedule]") {
  auto occ = next_occurrence(weekly({"fr"}, "22:00", "Europe/London", "01:00"),
                             utc("2026-01-12T00:00:00Z"));
  REQUIRE(occ);
  CHECK(occ->end - occ->start == std::chrono::hours{3});
  CHECK(occ->end_local == "2026-01-17T01:00:00+00:00");
  occ = next_occurrence(weekly({"fr"}, "22:00", "Europe/London"), utc("2026-01-12T00:00:00Z"));
  REQUIRE(occ);
  CHECK(occ->end - occ->start == std::chrono::hours{1});
  CHECK(occ->end_local == "2026-01-16T23:00:00+00:00");
}

TEST_CASE("malformed or unknowable meetings have no next occurrence", "[schedule]") {
  const std::string after = "2026-01-01T00:00:00Z";
  CHECK(next_local(weekly({"tu"}, "18:00", "America/Nowhere"), after) == "none");
  CHECK(next_local(weekly({"tu"}, "18:00", ""), after) == "none");
  CHECK(next_local(weekly({}, "18:00", "Europe/London"), after) == "none");
  CHECK(next_local(weekly({"tuesday"}, "18:00", "Europe/London"), after) == "none");
  Meeting m = weekly({"tu"}, "18:00", "Europe/London");
  m.start_minute = -1;  // what parse_hhmm gives for a bad time
  CHECK(next_local(m, after) == "none");
  m.start_minute = 24 * 60;
  CHECK(next_local(m, after) == "none");
  m = weekly({"tu"}, "18:00", "Europe/London");
  m.end_minute = -1;
  CHECK(next_local(m, after) == "none");
  m = weekly({"tu"}, "18:00", "Europe/London");
  m.frequency = "daily";
  CHECK(next_local(m, after) == "none");
  CHECK(next_local(monthly({"tu"}, 6, "18:00", "Europe/London"), after) == "none");
  CHECK(next_local(monthly({"tu"}, -2, "18:00", "Europe/London"), after) == "none");
  // A link name (old alias) is a real zone and keeps the caller's spelling.
  auto occ = next_occurrence(weekly({"tu"}, "18:00", "US/Pacific"), utc(after));
  REQUIRE(occ);
  CHECK(occ->timezone == "US/Pacific");
  CHECK(occ->start_local == "2026-01-06T18:00:00-08:00");
}

TEST_CASE("format_local writes RFC 3339 with the zone's offset at that instant", "[schedule]") {
  CHECK(format_local(utc("2026-03-08T10:00:00Z"), "America/Los_Angeles") ==
        "2026-03-08T03:00:00-07:00");
  CHECK(format_local(utc("2026-03-08T09:59:59Z"), "America/Los_Angeles") ==
        "2026-03-08T01:59:59-08:00");
  CHECK(format_local(utc("2026-06-30T23:00:00Z"), "Etc/UTC") == "2026-06-30T23:00:00+00:00");
  CHECK(format_local(utc("2026-06-30T23:00:00Z"), "Asia/Kathmandu") == "2026-07-01T04:45:00+05:45");
  CHECK(format_local(utc("2026-06-30T23:00:00Z"), "Mars/Olympus_Mons").empty());
  CHECK(format_local(utc("2026-06-30T23:00:00Z"), "").empty());
  // Local mean time (offset -7:52:58) is shown to the minute, still naming the same instant.
  CHECK(format_local(utc("1880-01-01T12:00:00Z"), "America/Los_Angeles") ==
        "1880-01-01T04:07:00-07:53");
}

TEST_CASE("concurrent callers get the same answers", "[schedule]") {
  const std::vector<Meeting> meetings = {
      weekly({"tu"}, "18:30", "America/Los_Angeles"), weekly({"su"}, "01:30", "Europe/London"),
      biweekly({"we"}, "10:00", "Australia/Sydney", "2026-01-07"),
      monthly({"fr"}, -1, "19:00", "Asia/Kolkata"),
      monthly({"mo"}, 5, "07:00", "America/Sao_Paulo")};
  const SysSeconds start = utc("2026-01-01T00:00:00Z");
  auto answers = [&] {
    std::vector<std::string> out;
    for (int day = 0; day < 400; day += 3) {
      for (const auto& m : meetings) {
        auto occ = next_occurrence(m, start + std::chrono::hours{24 * day});
        out.push_back(occ ? occ->start_local : "none");
      }
    }
    return out;
  };
  const std::vector<std::string> expected = answers();
  std::vector<std::vector<std::string>> got(6);
  std::vector<std::thread> threads;
  for (auto& g : got) threads.emplace_back([&g, &answers] { g = answers(); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) CHECK(g == expected);
}

}  // namespace
}  // namespace kindred
