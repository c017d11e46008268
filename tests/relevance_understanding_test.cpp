// @brief The judged queries of tests/relevance/queries-understanding.json, run through
// the HTTP API over an index of tests/relevance/listings/understanding.json (fictional
// listings): each query's top3 must be in the first three results, its not_top3 must
// not be, and its `understood` must be a subset of the answer's.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

test::TestServer& relevance_server() {
  static test::TempDir dir;
  static const std::string index = [] {
    // Only this file: other relevance listings may sit beside it.
    test::write_file(dir.file("data/understanding.json"),
                     test::slurp(test::source_path("tests/relevance/listings/understanding.json")));
    std::string out = dir.file("index");
    auto r = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " + dir.file("data") +
                               " --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the relevance index failed:\n" + r.output);
    return out;
  }();
  static test::TestServer server(index, test::fixture_web_dir());
  return server;
}

// Whether `got` holds everything in `want`: objects key by key, anything else equal.
bool subset(const rapidjson::Value& want, const rapidjson::Value& got) {
  if (want.IsObject()) {
    if (!got.IsObject()) return false;
    for (const auto& m : want.GetObject()) {
      auto it = got.FindMember(m.name);
      if (it == got.MemberEnd() || !subset(m.value, it->value)) return false;
    }
    return true;
  }
  return want == got;
}

std::string to_string(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

TEST_CASE("relevance: the judged understanding queries pass", "[understand][relevance]") {
  rapidjson::Document queries;
  std::string text = test::slurp(test::source_path("tests/relevance/queries-understanding.json"));
  queries.Parse(text.data(), text.size());
  REQUIRE_FALSE(queries.HasParseError());
  const auto& list = queries["queries"];
  CHECK(list.Size() >= 35);
  size_t passed = 0;
  for (const auto& q : list.GetArray()) {
    std::string target = "/api/v1/search?q=" + test::url_encode(q["q"].GetString());
    if (q.HasMember("params")) {
      for (const auto& p : q["params"].GetObject()) {
        target += "&" + std::string(p.name.GetString()) + "=" + test::url_encode(p.value.GetString());
      }
    }
    auto r = relevance_server().get(target);
    INFO(target << "\n-> " << r.status << " " << r.body.substr(0, 1500));
    REQUIRE(r.status == 200);
    auto d = test::json(r);
    std::vector<std::string> top;
    for (const auto& h : d["results"].GetArray()) {
      if (top.size() < 3) top.emplace_back(h["id"].GetString());
    }
    bool ok = true;
    if (q.HasMember("top3")) {
      for (const auto& id : q["top3"].GetArray()) {
        bool in = std::find(top.begin(), top.end(), id.GetString()) != top.end();
        CHECK(in);
        ok = ok && in;
      }
    }
    if (q.HasMember("not_top3")) {
      for (const auto& id : q["not_top3"].GetArray()) {
        bool in = std::find(top.begin(), top.end(), id.GetString()) != top.end();
        CHECK_FALSE(in);
        ok = ok && !in;
      }
    }
    if (q.HasMember("understood")) {
      INFO("understood wanted: " << to_string(q["understood"]));
      bool fits = d.HasMember("understood") && subset(q["understood"], d["understood"]);
      CHECK(fits);
      ok = ok && fits;
    }
    passed += ok ? 1 : 0;
  }
  WARN("understanding relevance set: " << passed << " of " << list.Size() << " judged queries pass");
}

}  // namespace
}  // namespace kindred
