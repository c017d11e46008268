// @brief The search API through a real socket: text and suggestions, places and radius,
// every facet (OR, exclusion, disjunctive counts), the three orders, paging, and refusals
// that name the parameter.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <set>

#include <date/date.h>

#include "core/search/search.h"
#include "tests/server_support.h"

using namespace kindred;
using test::HttpResponse;
using test::get;
using test::json;
using test::refused;
using test::search;
using test::total;

namespace {

std::vector<std::string> ids(const rapidjson::Document& d) {
  std::vector<std::string> out;
  for (const auto& h : d["results"].GetArray()) out.emplace_back(h["id"].GetString());
  return out;
}

std::set<std::string> id_set(const rapidjson::Document& d) {
  auto v = ids(d);
  return {v.begin(), v.end()};
}

const rapidjson::Value& result(const rapidjson::Document& d, const std::string& id) {
  for (const auto& h : d["results"].GetArray()) {
    if (id == h["id"].GetString()) return h;
  }
  FAIL("no result " << id);
  throw;
}

const rapidjson::Value& facet_value(const rapidjson::Document& d, const std::string& facet, const std::string& value) {
  for (const auto& f : d["facets"].GetArray()) {
    if (facet != f["name"].GetString()) continue;
    for (const auto& v : f["values"].GetArray()) {
      if (value == v["value"].GetString()) return v;
    }
  }
  FAIL("no facet value " << facet << "=" << value);
  throw;
}

// "2026-11-24T18:30:00-08:00" -> the instant (the offset applied).
date::sys_seconds instant(const std::string& rfc3339) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
  char sign = 0;
  INFO(rfc3339);
  REQUIRE(rfc3339.size() == 25);
  REQUIRE(std::sscanf(rfc3339.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &y, &mo, &d, &h, &mi, &sec, &sign, &oh, &om) == 9);
  REQUIRE((sign == '+' || sign == '-'));
  auto day = date::sys_days(date::year(y) / date::month(static_cast<unsigned>(mo)) / date::day(static_cast<unsigned>(d)));
  auto local = day + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(sec);
  auto offset = std::chrono::hours(oh) + std::chrono::minutes(om);
  return date::sys_seconds(sign == '+' ? local - offset : local + offset);
}

}  // namespace

TEST_CASE("server: search text, suggestion and the shape of a result", "[server]") {
  auto d = search("q=bipolar");
  CHECK(d["total"].GetUint64() == 1);
  CHECK(ids(d) == std::vector<std::string>{"fixture-moscow-bipolar-group"});
  const auto& h = d["results"][0];
  CHECK(std::string(h["name"].GetString()) == "Moscow Bipolar Peer Circle");
  CHECK(std::string(h["kind"].GetString()) == "support-group");
  CHECK(std::string(h["organization"].GetString()) == "Fixture Peer Network (synthetic)");
  CHECK(h["snippet"].IsString());
  REQUIRE(h["attendance"].IsArray());
  CHECK(std::string(h["attendance"][0].GetString()) == "in-person");
  CHECK(std::string(h["status"].GetString()) == "active");
  CHECK(h["stale"].IsBool());
  CHECK(std::string(h["last_verified"].GetString()) == "2025-06-01");
  REQUIRE(h.HasMember("next_meeting"));
  CHECK(std::string(h["next_meeting"]["timezone"].GetString()) == "America/Los_Angeles");
  instant(h["next_meeting"]["start"].GetString());
  CHECK_FALSE(h.HasMember("distance_km"));   // no place given
  CHECK_FALSE(h.HasMember("serves_place"));
  CHECK_FALSE(d.HasMember("place"));
  CHECK_FALSE(d.HasMember("suggestion"));
  CHECK(d["page"].GetUint() == 1);
  CHECK(d["per_page"].GetUint() == 20);

  CHECK_FALSE(d.HasMember("corrected"));
  REQUIRE(d.HasMember("crisis"));
  CHECK_FALSE(d["crisis"]["matched"].GetBool());
  // Nothing found for the misspelling: the corrected query's results, saying so.
  auto misspelt = search("q=bipoler+");
  CHECK(misspelt["total"].GetUint64() >= 1);
  CHECK_FALSE(misspelt.HasMember("suggestion"));
  REQUIRE(misspelt.HasMember("corrected"));
  CHECK(std::string(misspelt["corrected"]["from"].GetString()) == "bipoler ");
  CHECK(std::string(misspelt["corrected"]["to"].GetString()) == "bipolar ");
  CHECK(total("q=manic%20depression") >= 1);
  CHECK(total("q=caf%C3%A9") == 0);  // decoded, valid, simply not there
  CHECK(total("") == test::kFixtureFindable);
  CHECK(total("q=&near=&sort=") == test::kFixtureFindable);  // empty form fields mean "not given"
}

// The page makes one request per search: each result carries the listing's own values of
// what a card shows, checked against GET /api/v1/listings/{id} for every fixture.
TEST_CASE("server: a result carries the card's fields, as the listing has them", "[server]") {
  auto d = search("per_page=100");
  REQUIRE(d["results"].Size() == test::kFixtureFindable);
  size_t phones = 0, located = 0, notes = 0;
  for (const auto& h : d["results"].GetArray()) {
    const std::string id = h["id"].GetString();
    INFO(id);
    auto r = get("/api/v1/listings/" + id);
    REQUIRE(r.status == 200);
    auto full = json(r);
    const auto& l = full["listing"];
    for (const char* list : {"topics", "communities", "languages"}) {
      INFO(list);
      REQUIRE(h[list].IsArray());
      CHECK(h[list] == (l.HasMember(list) ? l[list] : rapidjson::Value(rapidjson::kArrayType).Move()));
    }
    for (const char* text : {"cost", "facilitation", "schedule_note"}) {
      INFO(text);
      CHECK(h.HasMember(text) == l.HasMember(text));
      if (l.HasMember(text)) CHECK(h[text] == l[text]);
    }
    notes += h.HasMember("schedule_note") ? 1 : 0;
    const bool phone = l.HasMember("contact") && l["contact"].HasMember("phone");
    CHECK(h.HasMember("phone") == phone);
    if (phone) {
      CHECK(h["phone"] == l["contact"]["phone"]);
      ++phones;
    }
    CHECK(h.HasMember("location") == l.HasMember("location"));
    if (l.HasMember("location")) {
      ++located;
      const auto& where = h["location"];
      for (const auto& m : where.GetObject()) {
        const std::string name = m.name.GetString();
        CHECK((name == "locality" || name == "region" || name == "postal_code" || name == "country"));  // never the street
        CHECK(m.value == l["location"][name.c_str()]);
      }
      for (const char* part : {"locality", "region", "postal_code", "country"}) {
        CHECK(where.HasMember(part) == l["location"].HasMember(part));
      }
    }
  }
  // The fixtures exercise each optional part.
  CHECK(phones >= 2);
  CHECK(located >= 2);
  CHECK(notes >= 1);
}

TEST_CASE("server: near, lat/lon and radius_km", "[server]") {
  auto d = search("near=83843");
  CHECK(d["total"].GetUint64() == 4);
  REQUIRE(d.HasMember("place"));
  const auto& p = d["place"];
  CHECK(std::string(p["name"].GetString()) == "Moscow");
  CHECK(std::string(p["admin1"].GetString()) == "Idaho");
  CHECK(std::string(p["region"].GetString()) == "US-ID");
  CHECK(std::string(p["country"].GetString()) == "US");
  CHECK(std::string(p["timezone"].GetString()) == "America/Los_Angeles");
  CHECK(p["lat"].IsNumber());
  CHECK(p["lon"].IsNumber());
  CHECK(p["radius_km"].GetDouble() == kDefaultRadiusKm);
  CHECK(ids(d).front() == "fixture-moscow-bipolar-group");
  const auto& moscow = result(d, "fixture-moscow-bipolar-group");
  REQUIRE(moscow.HasMember("distance_km"));
  double km = moscow["distance_km"].GetDouble();
  CHECK(km < 5);
  CHECK(std::abs(km * 10 - std::round(km * 10)) < 1e-9);  // rounded to 0.1
  CHECK_FALSE(moscow["serves_place"].GetBool());
  CHECK(result(d, "fixture-idaho-warmline")["serves_place"].GetBool());
  CHECK(result(d, "fixture-online-bfrb-forum")["serves_place"].GetBool());
  CHECK_FALSE(result(d, "fixture-online-bfrb-forum").HasMember("distance_km"));

  auto ll = search("lat=46.73&lon=-117.0&sort=distance");
  CHECK(ll["total"].GetUint64() == 4);
  CHECK(ids(ll).front() == "fixture-moscow-bipolar-group");
  CHECK(ll["place"]["lat"].GetDouble() == 46.73);
  CHECK(ll["place"]["lon"].GetDouble() == -117.0);

  auto small = search("near=Pullman%2C+WA&radius_km=5");
  CHECK(id_set(small).count("fixture-moscow-bipolar-group") == 0);
  CHECK(small["place"]["radius_km"].GetDouble() == 5);
  CHECK(id_set(search("near=Pullman%2C+WA&radius_km=25")).count("fixture-moscow-bipolar-group") == 1);
  CHECK(total("near=Calgary%2C%20AB") == 2);
}

TEST_CASE("server: every facet filters, repeats are OR, '-' excludes, facets are complete", "[server]") {
  CHECK(total("kind=support-group") == 4);
  CHECK(id_set(search("topic=bipolar&topic=bfrb")) ==
        std::set<std::string>{"fixture-moscow-bipolar-group", "fixture-online-bfrb-forum"});
  auto without = search("topic=-bipolar");
  CHECK(without["total"].GetUint64() == test::kFixtureFindable - 1);
  CHECK(id_set(without).count("fixture-moscow-bipolar-group") == 0);
  CHECK(ids(search("community=young-adults")) == std::vector<std::string>{"fixture-online-bfrb-forum"});
  CHECK(total("attendance=online") == 4);
  CHECK(total("attendance=online&attendance=phone") == 5);
  CHECK(total("language=es") == 2);
  CHECK(total("language=fr-CA") == 1);
  CHECK(total("cost=free") == 5);
  CHECK(total("facilitation=co-facilitated") == 3);
  CHECK(total("region=US-ID") == 2);
  CHECK(ids(search("day=tu")) == std::vector<std::string>{"fixture-moscow-bipolar-group"});
  CHECK(total("time_of_day=evening") == 2);
  CHECK(total("kind=support-group&attendance=online") == 2);  // AND across facets
  CHECK(total("kind=support-group&kind=-support-group") == 0);

  auto d = search("kind=support-group");
  std::vector<std::string> names;
  for (const auto& f : d["facets"].GetArray()) {
    names.emplace_back(f["name"].GetString());
    CHECK(f["label"].IsString());
    for (const auto& v : f["values"].GetArray()) {
      CHECK(v["value"].IsString());
      CHECK(v["label"].IsString());
      CHECK(v["count"].IsUint64());
      CHECK(v["selected"].IsBool());
    }
  }
  CHECK(names == search_facet_names());
  CHECK(facet_value(d, "kind", "support-group")["selected"].GetBool());
  CHECK_FALSE(facet_value(d, "kind", "online-forum")["selected"].GetBool());
  CHECK(facet_value(d, "kind", "online-forum")["count"].GetUint64() == 1);  // disjunctive
  CHECK(facet_value(d, "attendance", "online")["count"].GetUint64() == 2);  // narrowed by kind
  CHECK(std::string(facet_value(d, "region", "US-ID")["label"].GetString()) == "Idaho");
  // An open facet cut short by facet_values says how many values it left out.
  // Each answer is held in a local: a range-for over a member of a temporary document
  // reads it after the document is gone (ASan caught this).
  size_t regions = 0;
  const auto browse = search("");
  for (const auto& f : browse["facets"].GetArray()) {
    if (std::string(f["name"].GetString()) == "region") regions = f["values"].Size();
    CHECK_FALSE(f.HasMember("more"));  // nothing left out by default here
  }
  REQUIRE(regions >= 2);
  const auto cut = search("facet_values=1");
  for (const auto& f : cut["facets"].GetArray()) {
    if (std::string(f["name"].GetString()) != "region") continue;
    CHECK(f["values"].Size() == 1);
    REQUIRE(f.HasMember("more"));
    CHECK(f["more"].GetUint64() == regions - 1);
  }
}

TEST_CASE("server: sort by relevance, distance and next meeting, paging", "[server]") {
  CHECK(total("q=voices&sort=relevance") >= 1);

  auto by_distance = search("near=83843&sort=distance");
  double last = -1;
  bool seen_without = false;
  for (const auto& h : by_distance["results"].GetArray()) {
    if (!h.HasMember("distance_km")) {
      seen_without = true;  // listings without a distance come after those with one
      continue;
    }
    CHECK_FALSE(seen_without);
    CHECK(h["distance_km"].GetDouble() >= last);
    last = h["distance_km"].GetDouble();
  }

  auto by_next = search("sort=next");
  CHECK(by_next["total"].GetUint64() == test::kFixtureFindable);
  date::sys_seconds previous{};
  bool without = false;
  size_t with_meeting = 0;
  for (const auto& h : by_next["results"].GetArray()) {
    if (!h.HasMember("next_meeting")) {
      without = true;
      continue;
    }
    CHECK_FALSE(without);  // every listing with a next meeting comes first
    auto t = instant(h["next_meeting"]["start"].GetString());
    CHECK(t >= previous);  // in time order, across time zones
    previous = t;
    ++with_meeting;
  }
  CHECK(with_meeting >= 4);

  std::vector<std::string> all;
  for (int page = 1; page <= 3; ++page) {
    auto d = search("per_page=3&page=" + std::to_string(page));
    CHECK(d["page"].GetUint() == static_cast<unsigned>(page));
    CHECK(d["per_page"].GetUint() == 3);
    CHECK(d["total"].GetUint64() == test::kFixtureFindable);
    auto v = ids(d);
    CHECK(v.size() == (page < 3 ? 3u : 1u));
    all.insert(all.end(), v.begin(), v.end());
  }
  CHECK(std::set<std::string>(all.begin(), all.end()).size() == test::kFixtureFindable);
  CHECK(search("per_page=3&page=4")["results"].Empty());
}

TEST_CASE("server: bad search parameters are 400s that name the parameter", "[server]") {
  refused("/api/v1/search?topic=nope", "topic");
  refused("/api/v1/search?region=US-XX", "region");
  refused("/api/v1/search?language=123", "language");
  refused("/api/v1/search?near=83843&radius_km=5000", "radius_km");
  refused("/api/v1/search?near=83843&radius_km=0", "radius_km");
  refused("/api/v1/search?near=83843&radius_km=ten", "radius_km");
  refused("/api/v1/search?radius_km=10", "radius_km");
  refused("/api/v1/search?page=0", "page");
  refused("/api/v1/search?page=two", "page");
  refused("/api/v1/search?per_page=101", "per_page");
  refused("/api/v1/search?facet_values=0", "facet_values");
  refused("/api/v1/search?q=" + std::string(10 * 1024, 'a'), "q");
  refused("/api/v1/search?q=%ff%fe", "q");
  refused("/api/v1/search?q=%e2%82", "q");
  refused("/api/v1/search?q=%zz", "q");
  refused("/api/v1/search?q=50%", "q");
  refused("/api/v1/search?q=a%00b", "q");
  refused("/api/v1/search?q=a&q=b", "q");
  refused("/api/v1/search?colour=red", "colour");
  refused("/api/v1/search?lat=46.7", "lon");
  refused("/api/v1/search?lat=95&lon=0", "lat");
  refused("/api/v1/search?lat=1e999&lon=0", "lat");
  refused("/api/v1/search?lat=nan&lon=0", "lat");
  refused("/api/v1/search?lat=0x10&lon=0", "lat");
  refused("/api/v1/search?near=83843&lat=1&lon=1", "near");
  refused("/api/v1/search?near=Xyzzyqwvplace", "near");
  refused("/api/v1/search?sort=distance", "sort");
  refused("/api/v1/search?sort=sideways", "sort");
  refused("/api/v1/search?topic=-", "topic");

  // Query syntax Xapian's parser rejects is read forgivingly or refused as q: never a 500.
  for (const char* q : {"AND", "%22", "((((", "*", "NOT+bipolar", "bipolar+AND", "OR+OR", "a+NEAR%2F3", "%22hearing",
                        "-", "%2B", "bipolar*", "name%3A", "a..b", "(bipolar)+OR+(", "%22%22%22", "%5E%7E", "AND+NOT"}) {
    HttpResponse r = get(std::string("/api/v1/search?q=") + q);
    INFO(q << " -> " << r.status << " " << r.body.substr(0, 200));
    CHECK((r.status == 200 || r.status == 400));
    if (r.status == 400) CHECK_THAT(json(r)["error"]["message"].GetString(), Catch::StartsWith("q:"));
  }
}
