// @brief The export routes through a real socket: HSDS of the whole real directory
// against the official schema, CSV of a search (RFC 4180, formulas neutralised), the
// referral calendar; and link status from check-links to the JSON a listing carries.
#include <catch2/catch.hpp>

#include <map>

#include <rapidjson/document.h>

#include "core/index/index_snapshot.h"
#include "core/interop/csv_export.h"
#include "core/search/search.h"
#include "indexer/link_check.h"
#include "server/json_out.h"
#include "server/link_status.h"
#include "tests/feed_server_support.h"
#include "tests/hsds_schema_support.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

// kindred-serve's parts over an index of the real directory (data/listings).
test::TestServer& directory_server() {
  static test::TempDir dir;
  static const std::string index = [] {
    std::string out = dir.file("index");
    auto r = test::run_command(test::binary_path("indexer/kindred-index") + " build --data data --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the directory index failed:\n" + r.output);
    return out;
  }();
  static test::TestServer server(index, test::fixture_web_dir());
  return server;
}

// RFC 4180 records (quoted fields, doubled quotes, CRLF).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
      else if (c == '"') quoted = false;
      else rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

}  // namespace

TEST_CASE("export/hsds: the whole real directory, every service valid against the official schema", "[export]") {
  KINDRED_NEED_SAMPLE(hsds_schema, "hsds-3.0/schema/service.json");
  auto r = directory_server().get("/api/v1/export/hsds?per_page=100");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").find("application/json") == 0);
  auto page = test::json(r);
  auto search = test::json(directory_server().get("/api/v1/search?per_page=100"));
  CHECK(page["total_items"].GetUint64() == search["total"].GetUint64());
  REQUIRE(page["contents"].Size() == page["total_items"].GetUint64());
  CHECK(page["contents"].Size() > 20);
  CHECK(page["first_page"].GetBool());
  CHECK(page["last_page"].GetBool());
  for (const auto& p : test::hsds_list_problems(page)) FAIL_CHECK(p);
  size_t valid = 0;
  for (const auto& service : page["contents"].GetArray()) {
    auto problems = test::hsds_service_problems(service);
    for (const auto& p : problems) FAIL_CHECK(service["name"].GetString() << ": " << p);
    valid += problems.empty();
  }
  CHECK(valid == page["contents"].Size());
  WARN("GET /api/v1/export/hsds: " << valid << " of " << page["contents"].Size() << " services valid");
}

TEST_CASE("export/hsds: the same filters and pages as search", "[export]") {
  auto filtered = test::json(directory_server().get("/api/v1/export/hsds?topic=bipolar&per_page=100"));
  auto search = test::json(directory_server().get("/api/v1/search?topic=bipolar&per_page=100"));
  CHECK(filtered["total_items"].GetUint64() == search["total"].GetUint64());
  CHECK(filtered["total_items"].GetUint64() > 0);
  auto page2 = test::json(directory_server().get("/api/v1/export/hsds?per_page=5&page=2"));
  CHECK(page2["page_number"].GetUint() == 2);
  CHECK(page2["size"].GetUint() == 5);
  CHECK(page2["contents"].Size() == 5);
  CHECK_FALSE(page2["first_page"].GetBool());
  CHECK(directory_server().get("/api/v1/export/hsds?colour=red").status == 400);
  CHECK(directory_server().get("/api/v1/export/hsds?topic=nonsense").status == 400);
}

TEST_CASE("csv: cells are quoted per RFC 4180 and formulas neutralised", "[export]") {
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_cell("+1 555") == "'+1 555");
  CHECK(csv_cell("-2") == "'-2");
  CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_cell("\tx") == "'\tx");
  CHECK(csv_cell("\rx") == "\"'\rx\"");
  CHECK(csv_cell("café") == "café");
}

TEST_CASE("export/csv: every match of a search, one row each", "[export]") {
  auto r = test::get("/api/v1/export/csv?near=Moscow%2C%20ID&sort=distance");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").find("text/csv; charset=utf-8") == 0);
  REQUIRE(r.body.rfind("\xEF\xBB\xBF" "id,name,kind,", 0) == 0);
  auto rows = parse_csv(r.body.substr(3));
  uint64_t total = test::total("near=Moscow%2C%20ID&sort=distance");
  REQUIRE(rows.size() == total + 1);
  for (const auto& row : rows) CHECK(row.size() == rows[0].size());
  CHECK(rows[1][0] == "fixture-moscow-bipolar-group");  // nearest first, as searched
  CHECK(rows[1][13] != "");                              // distance_km
  CHECK(test::get("/api/v1/search.csv?near=Moscow%2C%20ID&sort=distance").body == r.body);
  CHECK(test::get("/api/v1/export/csv?radius_km=x").status == 400);
}

TEST_CASE("export/csv: the schedule's own words follow lang", "[export][lang]") {
  // fixture-sydney-veterans meets every other Saturday, fixture-london-hearing-voices monthly.
  auto schedules = [](const std::string& lang) {
    auto r = test::get("/api/v1/export/csv?lang=" + lang);
    REQUIRE(r.status == 200);
    auto rows = parse_csv(r.body.substr(3));
    std::map<std::string, std::string> out;
    for (const auto& row : rows) out[row[0]] = row[16];  // the schedule column
    return out;
  };
  auto en = schedules("en"), es = schedules("es"), fr = schedules("fr");
  CHECK(en["fixture-sydney-veterans"].rfind("every other Saturday ", 0) == 0);
  CHECK(es["fixture-sydney-veterans"].rfind("cada dos semanas, Sábado ", 0) == 0);
  CHECK(fr["fixture-sydney-veterans"].rfind("une semaine sur deux, Samedi ", 0) == 0);
  CHECK(en["fixture-london-hearing-voices"].rfind("monthly, Thursday ", 0) == 0);
  CHECK(es["fixture-london-hearing-voices"].rfind("cada mes, Jueves ", 0) == 0);
  CHECK(fr["fixture-london-hearing-voices"].rfind("chaque mois, Jeudi ", 0) == 0);
  for (const auto& [id, text] : es) {
    INFO(id << ": " << text);
    CHECK(text.find("every other") == std::string::npos);
    CHECK(text.find("monthly") == std::string::npos);
  }
}

TEST_CASE("referral.ics: one calendar for a referral list", "[export]") {
  auto r = test::get("/api/v1/referral.ics?id=fixture-moscow-bipolar-group&id=fixture-sydney-veterans");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type") == "text/calendar; charset=utf-8");
  CHECK(r.body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(r.body.find("UID:fixture-moscow-bipolar-group-0@kindred") != std::string::npos);
  CHECK(r.body.find("UID:fixture-sydney-veterans-0@kindred") != std::string::npos);
  CHECK(r.body.find("BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles") != std::string::npos);
  CHECK(r.body.find("BEGIN:VTIMEZONE\r\nTZID:Australia/Sydney") != std::string::npos);
  CHECK(r.body.find("DTSTART;TZID=") != std::string::npos);
  CHECK(test::get("/api/v1/referral.ics?id=no-such-listing").status == 404);
  CHECK(test::get("/api/v1/referral.ics").status == 400);
  CHECK(test::get("/api/v1/referral.ics?ids=x").status == 400);
  test::refused("/api/v1/referral.ics?id=fixture-sydney-veterans&lang=1a", "lang");
}

TEST_CASE("check-links: verdicts per listing, and the JSON a listing then carries", "[export][links]") {
  test::FeedTestServer links;
  test::TempDir dir;
  auto listing = [&](const std::string& id, const std::string& path) {
    return R"json({"id": ")json" + id + R"json(", "name": "Fixture )json" + id + R"json(", "kind": "warmline",
      "description": "Synthetic test fixture.", "organization": {"name": "Fixture org (synthetic)"},
      "topics": ["anxiety"], "attendance": ["phone"], "languages": ["en"], "cost": "free",
      "facilitation": "peer-led", "service_area": ["US"], "contact": {"url": ")json" +
           links.url(path) + R"json("}, "last_verified": "2026-01-01", "sources": [{"name": "Synthetic fixture"}]})json";
  };
  test::write_file(dir.file("data/listings/links.json"),
                   "{\"format\": \"kindred/1\", \"listings\": [" + listing("fixture-gone", "/status/404") + "," +
                       listing("fixture-head-refused", "/head-refused") + "," + listing("fixture-fine", "/status/200") +
                       "]}");
  std::string index = dir.file("index");
  auto built = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " + dir.file("data") +
                                 " --out " + index);
  INFO(built.output);
  REQUIRE(built.exit_code == 0);
  auto r = test::run_command(test::binary_path("indexer/kindred-index") + " check-links --index " + index +
                             " --out " + dir.file("link-status.json") + " --delay-ms 10");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("fixture-gone: contact.url") != std::string::npos);
  CHECK(links.hits("/head-refused") == 2);  // HEAD refused, then GET

  auto table = http::LinkStatusTable::load(dir.file("link-status.json"));
  REQUIRE(table);
  CHECK(table->status("fixture-gone") == "dead");
  CHECK(table->status("fixture-head-refused") == "ok");
  CHECK(table->status("fixture-fine") == "ok");
  CHECK(table->status("unknown").empty());

  LiveIndex live(index);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  SearchRequest request = test::request();
  auto result = searcher->search(request);
  REQUIRE(result);
  rapidjson::Document found;
  found.Parse(http::search_json(*result, request, &*table).c_str());
  size_t dead = 0;
  for (const auto& hit : found["results"].GetArray()) {
    REQUIRE(hit.HasMember("link_status"));
    dead += std::string(hit["link_status"].GetString()) == "dead";
  }
  CHECK(dead == 1);
  auto stored = searcher->listing_json("fixture-gone");
  REQUIRE(stored);
  auto view = http::listing_view_json(*stored, test::fixed_now(), table->status("fixture-gone"));
  REQUIRE(view);
  CHECK(view->find("\"link_status\":\"dead\"") != std::string::npos);
}

TEST_CASE("a file's listing names its file relative to --data, never the building machine's path", "[build]") {
  test::TempDir dir;
  test::write_file(dir.file("data/listings/nested/one.json"),
                   R"json({"format": "kindred/1", "listings": [{"id": "fixture-where", "name": "Fixture where (synthetic)",
      "kind": "warmline", "description": "Synthetic test fixture.", "organization": {"name": "Fixture org (synthetic)"},
      "topics": ["anxiety"], "attendance": ["phone"], "languages": ["en"], "cost": "free",
      "facilitation": "peer-led", "service_area": ["US"], "contact": {"url": "https://example.org/where"},
      "last_verified": "2026-01-01",
      "sources": [{"name": "Synthetic fixture"}]}]})json");
  std::string index = dir.file("index");
  // An absolute --data with a trailing slash, as a script might pass it.
  auto built = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " + dir.file("data") +
                                 "/ --out " + index);
  INFO(built.output);
  REQUIRE(built.exit_code == 0);
  LiveIndex live(index);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  auto result = searcher->search(test::request());
  REQUIRE(result);
  REQUIRE(result->hits.size() == 1);
  REQUIRE(result->hits[0].sources.size() == 1);
  CHECK(result->hits[0].sources[0].origin == "listings/nested/one.json");
  std::string body = http::search_json(*result, test::request(), nullptr);
  CHECK(body.find(dir.path()) == std::string::npos);
}

TEST_CASE("check-links: per-meeting links are not dead for redirecting", "[links]") {
  CHECK(links::is_per_meeting_host("us02web.zoom.us"));
  CHECK(links::is_per_meeting_host("meet.google.com"));
  CHECK(links::is_per_meeting_host("teams.microsoft.com"));
  CHECK_FALSE(links::is_per_meeting_host("notzoom.us"));
  fetch::FetchResult redirected;
  redirected.status = 404;
  redirected.redirects = 2;
  redirected.error = "HTTP 404";
  CHECK(links::judge({"x", "contact.url", "https://us02web.zoom.us/j/123"}, redirected).status == "ok");
  CHECK(links::judge({"x", "contact.url", "https://example.org/gone"}, redirected).status == "dead");
  fetch::FetchResult no_host;
  no_host.error = "cannot fetch: Could not resolve host: zoom.us";
  CHECK(links::judge({"x", "contact.url", "https://zoom.us/j/1"}, no_host).status == "dead");
  fetch::FetchResult blocked;
  blocked.status = 403;
  blocked.error = "HTTP 403";
  CHECK(links::judge({"x", "contact.url", "https://example.org/"}, blocked).status == "blocked");
}

}  // namespace kindred
