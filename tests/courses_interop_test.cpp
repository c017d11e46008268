// @brief Courses, terms and dated events (issue 17) in the listing contract and out of
// Kindred: validation messages, the HSDS 3.0 round trip (checked against the official
// schema), the official HSDS example's schedule fields, and CSV.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/interop/csv_export.h"
#include "core/interop/feed_import.h"
#include "core/interop/hsds_export.h"
#include "core/interop/hsds_import.h"
#include "core/listing/listing_source.h"
#include "core/moderation/listing_diff.h"
#include "tests/hsds_schema_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

LoadResult load_courses() {
  auto files = find_listing_files(test::source_path("tests/fixtures/courses"));
  if (!files) throw std::runtime_error(files.error().message);
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  return load_listings(*files, validator);
}

// The problems of one listing: a valid fixture listing with `schedule` (and more) replaced.
std::vector<std::string> problems_with(const std::string& schedule, const std::string& extra = "") {
  std::string text = R"J({"id": "fixture-x", "name": "Synthetic course", "kind": "recovery-college",
    "description": "Synthetic test fixture.", "organization": {"name": "Fixture (synthetic)"},
    "topics": ["depression"], "attendance": ["online"], "service_area": ["US"], "languages": ["en"],
    "cost": "free", "facilitation": "peer-led", "contact": {"url": "https://fixture.example/"},
    "last_verified": "2026-11-01", "sources": [{"name": "Synthetic"}], "schedule": [)J" + schedule + "]" + extra + "}";
  rapidjson::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  std::vector<std::string> out;
  for (const auto& p : validator.validate(d, "")) out.push_back(p.path + ": " + p.message);
  return out;
}

}  // namespace

TEST_CASE("courses: the validator says what is wrong with dates, from, until and registration", "[courses]") {
  const std::string when = R"("start": "18:00", "timezone": "America/Boise")";
  CHECK(problems_with("{\"dates\": [\"2027-01-12\"], " + when + "}").empty());
  CHECK(problems_with("{\"days\": [\"tu\"], \"from\": \"2027-01-12\", \"until\": \"2027-03-16\", " + when + "}").empty());
  CHECK(problems_with("{\"dates\": [\"2027-02-30\"], " + when + "}") ==
        std::vector<std::string>{"schedule[0].dates[0]: \"2027-02-30\" is not a real calendar date"});
  CHECK(problems_with("{\"days\": [\"tu\"], \"from\": \"2027-03-16\", \"until\": \"2027-01-12\", " + when + "}") ==
        std::vector<std::string>{"schedule[0].until: \"2027-01-12\" is before from \"2027-03-16\""});
  CHECK(problems_with("{" + when + "}") ==
        std::vector<std::string>{
            "schedule[0].days: required field is missing (or give \"dates\" for sessions on given days)"});
  CHECK(problems_with("{\"days\": [\"tu\"], \"dates\": [\"2027-01-12\"], " + when + "}") ==
        std::vector<std::string>{"schedule[0].dates: give either days (a weekly, biweekly or monthly series) or dates "
                                 "(sessions on given days), not both"});
  CHECK(problems_with("{\"dates\": [\"2027-01-12\"], \"until\": \"2027-03-16\", " + when + "}") ==
        std::vector<std::string>{"schedule[0].until: does not apply to dated sessions (\"dates\")"});
  CHECK(problems_with("{\"dates\": [\"2027-01-12\"], " + when + "}", R"(, "registration": {"deadline": "2027-13-01"})")
            .size() == 1);
  CHECK(problems_with("{\"dates\": [\"2027-01-12\"], " + when + "}", R"(, "registration": {"deadline": "2027-02-29"})") ==
        std::vector<std::string>{"registration.deadline: \"2027-02-29\" is not a real calendar date"});
  CHECK(problems_with("{\"dates\": [\"2027-01-12\"], " + when + "}", R"(, "registration": {})") ==
        std::vector<std::string>{"registration: needs at least one of url, deadline or note"});
}

TEST_CASE("courses: HSDS 3.0 export of courses and terms is valid and imports back equal", "[courses][hsds]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  LoadResult courses = load_courses();
  REQUIRE(courses.rejected.empty());
  REQUIRE(courses.accepted.size() == 6);
  std::vector<std::string> stored;
  for (const auto& l : courses.accepted) stored.push_back("{\"listing\":" + l.source.json + "}");
  HsdsExportContext context{test::vocabulary(), test::gazetteer(), SysSeconds(std::chrono::seconds(1795348800))};
  std::string page = hsds_service_list(stored, stored.size(), 1, static_cast<uint32_t>(stored.size()), context);
  rapidjson::Document page_doc;
  page_doc.Parse(page.c_str());
  REQUIRE_FALSE(page_doc.HasParseError());
  auto problems = test::hsds_list_problems(page_doc);
  for (const auto& p : problems) INFO(p);
  CHECK(problems.empty());
  // The sleep course's two sessions are two schedules of one session each.
  const auto& sleep = page_doc["contents"][0];
  REQUIRE(sleep["schedules"].Size() == 2);
  CHECK(std::string(sleep["schedules"][0]["dtstart"].GetString()) == "2027-01-12");
  CHECK(sleep["schedules"][0]["count"].GetInt() == 1);
  CHECK(std::string(sleep["schedules"][0]["byday"].GetString()) == "TU");
  const auto& term = page_doc["contents"][1]["schedules"][0];
  CHECK(std::string(term["valid_from"].GetString()) == "2027-01-12");
  CHECK(std::string(term["valid_to"].GetString()) == "2027-03-16");
  CHECK(std::string(term["until"].GetString()) == "2027-03-16");

  FeedSpec feed;
  feed.id = "back";
  feed.url = "https://hsds.example/services";
  feed.format = "hsds";
  ImportContext ctx{test::gazetteer(), nullptr, "2026-11-20", "2026-11-22"};
  auto imported = import_hsds(feed, page, ctx);
  REQUIRE(imported);
  CHECK(imported->report.skipped.empty());
  CHECK(imported->report.unknown_codes.empty());
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  LoadResult into;
  CHECK(add_feed_listings(into, "feed:back", *imported, validator) == imported->listings.size());
  for (const auto& p : into.problems) INFO(format_problem(p));
  REQUIRE(into.accepted.size() == courses.accepted.size());
  for (size_t i = 0; i < courses.accepted.size(); ++i) {
    const Listing& before = courses.accepted[i].listing;
    const Listing& after = into.accepted[i].listing;
    INFO(before.id);
    REQUIRE(after.schedule.size() == before.schedule.size());
    for (size_t m = 0; m < before.schedule.size(); ++m) {
      const Meeting& b = before.schedule[m];
      const Meeting& a = after.schedule[m];
      CHECK(a.dates == b.dates);
      CHECK(a.days == b.days);
      CHECK(a.from == b.from);
      CHECK(a.until == b.until);
      CHECK(a.start_minute == b.start_minute);
      CHECK(a.end_minute == b.end_minute);
      CHECK(a.timezone == b.timezone);
      CHECK(a.frequency == b.frequency);
    }
    REQUIRE(after.registration.has_value() == before.registration.has_value());
    if (before.registration) {
      CHECK(after.registration->url == before.registration->url);
      CHECK(after.registration->deadline == before.registration->deadline);
      CHECK(after.registration->note == before.registration->note);
    }
  }
}

TEST_CASE("courses: the official HSDS example's valid_from, until and count are read", "[courses][hsds]") {
  KINDRED_NEED_SAMPLE(example_path, "hsds-3.0/examples/service_full.json");
  FeedSpec feed;
  feed.id = "example";
  feed.url = "https://hsds.example/services";
  feed.format = "hsds";
  feed.defaults.topics = {"general-mental-health"};
  feed.defaults.timezone = "Europe/London";  // the example gives only an offset (3)
  ImportContext ctx{test::gazetteer(), nullptr, "2026-11-20", "2026-11-22"};
  auto imported = import_hsds(feed, test::slurp(example_path), ctx);
  REQUIRE(imported);
  REQUIRE(imported->listings.size() == 1);
  rapidjson::Document d;
  d.Parse(imported->listings[0].c_str());
  REQUIRE(d.HasMember("schedule"));
  // The example's schedule: WEEKLY, byday TH,FR, dtstart 2005-01-01, count 3: three sessions.
  const auto& m = d["schedule"][0];
  REQUIRE(m.HasMember("dates"));
  REQUIRE(m["dates"].Size() == 3);
  CHECK(std::string(m["dates"][0].GetString()) == "2005-01-06");
  CHECK(std::string(m["dates"][2].GetString()) == "2005-01-13");
}

TEST_CASE("courses: CSV carries the next session, the dates and the registration deadline", "[courses]") {
  LoadResult courses = load_courses();
  REQUIRE(courses.accepted.size() == 6);
  Hit h;
  h.id = courses.accepted[0].listing.id;
  h.next_meeting = NextMeeting{"2027-01-12T18:00:00-07:00", "America/Boise"};
  std::string csv = search_csv({h}, {"{\"listing\":" + courses.accepted[0].source.json + "}"}, test::vocabulary());
  CHECK(csv.find("2027-01-12T18:00:00-07:00") != std::string::npos);
  CHECK(csv.find("2027-01-12; 2027-01-19") != std::string::npos);
  CHECK(csv.find("sessions 2027-01-12, 2027-01-19 18:00-20:00 (America/Boise)") != std::string::npos);
  CHECK(csv.find(",2027-01-05,https://fixture.example/college/register") != std::string::npos);
}

TEST_CASE("courses: the moderation diff names changed dates, term ends and registration fields", "[courses]") {
  rapidjson::Document before, after;
  before.Parse(R"({"schedule": [{"dates": ["2027-01-12"], "start": "18:00", "timezone": "America/Boise"}],
                   "registration": {"deadline": "2027-01-05", "note": "Places limited"}})");
  after.Parse(R"({"schedule": [{"dates": ["2027-01-12", "2027-01-19"], "start": "18:00", "timezone": "America/Boise"}],
                  "registration": {"deadline": "2027-01-08", "note": "Places limited"}})");
  auto changes = diff_json(before, after);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].field == "schedule");
  CHECK(changes[0].new_json.find("2027-01-19") != std::string::npos);
  CHECK(changes[1].field == "registration.deadline");
  CHECK(changes[1].old_json == "\"2027-01-05\"");
  CHECK(changes[1].new_json == "\"2027-01-08\"");
}

}  // namespace kindred
