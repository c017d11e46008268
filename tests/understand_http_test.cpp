// @brief Search that understands people, through the HTTP API over a real socket: the
// examples of issue 12 that are about sentences, places near nothing, and places that
// could be more than one, over the real directory (data/listings); explicit parameters
// winning; bad `country` values refused.
#include <catch2/catch.hpp>

#include <algorithm>

#include <rapidjson/document.h>

#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

// kindred-serve's parts over an index of the real directory (data/listings).
test::TestServer& directory() {
  static test::TempDir dir;
  static const std::string index = [] {
    std::string out = dir.file("index");
    auto r = test::run_command(test::binary_path("indexer/kindred-index") + " build --data data --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the directory index failed:\n" + r.output);
    return out;
  }();
  static test::TestServer server(index, test::fixture_web_dir());
  return server;
}

rapidjson::Document search(const std::string& query) {
  auto r = directory().get("/api/v1/search?" + query);
  INFO(query << " -> " << r.status << " " << r.body.substr(0, 600));
  REQUIRE(r.status == 200);
  return test::json(r);
}

std::vector<std::string> ids(const rapidjson::Value& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits.GetArray()) out.emplace_back(h["id"].GetString());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST_CASE("understand over HTTP: 'I have bipolar, anything near Moscow Idaho?' finds something", "[understand][http]") {
  auto d = search("q=" + test::url_encode("I have bipolar, anything near Moscow Idaho?"));
  CHECK(d["total"].GetUint64() > 0);
  REQUIRE(d.HasMember("understood"));
  CHECK(std::string(d["understood"]["near"].GetString()) == "Moscow, Idaho, US");
  CHECK(std::string(d["understood"]["q"].GetString()) == "bipolar");
  CHECK_FALSE(d["understood"].HasMember("filters"));
  REQUIRE(d.HasMember("place"));
  CHECK(std::string(d["place"]["region"].GetString()) == "US-ID");
  auto found = ids(d["results"]);
  CHECK(has(found, "dbsa-online-support-groups"));
  // No bipolar group meets in Moscow: the drop-in centre is offered as general support.
  REQUIRE(d.HasMember("also_nearby"));
  CHECK(has(ids(d["also_nearby"]), "latah-recovery-center"));
}

TEST_CASE("understand over HTTP: 'bipolar' near 83843 shows the general drop-in 0.8 km away", "[understand][http]") {
  auto d = search("q=bipolar&near=83843");
  // The matches are online groups that serve the place, counted apart.
  REQUIRE(d.HasMember("online_serving_place"));
  uint64_t serving = 0;
  for (const auto& h : d["results"].GetArray()) serving += h["serves_place"].GetBool() ? 1 : 0;
  CHECK(d["online_serving_place"].GetUint64() == serving);
  CHECK(serving == d["total"].GetUint64());
  CHECK(serving >= 2);
  REQUIRE(d.HasMember("also_nearby"));
  const auto& nearby = d["also_nearby"];
  REQUIRE(nearby.Size() >= 1);
  CHECK(std::string(nearby[0]["id"].GetString()) == "latah-recovery-center");
  CHECK(nearby[0]["general"].GetBool());
  CHECK(nearby[0]["distance_km"].GetDouble() == Approx(0.8).margin(0.5));
  double last = 0;
  for (const auto& h : nearby.GetArray()) {
    CHECK(h["general"].GetBool());
    CHECK(h["distance_km"].GetDouble() >= last);  // nearest first
    CHECK(h["distance_km"].GetDouble() <= 50);    // within the radius
    last = h["distance_km"].GetDouble();
    CHECK_FALSE(has(ids(d["results"]), h["id"].GetString()));  // never both a match and general
  }
  // Enough in-person matches: nothing added.
  auto enough = search("near=83843");
  CHECK_FALSE(enough.HasMember("also_nearby"));
  // No place: neither field.
  auto nowhere = search("q=bipolar");
  CHECK_FALSE(nowhere.HasMember("also_nearby"));
  CHECK_FALSE(nowhere.HasMember("online_serving_place"));
}

TEST_CASE("understand over HTTP: 'Moscow' with country=US picks Idaho and lists Russia", "[understand][http][place]") {
  auto us = search("near=Moscow&country=US");
  CHECK(std::string(us["place"]["region"].GetString()) == "US-ID");
  REQUIRE(us["place"].HasMember("alternatives"));
  const auto& alts = us["place"]["alternatives"];
  CHECK(alts.Size() <= 5);
  bool russia = false;
  for (const auto& a : alts.GetArray()) {
    russia = russia || std::string(a["country"].GetString()) == "RU";
    CHECK(a.HasMember("region"));
    CHECK(a["population"].IsUint());  // 0 when GeoNames does not know it
  }
  CHECK(russia);
  // Without a country the most populous wins, as before, and says there was a choice.
  auto plain = search("near=Moscow");
  CHECK(std::string(plain["place"]["country"].GetString()) == "RU");
  REQUIRE(plain["place"].HasMember("alternatives"));
  // A lower-case country is accepted; the text's own region wins over the country.
  auto named = search("near=" + test::url_encode("Moscow, ID") + "&country=ru");
  CHECK(std::string(named["place"]["region"].GetString()) == "US-ID");
  CHECK_FALSE(named["place"].HasMember("alternatives"));
  // A postal code is never ambiguous within its country.
  auto zip = search("near=83843&country=US");
  CHECK_FALSE(zip["place"].HasMember("alternatives"));
  // The country ranks places read from a sentence too.
  auto sentence = search("q=" + test::url_encode("anything near Moscow") + "&country=US");
  CHECK(std::string(sentence["understood"]["near"].GetString()) == "Moscow, Idaho, US");
}

TEST_CASE("understand over HTTP: the place box ranks the visitor's country first", "[understand][http][place]") {
  auto first = [](const std::string& target) {
    auto r = directory().get(target);
    INFO(target << " -> " << r.body.substr(0, 300));
    REQUIRE(r.status == 200);
    auto d = test::json(r);
    REQUIRE(d["places"].Size() >= 1);
    return std::string(d["places"][0]["region"].GetString());
  };
  CHECK(first("/api/v1/places?q=Moscow&country=US") == "US-ID");
  CHECK(first("/api/v1/places?q=Moscow").rfind("RU-", 0) == 0);
  CHECK(first("/api/v1/places?q=" + test::url_encode("Moscow, ID") + "&country=RU") == "US-ID");
  CHECK(directory().get("/api/v1/places?q=Moscow&country=ZZ").status == 400);
}

TEST_CASE("understand over HTTP: explicit parameters win over words", "[understand][http]") {
  auto d = search("q=" + test::url_encode("bipolar tuesday evening near Boise") + "&near=83843&day=we");
  REQUIRE(d.HasMember("understood"));
  const auto& u = d["understood"];
  CHECK_FALSE(u.HasMember("near"));  // near=83843 was given
  CHECK(std::string(d["place"]["name"].GetString()) == "Moscow");
  REQUIRE(u.HasMember("filters"));
  CHECK_FALSE(u["filters"].HasMember("day"));  // day=we was given
  CHECK(u["filters"]["time_of_day"][0].GetString() == std::string("evening"));
  CHECK(std::string(u["q"].GetString()) == "bipolar");
  // The given day is the one selected.
  for (const auto& f : d["facets"].GetArray()) {
    if (std::string(f["name"].GetString()) != "day") continue;
    for (const auto& v : f["values"].GetArray()) {
      CHECK(v["selected"].GetBool() == (std::string(v["value"].GetString()) == "we"));
    }
  }
  // lat/lon win over a place in the words as well.
  auto point = search("q=" + test::url_encode("bipolar near Boise") + "&lat=46.73&lon=-117.0");
  CHECK_FALSE(point["understood"].HasMember("near"));
  CHECK(std::string(point["place"]["region"].GetString()) == "US-ID");
}

TEST_CASE("understand over HTTP: filters read from words narrow like parameters", "[understand][http]") {
  auto words = search("q=" + test::url_encode("support group online"));
  auto params = search("q=" + test::url_encode("support group") + "&attendance=online");
  CHECK(words["total"].GetUint64() == params["total"].GetUint64());
  // The same listings; the order may differ a little, since "online" typed after
  // "group" makes "group" a whole word rather than a prefix.
  auto a = ids(words["results"]), b = ids(params["results"]);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  CHECK(a == b);
  CHECK(std::string(words["understood"]["filters"]["attendance"][0].GetString()) == "online");
  // A plain query carries no `understood`.
  CHECK_FALSE(search("q=bipolar").HasMember("understood"));
}

TEST_CASE("understand over HTTP: a listing's name is searched as a name", "[understand][http]") {
  // "online" and "zoom" would be read as attendance in a sentence; here they are names.
  for (const auto& [name, id] : std::vector<std::pair<std::string, std::string>>{
           {"DBSA online support groups", "dbsa-online-support-groups"},
           {"Painted Brain peer groups on Zoom", "painted-brain-zoom-peer-groups"}}) {
    auto d = search("q=" + test::url_encode(name));
    INFO(name);
    CHECK_FALSE(d.HasMember("understood"));
    REQUIRE(d["results"].Size() >= 1);
    CHECK(std::string(d["results"][0]["id"].GetString()) == id);
  }
  // One word more and it is a sentence again.
  auto more = search("q=" + test::url_encode("DBSA online support groups on weekends"));
  REQUIRE(more.HasMember("understood"));
  CHECK(more["understood"]["filters"].HasMember("day"));
}

TEST_CASE("understand over HTTP: bad country values are refused", "[understand][http]") {
  for (const char* bad : {"USA", "U", "XX", "1A", "%C3%A9"}) {
    auto r = directory().get(std::string("/api/v1/search?near=Moscow&country=") + bad);
    INFO(bad << " -> " << r.body);
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains("\"message\":\"country:"));
  }
  auto twice = directory().get("/api/v1/search?country=US&country=GB");
  CHECK(twice.status == 400);
  // An empty country is "not given".
  CHECK(directory().get("/api/v1/search?near=Moscow&country=").status == 200);
}

}  // namespace
}  // namespace kindred
