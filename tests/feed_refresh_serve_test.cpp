// @brief Issue 19's refresh acceptance: the real kindred-serve with --feeds and a
// 1-second refresh against a local feed server. A feed's meeting is renamed, one is
// dropped, a feed breaks, a feed shrinks to a third (held until a moderator confirms):
// search follows each within a refresh or two, the index generation never changes (no
// full rebuild), and a client searching all the while never sees a failure.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include <rapidjson/document.h>

#include "core/index/index_store.h"
#include "tests/feed_fixture_support.h"
#include "tests/feed_server_support.h"
#include "tests/http_support.h"
#include "tests/store_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

using test::feed_body;
using test::feed_entry;

std::string meeting(const std::string& slug, const std::string& name) { return test::fixture_meeting(slug, name); }

// A feeds-file entry with "enabled": false.
std::string disabled(std::string entry) { return entry.insert(1, R"("enabled": false, )"); }

// Total of GET /api/v1/search?q=WORD; -1 when the search did not answer 200.
long long total(uint16_t port, const std::string& word) {
  test::HttpResponse r = test::http_get(port, "/api/v1/search?q=" + word);
  if (r.status != 200) return -1;
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("total")) return -1;
  return static_cast<long long>(d["total"].GetUint64());
}

bool eventually(const std::function<bool()>& done, int seconds = 20) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

// The status object of feed `id` from GET /api/v1/feeds (moderator token).
rapidjson::Document feed_status(uint16_t port, const std::string& token, const std::string& id) {
  test::HttpResponse r = test::http_send(port, "GET", "/api/v1/feeds", "", {test::bearer(token)});
  REQUIRE(r.status == 200);
  rapidjson::Document all;
  all.Parse(r.body.c_str());
  REQUIRE(all.IsObject());
  rapidjson::Document one;
  for (const auto& f : all["feeds"].GetArray()) {
    if (std::string(f["id"].GetString()) == id) one.CopyFrom(f, one.GetAllocator());
  }
  REQUIRE(one.IsObject());
  return one;
}

}  // namespace

TEST_CASE("kindred-serve --feeds follows changed, dropped, broken and shrunken feeds without a rebuild",
          "[feeds][refresh][e2e]") {
  test::FeedTestServer feeds;
  // Synthetic meetings with invented words as names, so a search finds exactly them.
  std::vector<std::string> a = {meeting("one", "Quillwort Fixture Group (synthetic)"),
                                meeting("two", "Marrowfen Fixture Group (synthetic)"),
                                meeting("three", "Sallowby Fixture Group (synthetic)"),
                                meeting("four", "Thistlecombe Fixture Group (synthetic)")};
  feeds.set_body("a", feed_body(a));
  feeds.set_body("b", feed_body({meeting("one", "Brackenwold Fixture Group (synthetic)"),
                                 meeting("two", "Brackenwold Fixture Evening (synthetic)")}));
  test::StoreFixture fixture;
  // A feed that was in an earlier build and is now disabled: its listings must go.
  feeds.set_body("c", feed_body({meeting("one", "Fennimore Fixture Group (synthetic)")}));
  test::write_file(fixture.dir.file("feeds-c.json"), R"({"format": "kindred-feeds/1", "feeds": [)" +
                                                        feed_entry("fixc", feeds.url("/feed/c")) + "]}");
  auto built = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " +
                                 test::source_path("tests/fixtures/listings") + " --out " + fixture.index() +
                                 " --store " + fixture.store_path() + " --feeds " + fixture.dir.file("feeds-c.json") +
                                 " --cache " + fixture.dir.file("cache"));
  INFO(built.output);
  REQUIRE(built.exit_code == 0);
  REQUIRE(Xapian::Database(fixture.index()).term_exists("Qfixc-one"));
  const std::string generation = IndexStore(fixture.index()).current_generation();
  test::write_file(fixture.dir.file("feeds.json"), R"({"format": "kindred-feeds/1", "feeds": [)" +
                                                      feed_entry("fixa", feeds.url("/feed/a")) + "," +
                                                      feed_entry("fixb", feeds.url("/feed/b")) + "," +
                                                      disabled(feed_entry("fixc", feeds.url("/feed/c"))) + "]}");
  test::ServeProcess serve(fixture.index(), fixture.store_path(),
                           {"--feeds", fixture.dir.file("feeds.json"), "--feed-cache", fixture.dir.file("cache"),
                            "--feed-refresh-seconds", "1", "--meeting-guide-types",
                            test::source_path("data/meeting-guide-types.json")});
  const uint16_t port = serve.port();

  // A client searching all the time: every answer must be a 200.
  std::atomic<bool> stop{false};
  std::atomic<long> searches{0}, failed{0};
  std::thread searcher([&] {
    test::HttpClient client;
    const char* words[] = {"quillwort", "brackenwold", "group", "hearing%20voices"};
    for (size_t i = 0; !stop; ++i) {
      test::HttpResponse r = client.request(port, std::string("/api/v1/search?q=") + words[i % 4]);
      ++searches;
      if (r.status != 200) ++failed;
    }
  });

  SECTION("the steps, in order") {
    // Both feeds arrive within a refresh; the disabled feed's listing leaves.
    REQUIRE(eventually([&] { return total(port, "quillwort") == 1 && total(port, "brackenwold") == 2; }));
    CHECK(eventually([&] { return total(port, "fennimore") == 0; }));
    CHECK(total(port, "thistlecombe") == 1);

    // Moderators only.
    CHECK(test::http_get(port, "/api/v1/feeds").status == 401);
    CHECK(test::http_send(port, "GET", "/api/v1/feeds", "", {test::bearer(fixture.voices)}).status == 403);
    auto status = feed_status(port, fixture.mod, "fixa");
    CHECK(std::string(status["state"].GetString()) == "updated");
    CHECK(status["items"].GetUint64() == 4);
    CHECK(status["accepted"].GetUint64() == 4);
    CHECK(status["rejected"].GetUint64() == 0);
    CHECK(status["last_success"].IsString());
    CHECK(status["held"].GetBool() == false);

    // Changed: "one" renamed. Removed: "four" dropped.
    a[0] = meeting("one", "Quillwort Renamed Larkspire Group (synthetic)");
    a.pop_back();
    feeds.set_body("a", feed_body(a));
    CHECK(eventually([&] { return total(port, "larkspire") == 1 && total(port, "thistlecombe") == 0; }));
    CHECK(total(port, "marrowfen") == 1);
    status = feed_status(port, fixture.mod, "fixa");
    CHECK(status["items"].GetUint64() == 3);

    // Broken: feed b answers invalid JSON; its last good copy stays searchable.
    feeds.set_body("b", "[{\"name\": \"cut off");
    CHECK(eventually([&] { return feed_status(port, fixture.mod, "fixb")["failures"].GetUint64() >= 2; }));
    status = feed_status(port, fixture.mod, "fixb");
    CHECK(std::string(status["state"].GetString()) == "failed");
    CHECK(std::string(status["last_error"].GetString()).find("not a valid meeting-guide feed") != std::string::npos);
    CHECK(total(port, "brackenwold") == 2);

    // Shrunk to 1 of 3 (below half): held, nothing leaves search.
    feeds.set_body("a", feed_body({a[0]}));
    CHECK(eventually([&] { return feed_status(port, fixture.mod, "fixa")["held"].GetBool(); }));
    status = feed_status(port, fixture.mod, "fixa");
    CHECK(status["held_items"].GetUint64() == 1);
    CHECK(status["items"].GetUint64() == 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two more refreshes
    CHECK(total(port, "marrowfen") == 1);
    CHECK(total(port, "sallowby") == 1);
    test::HttpResponse metrics = test::http_get(port, "/metrics");
    CHECK(metrics.body.find("kindred_feed_held{feed=\"fixa\"} 1") != std::string::npos);
    CHECK(metrics.body.find("kindred_feed_failing{feed=\"fixb\"} 1") != std::string::npos);
    CHECK(metrics.body.find("kindred_feed_items{feed=\"fixa\"} 3") != std::string::npos);

    // A moderator confirms the drop: applied at the next refresh.
    CHECK(test::http_send(port, "POST", "/api/v1/feeds/fixa/confirm", "", {test::bearer(fixture.voices)}).status == 403);
    CHECK(test::http_send(port, "POST", "/api/v1/feeds/nosuch/confirm", "", {test::bearer(fixture.mod)}).status == 404);
    CHECK(test::http_send(port, "POST", "/api/v1/feeds/fixa/confirm", "", {test::bearer(fixture.mod)}).status == 202);
    auto audit = fixture.store->audit_log(0, 1000);
    REQUIRE(audit.ok());
    size_t confirmations = 0;
    for (const auto& e : *audit) {
      confirmations += e.action == "feed_drop_confirmed" && e.actor == "mod" && e.detail == "feed fixa";
    }
    CHECK(confirmations == 1);
    CHECK(eventually([&] { return total(port, "marrowfen") == 0 && total(port, "sallowby") == 0; }));
    CHECK(total(port, "larkspire") == 1);
    CHECK(feed_status(port, fixture.mod, "fixa")["held"].GetBool() == false);
    CHECK(test::http_send(port, "POST", "/api/v1/feeds/fixa/confirm", "", {test::bearer(fixture.mod)}).status == 409);

    // The fixture files' listings are all still there, and no rebuild happened.
    CHECK(total(port, "hearing%20voices") >= 1);
    CHECK(IndexStore(fixture.index()).current_generation() == generation);
  }

  stop = true;
  searcher.join();
  INFO(searches << " searches meanwhile");
  CHECK(searches > 50);
  CHECK(failed == 0);
}

}  // namespace kindred
