// @brief The other routes through a real socket: one listing and its iCalendar, places,
// vocabulary, health and metrics, static files (types and confinement), security headers,
// methods, keep-alive and oversized requests.
#include <catch2/catch.hpp>

#include "core/search/search.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

using namespace kindred;
using test::check_security_headers;
using test::get;
using test::HttpResponse;
using test::json;
using test::refused;
using test::search;

TEST_CASE("server: one listing, with computed fields, and as iCalendar", "[server]") {
  HttpResponse r = get("/api/v1/listings/fixture-moscow-bipolar-group");
  REQUIRE(r.status == 200);
  CHECK(r.header("cache-control") == "no-store");
  auto d = json(r);
  CHECK(std::string(d["listing"]["id"].GetString()) == "fixture-moscow-bipolar-group");
  CHECK(std::string(d["listing"]["contact"]["url"].GetString()) == "https://fixture.example/moscow");
  CHECK_FALSE(d.HasMember("source"));  // where the file lived on the indexing machine stays private
  const auto& c = d["computed"];
  CHECK(c["lat"].IsNumber());
  CHECK(c["lon"].IsNumber());
  CHECK(std::string(c["place_timezone"].GetString()) == "America/Los_Angeles");
  REQUIRE(c.HasMember("next_meeting"));
  CHECK(std::string(c["next_meeting"]["timezone"].GetString()) == "America/Los_Angeles");
  // The same facts as the search hit (both from the server's own clock).
  auto hit = search("q=bipolar");
  CHECK(std::string(c["next_meeting"]["start"].GetString()) == hit["results"][0]["next_meeting"]["start"].GetString());
  CHECK(c["stale"].GetBool() == hit["results"][0]["stale"].GetBool());

  auto forum = json(get("/api/v1/listings/fixture-online-bfrb-forum"));
  CHECK_FALSE(forum["computed"].HasMember("next_meeting"));  // no schedule
  CHECK(forum["computed"]["stale"].IsBool());

  for (const char* id : {"fixture-closed-group", "no-such-listing"}) {
    HttpResponse missing = get(std::string("/api/v1/listings/") + id);
    CHECK(missing.status == 404);
    CHECK(std::string(json(missing)["error"]["code"].GetString()) == "not_found");
    CHECK(get(std::string("/api/v1/listings/") + id + ".ics").status == 404);
  }
  for (const std::string& bad : {std::string("UPPER-CASE"), std::string("ab"), std::string("-abc"), std::string("a_b_c"),
                                 std::string("a%20bc"), std::string(81, 'a'), std::string("..%2f..%2fetc")}) {
    refused("/api/v1/listings/" + bad, "id");
  }
  refused("/api/v1/listings/NOPE.ics", "id");

  HttpResponse ics = get("/api/v1/listings/fixture-moscow-bipolar-group.ics");
  REQUIRE(ics.status == 200);
  CHECK(ics.header("content-type") == "text/calendar; charset=utf-8");
  CHECK(ics.header("cache-control") == "no-store");
  CHECK(ics.body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK_THAT(ics.body, Catch::Contains("UID:fixture-moscow-bipolar-group-0@kindred\r\n"));
  CHECK_THAT(ics.body, Catch::Contains("URL:https://fixture.example/moscow\r\n"));
  CHECK_THAT(ics.body, Catch::Contains("RRULE:FREQ=WEEKLY;BYDAY=TU"));
  CHECK_THAT(ics.body, Catch::Contains("END:VCALENDAR\r\n"));
  CHECK(get("/api/v1/listings/fixture-online-bfrb-forum.ics").status == 404);  // nothing to put in a calendar
}

TEST_CASE("server: places, vocabulary, healthz and metrics", "[server]") {
  auto places = json(get("/api/v1/places?q=83843"));
  REQUIRE(places["places"].Size() >= 1);
  const auto& p = places["places"][0];
  CHECK(std::string(p["name"].GetString()) == "Moscow");
  CHECK(std::string(p["postal_code"].GetString()) == "83843");
  CHECK(std::string(p["region"].GetString()) == "US-ID");
  CHECK(std::string(p["admin1"].GetString()) == "Idaho");
  CHECK(std::string(p["country"].GetString()) == "US");
  CHECK(std::string(p["timezone"].GetString()) == "America/Los_Angeles");
  CHECK(p["lat"].IsNumber());
  CHECK(p["lon"].IsNumber());
  auto one = json(get("/api/v1/places?q=Calgary%2C+AB&limit=1"));
  REQUIRE(one["places"].Size() == 1);
  CHECK(std::string(one["places"][0]["name"].GetString()) == "Calgary");
  CHECK_FALSE(one["places"][0].HasMember("postal_code"));
  CHECK(json(get("/api/v1/places?q=Sydney"))["places"].Size() <= 5);  // default limit
  CHECK(json(get("/api/v1/places?q=Xyzzyqwvplace"))["places"].Empty());
  refused("/api/v1/places", "q");
  refused("/api/v1/places?q=", "q");
  refused("/api/v1/places?q=" + std::string(101, 'a'), "q");
  refused("/api/v1/places?q=%ff", "q");
  refused("/api/v1/places?q=Sydney&limit=0", "limit");
  refused("/api/v1/places?q=Sydney&limit=11", "limit");
  refused("/api/v1/places?q=Sydney&limit=five", "limit");
  refused("/api/v1/places?q=Sydney&colour=red", "colour");

  auto vocab = json(get("/api/v1/vocabulary"));
  REQUIRE(vocab["facets"].Size() == test::vocabulary().facets().size());
  bool found = false;
  for (const auto& f : vocab["facets"].GetArray()) {
    CHECK(f["label"].IsString());
    for (const auto& v : f["values"].GetArray()) {
      CHECK(v["value"].IsString());
      CHECK(v["label"].IsString());
      if (std::string(f["name"].GetString()) == "topic" && std::string(v["value"].GetString()) == "bipolar") found = true;
    }
  }
  CHECK(found);

  HttpResponse health = get("/healthz");
  REQUIRE(health.status == 200);
  CHECK(health.body == "{\"status\":\"ok\",\"listings\":7}");
  CHECK(get("/healthz?cache=bust").status == 200);

  get("/api/v1/search?q=quokkasecret");
  get("/api/v1/search?colour=quokkasecret");
  HttpResponse metrics = get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
  CHECK_THAT(metrics.body, Catch::Contains("kindred_http_requests_total{route=\"search\",status=\"2xx\"}"));
  CHECK_THAT(metrics.body, Catch::Contains("kindred_http_requests_total{route=\"search\",status=\"4xx\"}"));
  CHECK_THAT(metrics.body, Catch::Contains("# TYPE kindred_http_request_duration_seconds histogram"));
  CHECK_THAT(metrics.body, Catch::Contains("kindred_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"}"));
  CHECK_THAT(metrics.body, Catch::Contains("kindred_http_request_duration_seconds_count{route=\"places\"}"));
  CHECK_THAT(metrics.body, Catch::Contains("\nkindred_listings 7\n"));
  CHECK_THAT(metrics.body, !Catch::Contains("quokka"));  // never query text
  CHECK_THAT(metrics.body, !Catch::Contains("127.0.0.1"));
}

TEST_CASE("server: static files are typed and confined to the web directory", "[server]") {
  struct Case { const char* path; const char* type; };
  for (const Case& c : {Case{"/", "text/html; charset=utf-8"}, Case{"/index.html", "text/html; charset=utf-8"},
                        Case{"/app.js", "text/javascript; charset=utf-8"}, Case{"/style.css", "text/css; charset=utf-8"},
                        Case{"/data.json", "application/json; charset=utf-8"},
                        Case{"/icon.svg", "image/svg+xml; charset=utf-8"}, Case{"/icon.png", "image/png"},
                        Case{"/favicon.ico", "image/x-icon"},
                        Case{"/app.webmanifest", "application/manifest+json; charset=utf-8"},
                        Case{"/sub/page.html", "text/html; charset=utf-8"}, Case{"/app.js?v=3", "text/javascript; charset=utf-8"}}) {
    HttpResponse r = get(c.path);
    INFO(c.path);
    CHECK(r.status == 200);
    CHECK(r.header("content-type") == c.type);
    CHECK(r.header("cache-control") == "no-cache");
    check_security_headers(r);
  }
  CHECK(get("/").body == "<!doctype html><title>fixture page</title>");

  const std::string outside = test::slurp(test::source_path("CMakeLists.txt"));
  for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%2E%2E/CMakeLists.txt", "/..%2fCMakeLists.txt",
                           "/.%2e/CMakeLists.txt", "/sub/../../CMakeLists.txt", "/sub/%2e%2e/%2e%2e/CMakeLists.txt",
                           "/%252e%252e/CMakeLists.txt", "//etc/passwd", "/etc/passwd", "/escape.html", "/.secret",
                           "/sub/./page.html", "/sub//page.html", "/notes.unknownext", "/index.html%00.png", "/sub/",
                           "/sub", "/missing.html", "/%5c..%5cCMakeLists.txt", "/%ff.html", "/%zz", "/%",
                           "/..", "/./index.html"}) {
    HttpResponse r = get(path);
    INFO(path << " -> " << r.status);
    CHECK(r.status == 404);
    CHECK(r.header("content-type") == "application/json; charset=utf-8");
    CHECK(r.body.find("cmake_minimum_required") == std::string::npos);
    CHECK(r.body.find("root:") == std::string::npos);
    CHECK(r.body != outside);
  }
  // Bytes an HTTP client would not send.
  const uint16_t port = test::fixture_server().port();
  for (const std::string& target : {std::string("/..\\CMakeLists.txt"), std::string("/\\etc\\passwd"),
                                    std::string("/index.html\x01"), std::string("http://x/../CMakeLists.txt"),
                                    std::string(KINDRED_SOURCE_DIR) + "/CMakeLists.txt", std::string("*")}) {
    int status = test::raw_request_status(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    INFO(target << " -> " << status);
    CHECK(status == 404);
  }

  // The repository's own page: the placeholder with the crisis line, and its script.
  test::TestServer real(test::fixture_index(), test::source_path("web"), 1);
  HttpResponse page = real.get("/");
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("Peer support is not crisis care. In the US or Canada call or text 988; UK and "
                                        "Ireland Samaritans 116 123; Australia Lifeline 13 11 14."));
  CHECK(real.get("/app.js").header("content-type") == "text/javascript; charset=utf-8");
}

TEST_CASE("server: headers, methods, keep-alive and oversized requests", "[server]") {
  for (const char* target : {"/api/v1/search?q=bipolar", "/api/v1/search?page=0", "/api/v1/listings/nope-nope",
                             "/api/v1/listings/fixture-moscow-bipolar-group.ics", "/api/v1/places?q=83843",
                             "/api/v1/vocabulary", "/healthz", "/metrics", "/api/v2/nothing", "/missing.html"}) {
    HttpResponse r = get(target);
    INFO(target);
    check_security_headers(r);
    CHECK_THAT(r.header("content-type"), Catch::Contains("charset=utf-8"));
    if (std::string(target).rfind("/api/", 0) == 0 || std::string(target) == "/healthz") {
      CHECK(r.header("cache-control") == "no-store");
    }
  }
  CHECK(get("/api/v2/nothing").status == 404);

  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"}) {
    for (const char* target : {"/api/v1/search?q=x", "/", "/healthz"}) {
      HttpResponse r = get(target, method);
      INFO(method << " " << target);
      const bool page = std::string(target) == "/";
      if (page && std::string(method) == "HEAD") {  // the page's files answer HEAD (static_files_test.cpp)
        CHECK(r.status == 200);
        continue;
      }
      CHECK(r.status == 405);
      CHECK(r.header("allow") == (page ? "GET, HEAD" : "GET"));
      check_security_headers(r);
      if (std::string(method) != "HEAD") {
        CHECK(std::string(json(r)["error"]["code"].GetString()) == "method_not_allowed");
      }
    }
  }
  CHECK(test::raw_request_status(test::fixture_server().port(), "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(test::raw_request_status(test::fixture_server().port(), "GET / HTTP/9.9\r\nHost: x\r\n\r\n") == 400);

  // HTTP/1.1 keeps the connection without being asked.
  test::HttpClient client;
  HttpResponse first = client.request(test::fixture_server().port(), "/healthz");
  HttpResponse second = client.request(test::fixture_server().port(), "/api/v1/vocabulary");
  CHECK(first.status == 200);
  CHECK(second.status == 200);
  CHECK(second.new_connections == 0);

  HttpResponse huge = get("/api/v1/search?q=" + std::string(70000, 'a'));
  CHECK(huge.status == 413);
  CHECK(std::string(json(huge)["error"]["code"].GetString()) == "too_large");
  CHECK(get("/healthz").status == 200);
}
