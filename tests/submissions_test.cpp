// @brief Submissions, moderation and reports through a real socket, a real SQLite file
// and a real index: the whole flow, the authorisation matrix, limits, and reports.
#include <chrono>
#include <iostream>

#include <catch2/catch.hpp>

#include "core/base/json_util.h"
#include "tests/server_support.h"
#include "tests/store_support.h"

using namespace kindred;
using test::StoreServer;

namespace {

constexpr const char* kCollege = "fixture-calgary-recovery-college";
constexpr const char* kVoices = "fixture-london-hearing-voices";
constexpr const char* kBipolar = "fixture-moscow-bipolar-group";  // nobody's

rapidjson::Document body_json(const test::HttpResponse& r) {
  rapidjson::Document d;
  INFO(r.body);
  REQUIRE(parse_json(r.body, d).ok());
  return d;
}

int64_t submitted_id(const test::HttpResponse& r) {
  INFO(r.body);
  REQUIRE(r.status == 202);
  return body_json(r)["submission"]["id"].GetInt64();
}

uint64_t found(const StoreServer& s, const std::string& q) {
  auto r = test::http_get(s.port(), "/api/v1/search?q=" + test::url_encode(q));
  REQUIRE(r.status == 200);
  return body_json(r)["total"].GetUint64();
}

size_t audit_count(Store& store, const std::string& action) {
  auto log = store.audit_log(0, 100000);
  REQUIRE(log.ok());
  size_t n = 0;
  for (const auto& e : *log) n += e.action == action;
  return n;
}

}  // namespace

TEST_CASE("submissions: submit, see the diff, approve, and search finds it at once", "[submissions]") {
  StoreServer s;
  auto& f = s.fixture();
  CHECK(found(s, "zanzibarian") == 0);

  auto me = s.send("GET", "/api/v1/me", f.college);
  REQUIRE(me.status == 200);
  auto me_doc = body_json(me);
  CHECK(std::string(me_doc["role"].GetString()) == "maintainer");
  REQUIRE(me_doc["listings"].Size() == 1);
  CHECK(std::string(me_doc["listings"][0]["id"].GetString()) == kCollege);

  auto queued = s.send("POST", "/api/v1/submissions", f.college,
                       test::submission_body(kCollege, "Synthetic fixture. Now with a zanzibarian drumming circle."));
  int64_t id = submitted_id(queued);
  auto q = body_json(queued);
  CHECK(std::string(q["submission"]["status"].GetString()) == "pending");
  REQUIRE(q["submission"]["diff"].Size() == 1);
  CHECK(std::string(q["submission"]["diff"][0]["field"].GetString()) == "description");
  CHECK(found(s, "zanzibarian") == 0);  // not before review

  auto poll = s.send("GET", "/api/v1/submissions/" + std::to_string(id), f.college);
  REQUIRE(poll.status == 200);
  auto queue = s.send("GET", "/api/v1/submissions?status=pending", f.mod);
  REQUIRE(queue.status == 200);
  CHECK(body_json(queue)["submissions"].Size() == 1);

  auto t0 = std::chrono::steady_clock::now();
  auto approved = s.send("POST", "/api/v1/submissions/" + std::to_string(id) + "/approve", f.mod, R"({"reason":"checked"})");
  INFO(approved.body);
  REQUIRE(approved.status == 200);
  CHECK(body_json(approved)["live"].GetBool());
  // The approval answers once the index has it: the very next search finds it.
  CHECK(found(s, "zanzibarian") == 1);
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "submissions: approval to visible in search: " << ms << " ms\n";

  auto listing = test::http_get(s.port(), std::string("/api/v1/listings/") + kCollege);
  REQUIRE(listing.status == 200);
  CHECK_THAT(listing.body, Catch::Contains("zanzibarian"));
  CHECK(s.send("POST", "/api/v1/submissions/" + std::to_string(id) + "/approve", f.mod).status == 409);

  // Rejection needs a reason, and the maintainer sees it.
  auto again = s.send("POST", "/api/v1/submissions", f.college, test::submission_body(kCollege, "Another try, synthetic."));
  int64_t id2 = submitted_id(again);
  CHECK(s.send("POST", "/api/v1/submissions/" + std::to_string(id2) + "/reject", f.mod, "{}").status == 400);
  REQUIRE(s.send("POST", "/api/v1/submissions/" + std::to_string(id2) + "/reject", f.mod,
                 R"({"reason":"please keep the course list"})").status == 200);
  auto mine = s.send("GET", "/api/v1/submissions", f.college);
  CHECK_THAT(mine.body, Catch::Contains("please keep the course list"));

  // The audit log has who, what and old -> new.
  auto log = s.store().audit_log(0, 1000);
  REQUIRE(log.ok());
  bool approval_logged = false;
  for (const auto& e : *log) {
    if (e.action != "approve") continue;
    approval_logged = e.actor == "mod" && e.listing_id == kCollege && !e.changes.empty() &&
                      e.changes[0].field == "description" && e.changes[0].new_json.find("zanzibarian") != std::string::npos;
  }
  CHECK(approval_logged);
}

TEST_CASE("submissions: a new listing, and re-verifying one unchanged", "[submissions]") {
  StoreServer s;
  auto& f = s.fixture();
  rapidjson::Document doc = test::fixture_listing(kCollege);
  doc["id"].SetString("fixture-college-evening-course");
  doc["name"].SetString("Quokkaberry Evening Course (fixture)");
  auto created = s.send("POST", "/api/v1/submissions", f.college, "{\"listing\":" + to_json(doc) + "}");
  int64_t id = submitted_id(created);
  CHECK(std::string(body_json(created)["submission"]["action"].GetString()) == "create");
  REQUIRE(s.send("POST", "/api/v1/submissions/" + std::to_string(id) + "/approve", f.mod).status == 200);
  CHECK(found(s, "quokkaberry") == 1);

  // Submitting it unchanged (as it stands now, last_verified moved by the approval) is
  // refused: that is what verify is for.
  auto current = s.send("GET", "/api/v1/me/listings/fixture-college-evening-course", f.college);
  REQUIRE(current.status == 200);
  auto unchanged = s.send("POST", "/api/v1/submissions", f.college,
                          "{\"listing\":" + to_json(body_json(current)["listing"]) + "}");
  CHECK(unchanged.status == 422);
  CHECK_THAT(unchanged.body, Catch::Contains("verify"));

  auto before = body_json(test::http_get(s.port(), std::string("/api/v1/listings/") + kCollege));
  CHECK(std::string(before["listing"]["last_verified"].GetString()) == "2025-02-02");
  auto verified = s.send("POST", std::string("/api/v1/listings/") + kCollege + "/verify", f.college);
  INFO(verified.body);
  REQUIRE(verified.status == 200);
  auto after = body_json(test::http_get(s.port(), std::string("/api/v1/listings/") + kCollege));
  std::string today = utc_date(std::chrono::system_clock::now());
  CHECK(std::string(after["listing"]["last_verified"].GetString()) == today);
  CHECK_FALSE(after["computed"]["stale"].GetBool());
  CHECK(audit_count(s.store(), "verify") == 1);

  // A pending edit survives a re-verification (only last_verified moved), but not a
  // real change approved meanwhile.
  int64_t edit = submitted_id(s.send("POST", "/api/v1/submissions", f.college,
                                     test::submission_body(kCollege, "Synthetic edit made before verifying.")));
  int64_t rival = submitted_id(s.send("POST", "/api/v1/submissions", f.college,
                                      test::submission_body(kCollege, "Synthetic rival edit.")));
  REQUIRE(s.send("POST", std::string("/api/v1/listings/") + kCollege + "/verify", f.college).status == 200);
  CHECK(s.send("POST", "/api/v1/submissions/" + std::to_string(edit) + "/approve", f.mod).status == 200);
  auto conflict = s.send("POST", "/api/v1/submissions/" + std::to_string(rival) + "/approve", f.mod);
  CHECK(conflict.status == 409);
  CHECK_THAT(conflict.body, Catch::Contains("changed after this submission"));
}

TEST_CASE("submissions: the authorisation matrix", "[submissions][auth]") {
  http::WriteLimits limits;
  limits.auth_failures_per_minute = 1000;  // this test fails on purpose, many times
  StoreServer s(limits);
  auto& f = s.fixture();
  const std::string sub = test::submission_body(kCollege, "Synthetic change.");
  int64_t pending = submitted_id(s.send("POST", "/api/v1/submissions", f.college, sub));
  const std::string one = "/api/v1/submissions/" + std::to_string(pending);

  struct Call {
    std::string method, target, body;
  };
  const std::vector<Call> authenticated = {
      {"GET", "/api/v1/me", ""},
      {"GET", std::string("/api/v1/me/listings/") + kCollege, ""},
      {"GET", "/api/v1/stale", ""},
      {"POST", "/api/v1/submissions", sub},
      {"GET", "/api/v1/submissions", ""},
      {"GET", one, ""},
      {"POST", one + "/approve", ""},
      {"POST", one + "/reject", R"({"reason":"x"})"},
      {"POST", std::string("/api/v1/listings/") + kCollege + "/verify", ""},
      {"GET", "/api/v1/reports", ""},
      {"POST", "/api/v1/reports/1/resolve", ""},
  };
  auto store = s.store().add_principal("gone", Role::kMaintainer, {"Fixture College (synthetic)"}, {});
  REQUIRE(store.ok());
  REQUIRE(s.store().revoke_principal("gone").ok());
  const std::vector<std::pair<std::string, std::vector<std::string>>> bad_credentials = {
      {"no token", {}},
      {"unknown token", {test::bearer("kdr_000000000000_" + std::string(64, 'a'))}},
      {"malformed token", {test::bearer("hunter2")}},
      {"not bearer", {"Authorization: Basic " + f.college}},
      {"revoked token", {test::bearer(store->token)}},
  };
  for (const auto& call : authenticated) {
    for (const auto& [why, headers] : bad_credentials) {
      INFO(call.method << " " << call.target << ": " << why);
      auto r = test::http_send(s.port(), call.method, call.target, call.body, headers);
      CHECK(r.status == 401);
      CHECK_THAT(r.body, Catch::Contains("\"unauthorized\""));
    }
  }

  size_t refused_before = audit_count(s.store(), "refused");
  size_t forbidden = 0;
  auto expect_403 = [&](const test::HttpResponse& r) {
    INFO(r.body);
    CHECK(r.status == 403);
    forbidden += r.status == 403;
  };
  // Another organisation's listing, by the maintainer of one listing and of one org.
  expect_403(s.send("POST", "/api/v1/submissions", f.voices, sub));
  expect_403(s.send("POST", "/api/v1/submissions", f.college, test::submission_body(kBipolar, "Hijack, synthetic.")));
  expect_403(s.send("POST", "/api/v1/submissions", f.college, test::submission_body(kVoices, "Hijack, synthetic.")));
  expect_403(s.send("POST", std::string("/api/v1/listings/") + kBipolar + "/verify", f.college));
  expect_403(s.send("GET", std::string("/api/v1/me/listings/") + kBipolar, f.voices));
  // Moving one's own listing to another organisation, or creating one for it.
  {
    rapidjson::Document doc = test::fixture_listing(kVoices);
    doc["organization"]["name"].SetString("Fixture College (synthetic)");
    CHECK(s.send("POST", "/api/v1/submissions", f.voices, "{\"listing\":" + to_json(doc) + "}").status == 202);
    rapidjson::Document mine = test::fixture_listing(kCollege);
    mine["organization"]["name"].SetString("Fixture Peer Network (synthetic)");
    expect_403(s.send("POST", "/api/v1/submissions", f.college, "{\"listing\":" + to_json(mine) + "}"));
    mine["id"].SetString("fixture-brand-new-elsewhere");
    expect_403(s.send("POST", "/api/v1/submissions", f.college, "{\"listing\":" + to_json(mine) + "}"));
  }
  // Moderator-only actions, and other people's submissions.
  expect_403(s.send("POST", one + "/approve", f.college));
  expect_403(s.send("POST", one + "/reject", f.college, R"({"reason":"mine"})"));
  expect_403(s.send("GET", one, f.voices));
  CHECK(s.send("POST", "/api/v1/submissions", f.mod, sub).status == 403);
  ++forbidden;
  // Every refusal is in the audit log.
  CHECK(audit_count(s.store(), "refused") - refused_before == forbidden);

  // Still pending, untouched by all of that; the moderator can decide it.
  auto status = body_json(s.send("GET", one, f.mod));
  CHECK(std::string(status["submission"]["status"].GetString()) == "pending");
  CHECK(s.send("POST", one + "/approve", f.mod).status == 200);
}

TEST_CASE("submissions: bad bodies, limits and methods", "[submissions]") {
  http::WriteLimits limits;
  limits.submissions_burst = 4;
  limits.submissions_per_minute = 1;
  limits.reports_burst = 3;
  limits.reports_per_minute = 1;
  StoreServer s(limits);
  auto& f = s.fixture();

  // Every problem listed, nothing queued.
  rapidjson::Document doc = test::fixture_listing(kCollege);
  doc["cost"].SetString("cheap");
  doc["contact"]["url"].SetString("javascript:alert(1)");
  auto invalid = s.send("POST", "/api/v1/submissions", f.college, "{\"listing\":" + to_json(doc) + "}");
  INFO(invalid.body);
  REQUIRE(invalid.status == 422);
  rapidjson::Document invalid_doc = body_json(invalid);  // outlives `problems`, a view into it
  auto problems = invalid_doc["error"]["details"].GetArray();
  CHECK(problems.Size() >= 2);
  CHECK_THAT(invalid.body, Catch::Contains("listing.cost"));
  CHECK_THAT(invalid.body, Catch::Contains("listing.contact.url"));
  CHECK(s.store().submissions("", 0, 10)->empty());

  CHECK(s.send("POST", "/api/v1/submissions", f.college, "not json").status == 400);
  CHECK(s.send("POST", "/api/v1/submissions", f.college, R"({"listing":{"id":"x"},"extra":1})").status == 400);
  CHECK(s.send("POST", "/api/v1/submissions", f.college, std::string(40 * 1024, ' ')).status == 413);
  CHECK(s.send("POST", "/api/v1/submissions", f.college, std::string(200 * 1024, ' ')).status == 413);
  CHECK(s.send("DELETE", "/api/v1/submissions", f.college).status == 405);
  CHECK(s.send("GET", "/api/v1/submissions/1/approve", f.mod).status == 405);
  CHECK(s.send("GET", "/api/v1/submissions/abc", f.mod).status == 404);
  CHECK(s.send("GET", "/api/v1/submissions/999", f.mod).status == 404);
  CHECK(s.send("GET", "/api/v1/submissions?status=maybe", f.mod).status == 400);

  // Writes per token come in bursts of four (college's three refused bodies counted).
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = s.send("POST", "/api/v1/submissions", f.voices, test::submission_body(kVoices, "Synthetic " + std::to_string(i)));
    CHECK((r.status == 202 || r.status == 429));
    limited += r.status == 429;
  }
  CHECK(limited == 2);
  CHECK(s.send("POST", "/api/v1/submissions", f.college, test::submission_body(kCollege, "Synthetic x")).status == 202);
  CHECK(s.send("POST", "/api/v1/submissions", f.college, test::submission_body(kCollege, "Synthetic y")).status == 429);
  CHECK(s.send("GET", "/api/v1/me", f.college).status == 200);  // reading is not limited
}

TEST_CASE("submissions: a client guessing tokens is slowed down", "[submissions][auth]") {
  http::WriteLimits limits;
  limits.auth_failures_per_minute = 5;
  StoreServer s(limits);
  int unauthorized = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {
    auto r = s.send("GET", "/api/v1/me", "kdr_000000000000_" + std::string(64, static_cast<char>('a' + i % 6)));
    unauthorized += r.status == 401;
    limited += r.status == 429;
  }
  CHECK(unauthorized == 5);
  CHECK(limited == 3);
  CHECK(s.send("GET", "/api/v1/me", s.fixture().college).status == 200);  // a valid token still works
}

TEST_CASE("reports: anyone may flag a listing, stored without the address, limited", "[submissions][reports]") {
  http::WriteLimits limits;
  limits.reports_burst = 3;
  limits.reports_per_minute = 1;
  StoreServer s(limits);
  auto& f = s.fixture();
  auto r = s.send("POST", "/api/v1/reports", "",
                  std::string(R"({"listing_id":")") + kCollege + R"(","category":"no_longer_meets","message":"The room is closed now"})");
  INFO(r.body);
  REQUIRE(r.status == 202);
  CHECK(s.send("POST", "/api/v1/reports", "", R"({"listing_id":"fixture-nope-nope","category":"other"})").status == 404);
  CHECK(s.send("POST", "/api/v1/reports", "", std::string(R"({"listing_id":")") + kCollege + R"(","category":"bad"})").status == 400);
  CHECK(s.send("POST", "/api/v1/reports", "", std::string(R"({"listing_id":")") + kCollege + R"(","category":"other"})").status == 429);

  // Moderators see it; the listing's maintainer sees it; another maintainer does not.
  CHECK_THAT(s.send("GET", "/api/v1/reports?open=1", f.mod).body, Catch::Contains("The room is closed now"));
  CHECK_THAT(s.send("GET", "/api/v1/reports", f.college).body, Catch::Contains("The room is closed now"));
  CHECK(body_json(s.send("GET", "/api/v1/reports", f.voices))["reports"].Size() == 0);
  int64_t id = body_json(r)["report"]["id"].GetInt64();
  CHECK(s.send("POST", "/api/v1/reports/" + std::to_string(id) + "/resolve", f.voices).status == 403);
  CHECK(s.send("POST", "/api/v1/reports/" + std::to_string(id) + "/resolve", f.college).status == 200);
  CHECK(body_json(s.send("GET", "/api/v1/reports?open=1", f.mod))["reports"].Size() == 0);

  // Nothing in the store file knows where the report came from.
  std::string bytes = test::slurp(s.fixture().store_path()) + test::slurp(s.fixture().store_path() + "-wal");
  CHECK(bytes.find("127.0.0.1") == std::string::npos);
}

TEST_CASE("staleness: listed for maintainers and moderators, hidden from search only when configured",
          "[submissions][stale]") {
  StoreServer s;
  auto& f = s.fixture();
  auto mine = body_json(s.send("GET", "/api/v1/stale", f.college));
  REQUIRE(mine["total"].GetUint64() == 1);  // the college fixture, verified 2025-02-02
  auto all = body_json(s.send("GET", "/api/v1/stale", f.mod));
  CHECK(all["total"].GetUint64() >= 2);
  // Oldest first.
  std::string prev;
  for (const auto& l : all["listings"].GetArray()) {
    std::string v = l["last_verified"].GetString();
    CHECK(prev <= v);
    prev = v;
  }

  // The same index through an Api that hides listings unverified for 12 months.
  LiveIndex index(s.fixture().index());
  http::ApiOptions hide;
  hide.hide_unverified_after_months = 12;
  http::Api strict(index, test::vocabulary(), test::gazetteer(), test::fixture_web_dir(), nullptr, hide);
  http::Api lenient(index, test::vocabulary(), test::gazetteer(), test::fixture_web_dir());
  auto count = [](http::Api& api, const std::string& q) {
    auto reply = api.handle("GET", "/api/v1/search", "q=" + q);
    REQUIRE(reply.status == 200);
    rapidjson::Document d;
    REQUIRE(parse_json(reply.body, d).ok());
    return d["total"].GetUint64();
  };
  CHECK(count(lenient, "calgary") == 1);
  CHECK(count(strict, "calgary") == 0);
  REQUIRE(s.send("POST", std::string("/api/v1/listings/") + kCollege + "/verify", f.college).status == 200);
  CHECK(count(strict, "calgary") == 1);  // re-verified: back in search
  CHECK(body_json(s.send("GET", "/api/v1/stale", f.college))["total"].GetUint64() == 0);
}
