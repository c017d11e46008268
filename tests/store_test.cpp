// @brief The store on a real SQLite file: tokens at rest, authentication and
// revocation, migrations, the append-only audit log, idempotent submissions, conflicts.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "core/base/json_util.h"
#include "core/moderation/listing_diff.h"
#include "core/store/store.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

std::unique_ptr<Store> open_store(const std::string& path) {
  auto s = Store::open(path);
  INFO((s ? "" : s.error().message));
  REQUIRE(s.ok());
  return std::move(*s);
}

// Every byte of the database and its WAL, as one string.
std::string raw_bytes(const std::string& path) {
  std::string all;
  for (const char* suffix : {"", "-wal"}) {
    FILE* f = std::fopen((path + suffix).c_str(), "rb");
    if (!f) continue;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) all.append(buf, n);
    std::fclose(f);
  }
  return all;
}

Submission proposal(const std::string& id, int64_t base_seq = 0) {
  Submission s;
  s.listing_id = id;
  s.action = "update";
  s.proposed_json = R"({"id":")" + id + R"("})";
  s.base_seq = base_seq;
  s.diff = {{"description", "\"old\"", "\"new\""}};
  return s;
}

}  // namespace

TEST_CASE("store: a token is kept only as a hash, and revocation works at once", "[store]") {
  test::TempDir dir;
  auto store = open_store(dir.file("k.db"));
  auto t = store->add_principal("ana", Role::kMaintainer, {"Org A"}, {"listing-one"});
  REQUIRE(t.ok());
  std::string secret = t->token.substr(t->token.rfind('_') + 1);
  CHECK(t->token.rfind("kdr_", 0) == 0);
  CHECK(secret.size() == 64);
  CHECK(raw_bytes(dir.file("k.db")).find(secret) == std::string::npos);

  auto who = store->authenticate(t->token);
  REQUIRE(who.ok());
  CHECK(who->name == "ana");
  CHECK(who->organizations == std::vector<std::string>{"Org A"});
  CHECK(who->listing_ids == std::vector<std::string>{"listing-one"});

  // Same id, different secret; truncated; garbage.
  std::string forged = t->token.substr(0, t->token.size() - 1) + (t->token.back() == '0' ? "1" : "0");
  CHECK(store->authenticate(forged).error().code == ErrorCode::kUnauthorized);
  CHECK(store->authenticate(t->token.substr(0, 20)).error().code == ErrorCode::kUnauthorized);
  CHECK(store->authenticate("").error().code == ErrorCode::kUnauthorized);
  CHECK(store->authenticate("kdr_zzzzzzzzzzzz_" + secret).error().code == ErrorCode::kUnauthorized);

  auto second = store->new_token("ana");
  REQUIRE(second.ok());
  REQUIRE(store->revoke_token(t->token_id).ok());
  CHECK(store->authenticate(t->token).error().code == ErrorCode::kUnauthorized);
  CHECK(store->authenticate(second->token).ok());
  CHECK(store->revoke_token(t->token_id).error().code == ErrorCode::kNotFound);
  REQUIRE(store->revoke_principal("ana").ok());
  CHECK(store->authenticate(second->token).error().code == ErrorCode::kUnauthorized);
  CHECK(store->add_principal("ana", Role::kMaintainer, {"x"}, {}).error().code == ErrorCode::kConflict);
  CHECK(store->add_principal("mo", Role::kModerator, {"Org A"}, {}).error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("store: scope decides who may change what", "[store]") {
  Principal p;
  p.role = Role::kMaintainer;
  p.organizations = {"Org A"};
  p.listing_ids = {"other-listing"};
  CHECK(may_change(p, "any-id", "Org A"));
  CHECK(may_change(p, "other-listing", "Org B"));
  CHECK_FALSE(may_change(p, "any-id", "Org B"));
  CHECK_FALSE(may_change(p, "any-id", ""));
  CHECK_FALSE(may_change(p, "any-id", "org a"));  // exact names only
  p.revoked_at = "2026-01-01T00:00:00Z";
  CHECK_FALSE(may_change(p, "any-id", "Org A"));
  Principal m;
  m.role = Role::kModerator;
  CHECK_FALSE(may_change(m, "any-id", "Org A"));  // moderators review; they do not submit
}

TEST_CASE("store: migrations are recorded, and a newer store is refused", "[store]") {
  test::TempDir dir;
  {
    auto store = open_store(dir.file("k.db"));
    CHECK(store->schema_version() >= 1);
  }
  open_store(dir.file("k.db"));  // reopening migrates nothing and works
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.file("k.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto refused = Store::open(dir.file("k.db"));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kCorrupt);
  CHECK_THAT(refused.error().message, Catch::Contains("newer"));

  test::write_file(dir.file("not.db"), std::string(4096, 'x'));
  auto junk = Store::open(dir.file("not.db"));
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("store: the audit log cannot be edited or deleted", "[store]") {
  test::TempDir dir;
  auto store = open_store(dir.file("k.db"));
  REQUIRE(store->audit("someone", "refused", "x-listing", "test").ok());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.file("k.db").c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  CHECK(sqlite3_exec(db, "UPDATE audit SET actor = 'nobody'", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(db);
  auto log = store->audit_log(0, 100);
  REQUIRE(log.ok());
  REQUIRE(log->size() == 1);
  CHECK(log->front().actor == "someone");
}

TEST_CASE("store: submissions are idempotent per key, and decided once", "[store]") {
  test::TempDir dir;
  auto store = open_store(dir.file("k.db"));
  auto ana = store->add_principal("ana", Role::kMaintainer, {"Org A"}, {});
  auto mo = store->add_principal("mo", Role::kModerator, {}, {});
  REQUIRE((ana.ok() && mo.ok()));

  auto first = store->submit(ana->principal, proposal("listing-one"), "key-1");
  REQUIRE(first.ok());
  CHECK_FALSE(first->replayed);
  auto again = store->submit(ana->principal, proposal("listing-one"), "key-1");
  REQUIRE(again.ok());
  CHECK(again->replayed);
  CHECK(again->id == first->id);
  auto other = store->submit(ana->principal, proposal("listing-one"), "key-2");
  REQUIRE(other.ok());
  CHECK(other->id != first->id);
  auto all = store->submissions("pending", 0, 100);
  REQUIRE(all.ok());
  CHECK(all->size() == 2);

  CHECK(store->approve(first->id, ana->principal, 0, "{}", {}, "").error().code == ErrorCode::kForbidden);
  auto ok = store->approve(first->id, mo->principal, 0, R"({"id":"listing-one","v":1})", {}, "fine");
  REQUIRE(ok.ok());
  CHECK(ok->status == SubmissionStatus::kApproved);
  CHECK(store->approve(first->id, mo->principal, 0, "{}", {}, "").error().code == ErrorCode::kConflict);
  // `other` was made against the version before the approval: it is stale now.
  auto stale = store->approve(other->id, mo->principal, other->base_seq, "{}", {}, "");
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == ErrorCode::kConflict);

  auto listed = store->all_listings();
  REQUIRE(listed.ok());
  REQUIRE(listed->listings.size() == 1);
  CHECK(listed->listings[0].json == R"({"id":"listing-one","v":1})");
  CHECK(listed->seq == listed->listings[0].seq);
  auto since = store->listings_since(listed->seq);
  REQUIRE(since.ok());
  CHECK(since->empty());
}

TEST_CASE("diff_json names every changed field with old and new values", "[store]") {
  rapidjson::Document a, b;
  REQUIRE(parse_json(R"({"id":"x","name":"A","location":{"locality":"Moscow","region":"US-ID"},"topics":["a"]})", a).ok());
  REQUIRE(parse_json(R"({"id":"x","name":"B","location":{"locality":"Moscow","region":"US-WA"},"topics":["a","b"],"cost":"free"})", b).ok());
  auto d = diff_json(a, b);
  REQUIRE(d.size() == 4);
  CHECK(d[0].field == "name");
  CHECK(d[0].old_json == "\"A\"");
  CHECK(d[0].new_json == "\"B\"");
  CHECK(d[1].field == "location.region");
  CHECK(d[2].field == "topics");
  CHECK(d[2].new_json == "[\"a\",\"b\"]");
  CHECK(d[3].field == "cost");
  CHECK(d[3].old_json.empty());
  rapidjson::Document none;
  CHECK(diff_json(none, a).size() == 4);  // a new listing: every field added
  CHECK(diff_json(a, a).empty());
}
