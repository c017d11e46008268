// @brief The libcurl fetcher against a local server: conditional requests, gzip, errors,
// timeouts, size limits, redirects, retries and parallelism; and the feed cache keeping
// the last good copy whatever goes wrong.
#include <catch2/catch.hpp>

#include <chrono>

#include "indexer/feed_cache.h"
#include "indexer/feeds.h"
#include "indexer/http_fetch.h"
#include "core/interop/meeting_guide.h"
#include "tests/feed_server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

test::FeedTestServer& server() {
  static test::FeedTestServer s;
  return s;
}

fetch::FetchOptions quick() {
  fetch::FetchOptions o;
  o.connect_timeout_ms = 2000;
  o.total_timeout_ms = 5000;
  o.retries = 0;
  o.backoff_ms = 50;
  return o;
}

fetch::FetchResult get(const std::string& path, const fetch::FetchOptions& o = quick(), const std::string& etag = "") {
  fetch::FetchRequest r;
  r.url = server().url(path);
  r.etag = etag;
  return fetch::fetch_all({r}, o).at(0);
}

const std::string kSmallFeed = R"([{"name": "Fixture meeting", "slug": "one", "day": 2, "time": "19:00",
  "city": "Belleville", "country": "CA", "latitude": 44.16, "longitude": -77.38}])";

}  // namespace

TEST_CASE("fetch: a body, its validators, then 304 Not Modified to a conditional request", "[fetch]") {
  server().set_body("etag", kSmallFeed);
  auto first = get("/feed/etag");
  REQUIRE(first.ok());
  CHECK(first.status == 200);
  CHECK(first.body == kSmallFeed);
  CHECK_FALSE(first.etag.empty());
  CHECK(first.last_modified == "Fri, 20 Nov 2026 10:00:00 GMT");
  auto second = get("/feed/etag", quick(), first.etag);
  CHECK(second.ok());
  CHECK(second.not_modified);
  CHECK(second.status == 304);
  CHECK(second.body.empty());
  CHECK(server().conditional_hits("/feed/etag") == 1);
}

TEST_CASE("fetch: gzip bodies are decoded", "[fetch]") {
  server().set_body("zipped", kSmallFeed);
  auto r = get("/gzip/zipped");
  REQUIRE(r.ok());
  CHECK(r.body == kSmallFeed);
}

TEST_CASE("fetch: failures are one line each, and transient ones are retried with backoff", "[fetch]") {
  auto o = quick();
  o.retries = 2;
  auto start = std::chrono::steady_clock::now();
  auto r = get("/status/500", o);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(r.error == "HTTP 500");
  CHECK(r.attempts == 3);
  CHECK(elapsed >= std::chrono::milliseconds(150));  // 50 + 100 ms of backoff
  CHECK(server().hits("/status/500") >= 3);

  auto missing = get("/status/404", o);
  CHECK(missing.error == "HTTP 404");
  CHECK(missing.attempts == 1);  // not transient

  o.total_timeout_ms = 500;
  o.retries = 0;
  auto slow = get("/slow", o);
  CHECK(slow.error == "timed out after 500 ms");

  auto o2 = quick();
  o2.max_body_bytes = 1 << 20;
  CHECK(get("/huge", o2).error.find("body larger than 1048576 bytes") == 0);
  auto chunked = get("/huge-chunked", o2);
  CHECK(chunked.error == "body larger than 1048576 bytes");
  CHECK(chunked.body.size() <= (1u << 20));

  auto loop = get("/loop");
  CHECK(loop.error == "too many redirects (more than 5)");
  CHECK(get("/to-ftp").error == "redirect to a non-http(s) URL refused");
  server().set_body("moved", kSmallFeed);
  auto moved = get("/moved/moved");
  CHECK(moved.ok());
  CHECK(moved.redirects == 1);
  CHECK(moved.body == kSmallFeed);
  CHECK(get("/x", o).error == "HTTP 404");
}

TEST_CASE("fetch: several at once (curl multi)", "[fetch]") {
  auto o = quick();
  o.parallel = 3;
  o.total_timeout_ms = 15000;
  std::vector<fetch::FetchRequest> requests(3);
  for (auto& r : requests) r.url = server().url("/slow");
  auto start = std::chrono::steady_clock::now();
  auto results = fetch::fetch_all(requests, o);
  auto elapsed = std::chrono::steady_clock::now() - start;
  for (const auto& r : results) {
    INFO(r.error);
    CHECK(r.ok());
  }
  // One after another would take 7.5 s; the server's workers may pair two requests up.
  CHECK(elapsed < std::chrono::milliseconds(6000));
}

TEST_CASE("fetch: url_host", "[fetch]") {
  CHECK(fetch::url_host("https://Example.ORG:8443/a?b") == "example.org");
  CHECK(fetch::url_host("http://user@host.example/") == "host.example");
  CHECK(fetch::url_host("mailto:x") == "");
}

TEST_CASE("feeds: refresh keeps the last good copy of a feed that breaks", "[fetch]") {
  auto types = MeetingGuideTypes::load(test::source_path("data/meeting-guide-types.json"));
  REQUIRE(types);
  ImportContext context{test::gazetteer(), &*types, "", "2026-11-22"};
  test::TempDir dir;
  feeds::FeedCache cache(dir.file("cache"));
  FeedSpec feed;
  feed.id = "flaky";
  feed.format = "meeting-guide";
  feed.url = server().url("/feed/flaky");
  feed.retries = 0;
  feed.defaults.topics = {"substance-use"};
  feeds::RefreshOptions options;
  options.fetch = quick();

  server().set_body("flaky", kSmallFeed);
  auto out = feeds::refresh_feeds({feed}, cache, options, context);
  REQUIRE(out[0].state == feeds::FeedState::kUpdated);
  CHECK(feeds::describe(out[0]) == "feed flaky: updated (1 items)");

  // Within refresh_minutes: not fetched again.
  int hits = server().hits("/feed/flaky");
  out = feeds::refresh_feeds({feed}, cache, options, context);
  CHECK(out[0].state == feeds::FeedState::kFresh);
  CHECK(server().hits("/feed/flaky") == hits);

  // Forced: a conditional request, answered 304.
  options.force = true;
  out = feeds::refresh_feeds({feed}, cache, options, context);
  CHECK(out[0].state == feeds::FeedState::kNotModified);

  // The feed now serves invalid JSON: reported, the good copy stays.
  server().set_body("flaky", "[{\"name\": ");
  out = feeds::refresh_feeds({feed}, cache, options, context);
  REQUIRE(out[0].state == feeds::FeedState::kFailed);
  std::string line = feeds::describe(out[0]);
  CHECK(line.find("feed flaky: FAILED: not a valid meeting-guide feed: line 1") == 0);
  CHECK(line.find("using the last good copy fetched") != std::string::npos);
  CHECK(cache.read("flaky").body == kSmallFeed);
  CHECK(cache.read("flaky").meta.last_error.find("not a valid") == 0);

  // A feed that never worked has no copy, and says so.
  FeedSpec never = feed;
  never.id = "never";
  never.url = server().url("/status/503");
  out = feeds::refresh_feeds({never}, cache, options, context);
  CHECK(feeds::describe(out[0]) == "feed never: FAILED: HTTP 503; no earlier copy, so none of its listings are included");
}

}  // namespace kindred
