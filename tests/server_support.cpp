// @brief The fixture server and JSON helpers of the server tests (see server_support.h).
#include "tests/server_support.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/search_support.h"
#include "tests/test_support.h"

namespace kindred::test {

const std::string& fixture_web_dir() {
  static TempDir dir;
  static const std::string path = [] {
    std::string root = dir.file("web");
    write_file(root + "/index.html", "<!doctype html><title>fixture page</title>");
    write_file(root + "/app.js", "console.log('fixture');");
    write_file(root + "/style.css", "body{}");
    write_file(root + "/data.json", "{}");
    write_file(root + "/icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write_file(root + "/icon.png", "PNG");
    write_file(root + "/favicon.ico", "ICO");
    write_file(root + "/app.webmanifest", "{}");
    write_file(root + "/sub/page.html", "<p>sub page</p>");
    write_file(root + "/.secret", "hidden");
    write_file(root + "/notes.unknownext", "x");
    std::filesystem::create_symlink(source_path("CMakeLists.txt"), root + "/escape.html");
    std::filesystem::create_directory_symlink("/etc", root + "/etc");
    return root;
  }();
  return path;
}

TestServer& fixture_server() {
  static TestServer s(fixture_index(), fixture_web_dir());
  return s;
}

HttpResponse get(const std::string& target, const std::string& method) {
  return fixture_server().get(target, method);
}

rapidjson::Document json(const HttpResponse& r) {
  rapidjson::Document d;
  d.Parse(r.body.data(), r.body.size());
  INFO(r.body);
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d.IsObject());
  return d;
}

rapidjson::Document search(const std::string& query) {
  HttpResponse r = get("/api/v1/search?" + query);
  INFO(query << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return json(r);
}

uint64_t total(const std::string& query) { return search(query)["total"].GetUint64(); }

void refused(const std::string& target, const std::string& param) {
  HttpResponse r = get(target);
  INFO(target.substr(0, 200) << " -> " << r.status << " " << r.body.substr(0, 300));
  REQUIRE(r.status == 400);
  CHECK(r.header("content-type") == "application/json; charset=utf-8");
  auto d = json(r);
  REQUIRE(d.HasMember("error"));
  CHECK(std::string(d["error"]["code"].GetString()) == "invalid_argument");
  CHECK_THAT(d["error"]["message"].GetString(), Catch::StartsWith(param + ":"));
}

void check_security_headers(const HttpResponse& r) {
  INFO(r.status << " " << r.body.substr(0, 200));
  CHECK(r.header("x-content-type-options") == "nosniff");
  CHECK(r.header("referrer-policy") == "no-referrer");
  CHECK(r.header("content-security-policy") == kContentSecurityPolicy);
  CHECK(r.header("x-frame-options") == "DENY");
  CHECK_FALSE(r.has_header("set-cookie"));
  CHECK(r.has_header("content-type"));
}

}  // namespace kindred::test
