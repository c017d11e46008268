// @brief The index round trip: build from fixtures, count, fetch by id, rebuild with a
// change, exit codes, and that a failed or killed build leaves the old index serving.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"
#include "tests/test_support.h"

using namespace kindred;
namespace fs = std::filesystem;

namespace {

std::string indexer() { return test::binary_path("indexer/kindred-index"); }

test::CommandResult build(const std::string& data, const std::string& out) {
  return test::run_command(indexer() + " build --data '" + data + "' --out '" + out + "'");
}

Xapian::Document fetch(const Xapian::Database& db, const std::string& id) {
  Xapian::PostingIterator it = db.postlist_begin(schema::term(schema::kIdPrefix, id));
  REQUIRE(it != db.postlist_end(schema::term(schema::kIdPrefix, id)));
  return db.get_document(*it);
}

// Synthetic listings (test data only), enough to make a build last a little while.
std::string synthetic_jsonl(size_t n, const std::string& tag) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += R"({"id":"synthetic-)" + tag + "-" + std::to_string(i) +
           R"(","name":"Synthetic group )" + std::to_string(i) +
           R"(","kind":"support-group","description":"Synthetic test listing for crash tests; depression and anxiety peer support.","organization":{"name":"Synthetic Org"},"topics":["depression","anxiety"],"attendance":["online"],"languages":["en"],"cost":"free","facilitation":"peer-led","service_area":["US"],"contact":{"url":"https://fixture.example/)" +
           std::to_string(i) + R"("},"last_verified":"2025-01-01","sources":[{"name":"Synthetic"}]})" + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("build indexes the fixtures and fetches them back by id", "[index]") {
  test::TempDir dir;
  std::string out = dir.file("index");
  auto r = build(test::source_path("tests/fixtures/listings"), out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("indexed 8 listings"));

  auto db = IndexStore::open(out);
  REQUIRE(db.ok());
  CHECK(db->get_doccount() == 8);

  Xapian::Document doc = fetch(*db, "fixture-moscow-bipolar-group");
  rapidjson::Document data;
  REQUIRE(parse_json(doc.get_data(), data).ok());
  CHECK(std::string(data["listing"]["name"].GetString()) == "Moscow Bipolar Peer Circle");
  // No lat/lon in the listing: filled from the gazetteer by ZIP 83843 (Moscow, Idaho).
  REQUIRE(data["computed"].HasMember("lat"));
  CHECK(data["computed"]["lat"].GetDouble() == Approx(46.73).margin(0.1));
  CHECK(data["computed"]["lon"].GetDouble() == Approx(-117.0).margin(0.1));
  CHECK(std::string(data["computed"]["geocoded_from"].GetString()) == "postal_code");

  // Facet terms are there, lower-cased.
  CHECK(db->term_exists(schema::term(schema::kTopicPrefix, "bipolar")));
  CHECK(db->term_exists(schema::term(schema::kRegionPrefix, "US-ID")));
  CHECK(db->term_exists(schema::term(schema::kLanguagePrefix, "fr-CA")));
  CHECK(db->term_exists(schema::term(schema::kLanguagePrefix, "fr")));
  CHECK(db->term_exists(schema::term(schema::kTimeOfDayPrefix, "evening")));
  CHECK(db->get_termfreq(schema::term(schema::kDayPrefix, "tu")) == 1);
  // A listing's own coordinates are kept as given.
  rapidjson::Document london;
  REQUIRE(parse_json(fetch(*db, "fixture-london-hearing-voices").get_data(), london).ok());
  CHECK(std::string(london["computed"]["geocoded_from"].GetString()) == "listing");
}

TEST_CASE("a rebuild with one listing changed replaces the index atomically", "[index]") {
  test::TempDir dir;
  fs::copy(test::source_path("tests/fixtures/listings"), dir.file("data"));
  std::string out = dir.file("index");
  REQUIRE(build(dir.file("data"), out).exit_code == 0);
  auto before = IndexStore::open(out);
  REQUIRE(before.ok());
  std::string first_gen = IndexStore(out).current_generation();

  std::string path = dir.file("data/warmline.json");
  std::string text = test::slurp(path);
  text.replace(text.find("Idaho Peer Warmline (fixture)"), 29, "Idaho Peer Talkline (fixture)");
  test::write_file(path, text);
  auto r = build(dir.file("data"), out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  auto after = IndexStore::open(out);
  REQUIRE(after.ok());
  CHECK(after->get_doccount() == 8);
  CHECK_THAT(fetch(*after, "fixture-idaho-warmline").get_data(), Catch::Contains("Idaho Peer Talkline"));
  // The reader opened before the swap still sees the old, complete index.
  CHECK_THAT(fetch(*before, "fixture-idaho-warmline").get_data(), Catch::Contains("Idaho Peer Warmline"));
  std::string second_gen = IndexStore(out).current_generation();
  CHECK(second_gen != first_gen);

  // A third build removes the first generation but keeps the one it replaced.
  REQUIRE(build(dir.file("data"), out).exit_code == 0);
  CHECK_FALSE(fs::exists(first_gen));
  CHECK(fs::exists(second_gen));
}

TEST_CASE("some bad listings: exit 2, the good ones indexed, each bad one named", "[index]") {
  test::TempDir dir;
  fs::copy(test::source_path("tests/fixtures/listings"), dir.file("data"));
  fs::copy(test::source_path("tests/fixtures/invalid/dozen-mistakes.json"), dir.file("data/mistakes.json"));
  std::string out = dir.file("index");
  auto r = build(dir.file("data"), out);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("rejected: " + dir.file("data/mistakes.json") + ": listings[1]"));
  CHECK_THAT(r.output, Catch::Contains("rejected: " + dir.file("data/mistakes.json") + ": listings[2]"));
  CHECK_THAT(r.output, Catch::Contains("listings[1].location.region: \"US-XX\" is not a region"));
  auto db = IndexStore::open(out);
  REQUIRE(db.ok());
  CHECK(db->get_doccount() == 9);  // 8 fixtures + the one valid listing of mistakes.json
  CHECK(db->term_exists(schema::term(schema::kIdPrefix, "fixture-valid-one")));
}

TEST_CASE("a failed build changes nothing and exits 1", "[index]") {
  test::TempDir dir;
  std::string out = dir.file("index");
  REQUIRE(build(test::source_path("tests/fixtures/listings"), out).exit_code == 0);
  std::string gen = IndexStore(out).current_generation();

  SECTION("no gazetteer") {
    auto r = test::run_command(indexer() + " build --data tests/fixtures/listings --out '" + out +
                               "' --gazetteer /nonexistent/gazetteer.bin");
    INFO(r.output);
    CHECK(r.exit_code == 1);
  }
  SECTION("every listing rejected") {
    test::write_file(dir.file("bad/one.json"), R"({"id": "x"})");
    auto r = build(dir.file("bad"), out);
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("every listing was rejected"));
  }
  SECTION("no data directory") {
    auto r = build(dir.file("missing"), out);
    INFO(r.output);
    CHECK(r.exit_code == 1);
  }
  SECTION("output is a directory") {
    fs::create_directories(dir.file("plain"));
    auto r = build(test::source_path("tests/fixtures/listings"), dir.file("plain"));
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("not a Kindred index"));
  }
  CHECK(IndexStore(out).current_generation() == gen);
  auto db = IndexStore::open(out);
  REQUIRE(db.ok());
  CHECK(db->get_doccount() == 8);
}

TEST_CASE("a second build while one runs is refused", "[index]") {
  test::TempDir dir;
  std::string out = dir.file("index");
  IndexStore holder(out);
  REQUIRE(holder.lock().ok());
  auto r = build(test::source_path("tests/fixtures/listings"), out);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Catch::Contains("another build is running"));
}

TEST_CASE("SIGKILL at any moment of a build leaves a complete index", "[index][crash]") {
  test::TempDir dir;
  test::write_file(dir.file("old/listings.jsonl"), synthetic_jsonl(1000, "old"));
  test::write_file(dir.file("new/listings.jsonl"), synthetic_jsonl(3000, "new"));
  std::string out = dir.file("index");
  REQUIRE(build(dir.file("old"), out).exit_code == 0);

  // Time one full build of the new data to spread the kill points over all of it.
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(build(dir.file("new"), out).exit_code == 0);
  auto full_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(build(dir.file("old"), out).exit_code == 0);

  std::mt19937 rng(20261122);
  std::uniform_int_distribution<long> when(0, full_ms + 20);
  constexpr int kTrials = 20;
  int completed_builds = 0, killed_mid_write = 0;
  auto generations = [&] {
    std::set<std::string> gens;
    for (const auto& e : fs::directory_iterator(out + ".gens")) gens.insert(e.path().string());
    return gens;
  };
  for (int trial = 0; trial < kTrials; ++trial) {
    long delay_ms = when(rng);
    std::set<std::string> before = generations();
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int devnull = ::open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
      std::string bin = indexer(), data = dir.file("new");
      execl(bin.c_str(), bin.c_str(), "build", "--data", data.c_str(), "--out", out.c_str(),
            "--gazetteer", test::source_path("var/gazetteer/gazetteer.bin").c_str(), "--schema",
            test::source_path("data/schema/kindred-1.schema.json").c_str(), "--vocabulary",
            test::source_path("data/vocabulary.json").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    usleep(static_cast<useconds_t>(delay_ms * 1000));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) ++completed_builds;
    std::string live = IndexStore(out).current_generation();
    for (const auto& g : generations()) {
      if (!before.count(g) && g != live) ++killed_mid_write;  // a half-built database
    }

    INFO("trial " << trial << ", killed after " << delay_ms << " ms");
    auto db = IndexStore::open(out);
    REQUIRE(db.ok());
    Xapian::doccount n = db->get_doccount();
    CHECK((n == 1000 || n == 3000));
    // Complete: Xapian's own consistency check finds no error in the live generation.
    std::string gen = IndexStore(out).current_generation();
    CHECK(Xapian::Database::check(gen, 0, nullptr) == 0);
    const std::string tag = n == 1000 ? "old" : "new";
    CHECK(db->term_exists(schema::term(schema::kIdPrefix, "synthetic-" + tag + "-" + std::to_string(n - 1))));
    // Start the next trial from the old index again.
    if (n != 1000) REQUIRE(build(dir.file("old"), out).exit_code == 0);
  }
  // The kills really land mid-build, and some of them while the new database was written.
  CHECK(completed_builds < kTrials);
  CHECK(killed_mid_write > 0);
}
