// @brief GET /api/v1/export/meeting-guide over a real socket (issue 19, item 5): the
// fixture directory as a Meeting Guide feed, each meeting shaped as the spec says, and
// read back through Kindred's own importer with nothing lost: the same days, times, zones,
// places, attendance and the facets Meeting Guide has codes for.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/index/index_schema.h"
#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "core/listing/listing.h"
#include "core/listing/validate.h"
#include "tests/http_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {


rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

// Synthetic weekly groups of every shape Meeting Guide can carry: with and without their
// own coordinates, hybrid, online-only, phone, past midnight, until 24:00, several days,
// paused, with facets that have codes (women, wheelchair, Spanish) and one that has not.
std::string listing(const std::string& id, const std::string& extra) {
  return R"j({"id": ")j" + id + R"j(", "name": "Fixture )j" + id + R"j( (synthetic)", "kind": "support-group",
    "description": "A synthetic fixture group for the Meeting Guide round trip.",
    "organization": {"name": "Fixture Peer Network (synthetic)", "url": "https://peer.example/"},
    "topics": ["depression"], "languages": ["en"], "cost": "free", "facilitation": "peer-led",
    "contact": {"url": "https://peer.example/)j" + id + R"j(", "how_to_join": "Just come along."},
    "last_verified": "2026-10-01", "sources": [{"name": "Synthetic fixture"}], )j" + extra + "}";
}

const char* kMoscow = R"j("location": {"name": "Fixture Hall", "address": "1 Fixture St", "locality": "Moscow",
    "region": "US-ID", "postal_code": "83843", "country": "US")j";

test::TestServer& export_server() {
  static test::TempDir dir;
  static const std::string index = [] {
    std::vector<std::string> items = {
        listing("mgx-in-person", std::string(R"j("attendance": ["in-person"], )j") + kMoscow +
                                     R"j(, "lat": 46.73, "lon": -117.0}, "communities": ["women"], "accessibility": ["wheelchair"],
            "schedule": [{"days": ["tu"], "start": "18:30", "end": "20:00", "timezone": "America/Los_Angeles"},
                         {"days": ["sa", "su"], "start": "09:00", "timezone": "America/Los_Angeles"}])j"),
        listing("mgx-geocoded", std::string(R"j("attendance": ["in-person"], )j") + kMoscow + R"j(},
            "schedule": [{"days": ["fr"], "start": "23:30", "end": "01:00", "timezone": "America/Los_Angeles"}])j"),
        listing("mgx-hybrid", R"j("attendance": ["in-person", "online"], "location": {"locality": "Belleville",
            "region": "CA-ON", "country": "CA"}, "communities": ["young-adults"],
            "schedule": [{"days": ["we"], "start": "22:00", "end": "24:00", "timezone": "America/Toronto"}])j"),
        listing("mgx-online", R"j("attendance": ["online"], "service_area": ["worldwide"], "communities": ["lgbtq"],
            "schedule": [{"days": ["mo", "th"], "start": "16:00", "end": "17:00", "timezone": "Europe/London"}])j"),
        listing("mgx-phone", R"j("attendance": ["phone"], "service_area": ["US"], "status": "paused",
            "schedule": [{"days": ["su"], "start": "07:00", "timezone": "America/Chicago"},
                         {"days": ["tu"], "start": "07:00", "timezone": "America/Chicago", "frequency": "monthly"}])j"),
    };
    // The geocoded group meets in Spanish.
    const std::string english = R"j("languages": ["en"])j";
    items[1].replace(items[1].find(english), english.size(), R"j("languages": ["es"])j");
    // The phone group is reached by phone: give it one (a 555-01xx number, reserved for fiction).
    items[4].replace(items[4].find(R"j("how_to_join")j"), 0, R"j("phone": "+12085550100", )j");
    std::string body = R"j({"format": "kindred/1", "listings": [)j";
    for (size_t i = 0; i < items.size(); ++i) body += (i ? "," : "") + items[i];
    body += "]}";
    std::filesystem::create_directories(dir.file("data"));
    test::write_file(dir.file("data/groups.json"), body);
    std::string out = dir.file("index");
    auto r = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " + dir.file("data") +
                               " --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the export index failed:\n" + r.output);
    return out;
  }();
  static test::TestServer server(index, test::fixture_web_dir());
  return server;
}

test::HttpResponse get(const std::string& target) { return export_server().get(target); }

// The original listing, by id.
Listing original(const std::string& id) {
  auto r = get("/api/v1/listings/" + id);
  REQUIRE(r.status == 200);
  auto doc = parse(r.body);
  REQUIRE(doc.HasMember(schema::kDataListing));
  return listing_from_json(doc[schema::kDataListing]);
}

std::set<std::string> coded(const std::string& facet, const std::vector<std::string>& values) {
  std::set<std::string> out;
  for (const auto& v : values) {
    if (!test::meeting_guide_types().code_for(facet, v).empty()) out.insert(v);
  }
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("meeting guide export: each meeting as the spec shapes it", "[meeting-guide][export]") {
  auto r = get("/api/v1/export/meeting-guide");
  REQUIRE(r.status == 200);
  CHECK(r.headers["content-type"].find("application/json") == 0);
  auto feed = parse(r.body);
  REQUIRE(feed.IsArray());
  REQUIRE(feed.Size() == 8);  // each day of each weekly entry; the monthly one is left out
  std::set<std::string> slugs;
  const std::regex kTime("([01][0-9]|2[0-3]):[0-5][0-9]");
  for (const auto& m : feed.GetArray()) {
    std::string slug = json::get_text(m, "slug");
    INFO(slug);
    CHECK(slugs.insert(slug).second);                     // slugs are unique
    CHECK_FALSE(json::get_text(m, "name").empty());       // name, slug, day, time: required
    const auto& day = m["day"];
    CHECK((day.IsInt() && day.GetInt() >= 0 && day.GetInt() <= 6));
    CHECK(std::regex_match(json::get_text(m, "time"), kTime));
    if (m.HasMember("end_time")) CHECK(std::regex_match(json::get_text(m, "end_time"), kTime));
    CHECK(is_iana_zone(json::get_text(m, "timezone")));
    if (m.HasMember("types")) {
      for (const auto& t : m["types"].GetArray()) CHECK(test::meeting_guide_types().find(t.GetString()) != nullptr);
    }
    if (m.HasMember("latitude")) {
      CHECK((m["latitude"].IsNumber() && m["longitude"].IsNumber()));
      CHECK(std::abs(m["latitude"].GetDouble()) <= 90);
    }
    std::string option = json::get_text(m, "attendance_option");
    CHECK((option == "in_person" || option == "online" || option == "hybrid" || option == "inactive"));
    if (option == "in_person" || option == "hybrid") CHECK_FALSE(json::get_text(m, "formatted_address").empty());
    if (m.HasMember("conference_url")) CHECK(json::get_text(m, "conference_url").rfind("http", 0) == 0);
  }
}

TEST_CASE("meeting guide export: read back by the importer, nothing is lost", "[meeting-guide][export]") {
  auto r = get("/api/v1/export/meeting-guide");
  REQUIRE(r.status == 200);
  auto exported = parse(r.body);
  FeedSpec f;
  f.id = "rt";
  f.url = "https://kindred.example/api/v1/export/meeting-guide";
  f.format = "meeting-guide";
  f.defaults.topics = {"general-mental-health"};
  auto imported = import_meeting_guide(f, r.body, ImportContext{test::gazetteer(), &test::meeting_guide_types(), "2026-11-20", "2026-11-22"});
  REQUIRE(imported);
  for (const auto& s : imported->report.skipped) INFO("skipped " << s.path << ": " << s.message);
  CHECK(imported->report.skipped.empty());
  CHECK(imported->report.unknown_codes.empty());
  REQUIRE(imported->listings.size() == exported.Size());

  ListingValidator validator(test::schema(), test::gazetteer());
  LoadResult loaded;
  CHECK(add_feed_listings(loaded, "feed:rt", *imported, validator) == exported.Size());
  for (const auto& p : loaded.problems) INFO(format_problem(p));
  REQUIRE(loaded.rejected.empty());

  // Every (listing, weekly entry, day) of the originals, and whether it came back.
  std::map<std::string, bool> expected;
  auto key = [](const std::string& id, const Meeting& m, const std::string& day) {
    return id + "|" + day + "|" + std::to_string(m.start_minute) + "|" +
           std::to_string(m.end_minute.value_or(-1) % 1440) + "|" + m.timezone;  // 24:00 is 00:00
  };
  for (const char* id : {"mgx-in-person", "mgx-geocoded", "mgx-hybrid", "mgx-online", "mgx-phone"}) {
    for (const auto& m : original(id).schedule) {
      if (m.frequency.empty() || m.frequency == "weekly") {
        for (const auto& d : m.days) expected[key(id, m, d)] = false;
      }
    }
  }
  size_t checked = 0;
  for (const auto& a : loaded.accepted) {
    const Listing& back = a.listing;
    size_t k = std::stoul(a.source.path.substr(1));  // "[k]": the exported meeting it came from
    std::string slug = json::get_text(exported[static_cast<rapidjson::SizeType>(k)], "slug");
    std::string id = slug.substr(0, slug.find("-meeting-"));
    INFO(slug);
    Listing orig = original(id);
    REQUIRE(back.schedule.size() == 1);
    const Meeting& b = back.schedule[0];
    REQUIRE(b.days.size() == 1);
    auto found = expected.find(key(id, b, b.days[0]));
    REQUIRE(found != expected.end());  // a day, time, end and zone the original has
    CHECK_FALSE(found->second);        // and only once
    found->second = true;
    CHECK(back.name == orig.name);
    CHECK(back.description.find(orig.description.substr(0, 40)) == 0);
    CHECK(as_set(back.attendance) == as_set(orig.attendance));
    CHECK(back.last_verified == orig.last_verified);
    CHECK(back.status == orig.status);
    REQUIRE(back.location.has_value() == orig.location.has_value());
    if (orig.location) {
      CHECK(back.location->locality == orig.location->locality);
      CHECK(back.location->region == orig.location->region);
      CHECK(back.location->country == orig.location->country);
      CHECK(back.location->postal_code == orig.location->postal_code);
      CHECK(back.location->address == orig.location->address);
    }
    CHECK(coded("communities", back.communities) == coded("communities", orig.communities));
    CHECK(coded("accessibility", back.accessibility) == coded("accessibility", orig.accessibility));
    CHECK(coded("languages", back.languages) == coded("languages", orig.languages));
    ++checked;
  }
  for (const auto& [k, seen] : expected) {
    INFO(k);
    CHECK(seen);  // nothing weekly is lost
  }
  CHECK(checked == exported.Size());
}

TEST_CASE("meeting guide export: the search filters apply, bad ones are a 400", "[meeting-guide][export]") {
  auto all = parse(get("/api/v1/export/meeting-guide").body);
  auto online = get("/api/v1/export/meeting-guide?attendance=online");
  REQUIRE(online.status == 200);
  auto some = parse(online.body);
  CHECK(some.Size() < all.Size());
  for (const auto& m : some.GetArray()) {
    std::string option = json::get_text(m, "attendance_option");
    CHECK((option == "online" || option == "hybrid"));
  }
  auto bad = get("/api/v1/export/meeting-guide?colour=blue");
  CHECK(bad.status == 400);
  CHECK(bad.body.find("colour") != std::string::npos);
}

}  // namespace kindred
