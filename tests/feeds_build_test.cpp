// @brief `kindred-index build --feeds` end to end (issue 6's acceptance): one good feed
// and three broken ones; the build includes the good one, keeps the last good copy of
// each broken one, and reports each failure in one line. Also `fetch` and `check-links`.
#include <catch2/catch.hpp>

#include <regex>

#include <rapidjson/document.h>

#include "core/index/index_snapshot.h"
#include "core/search/search.h"
#include "indexer/feed_cache.h"
#include "tests/feed_server_support.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

// A one-meeting Meeting Guide feed standing for a broken feed's last good copy.
std::string last_good(const std::string& slug) {
  return R"([{"name": "Last good copy )" + slug + R"(", "slug": ")" + slug +
         R"(", "day": 3, "time": "18:00", "address": "1 Fixture St", "city": "Belleville", "country": "CA",
            "latitude": 44.16, "longitude": -77.38, "types": ["O"]}])";
}

std::string feed_entry(const std::string& id, const std::string& url, const std::string& extra = "") {
  return R"({"id": ")" + id + R"(", "url": ")" + url + R"(", "format": "meeting-guide", "retries": 0,
             "timeout_seconds": 1)" + extra + R"json(, "defaults": {"topics": ["substance-use"], "cost": "donation",
             "organization": {"name": "Fixture intergroup (synthetic)"}}})json";
}

int count_lines(const std::string& text, const std::string& needle) {
  int n = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    n += text.substr(start, end - start).find(needle) != std::string::npos;
    start = end + 1;
  }
  return n;
}

}  // namespace

TEST_CASE("build --feeds: one good feed and three broken ones", "[feeds][e2e]") {
  KINDRED_NEED_SAMPLE(ontario, "meeting-guide/ontario-sample-feed.json");
  test::FeedTestServer server;
  server.set_body("good", test::slurp(ontario));
  server.set_body("invalid", "[{\"name\": \"cut off");
  test::TempDir dir;
  std::string feeds_file = dir.file("feeds.json");
  test::write_file(feeds_file, R"({"format": "kindred-feeds/1", "feeds": [)" +
                                   feed_entry("good", server.url("/gzip/good")) + "," +
                                   feed_entry("down", server.url("/status/500")) + "," +
                                   feed_entry("slow", server.url("/slow")) + "," +
                                   feed_entry("invalid", server.url("/feed/invalid")) + "]}");
  // The broken feeds worked once: their last good copies are in the cache.
  feeds::FeedCache cache(dir.file("cache"));
  for (const char* id : {"down", "slow", "invalid"}) {
    std::string url = server.url(std::string(id) == "down" ? "/status/500" : std::string(id) == "slow" ? "/slow" : "/feed/invalid");
    REQUIRE(cache.store(id, last_good(id), {url, "\"old\"", "", "2026-01-05T08:00:00Z", "2026-01-05T08:00:00Z", ""}));
  }

  std::string index = dir.file("index");
  auto r = test::run_command(test::binary_path("indexer/kindred-index") + " build --data tests/fixtures/listings --out " +
                             index + " --feeds " + feeds_file + " --cache " + dir.file("cache"));
  INFO(r.output);
  CHECK(r.exit_code == 2);  // built, but not every feed could be refreshed
  CHECK(count_lines(r.output, "FAILED") == 3);
  CHECK(count_lines(r.output, "feed down: FAILED: HTTP 500; using the last good copy fetched 2026-01-05T08:00:00Z") == 1);
  CHECK(count_lines(r.output, "feed slow: FAILED: timed out after 1000 ms; using the last good copy") == 1);
  CHECK(count_lines(r.output, "feed invalid: FAILED: not a valid meeting-guide feed: line 1") == 1);
  CHECK(count_lines(r.output, "feed good: updated (45 items)") == 1);
  CHECK(count_lines(r.output, "feed good: 45 of 45 listings accepted") == 1);

  LiveIndex live(index);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  CHECK(searcher->listing_count() == test::kFixtureFindable + 45 + 3);
  for (const char* id : {"good-8", "down-down", "slow-slow", "invalid-invalid"}) {
    INFO(id);
    CHECK(searcher->listing_json(id));
  }
  // The broken feeds' copies are untouched; their failures are recorded beside them.
  CHECK(cache.read("invalid").body == last_good("invalid"));
  CHECK(cache.read("down").meta.last_error == "HTTP 500");
  CHECK(cache.read("good").meta.etag.size() > 2);

  // fetch again, forced: the good feed answers 304 to its ETag.
  auto again = test::run_command(test::binary_path("indexer/kindred-index") + " fetch --force --feeds " + feeds_file +
                                 " --cache " + dir.file("cache"));
  INFO(again.output);
  CHECK(again.exit_code == 2);
  CHECK(count_lines(again.output, "feed good: not modified since") == 1);
  CHECK(server.conditional_hits("/gzip/good") == 1);
}

TEST_CASE("fetch: a bad feeds file is refused with every problem", "[feeds][e2e]") {
  test::TempDir dir;
  test::write_file(dir.file("feeds.json"), R"({"format": "kindred-feeds/1", "feeds": [
      {"id": "X", "url": "ftp://a", "format": "rss", "colour": 1}]})");
  auto r = test::run_command(test::binary_path("indexer/kindred-index") + " fetch --feeds " + dir.file("feeds.json") +
                             " --cache " + dir.file("cache"));
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("feeds[0].id") != std::string::npos);
  CHECK(r.output.find("feeds[0].url") != std::string::npos);
  CHECK(r.output.find("feeds[0].format") != std::string::npos);
  CHECK(r.output.find("feeds[0].colour: unknown field") != std::string::npos);
}

TEST_CASE("the shipped data/feeds.json is valid and claims no real feed it does not have", "[feeds]") {
  test::TempDir dir;
  auto r = test::run_command(test::binary_path("indexer/kindred-index") + " fetch --feeds data/feeds.json --cache " +
                             dir.file("cache"));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("FAILED") == std::string::npos);
}

}  // namespace kindred
