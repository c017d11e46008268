// @brief Meeting Guide feeds as they really are (issue 19): the value readers, and one
// small synthetic meeting per quirk seen in real feeds (samples/real/README.md), each
// imported, checked field by field and validated like any listing.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "core/interop/meeting_guide_values.h"
#include "tests/test_support.h"

namespace kindred {
namespace {


FeedSpec feed() {
  FeedSpec f;
  f.id = "mgq";
  f.url = "https://meetings.example/feed.json";
  f.format = "meeting-guide";
  f.defaults.topics = {"substance-use"};
  f.defaults.organization_name = "Fixture intergroup (synthetic)";
  return f;
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

// Imports `body`, requires every listing to pass the validator, returns them parsed.
std::vector<rapidjson::Document> import_valid(const std::string& body, ImportReport* report = nullptr,
                                              const FeedSpec& f = feed()) {
  auto r = import_meeting_guide(f, body, ImportContext{test::gazetteer(), &test::meeting_guide_types(), "2026-11-20", "2026-11-22"});
  INFO((r ? "" : r.error().message));
  REQUIRE(r);
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  std::vector<rapidjson::Document> out;
  for (const auto& json : r->listings) {
    out.push_back(parse(json));
    auto problems = validator.validate(out.back(), "");
    INFO(json);
    for (const auto& p : problems) INFO(p.path << ": " << p.message);
    CHECK(problems.empty());
  }
  for (const auto& s : r->report.skipped) INFO("skipped " << s.path << ": " << s.message);
  if (report) *report = r->report;
  return out;
}

std::string text(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : "<not a string>"; }

std::vector<std::string> days_of(const char* json) { return mg_days(parse(json)); }

}  // namespace

TEST_CASE("meeting guide values: times in 12- and 24-hour forms", "[meeting-guide][quirks]") {
  CHECK(mg_time("19:30") == "19:30");
  CHECK(mg_time("7:05") == "07:05");
  CHECK(mg_time("19:30:00") == "19:30");
  CHECK(mg_time("11:00 AM") == "11:00");
  CHECK(mg_time("8:00 PM") == "20:00");
  CHECK(mg_time("8:00pm") == "20:00");
  CHECK(mg_time("8 p.m.") == "20:00");
  CHECK(mg_time("12:00 AM") == "00:00");
  CHECK(mg_time("12:30 PM") == "12:30");
  CHECK(mg_time("noon") == "12:00");
  CHECK(mg_time("Midnight") == "00:00");
  CHECK(mg_time("midnight", true) == "24:00");
  CHECK(mg_time("24:00") == "");
  CHECK(mg_time("24:00", true) == "24:00");
  for (const char* bad : {"", "7", "25:00", "13:00 PM", "0:30 AM", "evening", "19:60"}) {
    INFO(bad);
    CHECK(mg_time(bad) == "");
  }
}

TEST_CASE("meeting guide values: day as a number, a string or an array", "[meeting-guide][quirks]") {
  CHECK(days_of("0") == std::vector<std::string>{"su"});
  CHECK(days_of("\"6\"") == std::vector<std::string>{"sa"});
  CHECK(days_of("[1, \"3\", 1]") == std::vector<std::string>{"mo", "we"});
  CHECK(days_of("\"Tuesday\"") == std::vector<std::string>{"tu"});
  CHECK(days_of("[\"fri\", \"SAT\"]") == std::vector<std::string>{"fr", "sa"});
  CHECK(days_of("7").empty());
  CHECK(days_of("\"someday\"").empty());
  CHECK(days_of("null").empty());
}

TEST_CASE("meeting guide values: updated in ISO and US forms", "[meeting-guide][quirks]") {
  CHECK(mg_date("2021-05-26 19:03:46") == "2021-05-26");
  CHECK(mg_date("2021-05-26T19:03:46Z") == "2021-05-26");
  CHECK(mg_date("2021-05-26") == "2021-05-26");
  CHECK(mg_date("8/29/2021") == "2021-08-29");
  CHECK(mg_date("8/25/2022 11:17:07 AM") == "2022-08-25");
  CHECK(mg_date("12/05/2019 9:01:00 PM") == "2019-12-05");
  CHECK(mg_date("2/30/2021") == "");
  CHECK(mg_date("13/1/2021") == "");
  CHECK(mg_date("yesterday") == "");
}

TEST_CASE("meeting guide values: type codes in arrays and strings", "[meeting-guide][quirks]") {
  CHECK(mg_type_codes(parse(R"(["O", "onl", "", "O"])")) == std::vector<std::string>{"O", "onl"});
  CHECK(mg_type_codes(parse(R"("C,M")")) == std::vector<std::string>{"C", "M"});
  CHECK(mg_type_codes(parse(R"("[open]")")) == std::vector<std::string>{"open"});
  CHECK(mg_type_codes(parse(R"("['O', 'D']")")) == std::vector<std::string>{"O", "D"});
  CHECK(mg_type_codes(parse("null")).empty());
  REQUIRE(test::meeting_guide_types().find("onl"));
  CHECK(test::meeting_guide_types().find("onl") == test::meeting_guide_types().find("ONL"));
  CHECK(test::meeting_guide_types().find("open") == test::meeting_guide_types().find("O"));     // an English label
  CHECK(test::meeting_guide_types().find("Closed") == test::meeting_guide_types().find("C"));
  CHECK(test::meeting_guide_types().find("ASBI") == nullptr);
}

TEST_CASE("meeting guide values: end times past midnight, equal, or a 12-hour slip", "[meeting-guide][quirks]") {
  CHECK(mg_end_time("19:00", "20:30").end == "20:30");
  CHECK(mg_end_time("23:00", "00:00").end == "00:00");
  CHECK(mg_end_time("23:30", "01:00").end == "01:00");
  CHECK(mg_end_time("22:00", "24:00").end == "24:00");
  EndTime equal = mg_end_time("19:30", "19:30");
  CHECK(equal.end.empty());
  CHECK(equal.note.find("equals the start") != std::string::npos);
  CHECK(mg_end_time("12:15", "01:15").end == "13:15");
  CHECK(mg_end_time("19:15", "08:15").end == "20:15");
  CHECK_FALSE(mg_end_time("19:15", "08:15").note.empty());
  CHECK(mg_end_time("17:30", "16:30").end.empty());
  CHECK(mg_end_time("20:00", "08:00").end.empty());
}

TEST_CASE("meeting guide quirks: a one-line address with no coordinates is placed", "[meeting-guide][quirks]") {
  ImportReport report;
  auto listings = import_valid(R"json([
    {"name": "Fixture Shifters (synthetic)", "slug": "6", "day": [6], "time": "11:00 AM", "types": ["C", "onl"],
     "address": "1 Fixture St, Edmonton, Alberta, T6E 4E8, Canada", "location": "Fixture Church",
     "group": "Fixture Shifters Group", "region": "Edmonton", "updated": "8/25/2022 11:17:07 AM"},
    {"name": "Fixture Chicago (synthetic)", "slug": "chi", "day": "2", "time": "8:00 PM",
     "formatted_address": "1 Fixture Ave, Chicago, IL 60641, USA", "updated": "8/29/2021"},
    {"name": "Fixture Soho (synthetic)", "slug": "soho", "day": 4, "time": "19:00",
     "formatted_address": "1 Fixture Rd, London WC2H 0EW, UK"}
  ])json", &report);
  REQUIRE(listings.size() == 3);
  CHECK(report.unknown_codes.empty());  // "onl" is ONL
  const auto& ed = listings[0];
  CHECK(text(ed["location"]["address"]) == "1 Fixture St");
  CHECK(text(ed["location"]["locality"]) == "Edmonton");
  CHECK(text(ed["location"]["region"]) == "CA-AB");
  CHECK(text(ed["location"]["postal_code"]) == "T6E 4E8");
  CHECK(text(ed["location"]["country"]) == "CA");
  CHECK(text(ed["schedule"][0]["start"]) == "11:00");
  CHECK(text(ed["schedule"][0]["days"][0]) == "sa");
  CHECK(text(ed["schedule"][0]["timezone"]) == "America/Edmonton");
  CHECK(text(ed["last_verified"]) == "2022-08-25");
  std::string description = text(ed["description"]);
  CHECK(description.find("Group: Fixture Shifters Group") != std::string::npos);
  CHECK(description.find("Region: Edmonton") != std::string::npos);

  const auto& chi = listings[1];
  CHECK(text(chi["location"]["region"]) == "US-IL");
  CHECK(text(chi["location"]["locality"]) == "Chicago");
  CHECK(text(chi["location"]["postal_code"]) == "60641");
  CHECK(text(chi["schedule"][0]["start"]) == "20:00");
  CHECK(text(chi["schedule"][0]["days"][0]) == "tu");
  CHECK(text(chi["schedule"][0]["timezone"]) == "America/Chicago");
  CHECK(text(chi["last_verified"]) == "2021-08-29");

  const auto& soho = listings[2];
  CHECK(text(soho["location"]["locality"]) == "London");
  CHECK(text(soho["location"]["postal_code"]) == "WC2H 0EW");
  CHECK(text(soho["location"]["country"]) == "GB");
  CHECK(text(soho["schedule"][0]["timezone"]) == "Europe/London");
}

TEST_CASE("meeting guide quirks: online-only meetings with no address are open to anyone",
          "[meeting-guide][quirks]") {
  auto listings = import_valid(R"json([
    {"name": "Fixture Online (synthetic)", "slug": "online-1", "day": 1, "time": "11:00", "end_time": "12:00",
     "timezone": "America/New_York", "types": ["D", "W"], "conference_url": "https://zoom.example/j/1"},
    {"name": "Fixture Phone (synthetic)", "slug": "phone-1", "day": 3, "time": "06:00",
     "timezone": "Asia/Kolkata", "conference_phone": "+15555550100"}
  ])json");
  REQUIRE(listings.size() == 2);
  const auto& online = listings[0];
  CHECK_FALSE(online.HasMember("location"));
  CHECK(online["attendance"].Size() == 1);
  CHECK(text(online["attendance"][0]) == "online");
  CHECK(online["service_area"].Size() == 1);
  CHECK(text(online["service_area"][0]) == "worldwide");
  CHECK(text(listings[1]["attendance"][0]) == "phone");
  CHECK(text(listings[1]["schedule"][0]["timezone"]) == "Asia/Kolkata");

  // Unless the feed's defaults say who may join.
  FeedSpec f = feed();
  f.defaults.service_area = {"US", "CA"};
  auto scoped = import_valid(R"json([{"name": "Fixture Online (synthetic)", "slug": "o", "day": 1, "time": "11:00",
    "timezone": "America/New_York", "conference_url": "https://zoom.example/j/1"}])json", nullptr, f);
  REQUIRE(scoped.size() == 1);
  CHECK(scoped[0]["service_area"].Size() == 2);
}

TEST_CASE("meeting guide quirks: a feed whose online meetings keep another zone than their address",
          "[meeting-guide][quirks]") {
  // Like the Eating Disorders Anonymous feed: online meetings "in" London are listed in US
  // Eastern time, in-person ones in local time.
  FeedSpec f = feed();
  f.defaults.online_timezone = "America/New_York";
  auto listings = import_valid(R"json([
    {"name": "Fixture London Online - 2am Eastern (synthetic)", "slug": "lo", "day": 1, "time": "02:00",
     "end_time": "02:45", "types": ["ONL"], "conference_url": "https://zoom.example/j/2",
     "formatted_address": "London, UK", "approximate": "yes", "latitude": 51.5072, "longitude": -0.1276,
     "attendance_option": "online"},
    {"name": "Fixture Soho In Person (synthetic)", "slug": "li", "day": 4, "time": "19:00",
     "formatted_address": "1 Fixture Rd, London WC2H 0EW, UK", "latitude": 51.513, "longitude": -0.129,
     "attendance_option": "in_person"}
  ])json", nullptr, f);
  REQUIRE(listings.size() == 2);
  CHECK(text(listings[0]["schedule"][0]["timezone"]) == "America/New_York");
  CHECK_FALSE(listings[0].HasMember("location"));  // an approximate address is no venue
  CHECK(text(listings[0]["service_area"][0]) == "GB");
  CHECK(text(listings[1]["schedule"][0]["timezone"]) == "Europe/London");
  CHECK(text(listings[1]["attendance"][0]) == "in-person");
}

TEST_CASE("meeting guide quirks: types in any case and shape, unknown codes kept and counted",
          "[meeting-guide][quirks]") {
  ImportReport report;
  auto listings = import_valid(R"json([
    {"name": "Fixture A (synthetic)", "slug": 5202, "day": 1, "time": "12:00", "types": "[open]",
     "address": "1 Fixture St", "city": "Amarillo", "state": "TX", "postal_code": 79107, "country": "USA",
     "latitude": "35.2163", "longitude": "-101.8485"},
    {"name": "Fixture B (synthetic)", "slug": "b", "day": 2, "time": "12:00", "types": "C,M",
     "address": "1 Fixture St", "city": "Alpena", "state": "MI", "latitude": 45.03, "longitude": -83.47},
    {"name": "Fixture C (synthetic)", "slug": "c", "day": 3, "time": "12:00", "types": ["w", "ASBI", "asbi", "12X12"],
     "address": "1 Fixture St", "city": "San Francisco", "postal_code": "94123"}
  ])json", &report);
  REQUIRE(listings.size() == 3);
  CHECK(text(listings[0]["location"]["postal_code"]) == "79107");
  CHECK(text(listings[0]["location"]["region"]) == "US-TX");
  CHECK(text(listings[0]["description"]).find("Open") != std::string::npos);
  CHECK(text(listings[1]["description"]).find("Closed") != std::string::npos);
  CHECK(text(listings[1]["communities"][0]) == "men");
  CHECK(text(listings[2]["communities"][0]) == "women");
  CHECK(text(listings[2]["location"]["region"]) == "US-CA");  // city and ZIP only
  CHECK(text(listings[2]["schedule"][0]["timezone"]) == "America/Los_Angeles");
  CHECK(report.unknown_codes == std::map<std::string, size_t>{{"ASBI", 1}, {"asbi", 1}});
  CHECK(text(listings[2]["description"]).find("ASBI") != std::string::npos);
}

TEST_CASE("meeting guide quirks: inactive, past midnight, equal ends, districts", "[meeting-guide][quirks]") {
  ImportReport report;
  auto listings = import_valid(R"json([
    {"name": "Fixture Inactive (synthetic)", "slug": "i", "day": 0, "time": "21:00", "attendance_option": "inactive",
     "formatted_address": "1 Fixture Ave, Chicago, IL 60641, USA", "latitude": 41.95, "longitude": -87.75},
    {"name": "Fixture Late (synthetic)", "slug": "l", "day": 5, "time": "23:30", "end_time": "01:00",
     "formatted_address": "1 Fixture Ave, Chicago, IL 60641, USA", "district": "District 9",
     "regions": ["Chicago", "North Side"]},
    {"name": "Fixture Equal (synthetic)", "slug": "e", "day": 5, "time": "19:30", "end_time": "19:30",
     "formatted_address": "1 Fixture Ave, Chicago, IL 60641, USA"}
  ])json", &report);
  REQUIRE(listings.size() == 3);
  CHECK(text(listings[0]["status"]) == "paused");
  CHECK(text(listings[1]["schedule"][0]["end"]) == "01:00");
  std::string description = text(listings[1]["description"]);
  CHECK(description.find("District: District 9") != std::string::npos);
  CHECK(description.find("Region: Chicago > North Side") != std::string::npos);
  CHECK_FALSE(listings[2]["schedule"][0].HasMember("end"));
  bool noted = false;
  for (const auto& n : report.notes) noted = noted || (n.path == "[2]" && n.message.find("equals the start") != std::string::npos);
  CHECK(noted);
}

TEST_CASE("meeting guide quirks: huge values are refused without a stack overflow", "[meeting-guide][quirks]") {
  // std::regex recurses per character: the readers look at no value longer than a real one.
  std::string big(200000, '1');
  CHECK(mg_time(big + ":00") == "");
  CHECK(mg_date(big + "/1/2021") == "");
  CHECK(mg_days(parse("\"" + big + "\"")).empty());
  std::string address(200000, 'a');
  for (size_t i = 1000; i < address.size(); i += 1000) address[i] = ',';
  auto r = import_meeting_guide(feed(),
                                R"json([{"name": "Fixture Huge (synthetic)", "slug": "h", "day": ")json" + big +
                                    R"json(", "time": ")json" + big + R"json(", "updated": ")json" + big +
                                    R"json(", "conference_url": "https://zoom.example/j/3", "address": ")json" +
                                    address + R"json("}])json",
                                ImportContext{test::gazetteer(), &test::meeting_guide_types(), "2026-11-20", "2026-11-22"});
  REQUIRE(r);
  CHECK(r->report.items == 1);
}

}  // namespace kindred
