// @brief The page's files over a real socket: gzip and Brotli bodies that decode to the
// file, strong per-form ETags and 304s, HEAD, and the confinement kept under the new
// headers; and the Accept-Encoding / If-None-Match readers on their own.
#include <brotli/decode.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "server/content_coding.h"
#include "tests/http_support.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

using test::HttpResponse;

std::string gunzip(const std::string& bytes) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "<inflateInit2 failed>";
  std::string out;
  char buf[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END && z.avail_in == 0 ? out : "<not one whole gzip member>";
}

std::string unbrotli(const std::string& bytes) {
  std::string out(bytes.size() * 20 + 1024, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
    return "<not a Brotli stream>";
  }
  out.resize(size);
  return out;
}

HttpResponse get_static(uint16_t port, const std::string& target, std::vector<std::string> headers = {},
                   const std::string& method = "GET") {
  test::HttpClient client;
  return client.request(port, target, method, headers);
}

// The repository's own page, as kindred-serve sends it.
test::TestServer& page_server() {
  static test::TestServer server(test::fixture_index(), test::source_path("web"), 2);
  return server;
}

}  // namespace

TEST_CASE("static: the page's text files go out as gzip or Brotli that decode to the file", "[server][static]") {
  const uint16_t port = page_server().port();
  for (const char* name : {"index.html", "app.js", "style.css", "crisis-lines.json", "favicon.svg"}) {
    const std::string file = test::slurp(test::source_path(std::string("web/") + name));
    const std::string target = std::string("/") + name;
    INFO(target);

    HttpResponse plain = get_static(port, target);
    REQUIRE(plain.status == 200);
    CHECK_FALSE(plain.has_header("content-encoding"));
    CHECK(plain.body == file);
    CHECK(plain.header("vary") == "Accept-Encoding");
    CHECK(plain.header("cache-control") == "no-cache");
    test::check_security_headers(plain);

    HttpResponse gz = get_static(port, target, {"Accept-Encoding: gzip, deflate"});
    REQUIRE(gz.status == 200);
    CHECK(gz.header("content-encoding") == "gzip");
    CHECK(gz.header("vary") == "Accept-Encoding");
    CHECK(gz.body.size() < file.size());
    CHECK(gunzip(gz.body) == file);
    test::check_security_headers(gz);

    HttpResponse br = get_static(port, target, {"Accept-Encoding: gzip, deflate, br"});
    REQUIRE(br.status == 200);
    CHECK(br.header("content-encoding") == "br");
    CHECK(br.body.size() < file.size());
    CHECK(unbrotli(br.body) == file);

    // A refused coding is never sent; a wildcard takes the best one.
    CHECK_FALSE(get_static(port, target, {"Accept-Encoding: gzip;q=0, identity"}).has_header("content-encoding"));
    CHECK(get_static(port, target, {"Accept-Encoding: br;q=0, gzip"}).header("content-encoding") == "gzip");
    CHECK(get_static(port, target, {"accept-encoding: *"}).header("content-encoding") == "br");

    // Strong, quoted, and one per form.
    std::set<std::string> tags = {plain.header("etag"), gz.header("etag"), br.header("etag")};
    CHECK(tags.size() == 3);
    for (const auto& tag : tags) {
      CHECK(tag.size() == 34);
      CHECK(tag.front() == '"');
      CHECK(tag.back() == '"');
    }
    // The same bytes, the same tag: computed once, not per request.
    CHECK(get_static(port, target, {"Accept-Encoding: gzip"}).header("etag") == gz.header("etag"));
  }
}

TEST_CASE("static: a matching If-None-Match gets a 304 with no body", "[server][static]") {
  const uint16_t port = page_server().port();
  HttpResponse gz = get_static(port, "/app.js", {"Accept-Encoding: gzip"});
  REQUIRE(gz.status == 200);
  const std::string tag = gz.header("etag");

  test::HttpClient client;
  HttpResponse again = client.request(port, "/app.js", "GET", {"Accept-Encoding: gzip", "If-None-Match: " + tag});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(again.header("etag") == tag);
  CHECK(again.header("vary") == "Accept-Encoding");
  CHECK(again.header("cache-control") == "no-cache");
  CHECK_FALSE(again.has_header("content-length"));  // RFC 9110 8.6: none, or the 200's
  CHECK_FALSE(again.has_header("content-type"));    // 15.4.5: no representation metadata
  CHECK(again.header("x-content-type-options") == "nosniff");
  CHECK(again.header("content-security-policy") == get_static(port, "/").header("content-security-policy"));
  CHECK(again.header("x-frame-options") == "DENY");
  CHECK(again.header("referrer-policy") == "no-referrer");
  // The connection stays usable: the 304 carried no stray bytes.
  HttpResponse next = client.request(port, "/healthz");
  CHECK(next.status == 200);
  CHECK(next.new_connections == 0);

  // If-None-Match compares weakly; lists and "*" match.
  CHECK(get_static(port, "/app.js", {"Accept-Encoding: gzip", "If-None-Match: W/" + tag}).status == 304);
  CHECK(get_static(port, "/app.js", {"Accept-Encoding: gzip", "If-None-Match: \"0000\", " + tag}).status == 304);
  CHECK(get_static(port, "/app.js", {"If-None-Match: *"}).status == 304);
  // Another form's tag, or a stale one, gets the bytes.
  HttpResponse other = get_static(port, "/app.js", {"If-None-Match: " + tag});
  CHECK(other.status == 200);
  CHECK(other.body == test::slurp(test::source_path("web/app.js")));
  CHECK(get_static(port, "/app.js", {"Accept-Encoding: gzip", "If-None-Match: \"0000\""}).status == 200);
  CHECK(get_static(port, "/app.js", {"Accept-Encoding: gzip", "If-None-Match: "}).status == 200);
  // A missing file stays missing whatever the client holds.
  CHECK(get_static(port, "/missing.js", {"If-None-Match: *"}).status == 404);
}

TEST_CASE("static: HEAD sends the headers GET would, without the body", "[server][static]") {
  const uint16_t port = page_server().port();
  for (const std::vector<std::string>& headers : {std::vector<std::string>{}, std::vector<std::string>{"Accept-Encoding: gzip"}}) {
    HttpResponse get = get_static(port, "/index.html", headers);
    test::HttpClient client;
    HttpResponse head = client.request(port, "/index.html", "HEAD", headers);
    INFO(headers.size());
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("content-length") == std::to_string(get.body.size()));
    CHECK(head.header("content-type") == "text/html; charset=utf-8");
    CHECK(head.header("etag") == get.header("etag"));
    CHECK(head.header("content-encoding") == get.header("content-encoding"));
    test::check_security_headers(head);
    HttpResponse next = client.request(port, "/index.html", "GET", headers);
    CHECK(next.body == get.body);
    CHECK(next.new_connections == 0);
  }
  HttpResponse missing = get_static(port, "/missing.html", {}, "HEAD");
  CHECK(missing.status == 404);
  CHECK(missing.body.empty());
  // The API stays GET only.
  HttpResponse api = get_static(port, "/api/v1/vocabulary", {}, "HEAD");
  CHECK(api.status == 405);
  CHECK(api.header("allow") == "GET");
}

TEST_CASE("static: compression and validators keep the confinement", "[server][static][security]") {
  const uint16_t port = test::fixture_server().port();
  const std::string outside = test::slurp(test::source_path("CMakeLists.txt"));
  for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/sub/%2e%2e/%2e%2e/CMakeLists.txt",
                           "/escape.html", "/.secret", "/etc/passwd", "/..%2fCMakeLists.txt"}) {
    for (const char* method : {"GET", "HEAD"}) {
      HttpResponse r = get_static(port, path, {"Accept-Encoding: gzip, br", "If-None-Match: *"}, method);
      INFO(method << " " << path << " -> " << r.status);
      CHECK(r.status == 404);
      CHECK_FALSE(r.has_header("etag"));
      CHECK_FALSE(r.has_header("content-encoding"));
      CHECK(r.body.find("cmake_minimum_required") == std::string::npos);
      CHECK(gunzip(r.body).find("cmake_minimum_required") == std::string::npos);
      CHECK(r.body != outside);
    }
  }
  const std::string escape = "GET /../CMakeLists.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n"
                             "If-None-Match: *\r\nConnection: close\r\n\r\n";
  CHECK(test::raw_request_status(port, escape) == 404);
}

TEST_CASE("static: images are sent as they are, an edited file gets new bytes and a new tag", "[server][static]") {
  test::TempDir dir;
  const std::string web = dir.file("web");
  test::write_file(web + "/icon.png", std::string(4000, 'P'));
  test::write_file(web + "/page.html", "<!doctype html><title>Fixture (synthetic)</title>" + std::string(2000, ' '));
  test::TestServer server(test::fixture_index(), web, 1);

  HttpResponse png = server.get("/icon.png");
  HttpResponse png_gz = get_static(server.port(), "/icon.png", {"Accept-Encoding: gzip, br"});
  CHECK_FALSE(png_gz.has_header("content-encoding"));
  CHECK_FALSE(png_gz.has_header("vary"));
  CHECK(png_gz.body == png.body);
  CHECK(png_gz.header("etag") == png.header("etag"));

  HttpResponse before = get_static(server.port(), "/page.html", {"Accept-Encoding: gzip"});
  REQUIRE(before.status == 200);
  test::write_file(web + "/page.html", "<!doctype html><title>Fixture, edited (synthetic)</title>" + std::string(2000, ' '));
  HttpResponse after = get_static(server.port(), "/page.html", {"Accept-Encoding: gzip"});
  CHECK(after.header("etag") != before.header("etag"));
  CHECK_THAT(gunzip(after.body), Catch::Contains("edited"));
  CHECK(get_static(server.port(), "/page.html", {"Accept-Encoding: gzip", "If-None-Match: " + before.header("etag")}).status ==
        200);
}

TEST_CASE("static: Accept-Encoding and If-None-Match are read as RFC 9110 says", "[static]") {
  using http::accepts_coding;
  CHECK(accepts_coding("gzip", "gzip"));
  CHECK(accepts_coding("GZIP", "gzip"));
  CHECK(accepts_coding("x-gzip", "gzip"));
  CHECK(accepts_coding("deflate, gzip;q=0.5", "gzip"));
  CHECK(accepts_coding(" br ; q=1.0 ", "br"));
  CHECK(accepts_coding("*", "br"));
  CHECK_FALSE(accepts_coding("", "gzip"));
  CHECK_FALSE(accepts_coding("identity", "gzip"));
  CHECK_FALSE(accepts_coding("gzip;q=0", "gzip"));
  CHECK_FALSE(accepts_coding("gzip;q=0.000", "gzip"));
  CHECK_FALSE(accepts_coding("*, gzip;q=0", "gzip"));
  CHECK_FALSE(accepts_coding("*;q=0", "br"));
  CHECK_FALSE(accepts_coding("gzip;q=nonsense", "gzip"));
  CHECK_FALSE(accepts_coding("gzipx", "gzip"));
  CHECK_FALSE(accepts_coding("br", "gzip"));

  using http::etag_matches;
  CHECK(etag_matches("\"abc\"", "\"abc\""));
  CHECK(etag_matches("W/\"abc\"", "\"abc\""));
  CHECK(etag_matches("\"x\", \"abc\"", "\"abc\""));
  CHECK(etag_matches(" * ", "\"abc\""));
  CHECK_FALSE(etag_matches("\"abcd\"", "\"abc\""));
  CHECK_FALSE(etag_matches("abc", "\"abc\""));
  CHECK_FALSE(etag_matches("", "\"abc\""));
}

}  // namespace kindred
