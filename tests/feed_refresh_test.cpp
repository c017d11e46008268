// @brief Feeds that refresh themselves (issue 19, item 3): a feed's new copy applied to
// the live index in place (core/moderation/feed_update.h), a sudden drop held
// (indexer/feeds.h), and kindred-serve --feeds following a local feed server as it
// changes, drops, breaks and shrinks feeds, with searches answering all along.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include <rapidjson/document.h>

#include "core/base/utc_time.h"
#include "core/index/index_store.h"
#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "core/moderation/feed_update.h"
#include "indexer/feeds.h"
#include "server/feed_refresher.h"
#include "tests/feed_fixture_support.h"
#include "tests/feed_server_support.h"
#include "tests/server_support.h"
#include "tests/store_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

using test::accepted_feed_listings;
using test::feed_body;
using test::feed_entry;

// One synthetic Meeting Guide meeting in Belleville, Ontario (fictional names).
std::string meeting(const std::string& slug, const std::string& name, const std::string& time = "18:00") {
  return test::fixture_meeting(slug, name, time);
}

bool has_id(const std::string& index, const std::string& id) {
  return Xapian::Database(index).term_exists("Q" + id);
}

}  // namespace

TEST_CASE("apply_feed_update: adds, changes, removes in place and leaves other sources alone", "[feeds][refresh]") {
  test::StoreFixture fixture;
  const std::string index = fixture.index();
  const std::string generation = IndexStore(index).current_generation();
  const auto docs = [&] { return Xapian::Database(index).get_doccount(); };
  const Xapian::doccount before = docs();

  // The feed id "fixture" shares its id prefix with the fixture files' listings: its
  // "london-hearing-voices" collides with a file's listing, which must stay the file's.
  auto first = accepted_feed_listings("fixture", feed_body({meeting("alpha", "Quillwort Fixture Group (synthetic)"),
                                              meeting("beta", "Marrowfen Fixture Group (synthetic)"),
                                              meeting("london-hearing-voices", "Impostor Fixture (synthetic)")}));
  auto r1 = apply_feed_update(index, "fixture", first, test::gazetteer(), test::vocabulary());
  REQUIRE(r1.ok());
  CHECK(r1->added == 2);
  CHECK(r1->kept_other_source == 1);
  CHECK(docs() == before + 2);
  CHECK(has_id(index, "fixture-alpha"));

  // The same copy again changes nothing.
  auto r2 = apply_feed_update(index, "fixture", first, test::gazetteer(), test::vocabulary());
  REQUIRE(r2.ok());
  CHECK(r2->unchanged == 2);
  CHECK(r2->added + r2->changed + r2->removed == 0);

  // beta moves to 19:30, alpha is gone, gamma is new.
  auto second = accepted_feed_listings("fixture", feed_body({meeting("beta", "Marrowfen Fixture Group (synthetic)", "19:30"),
                                               meeting("gamma", "Sallowby Fixture Group (synthetic)")}));
  auto r3 = apply_feed_update(index, "fixture", second, test::gazetteer(), test::vocabulary());
  REQUIRE(r3.ok());
  CHECK(r3->added == 1);
  CHECK(r3->changed == 1);
  CHECK(r3->removed == 1);
  CHECK_FALSE(has_id(index, "fixture-alpha"));
  CHECK(has_id(index, "fixture-gamma"));
  CHECK(Xapian::Database(index).get_document(*Xapian::Database(index).postlist_begin("Qfixture-beta"))
            .get_data().find("19:30") != std::string::npos);
  // The files' listings with the same id prefix are untouched; no rebuild happened.
  CHECK(has_id(index, "fixture-london-hearing-voices"));
  CHECK(has_id(index, "fixture-moscow-bipolar-group"));
  CHECK(docs() == before + 2);
  CHECK(IndexStore(index).current_generation() == generation);

  // An empty copy removes every listing of the feed, and only those.
  auto r4 = apply_feed_update(index, "fixture", {}, test::gazetteer(), test::vocabulary());
  REQUIRE(r4.ok());
  CHECK(r4->removed == 2);
  CHECK(docs() == before);
}

TEST_CASE("refresh_feeds with hold_drops: a copy below half of the last good one is held, not stored",
          "[feeds][refresh]") {
  test::FeedTestServer server;
  std::vector<std::string> six;
  for (int i = 0; i < 6; ++i) six.push_back(meeting("m" + std::to_string(i), "Fixture meeting (synthetic)"));
  server.set_body("f", feed_body(six));
  test::TempDir dir;
  auto specs = parse_feeds(R"({"format": "kindred-feeds/1", "feeds": [)" + feed_entry("ff", server.url("/feed/f")) + "]}",
                           "feeds.json");
  INFO((specs ? std::string() : specs.error().message));
  REQUIRE(specs.ok());
  feeds::FeedCache cache(dir.file("cache"));
  feeds::RefreshOptions options;
  options.force = true;
  options.hold_drops = true;
  options.fetch.backoff_ms = 10;
  ImportContext context{test::gazetteer(), &test::meeting_guide_types(), "", ""};
  auto first = feeds::refresh_feeds(*specs, cache, options, context);
  REQUIRE(first[0].state == feeds::FeedState::kUpdated);
  CHECK(cache.read("ff").meta.items == 6);

  // 3 of 6 is half: applied. Then 1 of 3 is below half: held, the copy of 3 stays.
  server.set_body("f", feed_body({six[0], six[1], six[2]}));
  CHECK(feeds::refresh_feeds(*specs, cache, options, context)[0].state == feeds::FeedState::kUpdated);
  server.set_body("f", feed_body({six[0]}));
  auto held = feeds::refresh_feeds(*specs, cache, options, context);
  CHECK(held[0].state == feeds::FeedState::kHeld);
  CHECK(held[0].items == 1);
  CHECK(held[0].last_items == 3);
  CHECK(feeds::describe(held[0]).find("HELD: 1 items, fewer than half of the last good copy's 3") != std::string::npos);
  CHECK(cache.read("ff").meta.items == 3);
  CHECK(cache.read("ff").body == feed_body({six[0], six[1], six[2]}));

  // Without the hold (a moderator confirmed), the drop is applied.
  options.hold_drops = false;
  CHECK(feeds::refresh_feeds(*specs, cache, options, context)[0].state == feeds::FeedState::kUpdated);
  CHECK(cache.read("ff").meta.items == 1);
}

TEST_CASE("kindred-index fetch holds a feed that shrinks by half until --accept-drops", "[feeds][refresh][e2e]") {
  test::FeedTestServer server;
  std::vector<std::string> four;
  for (int i = 0; i < 4; ++i) four.push_back(meeting("m" + std::to_string(i), "Fixture meeting (synthetic)"));
  server.set_body("f", feed_body(four));
  test::TempDir dir;
  test::write_file(dir.file("feeds.json"), R"({"format": "kindred-feeds/1", "feeds": [)" +
                                               feed_entry("ff", server.url("/feed/f")) + "]}");
  const std::string fetch = test::binary_path("indexer/kindred-index") + " fetch --feeds " + dir.file("feeds.json") +
                            " --cache " + dir.file("cache") + " --types " +
                            test::source_path("data/meeting-guide-types.json") + " --gazetteer " +
                            test::source_path("var/gazetteer/gazetteer.bin");
  auto first = test::run_command(fetch);
  INFO(first.output);
  CHECK(first.exit_code == 0);
  server.set_body("f", "[]");  // a broken feed that answers an empty list
  auto held = test::run_command(fetch + " --force");
  INFO(held.output);
  CHECK(held.exit_code == 2);
  CHECK(held.output.find("feed ff: HELD: 0 items, fewer than half of the last good copy's 4") != std::string::npos);
  feeds::FeedCache cache(dir.file("cache"));
  CHECK(cache.read("ff").meta.items == 4);
  auto accepted_drop = test::run_command(fetch + " --force --accept-drops");
  INFO(accepted_drop.output);
  CHECK(accepted_drop.exit_code == 0);
  CHECK(cache.read("ff").body == "[]");
}

TEST_CASE("FeedRefresher keeps each feed's refresh_minutes: a young cached copy is applied, not fetched",
          "[feeds][refresh]") {
  test::FeedTestServer server;
  const std::string body = feed_body({meeting("one", "Quillwort Fixture Group (synthetic)")});
  server.set_body("f", body);
  test::StoreFixture fixture;
  // refresh_minutes 60, and a copy fetched 10 minutes before "now".
  auto specs = parse_feeds(R"({"format": "kindred-feeds/1", "feeds": [)" +
                               feed_entry("ff", server.url("/feed/f")).insert(1, R"("refresh_minutes": 60, )") + "]}",
                           "feeds.json");
  REQUIRE(specs.ok());
  const auto now = std::chrono::system_clock::now();
  feeds::FeedCache cache(fixture.dir.file("cache"));
  REQUIRE(cache.store("ff", body, {server.url("/feed/f"), "", "", utc_rfc3339(now - std::chrono::minutes(10)),
                                   utc_rfc3339(now - std::chrono::minutes(10)), "", 1}));
  ListingValidator validator(test::schema(), test::gazetteer());
  http::FeedRefresherOptions options;
  options.index_path = fixture.index();
  options.cache_dir = fixture.dir.file("cache");
  http::FeedRefresher refresher(*specs, options, test::gazetteer(), test::vocabulary(), validator, &test::meeting_guide_types());

  refresher.run_once(now);
  CHECK(server.hits("/feed/f") == 0);
  CHECK(has_id(fixture.index(), "ff-one"));
  auto status = refresher.status();
  CHECK(status[0].state == "cached");
  CHECK(status[0].refresh_seconds == 3600);
  CHECK(status[0].last_apply.added == 1);

  refresher.run_once(now + std::chrono::minutes(49));  // 59 minutes old: not yet
  CHECK(server.hits("/feed/f") == 0);
  refresher.run_once(now + std::chrono::minutes(51));  // 61 minutes old: fetched
  CHECK(server.hits("/feed/f") == 1);
  status = refresher.status();
  CHECK(status[0].state == "updated");  // no validators were cached, so the body came again
  // The same meeting: unchanged, or changed only in its provenance date near midnight UTC.
  CHECK(status[0].last_apply.unchanged + status[0].last_apply.changed == 1);
  CHECK(status[0].last_apply.added + status[0].last_apply.removed == 0);
  refresher.run_once(now + std::chrono::minutes(52));  // due again an hour after that fetch
  CHECK(server.hits("/feed/f") == 1);
  refresher.run_once(now + std::chrono::minutes(112));
  CHECK(server.hits("/feed/f") == 2);
  CHECK(refresher.status()[0].state == "not_modified");  // its ETag was kept this time
  CHECK(refresher.status()[0].attempts == 2);
}

TEST_CASE("fetch_all gives up at once when cancelled (kindred-serve stops without waiting out a slow feed)",
          "[feeds][refresh]") {
  test::FeedTestServer server;
  std::atomic<bool> cancel{false};
  fetch::FetchOptions options;
  options.cancel = &cancel;
  options.retries = 3;
  std::vector<fetch::FetchRequest> requests(2);
  requests[0].url = server.url("/slow");  // answers after 2.5 s
  requests[1].url = server.url("/status/500");  // retried with backoff
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  auto started = std::chrono::steady_clock::now();
  auto results = fetch::fetch_all(requests, options);
  auto took = std::chrono::steady_clock::now() - started;
  canceller.join();
  CHECK(took < std::chrono::milliseconds(1500));
  for (const auto& r : results) {
    CHECK(r.error == "cancelled: the fetcher is stopping");
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("feed routes on a server without --feeds are 404 and say why", "[feeds][refresh][server]") {
  for (const char* target : {"/api/v1/feeds", "/api/v1/feeds/fixa/confirm"}) {
    test::HttpResponse r = test::get(target);
    CHECK(r.status == 404);
    CHECK(r.body.find("refreshes no feeds (kindred-serve --feeds)") != std::string::npos);
  }
  CHECK(test::get("/api/v1/feeds/fixa/other").status == 404);
  CHECK(test::get("/metrics").body.find("kindred_feed_") == std::string::npos);
}

}  // namespace kindred
