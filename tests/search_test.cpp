// @brief Search features over a real fixture index: text, synonyms, prefixes, phrases,
// spelling, stop words, ranking, facets, place, time, status, and bad requests.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "tests/search_support.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

SearchResult search(SearchRequest r) {
  auto result = test::fixture_searcher().search(r);
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

SearchResult search_q(const std::string& q) {
  SearchRequest r = test::request();
  r.q = q;
  return search(r);
}

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

bool has(const SearchResult& r, const std::string& id) {
  auto v = ids(r);
  return std::find(v.begin(), v.end(), id) != v.end();
}

const Hit& hit(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.id == id) return h;
  }
  FAIL("no hit " << id);
  throw;
}

Error search_error(SearchRequest r) {
  auto result = test::fixture_searcher().search(r);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == ErrorCode::kInvalidArgument);
  return result.error();
}

}  // namespace

TEST_CASE("text: words, stems, synonyms, prefixes and phrases", "[search][text]") {
  CHECK(ids(search_q("bipolar")) == std::vector<std::string>{"fixture-moscow-bipolar-group"});
  CHECK(has(search_q("manic depression"), "fixture-moscow-bipolar-group"));
  CHECK(ids(search_q("dermatillomania")) == std::vector<std::string>{"fixture-online-bfrb-forum"});
  CHECK(has(search_q("skin picking"), "fixture-online-bfrb-forum"));
  CHECK(has(search_q("excoriation"), "fixture-online-bfrb-forum"));
  CHECK(ids(search_q("vets")) == std::vector<std::string>{"fixture-sydney-veterans"});
  CHECK(has(search_q("military"), "fixture-sydney-veterans"));
  CHECK(has(search_q("queer"), "fixture-lgbtq-youth-online"));
  CHECK(has(search_q("teen"), "fixture-lgbtq-youth-online"));
  CHECK(has(search_q("bipo"), "fixture-moscow-bipolar-group"));  // typing: last word is a prefix
  CHECK(has(search_q("\"hearing voices\""), "fixture-london-hearing-voices"));
  CHECK(search_q("\"voices hearing\"").total == 0);
  CHECK(has(search_q("groups"), "fixture-moscow-bipolar-group"));  // stemmed
  auto not_bipolar = search_q("NOT bipolar ");
  CHECK(not_bipolar.total == 6);
  CHECK_FALSE(has(not_bipolar, "fixture-moscow-bipolar-group"));
}

TEST_CASE("text: snippets are the listing's own text, never unescaped or marked up", "[search][text]") {
  // Every text hit's snippet, without its ellipses, is a verbatim slice of the description.
  for (const char* q : {"bfrb forum ", "psychosis ", "bipolar ", "hearing voices "}) {
    auto r = search_q(q);
    REQUIRE_FALSE(r.hits.empty());
    for (const auto& h : r.hits) {
      auto json = test::fixture_searcher().listing_json(h.id);
      REQUIRE(json.ok());
      std::string snippet = h.snippet;
      for (size_t at; (at = snippet.find("…")) != std::string::npos;) snippet.erase(at, std::string("…").size());
      INFO(q << " -> " << h.id << ": " << h.snippet);
      CHECK_FALSE(snippet.empty());
      CHECK_THAT(*json, Catch::Contains(snippet));
    }
  }
}

TEST_CASE("text: a misspelling that finds nothing is corrected, and says so", "[search][text]") {
  auto r = search_q("bipoler ");
  CHECK(r.total >= 1);
  CHECK_FALSE(r.suggestion.has_value());
  REQUIRE(r.corrected.has_value());
  CHECK(r.corrected->from == "bipoler ");
  CHECK(r.corrected->to == "bipolar ");
  CHECK_FALSE(search_q("bipolar").suggestion.has_value());
  CHECK_FALSE(search_q("bipolar").corrected.has_value());
}

TEST_CASE("text: stop words or punctuation alone still answer", "[search][text]") {
  CHECK(search_q("the of and ").total == 7);
  CHECK(search_q("!!! ").total == 7);
  CHECK(search_q("").total == 7);
}

TEST_CASE("text: a match in topics outranks one deep in a description", "[search][text]") {
  auto r = search_q("psychosis ");
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].id == "fixture-london-hearing-voices");
  CHECK(r.hits[1].id == "fixture-idaho-warmline");
  CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE("facets: exact counts, OR within, AND across, exclusions, disjunctive", "[search][facets]") {
  auto all = search(test::request());
  CHECK(all.total == 7);
  CHECK(test::facet_count(all, "kind", "support-group") == 4);
  CHECK(test::facet_count(all, "kind", "online-forum") == 1);
  CHECK(test::facet_count(all, "attendance", "online") == 4);
  CHECK(test::facet_count(all, "language", "fr-CA") == 1);
  CHECK(test::facet_count(all, "language", "es") == 2);
  CHECK(test::facet_count(all, "region", "US-ID") == 2);  // the Moscow group and the Idaho warmline
  CHECK(test::facet_count(all, "day", "tu") == 1);
  CHECK(test::facet_count(all, "time_of_day", "evening") == 2);
  CHECK(test::facet_count(all, "cost", "unknown") == 0);  // every closed value is listed, even at 0
  for (const auto& f : all.facets) {
    INFO(f.name);
    CHECK_FALSE(f.values.empty());
    for (const auto& v : f.values) CHECK_FALSE(v.label.empty());
  }

  SearchRequest r = test::request();
  r.filters["kind"].include = {"support-group"};
  auto groups = search(r);
  CHECK(groups.total == 4);
  CHECK(test::facet_count(groups, "kind", "online-forum") == 1);      // own selection does not narrow
  CHECK(test::facet_count(groups, "attendance", "online") == 2);      // other facets are narrowed
  r.filters["kind"].include = {"support-group", "warmline"};   // OR within
  CHECK(search(r).total == 5);
  r.filters["attendance"].include = {"online"};                 // AND across
  CHECK(search(r).total == 2);

  SearchRequest ex = test::request();
  ex.filters["attendance"].exclude = {"online"};
  auto offline = search(ex);
  CHECK(offline.total == 3);
  CHECK_FALSE(has(offline, "fixture-london-hearing-voices"));
  CHECK(test::facet_count(offline, "attendance", "online") == 4);  // disjunctive
}

TEST_CASE("place: near a postal code finds nearby groups and the online ones serving it", "[search][place]") {
  SearchRequest r = test::request();
  r.near = "83843";
  auto res = search(r);
  CHECK(res.total == 4);
  REQUIRE(res.place.has_value());
  CHECK(res.place->place.name == "Moscow");
  CHECK(res.place->place.region_code == "US-ID");
  CHECK(res.place->radius_km == kDefaultRadiusKm);
  const Hit& moscow = hit(res, "fixture-moscow-bipolar-group");
  REQUIRE(moscow.distance_km.has_value());
  CHECK(*moscow.distance_km < 5);
  CHECK_FALSE(moscow.serves_place);
  CHECK(hit(res, "fixture-idaho-warmline").serves_place);       // phone, US-ID
  CHECK(hit(res, "fixture-online-bfrb-forum").serves_place);    // online, US
  CHECK_FALSE(has(res, "fixture-calgary-recovery-college"));    // serves CA-AB only
  CHECK_FALSE(has(res, "fixture-london-hearing-voices"));
  CHECK(res.hits.front().id == "fixture-moscow-bipolar-group");  // nearest first when browsing

  SearchRequest c = test::request();
  c.near = "Calgary, AB";
  auto calgary = search(c);
  CHECK(has(calgary, "fixture-calgary-recovery-college"));
  CHECK(has(calgary, "fixture-online-bfrb-forum"));  // serves CA
  CHECK(calgary.total == 2);

  SearchRequest ll = test::request();
  ll.lat = 46.73;
  ll.lon = -117.0;
  ll.sort = SortOrder::kDistance;
  auto by_coords = search(ll);
  CHECK(by_coords.total == 4);
  CHECK(by_coords.hits.front().id == "fixture-moscow-bipolar-group");

  SearchRequest small = test::request();
  small.near = "Pullman, WA";  // ~12 km from Moscow, ID
  small.radius_km = 5;
  CHECK_FALSE(has(search(small), "fixture-moscow-bipolar-group"));
  small.radius_km = 25;
  CHECK(has(search(small), "fixture-moscow-bipolar-group"));
}

TEST_CASE("time: local days, times of day, and the next real meeting", "[search][time]") {
  SearchRequest r = test::request();
  r.filters["day"].include = {"tu"};
  CHECK(ids(search(r)) == std::vector<std::string>{"fixture-moscow-bipolar-group"});
  SearchRequest e = test::request();
  e.filters["time_of_day"].include = {"evening"};
  CHECK(search(e).total == 2);

  auto all = search(test::request());
  REQUIRE(hit(all, "fixture-moscow-bipolar-group").next_meeting.has_value());
  CHECK(hit(all, "fixture-moscow-bipolar-group").next_meeting->start == "2026-11-24T18:30:00-08:00");
  CHECK(hit(all, "fixture-moscow-bipolar-group").next_meeting->timezone == "America/Los_Angeles");
  CHECK(hit(all, "fixture-london-hearing-voices").next_meeting->start == "2026-11-26T19:00:00+00:00");
  CHECK(hit(all, "fixture-sydney-veterans").next_meeting->start == "2026-12-05T10:00:00+11:00");
  CHECK_FALSE(hit(all, "fixture-online-bfrb-forum").next_meeting.has_value());

  SearchRequest n = test::request();
  n.sort = SortOrder::kNext;
  auto next_ids = ids(search(n));
  REQUIRE(next_ids.size() >= 4);
  std::vector<std::string> first4(next_ids.begin(), next_ids.begin() + 4);
  CHECK(first4 == std::vector<std::string>{"fixture-lgbtq-youth-online", "fixture-moscow-bipolar-group",
                                           "fixture-london-hearing-voices", "fixture-sydney-veterans"});
}

TEST_CASE("status: closed never found, paused marked, old ones stale", "[search][status]") {
  CHECK(search_q("grief").total == 0);
  CHECK(test::fixture_searcher().listing_json("fixture-closed-group").error().code == ErrorCode::kNotFound);
  CHECK(test::fixture_searcher().listing_json("fixture-moscow-bipolar-group").ok());
  auto all = search(test::request());
  CHECK(hit(all, "fixture-idaho-warmline").status == "paused");
  CHECK(hit(all, "fixture-moscow-bipolar-group").status == "active");
  CHECK(hit(all, "fixture-moscow-bipolar-group").stale);          // verified 2025-06-01
  CHECK_FALSE(hit(all, "fixture-lgbtq-youth-online").stale);      // verified 2026-10-01
  CHECK(hit(all, "fixture-london-hearing-voices").stale);         // verified 2025-09-10, 14 months
  CHECK_FALSE(hit(all, "fixture-sydney-veterans").stale);         // verified 2026-06-30
}

TEST_CASE("paging is stable and complete", "[search]") {
  SearchRequest r = test::request();
  r.per_page = 3;
  std::vector<std::string> seen;
  for (uint32_t page = 1; page <= 3; ++page) {
    r.page = page;
    for (const auto& id : ids(search(r))) seen.push_back(id);
  }
  CHECK(seen.size() == 7);
  std::sort(seen.begin(), seen.end());
  CHECK(std::unique(seen.begin(), seen.end()) == seen.end());
  r.page = 9;
  CHECK(search(r).hits.empty());
}

TEST_CASE("bad requests are refused with the parameter named", "[search][errors]") {
  auto named = [](SearchRequest r, const std::string& param) {
    CHECK_THAT(search_error(std::move(r)).message, Catch::StartsWith(param));
  };
  SearchRequest r = test::request();
  r.filters["topic"].include = {"sadness"};
  named(r, "topic");
  r = test::request();
  r.filters["colour"].include = {"blue"};
  CHECK_THAT(search_error(r).message, Catch::Contains("colour"));
  r = test::request();
  r.filters["region"].include = {"US-XX"};
  named(r, "region");
  r = test::request();
  r.near = "83843";
  r.radius_km = 5000;
  named(r, "radius_km");
  r.radius_km = 0;
  named(r, "radius_km");
  r = test::request();
  r.page = 0;
  named(r, "page");
  r = test::request();
  r.per_page = 101;
  named(r, "per_page");
  r = test::request();
  r.q = std::string(10 * 1024, 'a');
  named(r, "q");
  r = test::request();
  r.near = "Xyzzyqwvplace";
  named(r, "near");
  r = test::request();
  r.lat = 46.7;
  named(r, "lon");
  r = test::request();
  r.lat = 95;
  r.lon = 0;
  named(r, "lat");
  r = test::request();
  r.sort = SortOrder::kDistance;
  named(r, "sort");
}

TEST_CASE("a searcher picks up a rebuilt index on its next call", "[search][live]") {
  test::TempDir dir;
  std::filesystem::copy(test::source_path("tests/fixtures/listings"), dir.file("data"));
  std::string out = dir.file("index");
  std::string build = test::binary_path("indexer/kindred-index") + " build --data " + dir.file("data") + " --out " + out;
  REQUIRE(test::run_command(build).exit_code == 0);
  LiveIndex live(out);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher.ok());
  SearchRequest r = test::request();
  r.q = "lighthouse";
  CHECK(searcher->search(r)->total == 0);

  std::string path = dir.file("data/warmline.json");
  std::string text = test::slurp(path);
  text.replace(text.find("Idaho Peer Warmline (fixture)"), 29, "Idaho Lighthouse Line (fixture)");
  test::write_file(path, text);
  REQUIRE(test::run_command(build).exit_code == 0);
  auto after = searcher->search(r);
  REQUIRE(after.ok());
  CHECK(after->total == 1);
  CHECK(searcher->listing_count() == 7);
}
