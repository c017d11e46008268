// @brief Issue 19 item 4, one meeting, one result: the matcher's rules
// (core/index/duplicate_match.h); an index of two synthetic feeds that share three
// meetings (tests/fixtures/duplicates/), showing each meeting once with both sources,
// with an exact total and exact facet counts, and the hidden copy's id still answering;
// and the server's feed refresher following a feed that drops its copy, with no rebuild.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/index/duplicate_match.h"
#include "core/index/index_build.h"
#include "core/index/index_snapshot.h"
#include "core/index/index_store.h"
#include "core/interop/feed_config.h"
#include "core/moderation/feed_update.h"
#include "core/search/search.h"
#include "server/feed_refresher.h"
#include "tests/feed_fixture_support.h"
#include "tests/feed_server_support.h"
#include "tests/search_support.h"
#include "tests/store_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

MeetingCopy copy(const std::string& id, const std::string& origin, const std::string& name, double lat, double lon,
                 const std::string& times = "weekly/0/su/600") {
  return MeetingCopy{id, origin, meeting_name_key(name), times, lat, lon};
}

// 0.00027 degrees of latitude is 30 m; 0.0027 is 300 m.
constexpr double kLat = 44.16, kLon = -77.38, k30m = 0.00027, k300m = 0.0027;

std::vector<LoadedListing> fixture_feed(const std::string& feed_id, const std::string& file) {
  return test::accepted_feed_listings(feed_id, test::slurp(test::source_path("tests/fixtures/duplicates/" + file)));
}

// The search result for `q` (empty: everything) over `searcher`.
SearchResult find(Searcher& searcher, const std::string& q) {
  SearchRequest req = test::request();
  req.q = q;
  req.understand = false;
  req.per_page = 100;
  auto r = searcher.search(req);
  INFO((r ? std::string() : r.error().message));
  REQUIRE(r.ok());
  return std::move(*r);
}

std::vector<std::string> origins(const Hit& hit) {
  std::vector<std::string> out;
  for (const auto& s : hit.sources) out.push_back(s.origin);
  return out;
}

const Hit* hit_named(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("meeting_name_key: case, accents, punctuation, a leading The, and, a trailing Group, nothing fuzzier",
          "[duplicates]") {
  CHECK(meeting_name_key("The Sunday Serenity Group") == "sunday serenity");
  CHECK(meeting_name_key("sunday serenity") == "sunday serenity");
  CHECK(meeting_name_key("SUNDAY  SERENITY GROUP!") == "sunday serenity");
  CHECK(meeting_name_key("Café Hope") == meeting_name_key("Cafe Hope!"));
  CHECK(meeting_name_key("Men & Women") == meeting_name_key("Men and Women"));
  CHECK(meeting_name_key("Don't Quit") == "dont quit");
  // Not fuzzy: a plural, a word more, a number are other groups.
  CHECK(meeting_name_key("Serenity Seekers") != meeting_name_key("Serenity Seeker"));
  CHECK(meeting_name_key("Big Book") != meeting_name_key("Big Book Study"));
  CHECK(meeting_name_key("Step 11") != meeting_name_key("Step 12"));
  // "The" and "Group" only as whole words at the ends, and never the last word left.
  CHECK(meeting_name_key("Theology Group") == "theology");
  CHECK(meeting_name_key("Group Conscience") == "group conscience");
  CHECK(meeting_name_key("The Group") == "the group");
  CHECK(meeting_name_key("Grupo Esperanza") == "grupo esperanza");
  CHECK(meeting_name_key("!!!").empty());
}

TEST_CASE("weekly_times_key: days and start times, in any order, not end times", "[duplicates]") {
  Meeting a;
  a.days = {"we", "mo"};
  a.start_minute = 1170;
  a.end_minute = 1230;
  Meeting b = a;
  b.days = {"mo", "we"};
  b.end_minute.reset();
  CHECK(weekly_times_key({a}) == weekly_times_key({b}));
  CHECK(weekly_times_key({a}) == "weekly/0/mo/1170 weekly/0/we/1170");
  Meeting later = a;
  later.start_minute = 1200;
  CHECK(weekly_times_key({a}) != weekly_times_key({later}));
  Meeting monthly = a;
  monthly.frequency = "monthly";
  monthly.week_of_month = 1;
  CHECK(weekly_times_key({a}) != weekly_times_key({monthly}));
  CHECK(weekly_times_key({}).empty());
}

TEST_CASE("same_meeting: 30 m yes, 300 m no, the same times, two origins with a feed", "[duplicates]") {
  const auto a = copy("north-1", "feed:north", "Sunday Serenity", kLat, kLon);
  CHECK(same_meeting(a, copy("south-1", "feed:south", "sunday serenity group", kLat + k30m, kLon)));
  CHECK_FALSE(same_meeting(a, copy("south-1", "feed:south", "Sunday Serenity", kLat + k300m, kLon)));
  CHECK_FALSE(same_meeting(a, copy("south-1", "feed:south", "Sunday Serenity", kLat, kLon, "weekly/0/su/630")));
  CHECK_FALSE(same_meeting(a, copy("south-1", "feed:south", "Sunday Serenity", kLat, kLon, "")));
  CHECK_FALSE(same_meeting(a, copy("north-2", "feed:north", "Sunday Serenity", kLat, kLon)));  // one feed
  MeetingCopy unplaced = copy("south-1", "feed:south", "Sunday Serenity", kLat, kLon);
  unplaced.lat.reset();
  CHECK_FALSE(same_meeting(a, unplaced));
  // Two listings people wrote (a file, the store) are never merged automatically...
  CHECK_FALSE(same_meeting(copy("x-1", "listings/a.json", "Sunday Serenity", kLat, kLon),
                           copy("x-2", "store", "Sunday Serenity", kLat, kLon)));
  // ...but a feed copy of one of them is the same meeting.
  CHECK(same_meeting(a, copy("x-2", "store", "Sunday Serenity", kLat, kLon)));
}

TEST_CASE("find_duplicates: a listing from a file or the store is kept, else the smallest feed id", "[duplicates]") {
  auto groups = find_duplicates({copy("south-1", "feed:south", "Sunday Serenity", kLat + k30m, kLon),
                                 copy("north-1", "feed:north", "The Sunday Serenity Group", kLat, kLon),
                                 copy("west-9", "feed:west", "Sunday Serenity", kLat + 2 * k30m, kLon),
                                 copy("other", "feed:west", "Monday Serenity", kLat, kLon)});
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].kept == "north-1");
  CHECK(groups[0].hidden == std::vector<std::string>{"south-1", "west-9"});
  CHECK(groups[0].members == std::vector<std::string>{"north-1", "south-1", "west-9"});

  groups = find_duplicates({copy("a-1", "feed:a", "Sunday Serenity", kLat, kLon),
                            copy("z-1", "store", "Sunday Serenity", kLat, kLon),
                            copy("y-1", "listings/y.json", "Sunday Serenity", kLat, kLon)});
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].kept == "y-1");                              // from a file: kept
  CHECK(groups[0].hidden == std::vector<std::string>{"a-1"});  // the store's listing stays a result too
  CHECK(find_duplicates({copy("z-1", "store", "Sunday Serenity", kLat, kLon),
                         copy("y-1", "listings/y.json", "Sunday Serenity", kLat, kLon)})
            .empty());
}

TEST_CASE("two feeds sharing three meetings: one result each with both sources, exact counts", "[duplicates][index]") {
  LoadResult loaded;
  for (auto& l : fixture_feed("north", "north.json")) loaded.accepted.push_back(std::move(l));
  for (auto& l : fixture_feed("south", "south.json")) loaded.accepted.push_back(std::move(l));
  REQUIRE(loaded.accepted.size() == 14);
  // A listing from a file that is the same meeting as the feeds' Café Hope: it is kept,
  // both feed copies are hidden behind it.
  {
    LoadedListing file = loaded.accepted[1];  // north's Café Hope
    REQUIRE(file.listing.id == "north-hope");
    rapidjson::Document json;
    REQUIRE(parse_json(file.source.json, json).ok());
    json["id"].SetString("fixture-cafe-hope", json.GetAllocator());
    file.source.json = to_json(json);
    file.source.file = "tests/fixtures/duplicates (synthetic)";
    file.listing.id = "fixture-cafe-hope";
    loaded.accepted.push_back(std::move(file));
  }
  test::TempDir dir;
  auto report = build_index(loaded, dir.file("index"), test::gazetteer(), test::vocabulary());
  INFO((report ? std::string() : report.error().message));
  REQUIRE(report.ok());
  CHECK(report->indexed == 15);
  CHECK(report->duplicates_hidden == 4);  // south's Sunday Serenity and Big Book; both Café Hopes

  LiveIndex live(dir.file("index"));
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher.ok());
  // 15 listings, 11 meetings: each counted once in the total and in every facet.
  SearchResult all = find(*searcher, "");
  CHECK(all.total == 11);
  CHECK(all.hits.size() == 11);
  CHECK(searcher->listing_count() == 11);
  CHECK(test::facet_count(all, "day", "su") == 1);  // Sunday Serenity, in both feeds
  CHECK(test::facet_count(all, "day", "tu") == 1);  // Café Hope, in both feeds and a file
  CHECK(test::facet_count(all, "day", "th") == 1);  // Big Book, in both feeds
  CHECK(test::facet_count(all, "day", "fr") == 2);  // Lakeside Step Study: 300 m apart, two meetings
  CHECK(test::facet_count(all, "day", "sa") == 2);  // Night Owls at 21:00 and 21:30
  CHECK(test::facet_count(all, "day", "mo") == 2);  // Serenity Seekers and Serenity Seeker
  CHECK(test::facet_count(all, "day", "we") == 2);
  REQUIRE_FALSE(all.hits.empty());
  CHECK(test::facet_count(all, "kind", all.hits[0].kind) == 11);  // every meeting is of the feed's one kind
  uint64_t by_day = 0;
  for (const char* d : {"mo", "tu", "we", "th", "fr", "sa", "su"}) by_day += test::facet_count(all, "day", d);
  CHECK(by_day == all.total);  // each meeting meets on one day

  // One result, both sources, each with its feed's URL and the copy's id.
  SearchResult serenity = find(*searcher, "sunday serenity");
  REQUIRE(serenity.total == 1);
  const Hit& kept = serenity.hits[0];
  CHECK(kept.id == "north-serenity");
  CHECK(origins(kept) == std::vector<std::string>{"feed:north", "feed:south"});
  REQUIRE(kept.sources.size() == 2);
  CHECK(kept.sources[1].listing_id == "south-101");
  CHECK(kept.sources[0].url == "https://north.example/meetings.json");
  CHECK(kept.sources[1].url == "https://south.example/meetings.json");
  SearchResult hope = find(*searcher, "hope");
  REQUIRE(hope.total == 1);
  CHECK(hope.hits[0].id == "fixture-cafe-hope");  // a file's listing is never hidden by a feed copy
  CHECK(origins(hope.hits[0]) ==
        std::vector<std::string>{"tests/fixtures/duplicates (synthetic)", "feed:north", "feed:south"});
  // Not merged: 300 m apart, another time, another name.
  CHECK(find(*searcher, "lakeside").total == 2);
  CHECK(find(*searcher, "owls").total == 2);
  CHECK(find(*searcher, "seeker").total == 2);  // "Seekers" and "Seeker" (one stem)
  for (const char* id : {"north-step-study", "south-104"}) {
    const Hit* h = hit_named(all, id);
    REQUIRE(h);
    CHECK(h->sources.size() == 1);
  }

  // The hidden copy's id still answers, with the listing shown for it.
  auto hidden = searcher->listing_json("south-101");
  REQUIRE(hidden.ok());
  rapidjson::Document view;
  REQUIRE(parse_json(*hidden, view).ok());
  CHECK(std::string(view["listing"]["id"].GetString()) == "north-serenity");
  CHECK(std::string(view["requested_id"].GetString()) == "south-101");
  CHECK(view["copies"].Size() == 2);
  auto shown = searcher->listing_json("north-serenity");
  REQUIRE(shown.ok());
  CHECK(shown->find("requested_id") == std::string::npos);
  CHECK(searcher->listing_json("south-nothing").error().code == ErrorCode::kNotFound);
}

TEST_CASE("feed refresh: a feed that drops its copy leaves the meeting findable from the other, in one refresh",
          "[duplicates][refresh]") {
  const std::string north = test::slurp(test::source_path("tests/fixtures/duplicates/north.json"));
  const std::string south = test::slurp(test::source_path("tests/fixtures/duplicates/south.json"));
  rapidjson::Document north_items;
  REQUIRE(parse_json(north, north_items).ok());
  north_items.Erase(north_items.Begin());  // "The Sunday Serenity Group" dropped by the north feed
  const std::string north_without = to_json(north_items);

  test::FeedTestServer server;
  server.set_body("north", north);
  server.set_body("south", south);
  test::StoreFixture fixture;
  auto specs = parse_feeds(R"({"format": "kindred-feeds/1", "feeds": [)" +
                               test::feed_entry("north", server.url("/feed/north")) + "," +
                               test::feed_entry("south", server.url("/feed/south")) + "]}",
                           "feeds.json");
  REQUIRE(specs.ok());
  ListingValidator validator(test::schema(), test::gazetteer());
  http::FeedRefresherOptions options;
  options.index_path = fixture.index();
  options.cache_dir = fixture.dir.file("cache");
  options.refresh_seconds = 60;
  http::FeedRefresher refresher(*specs, options, test::gazetteer(), test::vocabulary(), validator,
                                &test::meeting_guide_types());
  const std::string generation = IndexStore(fixture.index()).current_generation();
  LiveIndex live(fixture.index());
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher.ok());
  const uint64_t files = find(*searcher, "").total;

  auto now = std::chrono::system_clock::now();
  int refreshes = 0;
  auto refresh = [&] { refresher.run_once(now + std::chrono::seconds(61) * refreshes++); };
  refresh();
  CHECK(find(*searcher, "").total == files + 11);
  SearchResult r = find(*searcher, "sunday serenity");
  REQUIRE(r.total == 1);
  CHECK(r.hits[0].id == "north-serenity");
  CHECK(origins(r.hits[0]) == std::vector<std::string>{"feed:north", "feed:south"});

  // North drops its copy: the south's copy is shown, in this one refresh.
  server.set_body("north", north_without);
  refresh();
  CHECK(refresher.status()[0].last_apply.removed == 1);
  r = find(*searcher, "sunday serenity");
  REQUIRE(r.total == 1);
  CHECK(r.hits[0].id == "south-101");
  CHECK(origins(r.hits[0]) == std::vector<std::string>{"feed:south"});
  CHECK(find(*searcher, "").total == files + 11);
  CHECK(searcher->listing_json("north-serenity").error().code == ErrorCode::kNotFound);  // gone from every feed

  // North lists it again, and the south drops its copy: the north's is shown.
  server.set_body("north", north);
  refresh();
  r = find(*searcher, "sunday serenity");
  REQUIRE(r.total == 1);
  CHECK(r.hits[0].id == "north-serenity");
  CHECK(r.hits[0].sources.size() == 2);
  rapidjson::Document south_items;
  REQUIRE(parse_json(south, south_items).ok());
  south_items.Erase(south_items.Begin());
  server.set_body("south", to_json(south_items));
  refresh();
  r = find(*searcher, "sunday serenity");
  REQUIRE(r.total == 1);
  CHECK(r.hits[0].id == "north-serenity");
  CHECK(r.hits[0].sources.size() == 1);
  CHECK(find(*searcher, "").total == files + 11);
  CHECK(IndexStore(fixture.index()).current_generation() == generation);  // no rebuild
}

TEST_CASE("a moderator merges and splits listings by hand: audited, live at once, kept across a rebuild",
          "[duplicates][moderation]") {
  test::StoreServer server;
  test::StoreFixture& fixture = server.fixture();
  for (const char* feed : {"north", "south"}) {
    auto applied = apply_feed_update(fixture.index(), feed, fixture_feed(feed, std::string(feed) + ".json"),
                                     test::gazetteer(), test::vocabulary());
    REQUIRE(applied.ok());
  }
  auto total = [&](const std::string& q) {
    test::HttpResponse r = server.send("GET", "/api/v1/search?q=" + q);
    REQUIRE(r.status == 200);
    rapidjson::Document d;
    REQUIRE(parse_json(r.body, d).ok());
    return d["total"].GetUint64();
  };
  const uint64_t everything = total("");
  const std::string mod = fixture.mod;

  // Night Owls at 21:00 and at 21:30: the matcher keeps them apart; a moderator who knows
  // they are one meeting (a feed's typo) merges them.
  REQUIRE(total("owls") == 2);
  test::HttpResponse merged = server.send("POST", "/api/v1/listings/south-105/merge", mod, R"({"into": "north-night-owls"})");
  INFO(merged.body);
  REQUIRE(merged.status == 200);
  CHECK(merged.body.find(R"("live":true)") != std::string::npos);
  CHECK(total("owls") == 1);
  CHECK(total("") == everything - 1);
  test::HttpResponse saved = server.send("GET", "/api/v1/listings/south-105");
  REQUIRE(saved.status == 200);  // the hidden copy's link still answers
  CHECK(saved.body.find(R"("requested_id":"south-105")") != std::string::npos);
  CHECK(saved.body.find(R"("id":"north-night-owls")") != std::string::npos);

  // Sunday Serenity, matched by the rules: a moderator splits it.
  REQUIRE(total("serenity%20sunday") == 1);
  test::HttpResponse split = server.send("POST", "/api/v1/listings/south-101/split", mod, R"({"from": "north-serenity"})");
  INFO(split.body);
  REQUIRE(split.status == 200);
  CHECK(total("serenity%20sunday") == 2);
  CHECK(total("") == everything);

  // Refusals: not a moderator (audited), a bad body, an unknown listing, itself.
  CHECK(server.send("POST", "/api/v1/listings/south-102/merge", fixture.voices, R"({"into": "north-hope"})").status == 403);
  CHECK(server.send("POST", "/api/v1/listings/south-102/merge", mod, R"({"to": "north-hope"})").status == 400);
  CHECK(server.send("POST", "/api/v1/listings/south-102/merge", mod, R"({"into": "Not An Id"})").status == 400);
  CHECK(server.send("POST", "/api/v1/listings/south-102/merge", mod, R"({"into": "north-nothing"})").status == 404);
  CHECK(server.send("POST", "/api/v1/listings/south-102/merge", mod, R"({"into": "south-102"})").status == 400);
  CHECK(server.send("GET", "/api/v1/listings/south-102/merge", mod).status == 405);
  auto log = fixture.store->audit_log(0, 1000);
  REQUIRE(log.ok());
  std::vector<std::string> actions;
  for (const auto& e : *log) {
    if (e.listing_id == "south-105" || e.listing_id == "south-101" || e.listing_id == "south-102") {
      actions.push_back(e.action + " " + e.listing_id + " " + e.detail);
    }
  }
  CHECK(std::count(actions.begin(), actions.end(), "merge south-105 into north-night-owls") == 1);
  CHECK(std::count(actions.begin(), actions.end(), "split south-101 apart from north-serenity") == 1);
  CHECK(std::count_if(actions.begin(), actions.end(), [](const std::string& a) { return a.rfind("refused", 0) == 0; }) == 1);

  // Two listings from the data files, merged; a full rebuild from the files and the store
  // keeps the decision (the feeds' listings are not in that build).
  REQUIRE(server.send("POST", "/api/v1/listings/fixture-sydney-veterans/merge", mod,
                      R"({"into": "fixture-moscow-bipolar-group"})").status == 200);
  fixture.rebuild();
  test::HttpResponse after = server.send("GET", "/api/v1/listings/fixture-sydney-veterans");
  REQUIRE(after.status == 200);
  CHECK(after.body.find(R"("requested_id":"fixture-sydney-veterans")") != std::string::npos);
  CHECK(after.body.find(R"("origin":)") != std::string::npos);
  // Splitting them again shows both.
  REQUIRE(server.send("POST", "/api/v1/listings/fixture-sydney-veterans/split", mod,
                      R"({"from": "fixture-moscow-bipolar-group"})").status == 200);
  CHECK(server.send("GET", "/api/v1/listings/fixture-sydney-veterans").body.find("requested_id") == std::string::npos);
}

}  // namespace kindred
