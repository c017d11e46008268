// @brief Gazetteer tests: ranking, typos, accents, postal codes, ISO codes, locate, nearest,
// damaged files, and text normalisation. Runs over the real var/gazetteer/gazetteer.bin.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/geo/gazetteer.h"
#include "core/geo/internal/gazetteer_format.h"
#include "core/geo/internal/gazetteer_geo.h"
#include "core/geo/internal/gazetteer_text.h"

namespace {

using kindred::ErrorCode;
using kindred::Gazetteer;
using kindred::Place;

const std::string kPath = KINDRED_SOURCE_DIR "/var/gazetteer/gazetteer.bin";

const Gazetteer& gazetteer() {
  static kindred::Expected<Gazetteer> g = Gazetteer::open(kPath);
  if (!g) {
    FAIL(
        "cannot open " << kPath << ": " << g.error().message
                       << "\nBuild it first: scripts/fetch-gazetteer, then kindred-index gazetteer "
                          "--src var/gazetteer/src --out var/gazetteer/gazetteer.bin");
  }
  return *g;
}

Place first(std::string_view text) {
  auto r = gazetteer().lookup(text, 5);
  INFO("lookup(\"" << text << "\") returned nothing");
  REQUIRE(!r.empty());
  return r.front();
}

std::string describe(const Place& p) {
  std::ostringstream s;
  s << p.name << " [" << p.region_code << " " << p.country << "] " << p.postal_code << " pop "
    << p.population;
  return s.str();
}

#define CHECK_FIRST(text, want_name, want_region)               \
  do {                                                          \
    Place p_ = first(text);                                     \
    INFO("lookup(\"" << text << "\") first: " << describe(p_)); \
    CHECK(p_.name == (want_name));                              \
    CHECK(p_.region_code == (want_region));                     \
  } while (0)

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string write_temp(const std::string& name, const std::string& bytes) {
  std::string path = std::string(KINDRED_BINARY_DIR) + "/gazetteer_test_" + name + ".bin";
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

// Recomputes the checksum so that a deliberately inconsistent file reaches validation.
void reseal(std::string& file) {
  kindred::gaz::FileHeader h;
  std::memcpy(&h, file.data(), sizeof h);
  h.checksum = kindred::gaz::checksum64(
      reinterpret_cast<const unsigned char*>(file.data()) + sizeof h, file.size() - sizeof h);
  std::memcpy(&file[0], &h, sizeof h);
}

kindred::gaz::SectionEntry section(const std::string& file, kindred::gaz::SectionId id) {
  kindred::gaz::FileHeader h;
  std::memcpy(&h, file.data(), sizeof h);
  for (uint32_t i = 0; i < h.section_count; ++i) {
    kindred::gaz::SectionEntry s;
    std::memcpy(&s, file.data() + sizeof h + i * sizeof s, sizeof s);
    if (s.id == static_cast<uint32_t>(id)) return s;
  }
  FAIL("no section " << static_cast<uint32_t>(id));
  return {};
}

}  // namespace

TEST_CASE("gazetteer: a name with a region or country qualifier", "[gazetteer]") {
  CHECK_FIRST("Moscow, ID", "Moscow", "US-ID");
  CHECK_FIRST("moscow id", "Moscow", "US-ID");
  CHECK_FIRST("Moscow, Idaho", "Moscow", "US-ID");
  CHECK_FIRST("Belleville, ON", "Belleville", "CA-ON");
  CHECK_FIRST("Belleville, Illinois", "Belleville", "US-IL");
  CHECK_FIRST("Calgary AB", "Calgary", "CA-AB");
  CHECK_FIRST("Calgary, Alta.", "Calgary", "CA-AB");
  CHECK_FIRST("Sydney, NS", "Sydney", "CA-NS");
  CHECK_FIRST("Sydney Nova Scotia", "Sydney", "CA-NS");
  CHECK_FIRST("London, ON", "London", "CA-ON");
  CHECK_FIRST("Portland, OR", "Portland", "US-OR");
  CHECK_FIRST("Portland, ME", "Portland", "US-ME");
  CHECK_FIRST("Portland Oregon USA", "Portland", "US-OR");
  CHECK_FIRST("Portland, OR, USA", "Portland", "US-OR");
  CHECK_FIRST("Springfield IL", "Springfield", "US-IL");
  CHECK_FIRST("Springfield, Mass.", "Springfield", "US-MA");
  CHECK_FIRST("Washington, DC", "Washington", "US-DC");
  CHECK_FIRST("Kansas City, Kansas", "Kansas City", "US-KS");
  CHECK_FIRST("Perth, Scotland", "Perth", "GB-SCT");
  CHECK_FIRST("Brisbane QLD", "Brisbane", "AU-QLD");
  CHECK_FIRST("Hobart, Tas", "Hobart", "AU-TAS");
  CHECK_FIRST("Vancouver BC", "Vancouver", "CA-BC");
  CHECK_FIRST("Vancouver, WA", "Vancouver", "US-WA");
  CHECK_FIRST("Melbourne, FL", "Melbourne", "US-FL");
  CHECK_FIRST("Dublin, OH", "Dublin", "US-OH");

  Place paris = first("Paris, France");
  CHECK(paris.country == "FR");
  CHECK(first("Paris, FR").country == "FR");
  CHECK(first("Toronto, Canada").region_code == "CA-ON");
  CHECK(first("Wellington, NZ").country == "NZ");
  CHECK(first("Glasgow, UK").region_code == "GB-SCT");

  // Trailing words that read as nothing (a Canadian postcode) are ignored, not fatal.
  CHECK(first("Toronto M5V").region_code == "CA-ON");
  CHECK(first("Moscow Idahoo").name == "Moscow");
  // A qualifier that fits nothing ranks the name's places, it does not empty the list.
  auto r = gazetteer().lookup("Moscow, Narnia");
  REQUIRE(!r.empty());
  CHECK(r.front().country == "RU");
  // The other Moscows follow the one the qualifier picks.
  r = gazetteer().lookup("Moscow, ID", 5);
  REQUIRE(r.size() >= 2);
  CHECK(r[1].country == "RU");
}

TEST_CASE("gazetteer: a name alone means the biggest place of that name", "[gazetteer]") {
  Place moscow = first("Moscow");
  CHECK(moscow.country == "RU");
  CHECK(moscow.timezone == "Europe/Moscow");
  CHECK(first("Sydney").region_code == "AU-NSW");
  CHECK(first("Sydney").timezone == "Australia/Sydney");
  CHECK(first("London").country == "GB");
  CHECK(first("Paris").country == "FR");
  CHECK(first("Melbourne").region_code == "AU-VIC");
  CHECK(first("Perth").region_code == "AU-WA");
  CHECK(first("Dublin").country == "IE");

  auto bellevilles = gazetteer().lookup("Belleville", 5);
  REQUIRE(bellevilles.size() >= 3);
  for (const auto& b : bellevilles) CHECK(b.name == "Belleville");
  for (size_t i = 1; i < bellevilles.size(); ++i)
    CHECK(bellevilles[i - 1].population >= bellevilles[i].population);
  CHECK(bellevilles[0].region_code == "CA-ON");

  for (const char* text : {"Montreal", "Montréal", "MONTREAL", "montréal", "  Montréal  "}) {
    Place p = first(text);
    INFO(text << " -> " << describe(p));
    CHECK(p.name == "Montréal");
    CHECK(p.region_code == "CA-QC");
    CHECK(p.admin1 == "Quebec");
    CHECK(p.timezone == "America/Toronto");
  }
}

TEST_CASE("gazetteer: small typos still find the place meant", "[gazetteer]") {
  CHECK_FIRST("Moskow, ID", "Moscow", "US-ID");
  CHECK_FIRST("Mosocw, ID", "Moscow", "US-ID");  // swapped letters
  CHECK_FIRST("Sydny", "Sydney", "AU-NSW");
  CHECK_FIRST("Calgery", "Calgary", "CA-AB");
  CHECK_FIRST("Torontoo", "Toronto", "CA-ON");
  CHECK_FIRST("Philadelpia", "Philadelphia", "US-PA");
  CHECK_FIRST("Melborne", "Melbourne", "AU-VIC");
  CHECK_FIRST("Edmonton, Alberta", "Edmonton", "CA-AB");
  CHECK_FIRST("Edmonten, Alberta", "Edmonton", "CA-AB");
  CHECK(gazetteer().lookup("xqzzyqxw").empty());
}

TEST_CASE("gazetteer: case, accents and punctuation are folded", "[gazetteer]") {
  for (const char* t : {"Zürich", "Zurich", "ZURICH", "zürich"})
    CHECK(first(t).region_code == "CH-ZH");
  for (const char* t : {"Kraków", "Krakow"}) CHECK(first(t).name == "Kraków");
  for (const char* t : {"São Paulo", "Sao Paulo", "SAO PAULO"})
    CHECK(first(t).region_code == "BR-SP");
  for (const char* t : {"Łódź", "Lodz"}) CHECK(first(t).country == "PL");
  for (const char* t : {"Köln", "Koln", "Cologne"}) CHECK(first(t).name == "Köln");
  CHECK(first("Tromsø").country == "NO");
  CHECK(first("Reykjavík").country == "IS");
  for (const char* t : {"Coeur d'Alene, ID", "Coeur d’Alene, ID", "coeur dalene id"})
    CHECK(first(t).name == "Coeur d'Alene");
  CHECK(first("St. John's, NL").region_code == "CA-NL");
  CHECK(first("Saint John's, Newfoundland").region_code == "CA-NL");
  CHECK(first("Winston Salem").name == "Winston-Salem");
  CHECK(first("Saint Louis, MO").name == "St. Louis");
  CHECK(first("St Petersburg, FL").region_code == "US-FL");
  CHECK(first("  montréal  ,  qc ").region_code == "CA-QC");
}

TEST_CASE("gazetteer: US ZIP codes", "[gazetteer]") {
  Place p = first("83843");
  CHECK(p.name == "Moscow");
  CHECK(p.region_code == "US-ID");
  CHECK(p.admin1 == "Idaho");
  CHECK(p.country == "US");
  CHECK(p.postal_code == "83843");
  CHECK(p.timezone == "America/Los_Angeles");  // the ZIP source has none: nearest place's
  CHECK(std::fabs(p.lat - 46.73) < 0.1);
  CHECK(std::fabs(p.lon + 116.99) < 0.1);
  CHECK(first("83843-1234").postal_code == "83843");
  CHECK(first("Moscow, ID 83843").postal_code == "83843");
  CHECK(first("90210").name == "Beverly Hills");
  Place boston = first("02134");  // leading zero kept
  CHECK(boston.region_code == "US-MA");
  CHECK(boston.timezone == "America/New_York");
  CHECK(first("59101").timezone == "America/Denver");  // Billings, MT
  CHECK(first("96813").timezone == "Pacific/Honolulu");
  CHECK(gazetteer().lookup("00000").empty());
  // Name lookups do not claim a postal code.
  CHECK(first("Moscow, ID").postal_code.empty());
}

TEST_CASE("gazetteer: Australian postcodes", "[gazetteer]") {
  auto r = gazetteer().lookup("2000", 5);
  REQUIRE(r.size() >= 2);
  CHECK(r[0].name == "Sydney");
  CHECK(r[0].region_code == "AU-NSW");
  CHECK(r[0].postal_code == "2000");
  CHECK(r[0].timezone == "Australia/Sydney");
  for (const auto& p : r) CHECK(p.postal_code == "2000");
  CHECK(first("Haymarket 2000").name == "Haymarket");
  CHECK(first("3000").name == "Melbourne");
  CHECK(first("Melbourne VIC 3000").postal_code == "3000");
  CHECK(first("0800").timezone == "Australia/Darwin");
  CHECK(first("2880").timezone == "Australia/Broken_Hill");  // NSW on Adelaide time
  // Suburbs GeoNames lacks are still found by name, without a postal code.
  Place barangaroo = first("Barangaroo");
  CHECK(barangaroo.region_code == "AU-NSW");
  CHECK(barangaroo.postal_code.empty());
}

TEST_CASE("gazetteer: odd input gives nothing rather than trouble", "[gazetteer]") {
  const Gazetteer& g = gazetteer();
  CHECK(g.lookup("").empty());
  CHECK(g.lookup("   ").empty());
  CHECK(g.lookup(",,,").empty());
  CHECK(g.lookup("Moscow", 0).empty());
  CHECK(g.lookup("Moscow", 2).size() == 2);
  CHECK(g.lookup("Springfield", 50).size() > 5);
  (void)g.lookup("SW1A 1AA");  // UK postcodes: unsupported, but must not crash
  (void)g.lookup("\xff\xfe\xc3");
  (void)g.lookup(std::string(100000, 'a'));
  (void)g.lookup(std::string(1000, ','));
  (void)g.lookup("a b c d e f g h i j k l m n o p q r s t u v w x y z");
  (void)g.lookup(std::string("Mos\0cow", 7));
}

TEST_CASE("gazetteer: ISO country and region codes", "[gazetteer]") {
  const Gazetteer& g = gazetteer();
  for (const char* c : {"US", "GB", "CA", "AU", "NZ", "IE", "FR", "DE", "RU"})
    CHECK(g.is_country(c));
  for (const char* c : {"XX", "us", "USA", "U", "", "worldwide", "ZZ", "XK", "UK"})
    CHECK_FALSE(g.is_country(c));
  for (const char* r : {"US-ID", "GB-SCT", "CA-AB", "CA-ON", "AU-NSW", "AU-VIC", "US-DC", "GB-LND",
                        "FR-IDF", "CA-QC"})
    CHECK(g.is_region(r));
  for (const char* r :
       {"US-XX", "us-id", "US", "US-", "worldwide", "", "XX-ID", "GB-XYZ", "CA-ONT", "US-ID "})
    CHECK_FALSE(g.is_region(r));

  CHECK(g.country_name("US") == "United States");
  CHECK(g.country_name("GB") == "United Kingdom");
  CHECK(g.country_name("CA") == "Canada");
  CHECK(g.country_name("XX").empty());
  CHECK(g.country_name("worldwide").empty());
  CHECK(g.region_name("US-ID") == "Idaho");
  CHECK(g.region_name("CA-QC") == "Quebec");
  CHECK(g.region_name("GB-SCT") == "Scotland");
  CHECK(g.region_name("AU-NSW") == "New South Wales");
  CHECK(g.region_name("US-XX").empty());
  CHECK(g.place_count() > 200000);
  CHECK(g.postal_count() > 40000);
}

TEST_CASE("gazetteer: locate() a listing's structured location", "[gazetteer]") {
  const Gazetteer& g = gazetteer();
  auto p = g.locate("83843", "Moscow", "US-ID", "US");
  REQUIRE(p);
  CHECK(p->postal_code == "83843");
  CHECK(p->timezone == "America/Los_Angeles");

  p = g.locate("", "Moscow", "US-ID", "US");
  REQUIRE(p);
  CHECK(p->name == "Moscow");
  CHECK(p->region_code == "US-ID");
  CHECK(p->postal_code.empty());

  p = g.locate("", "New York", "US-NY", "US");  // GeoNames' own name is "New York City"
  REQUIRE(p);
  CHECK(p->name == "New York City");
  CHECK(p->population > 8000000);
  p = g.locate("10001", "New York", "US-NY", "US");
  REQUIRE(p);
  CHECK(p->postal_code == "10001");

  p = g.locate("", "Moscow", "", "");
  REQUIRE(p);
  CHECK(p->country == "RU");
  p = g.locate("", "Belleville", "CA-ON", "");
  REQUIRE(p);
  CHECK(p->region_code == "CA-ON");
  p = g.locate("", "Paris", "", "US");
  REQUIRE(p);
  CHECK(p->region_code == "US-TX");
  p = g.locate("", "montréal", "ca-qc", "ca");  // lower-case codes from a sloppy feed
  REQUIRE(p);
  CHECK(p->name == "Montréal");
  p = g.locate("", "Moskow", "US-ID", "US");  // one typo
  REQUIRE(p);
  CHECK(p->name == "Moscow");
  p = g.locate("2000", "Haymarket", "AU-NSW", "AU");
  REQUIRE(p);
  CHECK(p->name == "Haymarket");
  CHECK(p->postal_code == "2000");
  p = g.locate("2000", "", "", "AU");
  REQUIRE(p);
  CHECK(p->name == "Sydney");
  // A postal code that does not fit the region is ignored; the locality decides.
  p = g.locate("83843", "Boise", "US-ID", "US");
  REQUIRE(p);
  CHECK(p->postal_code == "83843");  // 83843 is in Idaho: kept
  p = g.locate("90210", "Boise", "US-ID", "US");
  REQUIRE(p);
  CHECK(p->name == "Boise");
  CHECK(p->postal_code.empty());
  // Finer ISO codes than GeoNames' first level are checked at country level.
  p = g.locate("", "London", "GB-LND", "GB");
  REQUIRE(p);
  CHECK(p->country == "GB");

  CHECK_FALSE(g.locate("", "Atlantis", "US-ID", "US"));
  CHECK_FALSE(g.locate("", "Moscow", "US-XX", "US"));
  CHECK_FALSE(g.locate("", "Moscow", "US-ID", "CA"));  // region outside the country
  CHECK_FALSE(g.locate("", "Moscow", "", "XX"));
  CHECK_FALSE(g.locate("", "", "US-ID", "US"));
  CHECK_FALSE(g.locate("", "Sydney", "CA-ON", ""));  // never outside the region
  CHECK_FALSE(g.locate("", "", "", ""));
}

TEST_CASE("gazetteer: nearest() populated place", "[gazetteer]") {
  const Gazetteer& g = gazetteer();
  auto p = g.nearest(46.7324, -117.0002);
  REQUIRE(p);
  CHECK(p->name == "Moscow");
  CHECK(p->timezone == "America/Los_Angeles");
  CHECK(kindred::gaz::haversine_km(46.7324, -117.0002, p->lat, p->lon) < 1);

  p = g.nearest(-33.87, 151.21);
  REQUIRE(p);
  CHECK(p->timezone == "Australia/Sydney");
  p = g.nearest(51.5, -0.12);
  REQUIRE(p);
  CHECK(p->timezone == "Europe/London");
  p = g.nearest(45.5, -73.6);
  REQUIRE(p);
  CHECK(p->timezone == "America/Toronto");
  // Across the antimeridian and far from land it still answers.
  p = g.nearest(-17.8, 179.99);
  REQUIRE(p);
  CHECK(p->country == "FJ");
  REQUIRE(g.nearest(0, -150));
  REQUIRE(g.nearest(90, 0));
  REQUIRE(g.nearest(-90, 0));
  CHECK_FALSE(g.nearest(std::numeric_limits<double>::quiet_NaN(), 0));
  CHECK_FALSE(g.nearest(91, 0));
  CHECK_FALSE(g.nearest(0, 181));

  // The grid search agrees with a brute-force scan of every city in the file.
  const std::string file = slurp(kPath);
  auto places = section(file, kindred::gaz::SectionId::kPlaces);
  auto meta_section = section(file, kindred::gaz::SectionId::kMeta);
  kindred::gaz::Meta meta;
  std::memcpy(&meta, file.data() + meta_section.offset, sizeof meta);
  std::vector<kindred::gaz::PlaceRec> cities(meta.city_count);
  std::memcpy(cities.data(), file.data() + places.offset, cities.size() * sizeof cities[0]);
  for (double lat = -70; lat <= 80; lat += 30) {
    for (double lon = -179.5; lon <= 180; lon += 60) {
      auto q = g.nearest(lat, lon);
      REQUIRE(q);
      double best = 1e18;
      for (const auto& c : cities)
        best = std::min(best, kindred::gaz::haversine_km(lat, lon, c.lat_e6 / 1e6, c.lon_e6 / 1e6));
      INFO(lat << "," << lon << " -> " << describe(*q));
      CHECK(kindred::gaz::haversine_km(lat, lon, q->lat, q->lon) == Approx(best).margin(1e-6));
    }
  }
  // And where places crowd a cell (the latitude bound passes most of them over), on a
  // cell's edge, and across the antimeridian.
  const std::pair<double, double> crowded[] = {{35.6895, 139.6917}, {51.5072, -0.1276}, {40.7128, -74.006},
                                               {19.076, 72.8777},   {-23.5505, -46.6333}, {52.0, 5.0},
                                               {-16.5, 179.9999},   {48.8566, 2.3522}};
  for (const auto& [lat, lon] : crowded) {
    auto q = g.nearest(lat, lon);
    REQUIRE(q);
    double best = 1e18;
    for (const auto& c : cities) best = std::min(best, kindred::gaz::haversine_km(lat, lon, c.lat_e6 / 1e6, c.lon_e6 / 1e6));
    INFO(lat << "," << lon << " -> " << describe(*q));
    CHECK(kindred::gaz::haversine_km(lat, lon, q->lat, q->lon) == Approx(best).margin(1e-6));
  }
}

TEST_CASE("gazetteer: concurrent lookups agree with serial ones", "[gazetteer]") {
  const Gazetteer& g = gazetteer();
  const std::vector<std::string> queries = {"Moscow, ID", "Sydney",       "83843",
                                            "2000",       "Calgery",      "Belleville, ON",
                                            "Montréal",   "Paris, France"};
  std::vector<std::string> expected;
  for (const auto& q : queries) expected.push_back(describe(g.lookup(q, 3).at(0)));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round)
        for (size_t i = 0; i < queries.size(); ++i)
          if (describe(g.lookup(queries[i], 3).at(0)) != expected[i]) ++mismatches[t];
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) CHECK(m == 0);
}

TEST_CASE("gazetteer: lookups take microseconds", "[gazetteer]") {
  const Gazetteer& g = gazetteer();
  const std::vector<std::string> queries = {
      "Moscow, ID", "Moscow", "83843",      "Belleville, ON", "Sydney",  "Montréal",
      "Calgary AB", "2000",   "Moskow, ID", "Sydny",          "Calgery", "Paris, France"};
  size_t found = 0;
  auto start = std::chrono::steady_clock::now();
  const int rounds = 200;
  for (int i = 0; i < rounds; ++i)
    for (const auto& q : queries) found += g.lookup(q).size();
  double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      static_cast<double>(rounds * queries.size());
  CHECK(found > 0);
  INFO("gazetteer lookup: " << us << " us per query (mean over " << rounds * queries.size() << ")");
  CHECK(us < 2000);  // generous for loaded CI machines; a few us is typical
}

TEST_CASE("gazetteer: a damaged, truncated or stale file is an error, not a crash", "[gazetteer]") {
  gazetteer();  // fails with the build hint when the real file is missing
  const std::string good = slurp(kPath);
  REQUIRE(good.size() > 1000);
  auto expect_corrupt = [](const std::string& name, const std::string& bytes, const char* why) {
    std::string path = write_temp(name, bytes);
    auto g = Gazetteer::open(path);
    std::remove(path.c_str());  // each copy is as big as the real file
    INFO(name);
    REQUIRE_FALSE(g);
    CHECK(g.error().code == ErrorCode::kCorrupt);
    CHECK_THAT(g.error().message, Catch::Contains(why));
    CHECK_THAT(g.error().message, Catch::Contains("rebuild"));
  };
  expect_corrupt("empty", "", "shorter than its header");
  expect_corrupt("short", good.substr(0, 40), "shorter than its header");
  expect_corrupt("truncated", good.substr(0, good.size() / 2), "truncated");
  expect_corrupt("garbage", std::string(4096, 'x'), "not a gazetteer file");

  std::string flipped = good;
  flipped[good.size() / 3] ^= 0x40;
  expect_corrupt("flipped", flipped, "checksum");

  std::string stale = good;
  uint32_t old_version = kindred::gaz::kFormatVersion + 1;
  std::memcpy(&stale[offsetof(kindred::gaz::FileHeader, version)], &old_version, 4);
  expect_corrupt("stale", stale, "format version");

  // Consistent checksums over inconsistent content: validation must catch it.
  std::string bad_section = good;
  auto places = section(good, kindred::gaz::SectionId::kPlaces);
  kindred::gaz::FileHeader h;
  std::memcpy(&h, good.data(), sizeof h);
  for (uint32_t i = 0; i < h.section_count; ++i) {
    kindred::gaz::SectionEntry s;
    std::memcpy(&s, good.data() + sizeof h + i * sizeof s, sizeof s);
    if (s.id != static_cast<uint32_t>(kindred::gaz::SectionId::kPlaces)) continue;
    s.size = good.size();  // runs past the end
    std::memcpy(&bad_section[sizeof h + i * sizeof s], &s, sizeof s);
  }
  reseal(bad_section);
  expect_corrupt("bad_section", bad_section, "section");

  std::string bad_place = good;
  uint32_t huge = 0xFFFFFFF0u;
  std::memcpy(&bad_place[places.offset + offsetof(kindred::gaz::PlaceRec, name)], &huge, 4);
  reseal(bad_place);
  expect_corrupt("bad_place", bad_place, "place record");

  std::string bad_index = good;
  auto names = section(good, kindred::gaz::SectionId::kNameIndex);
  std::memcpy(&bad_index[names.offset + offsetof(kindred::gaz::IndexEntry, value) + 8 * 10], &huge,
              4);
  reseal(bad_index);
  expect_corrupt("bad_index", bad_index, "index");

  auto missing = Gazetteer::open(std::string(KINDRED_BINARY_DIR) + "/no-such-gazetteer.bin");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("gazetteer: build_gazetteer reports missing sources", "[gazetteer]") {
  auto r = kindred::build_gazetteer(std::string(KINDRED_BINARY_DIR) + "/no-such-src",
                                    std::string(KINDRED_BINARY_DIR) + "/never-written.bin");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kNotFound);
  CHECK_THAT(r.error().message, Catch::Contains("scripts/fetch-gazetteer"));
  std::ifstream never(std::string(KINDRED_BINARY_DIR) + "/never-written.bin");
  CHECK_FALSE(never.good());
}

TEST_CASE("gazetteer: text normalisation", "[gazetteer]") {
  using kindred::gaz::normalize;
  CHECK(normalize("Montréal") == "montreal");
  CHECK(normalize("Straße") == "strasse");
  CHECK(normalize("Ørsted Æbeltoft Þingvellir") == "orsted aebeltoft thingvellir");
  CHECK(normalize("Łódź Kraków Gdańsk") == "lodz krakow gdansk");
  CHECK(normalize("Hà Nội Đà Nẵng") == "ha noi da nang");
  CHECK(normalize("Curaçao Señora Ñuñoa") == "curacao senora nunoa");
  CHECK(normalize("Constanța Şiria") == "constanta siria");
  CHECK(normalize("Mont-Saint-Michel") == "mont saint michel");
  CHECK(normalize("St. John's") == "st johns");
  CHECK(normalize("U.S.A.") == "usa");
  CHECK(normalize("  A  ,, b\t(c) ") == "a b c");
  CHECK(normalize("Montre\xCC\x81"
                  "al") == "montreal");  // decomposed e + combining acute
  CHECK(normalize("ZÜRICH") == "zurich");
  CHECK(normalize("Москва") == "москва");
  CHECK(normalize("\xff"
                  "abc") == "abc");
  CHECK(normalize("") == "");

  using kindred::gaz::edit_distance;
  CHECK(edit_distance("moscow", "moskow", 2) == 1);
  CHECK(edit_distance("moscow", "mosocw", 2) == 1);  // transposition
  CHECK(edit_distance("sydny", "sydney", 2) == 1);
  CHECK(edit_distance("calgary", "calgery", 2) == 1);
  CHECK(edit_distance("paris", "london", 2) == 3);  // capped at max + 1

  CHECK(kindred::gaz::title_case("ST KILDA EAST") == "St Kilda East");
  CHECK(kindred::gaz::title_case("MCMAHONS POINT") == "McMahons Point");
  CHECK(kindred::gaz::title_case("O'CONNOR") == "O'Connor");
  auto v = kindred::gaz::spelling_variants("saint louis");
  CHECK(std::find(v.begin(), v.end(), "st louis") != v.end());
  v = kindred::gaz::spelling_variants("st petersburg");
  CHECK(std::find(v.begin(), v.end(), "saint petersburg") != v.end());
}
