// @brief Every rule of the listing contract: a failing example, its path and message.
#include <catch2/catch.hpp>

#include <rapidjson/pointer.h>

#include "core/base/json_util.h"
#include "core/listing/validate.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

// A valid in-person listing; each case below breaks exactly one rule of it.
const char* kBase = R"json({
  "id": "fixture-base", "name": "Base Group (fixture)", "kind": "support-group",
  "description": "Synthetic test fixture.",
  "organization": {"name": "Fixture Org (synthetic)", "url": "https://fixture.example/"},
  "topics": ["depression"], "attendance": ["in-person"], "languages": ["en"],
  "cost": "free", "facilitation": "peer-led",
  "location": {"locality": "Moscow", "region": "US-ID", "postal_code": "83843", "country": "US"},
  "schedule": [{"days": ["we"], "start": "18:00", "end": "19:30", "timezone": "America/Los_Angeles"}],
  "contact": {"url": "https://fixture.example/base"},
  "last_verified": "2025-05-05",
  "sources": [{"name": "Synthetic fixture", "url": "https://fixture.example/src", "date": "2025-05-05"}]
})json";

const char* kToday = "2026-11-22";

std::vector<Problem> validate_text(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(parse_json(text, doc).ok());
  ListingValidator v(test::schema(), test::gazetteer(), kToday);
  return v.validate(doc, "listings[0]");
}

// Applies edits ("/pointer" -> JSON text, or "" to delete) to the base listing.
std::vector<Problem> validate_edited(const std::vector<std::pair<std::string, std::string>>& edits) {
  rapidjson::Document doc;
  REQUIRE(parse_json(kBase, doc).ok());
  for (const auto& [pointer, json] : edits) {
    if (json.empty()) {
      rapidjson::Pointer(pointer.c_str()).Erase(doc);
    } else {
      rapidjson::Document value;
      REQUIRE(parse_json(json, value).ok());
      rapidjson::Pointer(pointer.c_str()).Set(doc, rapidjson::Value(value, doc.GetAllocator()));
    }
  }
  ListingValidator v(test::schema(), test::gazetteer(), kToday);
  return v.validate(doc, "listings[0]");
}

std::string describe(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += "  " + p.path + ": " + p.message + "\n";
  return out;
}

struct Case {
  const char* rule;
  std::vector<std::pair<std::string, std::string>> edits;
  const char* path;
  const char* message;  // a substring of the expected message
};

}  // namespace

TEST_CASE("the base listing is valid", "[validate]") {
  auto problems = validate_edited({});
  INFO(describe(problems));
  CHECK(problems.empty());
}

TEST_CASE("each rule reports one problem with its path and message", "[validate]") {
  const std::vector<Case> cases = {
      {"id shape", {{"/id", R"("Bad_ID")"}}, "listings[0].id", "must be 3-80 characters"},
      {"id length", {{"/id", R"("ab")"}}, "listings[0].id", "must be 3-80 characters"},
      {"required field", {{"/name", ""}}, "listings[0].name", "required field is missing"},
      {"unknown field", {{"/nmae", R"("x")"}}, "listings[0].nmae", "unknown field \"nmae\""},
      {"name length", {{"/name", R"("ab")"}}, "listings[0].name", "at least 3 characters"},
      {"kind enum", {{"/kind", R"("support_group")"}}, "listings[0].kind", "\"support_group\" is not one of: support-group"},
      {"topics non-empty", {{"/topics", "[]"}}, "listings[0].topics", "at least 1 item"},
      {"topic enum", {{"/topics", R"(["sadness"])"}}, "listings[0].topics[0]", "\"sadness\" is not one of"},
      {"topics unique", {{"/topics", R"(["depression", "depression"])"}}, "listings[0].topics[1]", "listed more than once"},
      {"community enum", {{"/communities", R"(["teens"])"}}, "listings[0].communities[0]", "\"teens\" is not one of"},
      {"attendance enum", {{"/attendance", R"(["hybrid"])"}}, "listings[0].attendance[0]", "\"hybrid\" is not one of"},
      {"language tag", {{"/languages", R"(["English"])"}}, "listings[0].languages[0]", "BCP-47"},
      {"cost enum", {{"/cost", R"("cheap")"}}, "listings[0].cost", "\"cheap\" is not one of: free, donation"},
      {"facilitation enum", {{"/facilitation", R"("peer")"}}, "listings[0].facilitation", "is not one of"},
      {"type", {{"/referral_required", R"("yes")"}}, "listings[0].referral_required", "expected boolean, got string"},
      {"status enum", {{"/status", R"("gone")"}}, "listings[0].status", "is not one of: active, paused, closed"},
      {"region exists", {{"/location/region", R"("US-XX")"}}, "listings[0].location.region", "\"US-XX\" is not a region"},
      {"region shape", {{"/location/region", R"("Idaho")"}}, "listings[0].location.region", "ISO 3166-2"},
      {"region of country", {{"/location/region", R"("CA-AB")"}}, "listings[0].location.region", "not a region of US"},
      {"country exists", {{"/location/country", R"("XX")"}},
       "listings[0].location.country", "\"XX\" is not a country"},
      {"latitude range", {{"/location/lat", "100"}, {"/location/lon", "0"}}, "listings[0].location.lat", "at most 90"},
      {"lat with lon", {{"/location/lat", "46.7"}}, "listings[0].location.lon", "given together"},
      {"location for in-person", {{"/location", ""}}, "listings[0].location", "required for in-person"},
      {"service area for online", {{"/attendance", R"(["online"])"}, {"/location", ""}},
       "listings[0].service_area", "required for online or phone"},
      {"service area exists", {{"/service_area", R"(["US-ZZ"])"}}, "listings[0].service_area[0]", "not a country or region"},
      {"service area shape", {{"/service_area", R"(["everywhere"])"}}, "listings[0].service_area[0]", "\"worldwide\""},
      {"IANA zone", {{"/schedule/0/timezone", R"("America/Nowhere")"}}, "listings[0].schedule[0].timezone", "not an IANA time zone"},
      {"end equal start", {{"/schedule/0/end", R"("18:00")"}}, "listings[0].schedule[0].end",
       "\"18:00\" is the same as start \"18:00\": leave end out"},
      {"24:00 only as an end", {{"/schedule/0/start", R"("24:00")"}}, "listings[0].schedule[0].start", "24-hour time"},
      {"end shape", {{"/schedule/0/end", R"("24:30")"}}, "listings[0].schedule[0].end", "(\"24:00\" for midnight)"},
      {"time shape", {{"/schedule/0/start", R"("25:00")"}}, "listings[0].schedule[0].start", "24-hour time"},
      {"day enum", {{"/schedule/0/days", R"(["monday"])"}}, "listings[0].schedule[0].days[0]", "is not one of: mo, tu"},
      {"week_of_month needs monthly", {{"/schedule/0/week_of_month", "2"}}, "listings[0].schedule[0].week_of_month", "only applies when frequency is \"monthly\""},
      {"week_of_month values", {{"/schedule/0/frequency", R"("monthly")"}, {"/schedule/0/week_of_month", "6"}},
       "listings[0].schedule[0].week_of_month", "is not one of"},
      {"biweekly needs an anchor", {{"/schedule/0/frequency", R"("biweekly")"}}, "listings[0].schedule[0].anchor_date", "required for biweekly"},
      {"anchor only for biweekly", {{"/schedule/0/anchor_date", R"("2025-01-07")"}}, "listings[0].schedule[0].anchor_date", "only applies when frequency is \"biweekly\""},
      {"anchor real date", {{"/schedule/0/frequency", R"("biweekly")"}, {"/schedule/0/anchor_date", R"("2025-02-30")"}}, "listings[0].schedule[0].anchor_date", "not a real calendar date"},
      {"javascript URL", {{"/contact/url", "\"javascript:alert(1)\""}}, "listings[0].contact.url", "http:// or https://"},
      {"ftp URL", {{"/organization/url", R"("ftp://fixture.example/")"}}, "listings[0].organization.url", "http:// or https://"},
      {"URL credentials", {{"/contact/url", R"("https://user:pw@fixture.example/")"}}, "listings[0].contact.url", "user name or password"},
      {"URL spaces", {{"/sources/0/url", R"("https://exa mple/")"}}, "listings[0].sources[0].url", "http:// or https://"},
      {"URL host", {{"/sources/0/url", R"("https://exa_mple/")"}}, "listings[0].sources[0].url", "invalid host name"},
      {"URL empty host", {{"/sources/0/url", R"("https:///path")"}}, "listings[0].sources[0].url", "has no host name"},
      {"contact needs a way", {{"/contact", R"({"how_to_join": "Just come."})"}}, "listings[0].contact", "at least one of url, phone or email"},
      {"phone E.164", {{"/contact/phone", R"("555-0100")"}}, "listings[0].contact.phone", "E.164"},
      {"email", {{"/contact/email", R"("not-an-email")"}}, "listings[0].contact.email", "email address"},
      {"last_verified future", {{"/last_verified", R"("2027-01-01")"}}, "listings[0].last_verified", "is in the future"},
      {"last_verified real date", {{"/last_verified", R"("2024-02-30")"}}, "listings[0].last_verified", "not a real calendar date"},
      {"last_verified shape", {{"/last_verified", R"("March 2024")"}}, "listings[0].last_verified", "YYYY-MM-DD"},
      {"sources non-empty", {{"/sources", "[]"}}, "listings[0].sources", "at least 1 item"},
      {"source date future", {{"/sources/0/date", R"("2030-01-01")"}}, "listings[0].sources[0].date", "is in the future"},
      {"description plain text", {{"/description", "\"Hello <script>alert(1)</script>\""}}, "listings[0].description", "HTML tags are not allowed"},
      {"description length", {{"/description", "\"" + std::string(5001, 'a') + "\""}}, "listings[0].description", "at most 5000"},
      {"updated timestamp", {{"/updated", R"("yesterday")"}}, "listings[0].updated", "RFC 3339"},
      {"organization required name", {{"/organization", R"({"url": "https://fixture.example/"})"}}, "listings[0].organization.name", "required field is missing"},
      {"meeting unknown field", {{"/schedule/0/room", R"("5")"}}, "listings[0].schedule[0].room", "unknown field"},
  };
  for (const auto& c : cases) {
    SECTION(c.rule) {
      auto problems = validate_edited(c.edits);
      INFO("rule: " << c.rule << "\n" << describe(problems));
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].path == c.path);
      CHECK_THAT(problems[0].message, Catch::Contains(c.message));
    }
  }
}

TEST_CASE("meetings past midnight and ending at 24:00 are valid", "[validate][midnight]") {
  for (const char* end : {"17:00", "00:00", "01:30", "24:00", "18:01"}) {
    INFO("end " << end);
    auto problems = validate_edited({{"/schedule/0/end", std::string("\"") + end + "\""}});
    INFO(describe(problems));
    CHECK(problems.empty());
  }
  auto whole_day = validate_edited({{"/schedule/0/start", R"("00:00")"}, {"/schedule/0/end", R"("24:00")"}});
  CHECK(whole_day.empty());
}

TEST_CASE("one listing with many mistakes reports all of them", "[validate]") {
  auto problems = validate_edited({{"/id", R"("X")"},
                                   {"/kind", R"("club")"},
                                   {"/location/region", R"("US-XX")"},
                                   {"/schedule/0/timezone", R"("Mars/Olympus")"},
                                   {"/contact/url", "\"javascript:void(0)\""},
                                   {"/last_verified", R"("2099-12-31")"}});
  INFO(describe(problems));
  CHECK(problems.size() == 6);
}

TEST_CASE("a duplicated field is reported, not silently dropped", "[validate]") {
  std::string text = kBase;
  text.insert(text.find("\"kind\""), R"("name": "Second Name", )");
  auto problems = validate_text(text);
  INFO(describe(problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "listings[0].name");
  CHECK(problems[0].message == "field appears more than once");
}

TEST_CASE("a listing that is not an object says so", "[validate]") {
  auto problems = validate_text("[1, 2]");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "listings[0]");
  CHECK(problems[0].message == "expected object, got array");
}

TEST_CASE("dates: real calendar dates and the latest date on Earth", "[validate]") {
  CHECK(is_calendar_date("2024-02-29"));
  CHECK_FALSE(is_calendar_date("2023-02-29"));
  CHECK_FALSE(is_calendar_date("2024-13-01"));
  CHECK_FALSE(is_calendar_date("24-01-01"));
  // 2026-11-22 11:00 UTC is already 2026-11-23 in Kiribati (UTC+14).
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1795345200));
  CHECK(latest_date_on_earth(t) == "2026-11-23");
}

TEST_CASE("IANA zones come from the system database", "[validate]") {
  CHECK(is_iana_zone("America/Boise"));
  CHECK(is_iana_zone("Europe/London"));
  CHECK(is_iana_zone("Australia/Sydney"));
  CHECK_FALSE(is_iana_zone("America/Atlantis"));
  CHECK_FALSE(is_iana_zone(""));
  CHECK_FALSE(is_iana_zone("../../etc/passwd"));
}
