// @brief Nothing accepted is ever lost: the real kindred-serve killed with SIGKILL right
// after answering, approvals racing a full rebuild, and 100 submissions interleaved with
// kills and a rebuild (every accepted one present afterwards, none twice).
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "core/base/json_util.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"
#include "tests/store_support.h"

using namespace kindred;
using test::ServeProcess;

namespace {

const std::string kOrg = "Fixture College (synthetic)";

// A new listing of the college's organisation, findable by the word `mark`.
std::string new_listing_body(const std::string& id, const std::string& mark) {
  rapidjson::Document doc = test::fixture_listing("fixture-calgary-recovery-college");
  doc["id"].SetString(id.c_str(), static_cast<rapidjson::SizeType>(id.size()), doc.GetAllocator());
  std::string description = "Synthetic durability test listing " + mark + ".";
  doc["description"].SetString(description.c_str(), static_cast<rapidjson::SizeType>(description.size()),
                               doc.GetAllocator());
  return "{\"listing\":" + to_json(doc) + "}";
}

uint64_t total_for(uint16_t port, const std::string& q) {
  auto r = test::http_get(port, "/api/v1/search?q=" + q);
  if (r.status != 200) return UINT64_MAX;
  rapidjson::Document d;
  if (!parse_json(r.body, d).ok()) return UINT64_MAX;
  return d["total"].GetUint64();
}

// How many documents in the live index carry the id term (1 when present once).
size_t copies_in_index(const std::string& index, const std::string& id) {
  Xapian::Database db(index);
  return db.get_termfreq(schema::term(schema::kIdPrefix, id));
}

std::string build_command(const std::string& data, const std::string& index, const std::string& store) {
  return test::binary_path("indexer/kindred-index") + " build --data " + data + " --out " + index + " --store " +
         store + " --schema " + test::source_path("data/schema/kindred-1.schema.json") + " --vocabulary " +
         test::source_path("data/vocabulary.json") + " --gazetteer " +
         test::source_path("var/gazetteer/gazetteer.bin");
}

// Synthetic listings (test data only), so that a full build takes a little while.
std::string synthetic_jsonl(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += R"({"id":"synthetic-bulk-)" + std::to_string(i) + R"(","name":"Synthetic bulk group )" +
           std::to_string(i) +
           R"(","kind":"support-group","description":"Synthetic test listing to make the build take a while.","organization":{"name":"Synthetic Org"},"topics":["depression"],"attendance":["online"],"languages":["en"],"cost":"free","facilitation":"peer-led","service_area":["US"],"contact":{"url":"https://fixture.example/b"},"last_verified":"2025-01-01","sources":[{"name":"Synthetic"}]})" +
           "\n";
  }
  return out;
}

// Joins a thread however the test leaves its scope (a failed REQUIRE throws).
struct Joined {
  std::thread& t;
  ~Joined() {
    if (t.joinable()) t.join();
  }
};

}  // namespace

TEST_CASE("durability: SIGKILL right after a 202 or an approval loses nothing", "[durability]") {
  test::StoreFixture f;
  ServeProcess first(f.index(), f.store_path());
  auto queued = test::http_send(first.port(), "POST", "/api/v1/submissions",
                                new_listing_body("fixture-kill-after-202", "wombatquill"), {test::bearer(f.college)});
  REQUIRE(queued.status == 202);
  first.stop(SIGKILL);  // no time for anything after the answer

  auto pending = f.store->submissions("pending", 0, 10);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  int64_t id = pending->front().id;

  ServeProcess second(f.index(), f.store_path());
  auto approved = test::http_send(second.port(), "POST", "/api/v1/submissions/" + std::to_string(id) + "/approve",
                                  "", {test::bearer(f.mod)});
  REQUIRE(approved.status == 200);
  second.stop(SIGKILL);

  ServeProcess third(f.index(), f.store_path());
  CHECK(total_for(third.port(), "wombatquill") == 1);
  CHECK(copies_in_index(f.index(), "fixture-kill-after-202") == 1);
}

TEST_CASE("durability: an approval made while a full rebuild runs is in the rebuilt index", "[durability]") {
  test::StoreFixture f;
  test::write_file(f.dir.file("data/listings/bulk.jsonl"), synthetic_jsonl(3000));
  REQUIRE(test::run_command("cp " + test::source_path("tests/fixtures/listings") + "/* " + f.dir.file("data/listings/"))
              .exit_code == 0);
  REQUIRE(test::run_command(build_command(f.dir.file("data"), f.index(), f.store_path())).exit_code == 0);
  ServeProcess serve(f.index(), f.store_path());
  std::string generation_before = IndexStore(f.index()).current_generation();

  std::atomic<bool> done{false};
  test::CommandResult build;
  std::thread rebuild([&] {
    build = test::run_command(build_command(f.dir.file("data"), f.index(), f.store_path()));
    done = true;
  });
  Joined joined{rebuild};
  int during = 0, n = 0;
  while (!done || n == 0) {
    std::string id = "fixture-during-rebuild-" + std::to_string(n);
    std::string mark = "duringmark" + std::to_string(n) + "x";
    auto q = test::http_send(serve.port(), "POST", "/api/v1/submissions", new_listing_body(id, mark),
                             {test::bearer(f.college)});
    REQUIRE(q.status == 202);
    rapidjson::Document d;
    REQUIRE(parse_json(q.body, d).ok());
    auto a = test::http_send(serve.port(), "POST",
                             "/api/v1/submissions/" + std::to_string(d["submission"]["id"].GetInt64()) + "/approve", "",
                             {test::bearer(f.mod)});
    REQUIRE(a.status == 200);
    during += done ? 0 : 1;
    ++n;
  }
  rebuild.join();
  INFO(build.output);
  REQUIRE(build.exit_code == 0);
  CHECK(during > 0);  // at least one approval landed while the build ran
  std::cout << "durability: " << during << " of " << n << " approvals landed during a full rebuild\n";
  CHECK(IndexStore(f.index()).current_generation() != generation_before);
  for (int i = 0; i < n; ++i) {
    INFO("approval " << i << " of " << n);
    CHECK(total_for(serve.port(), "duringmark" + std::to_string(i) + "x") == 1);
    CHECK(copies_in_index(f.index(), "fixture-during-rebuild-" + std::to_string(i)) == 1);
  }
}

TEST_CASE("durability: 100 submissions interleaved with kills and a full rebuild", "[durability]") {
  test::StoreFixture f;
  std::mt19937 rng(20261122);
  std::uniform_real_distribution<double> chance(0, 1);
  auto serve = std::make_unique<ServeProcess>(f.index(), f.store_path());
  test::CommandResult build;
  std::thread rebuild;
  Joined joined{rebuild};
  int kills = 0, retries = 0;

  // A client that retries with the same Idempotency-Key when the server died under it.
  auto send = [&](const std::string& target, const std::string& body, const std::string& token,
                  const std::string& key) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::vector<std::string> headers = {test::bearer(token)};
      if (!key.empty()) headers.push_back("Idempotency-Key: " + key);
      auto r = test::http_send(serve->port(), "POST", target, body, headers);
      if (r.status != 0) return r;
      ++retries;
      serve = std::make_unique<ServeProcess>(f.index(), f.store_path());
    }
    FAIL("the server never answered " << target);
    return test::HttpResponse{};
  };

  std::map<int, int64_t> accepted;  // i -> submission id
  std::set<int> approved;
  for (int i = 0; i < 100; ++i) {
    if (i == 50) {
      rebuild = std::thread([&] {
        build = test::run_command(build_command(test::source_path("tests/fixtures/listings"), f.index(), f.store_path()));
      });
    }
    std::string key = "key-" + std::to_string(i);
    std::string body = new_listing_body("fixture-interleaved-" + std::to_string(i), "ilvmark" + std::to_string(i) + "q");
    // Now and then the answer is lost: the server is killed as it answers, and the
    // client sends the same submission again with the same key.
    bool lose_answer = chance(rng) < 0.1;
    auto r = send("/api/v1/submissions", body, f.college, key);
    REQUIRE(r.status == 202);
    rapidjson::Document d;
    REQUIRE(parse_json(r.body, d).ok());
    accepted[i] = d["submission"]["id"].GetInt64();
    if (lose_answer) {
      serve->stop(SIGKILL);
      ++kills;
      serve = std::make_unique<ServeProcess>(f.index(), f.store_path());
      auto again = send("/api/v1/submissions", body, f.college, key);
      REQUIRE(again.status == 202);
      rapidjson::Document d2;
      REQUIRE(parse_json(again.body, d2).ok());
      CHECK(d2["submission"]["id"].GetInt64() == accepted[i]);
    }
    if (i % 2 == 0) {
      auto a = send("/api/v1/submissions/" + std::to_string(accepted[i]) + "/approve", "", f.mod, "");
      INFO(a.body);
      REQUIRE(a.status == 200);
      approved.insert(i);
    }
    if (chance(rng) < 0.1) {
      serve->stop(SIGKILL);
      ++kills;
      serve = std::make_unique<ServeProcess>(f.index(), f.store_path());
    }
  }
  rebuild.join();
  INFO(build.output);
  REQUIRE(build.exit_code == 0);
  serve->stop(SIGKILL);
  serve = std::make_unique<ServeProcess>(f.index(), f.store_path());
  CHECK(kills >= 5);
  std::cout << "durability: 100 submissions, " << approved.size() << " approved, " << kills << " SIGKILLs, "
            << retries << " client retries, one full rebuild\n";

  // The store: exactly the 100 accepted submissions, each once.
  auto all = f.store->submissions("", 0, 1000);
  REQUIRE(all.ok());
  CHECK(all->size() == 100);
  std::set<int64_t> ids;
  for (const auto& s : *all) ids.insert(s.id);
  for (const auto& [i, id] : accepted) CHECK(ids.count(id) == 1);
  // The index: every approved listing once, findable; none of the pending ones.
  for (int i = 0; i < 100; ++i) {
    INFO("submission " << i);
    bool is_approved = approved.count(i) > 0;
    CHECK(copies_in_index(f.index(), "fixture-interleaved-" + std::to_string(i)) == (is_approved ? 1u : 0u));
    CHECK(total_for(serve->port(), "ilvmark" + std::to_string(i) + "q") == (is_approved ? 1u : 0u));
  }
}
