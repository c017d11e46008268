// @brief kindred-admin backup while the real server approves listings, and restore into
// an empty directory: every approved listing is found and every audit entry is there.
#include <atomic>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "core/base/json_util.h"
#include "core/index/index_schema.h"
#include "core/store/store.h"
#include "tests/cluster_support.h"
#include "tests/store_support.h"

using namespace kindred;
using test::ServeProcess;

namespace {

std::string admin(const std::string& store, const std::string& args) {
  return test::binary_path("indexer/kindred-admin") + " --store " + store + " " + args + " 2>&1";
}

}  // namespace

TEST_CASE("cluster: backup while the server approves, then restore into an empty directory has every approved listing and audit entry",
          "[cluster][backup]") {
  test::StoreFixture f;
  ServeProcess serve(f.index(), f.store_path());
  auto approve = [&](int n) {
    return test::submit_and_approve(f, serve.port(), "fixture-backed-up-" + std::to_string(n),
                                    "backupmark" + std::to_string(n) + "q");
  };
  for (int i = 0; i < 5; ++i) REQUIRE(approve(i));

  // Approvals go on while the backup is taken.
  std::atomic<bool> stop{false};
  std::atomic<bool> writer_ended{false};
  std::atomic<int> approved{5};
  std::thread writer([&] {
    while (!stop && approve(approved)) ++approved;
    writer_ended = true;
  });
  // The writer is under way before the backup starts.
  while (approved < 7 && !writer_ended) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto audit_before = f.store->audit_log(0, 1u << 20);
  test::TempDir backup_parent;
  std::string backup = backup_parent.file("backup");
  auto taken = test::run_command(admin(f.store_path(), "backup " + backup + " --index " + f.index()));
  stop = true;
  writer.join();
  CHECK(approved >= 7);
  REQUIRE(audit_before.ok());
  INFO(taken.output);
  REQUIRE(taken.exit_code == 0);
  // A backup never goes over another one.
  CHECK(test::run_command(admin(f.store_path(), "backup " + backup + " --index " + f.index())).exit_code == 1);

  test::TempDir fresh;  // the new machine: nothing there
  std::string store = fresh.file("var/kindred.db"), index = fresh.file("var/index");
  auto restored = test::run_command(admin(store, "restore " + backup + " --index " + index));
  INFO(restored.output);
  REQUIRE(restored.exit_code == 0);
  // Never over a live store or index.
  CHECK(test::run_command(admin(store, "restore " + backup + " --index " + fresh.file("other"))).exit_code == 1);

  // Every audit entry written before the backup began, unchanged.
  auto store_after = Store::open(store);
  REQUIRE(store_after.ok());
  auto audit_after = (*store_after)->audit_log(0, 1u << 20);
  REQUIRE(audit_after.ok());
  REQUIRE(audit_after->size() >= audit_before->size());
  for (size_t i = 0; i < audit_before->size(); ++i) {
    const auto& a = (*audit_before)[i];
    const auto& b = (*audit_after)[i];
    CHECK((a.id == b.id && a.at == b.at && a.actor == b.actor && a.action == b.action && a.listing_id == b.listing_id &&
           a.submission_id == b.submission_id && a.detail == b.detail && a.changes.size() == b.changes.size()));
  }
  auto listings = (*store_after)->listings_since(0);
  REQUIRE(listings.ok());
  CHECK(listings->size() >= 5);
  store_after->reset();

  // A server on the restored files finds every approved listing the restored store holds
  // (the first five at least), each once.
  ServeProcess again(index, store);
  for (const auto& l : *listings) {
    auto r = test::http_get(again.port(), "/api/v1/listings/" + l.id);
    CHECK(r.status == 200);
  }
  for (int i = 0; i < 5; ++i) {
    auto r = test::http_get(again.port(), "/api/v1/search?q=backupmark" + std::to_string(i) + "q");
    rapidjson::Document d;
    REQUIRE(parse_json(r.body, d).ok());
    CHECK(d["total"].GetInt64() == 1);
  }
  Xapian::Database db(index);
  for (const auto& l : *listings) CHECK(db.get_termfreq(schema::term(schema::kIdPrefix, l.id)) == 1);
}
