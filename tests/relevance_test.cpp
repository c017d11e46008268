// @brief The judged relevance set (tests/relevance/): every queries-*.json file's queries
// through the real HTTP API over an index of its own corpus (queries-<set>.json over
// listings/<set>.json), each checked for its judged top 3, its crisis flag, its
// correction and what it understood. Fails naming every failed query. With
// KINDRED_RELEVANCE_REPORT=FILE set it also writes success@3 and MRR per category
// (scripts/relevance-report writes bench/relevance.md that way).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "tests/http_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

struct Judged {
  std::string file, q, category;
  std::vector<std::pair<std::string, std::string>> params;  // repeated names allowed
  std::vector<std::string> top3, not_top3;
  std::optional<bool> crisis;
  bool corrected_given = false;
  std::optional<std::pair<std::string, std::string>> corrected;  // nullopt: must be absent
  std::string understood;  // JSON text of the expected subset; empty: not judged
};

struct Outcome {
  std::vector<std::string> problems;
  bool judged_top3 = false;
  bool success_at_3 = false;  // every judged listing in the top 3
  double reciprocal_rank = 0; // 1/rank of the first judged listing found on the first page
};

std::vector<std::string> files_in(const std::string& dir, const std::string& prefix, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> strings(const rapidjson::Value& v) {
  std::vector<std::string> out;
  if (v.IsString()) out.emplace_back(v.GetString());
  if (v.IsArray()) {
    for (const auto& x : v.GetArray()) {
      if (x.IsString()) out.emplace_back(x.GetString());
    }
  }
  return out;
}

// Reads one queries file; every malformed entry fails the test with its file and index.
std::vector<Judged> read_queries(const std::string& path) {
  rapidjson::Document doc;
  std::string text = test::slurp(path);
  Status parsed = parse_json(text, doc);
  INFO(path);
  REQUIRE(parsed);
  REQUIRE(doc.IsObject());
  REQUIRE(doc.HasMember("queries"));
  REQUIRE(doc["queries"].IsArray());
  std::vector<Judged> out;
  const auto& list = doc["queries"];
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const auto& e = list[i];
    INFO("queries[" << i << "]");
    REQUIRE(e.IsObject());
    REQUIRE(e.HasMember("q"));
    REQUIRE(e["q"].IsString());
    REQUIRE(e.HasMember("category"));
    REQUIRE(e["category"].IsString());
    for (const auto& m : e.GetObject()) {
      static const std::vector<std::string> kKnown = {"q", "params", "category", "top3", "not_top3",
                                                      "crisis", "corrected", "understood"};
      INFO("unknown key " << m.name.GetString());
      CHECK(std::find(kKnown.begin(), kKnown.end(), m.name.GetString()) != kKnown.end());
    }
    Judged j;
    j.file = std::filesystem::path(path).filename().string();
    j.q = e["q"].GetString();
    j.category = e["category"].GetString();
    if (e.HasMember("params")) {
      REQUIRE(e["params"].IsObject());
      for (const auto& m : e["params"].GetObject()) {
        for (auto& v : strings(m.value)) j.params.emplace_back(m.name.GetString(), v);
      }
    }
    if (e.HasMember("top3")) j.top3 = strings(e["top3"]);
    if (e.HasMember("not_top3")) j.not_top3 = strings(e["not_top3"]);
    if (e.HasMember("crisis")) {
      REQUIRE(e["crisis"].IsBool());
      j.crisis = e["crisis"].GetBool();
    }
    if (e.HasMember("corrected")) {
      j.corrected_given = true;
      const auto& c = e["corrected"];
      REQUIRE((c.IsNull() || (c.IsObject() && c.HasMember("from") && c.HasMember("to"))));
      if (c.IsObject()) j.corrected = std::make_pair(c["from"].GetString(), c["to"].GetString());
    }
    if (e.HasMember("understood")) j.understood = to_json(e["understood"]);
    out.push_back(std::move(j));
  }
  return out;
}

// Whether `actual` holds everything `expected` holds: objects by subset, anything else equal.
bool holds(const rapidjson::Value& actual, const rapidjson::Value& expected) {
  if (expected.IsObject()) {
    if (!actual.IsObject()) return false;
    for (const auto& m : expected.GetObject()) {
      auto it = actual.FindMember(m.name);
      if (it == actual.MemberEnd() || !holds(it->value, m.value)) return false;
    }
    return true;
  }
  return actual == expected;
}

Outcome judge(const Judged& j, const test::TestServer& server) {
  Outcome o;
  std::string target = "/api/v1/search?q=" + test::url_encode(j.q) + "&per_page=10";
  for (const auto& [name, value] : j.params) target += "&" + test::url_encode(name) + "=" + test::url_encode(value);
  test::HttpResponse r = server.get(target);
  if (r.status != 200) {
    o.problems.push_back("status " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
    o.judged_top3 = !j.top3.empty();
    return o;
  }
  rapidjson::Document d;
  d.Parse(r.body.data(), r.body.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("results")) {
    o.problems.push_back("not a search answer: " + r.body.substr(0, 200));
    return o;
  }
  std::vector<std::string> ids;
  for (const auto& hit : d["results"].GetArray()) ids.emplace_back(hit["id"].GetString());
  auto rank = [&](const std::string& id) {
    auto it = std::find(ids.begin(), ids.end(), id);
    return it == ids.end() ? 0 : static_cast<int>(it - ids.begin()) + 1;
  };
  std::string got = "[";
  for (size_t i = 0; i < ids.size() && i < 5; ++i) got += (i ? ", " : "") + ids[i];
  got += "]";
  if (!j.top3.empty()) {
    o.judged_top3 = true;
    o.success_at_3 = true;
    int first = 0;
    for (const auto& id : j.top3) {
      int r3 = rank(id);
      if (r3 == 0 || r3 > 3) {
        o.success_at_3 = false;
        o.problems.push_back(id + " not in the top 3 " + got);
      }
      if (r3 > 0 && (first == 0 || r3 < first)) first = r3;
    }
    o.reciprocal_rank = first ? 1.0 / first : 0;
  }
  for (const auto& id : j.not_top3) {
    int r3 = rank(id);
    if (r3 > 0 && r3 <= 3) o.problems.push_back(id + " in the top 3 (at " + std::to_string(r3) + ") " + got);
  }
  if (j.crisis) {
    bool matched = d.HasMember("crisis") && d["crisis"].IsObject() && d["crisis"].HasMember("matched") &&
                   d["crisis"]["matched"].IsBool() && d["crisis"]["matched"].GetBool();
    if (matched != *j.crisis) o.problems.push_back(std::string("crisis.matched is ") + (matched ? "true" : "false"));
  }
  if (j.corrected_given) {
    auto it = d.FindMember("corrected");
    if (!j.corrected && it != d.MemberEnd()) {
      o.problems.push_back("corrected should be absent, is " + to_json(it->value));
    } else if (j.corrected) {
      rapidjson::Document want;
      want.SetObject();
      want.AddMember("from", rapidjson::Value(j.corrected->first.c_str(), want.GetAllocator()), want.GetAllocator());
      want.AddMember("to", rapidjson::Value(j.corrected->second.c_str(), want.GetAllocator()), want.GetAllocator());
      if (it == d.MemberEnd() || !(it->value == want)) {
        o.problems.push_back("corrected should be " + to_json(want) + ", is " +
                             (it == d.MemberEnd() ? std::string("absent") : to_json(it->value)));
      }
    }
  }
  // `understood` is judged as a subset: the answer must carry at least what is given.
  if (!j.understood.empty()) {
    rapidjson::Document want;
    want.Parse(j.understood.c_str());
    if (!d.HasMember("understood")) {
      o.problems.push_back("understood should hold " + j.understood + ", is absent");
    } else if (!holds(d["understood"], want)) {
      o.problems.push_back("understood should hold " + j.understood + ", is " + to_json(d["understood"]));
    }
  }
  return o;
}

struct CategoryFigures {
  int queries = 0, passed = 0, judged = 0, successes = 0;
  double rr_sum = 0;
};

std::string report(const std::map<std::string, CategoryFigures>& by_category, size_t listings) {
  std::ostringstream out;
  out << "# Relevance: the judged set\n\n"
      << "Written by `scripts/relevance-report` from `tests/relevance/` (the `[relevance]` test):\n"
      << "every `queries-<set>.json` query through the HTTP API over an index of its own set,\n"
      << "`tests/relevance/listings/<set>.json` (" << listings << " fictional listings in all).\n\n"
      << "- **passed**: every check of the query holds (top 3, not in top 3, crisis, corrected, understood).\n"
      << "- **success@3**: among queries with judged listings (`top3`), the share with all of them in the top 3.\n"
      << "- **MRR**: the mean over those queries of 1/rank of the first judged listing on the first page\n"
      << "  (10 results; 0 when none is there).\n\n"
      << "| category | queries | passed | judged top 3 | success@3 | MRR |\n|---|---:|---:|---:|---:|---:|\n";
  CategoryFigures all;
  auto row = [&](const std::string& name, const CategoryFigures& f) {
    char success[32] = "–", mrr[32] = "–";
    if (f.judged) {
      std::snprintf(success, sizeof success, "%.1f %%", 100.0 * f.successes / f.judged);
      std::snprintf(mrr, sizeof mrr, "%.3f", f.rr_sum / f.judged);
    }
    out << "| " << name << " | " << f.queries << " | " << f.passed << " | " << f.judged << " | " << success << " | "
        << mrr << " |\n";
  };
  for (const auto& [name, f] : by_category) {
    row(name, f);
    all.queries += f.queries;
    all.passed += f.passed;
    all.judged += f.judged;
    all.successes += f.successes;
    all.rr_sum += f.rr_sum;
  }
  row("**all**", all);
  return out.str();
}

// Each queries file is judged over its own corpus: queries-<set>.json over
// listings/<set>.json, so that adding a set never moves another set's judged top 3.
// The index of one set, built once per process with the real indexer.
const std::string& relevance_index(const std::string& set = "core") {
  static std::map<std::string, std::unique_ptr<test::TempDir>> dirs;
  static std::map<std::string, std::string> paths;
  if (auto it = paths.find(set); it != paths.end()) return it->second;
  auto& dir = dirs[set] = std::make_unique<test::TempDir>();
  std::filesystem::create_directories(dir->file("data/listings"));
  test::write_file(dir->file("data/listings/" + set + ".json"),
                   test::slurp(test::source_path("tests/relevance/listings/" + set + ".json")));
  std::string out = dir->file("index");
  auto built = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " + dir->file("data") +
                                 " --out " + out);
  if (built.exit_code != 0) throw std::runtime_error("building the relevance index of " + set + " failed:\n" + built.output);
  return paths[set] = out;
}

test::TestServer& relevance_server(const std::string& set = "core") {
  static std::map<std::string, std::unique_ptr<test::TestServer>> servers;
  auto& server = servers[set];
  if (!server) server = std::make_unique<test::TestServer>(relevance_index(set), test::fixture_web_dir());
  return *server;
}

// "…/queries-understanding.json" -> "understanding"
std::string set_of(const std::string& queries_file) {
  std::string name = std::filesystem::path(queries_file).stem().string();
  return name.substr(std::string("queries-").size());
}

}  // namespace

TEST_CASE("relevance: every judged query of tests/relevance through the HTTP API", "[relevance]") {
  const std::string dir = test::source_path("tests/relevance");
  std::vector<Judged> all;
  for (const auto& file : files_in(dir, "queries-", ".json")) {
    auto part = read_queries(file);
    all.insert(all.end(), part.begin(), part.end());
  }
  REQUIRE(all.size() >= 100);

  std::map<std::string, CategoryFigures> by_category;
  std::vector<std::string> failures;
  size_t listings = 0;
  std::set<std::string> sets;
  for (const auto& j : all) {
    const std::string set = set_of(j.file);
    if (sets.insert(set).second) {
      REQUIRE(std::filesystem::exists(dir + "/listings/" + set + ".json"));
      auto snap = LiveIndex(relevance_index(set)).current();
      REQUIRE(snap);
      listings += (*snap)->findable().count();
    }
    Outcome o = judge(j, relevance_server(set));
    CategoryFigures& f = by_category[j.category];
    ++f.queries;
    if (o.problems.empty()) ++f.passed;
    if (o.judged_top3) {
      ++f.judged;
      if (o.success_at_3) ++f.successes;
      f.rr_sum += o.reciprocal_rank;
    }
    for (const auto& p : o.problems) failures.push_back(j.file + " [" + j.category + "] \"" + j.q + "\": " + p);
  }
  for (const auto& f : failures) FAIL_CHECK(f);
  CHECK(failures.empty());

  if (const char* out = std::getenv("KINDRED_RELEVANCE_REPORT"); out && *out) {
    test::write_file(out, report(by_category, listings));
  }
}

namespace {

rapidjson::Document relevance_search(const std::string& q, const std::string& more = "") {
  test::HttpResponse r = relevance_server().get("/api/v1/search?q=" + test::url_encode(q) + more);
  INFO(q << " -> " << r.status << " " << r.body.substr(0, 300));
  REQUIRE(r.status == 200);
  rapidjson::Document d;
  d.Parse(r.body.data(), r.body.size());
  REQUIRE(d.IsObject());
  return d;
}

std::string first_id(const rapidjson::Document& d) {
  return d["results"].Empty() ? std::string() : std::string(d["results"][0]["id"].GetString());
}

}  // namespace

// The examples at the top of issue 12 that crisis words, vocabulary, corrections and
// character limits answer, each through the HTTP API.
TEST_CASE("relevance: issue 12's examples", "[relevance][issue12]") {
  SECTION("identity and lay words are neither 'corrected' nor suggested into other words") {
    for (const char* q : {"queer", "manic depression", "mood disorder", "queer ", "gay", "two-spirit"}) {
      auto d = relevance_search(q);
      INFO(q);
      CHECK(d["total"].GetUint64() >= 1);
      CHECK_FALSE(d.HasMember("suggestion"));
      CHECK_FALSE(d.HasMember("corrected"));
    }
    // Nearest to a protected word: no correction at all ("qeer" is no typo of "peer").
    auto qeer = relevance_search("qeer");
    CHECK_FALSE(qeer.HasMember("corrected"));
    CHECK_FALSE(qeer.HasMember("suggestion"));
  }
  SECTION("misspellings that found nothing return the corrected query's results") {
    for (auto [typed, meant] : {std::pair{"depresssion", "depression"}, {"anxeity", "anxiety"}, {"bipolr", "bipolar"}}) {
      auto d = relevance_search(typed);
      INFO(typed);
      CHECK(d["total"].GetUint64() >= 1);
      REQUIRE(d.HasMember("corrected"));
      CHECK(std::string(d["corrected"]["from"].GetString()) == typed);
      CHECK(std::string(d["corrected"]["to"].GetString()) == meant);
      // "Search instead for ...": the words as typed, uncorrected.
      auto as_typed = relevance_search(typed, "&spelling=as-typed");
      CHECK(as_typed["total"].GetUint64() == 0);
      CHECK_FALSE(as_typed.HasMember("corrected"));
      CHECK_FALSE(as_typed.HasMember("suggestion"));
    }
    test::HttpResponse bad = relevance_server().get("/api/v1/search?q=depresion&spelling=maybe");
    CHECK(bad.status == 400);
    CHECK_THAT(bad.body, Catch::Contains("spelling: must be correct or as-typed"));
  }
  SECTION("a sentence with no listing holding every word finds those with some, marked relaxed") {
    auto d = relevance_search("I have bipolar and feel alone");
    REQUIRE(d["total"].GetUint64() >= 1);
    REQUIRE(d.HasMember("relaxed"));
    CHECK(d["relaxed"].GetBool());
    // The informative word leads: the first result is about bipolar.
    const auto& first = d["results"][0];
    bool bipolar = false;
    for (const auto& t : first["topics"].GetArray()) bipolar |= std::string(t.GetString()) == "bipolar";
    CHECK(bipolar);
    // As typed, nothing is widened; one word is never widened; a full match is not relaxed.
    CHECK(relevance_search("I have bipolar and feel alone", "&spelling=as-typed")["total"].GetUint64() == 0);
    CHECK_FALSE(relevance_search("zzqqxx")["total"].GetUint64() > 0);
    CHECK_FALSE(relevance_search("bipolar support").HasMember("relaxed"));
  }
  SECTION("people's words find listings that use the vocabulary's") {
    for (auto [q, id] : {std::pair{"skin picking", "rel-bfrb-forum"}, {"hearing voices", "rel-voices-group"},
                         {"grief", "rel-grief-circle"}, {"PTSD", "rel-veterans-ptsd-group"},
                         {"LGBTQ+", "rel-lgbtq-youth-group"}, {"youth", "rel-lgbtq-youth-group"},
                         {"Spanish", "rel-spanish-depression-group"}}) {
      auto d = relevance_search(q);
      INFO(q);
      std::vector<std::string> ids;
      for (const auto& h : d["results"].GetArray()) ids.emplace_back(h["id"].GetString());
      CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
    }
  }
  SECTION("'suicide' is flagged and leads with support, not the ally training") {
    auto d = relevance_search("suicide");
    REQUIRE(d.HasMember("crisis"));
    CHECK(d["crisis"]["matched"].GetBool());
    REQUIRE(d["results"].Size() >= 4);
    CHECK(first_id(d) != "rel-suicide-ally-training");
    // The training is still found, after every support offering.
    CHECK(std::string(d["results"][d["results"].Size() - 1]["id"].GetString()) == "rel-suicide-ally-training");
    auto plain = relevance_search("bipolar");
    CHECK_FALSE(plain["crisis"]["matched"].GetBool());
  }
  SECTION("q is limited in characters: 180 Chinese characters and 500 emoji are searched") {
    std::string zh;
    for (int i = 0; i < 18; ++i) zh += "我需要支持小组帮助我";  // 10 characters, 30 bytes
    REQUIRE(zh.size() == 540);
    auto d = relevance_search(zh);
    CHECK(d["total"].GetUint64() == 0);
    std::string emoji;
    for (int i = 0; i < 500; ++i) emoji += "\xF0\x9F\x98\xA2";  // U+1F622, 2000 bytes
    relevance_search(emoji);
    for (const char* q : {"депрессия", "اكتئاب", "抑郁症"}) relevance_search(q);
    test::HttpResponse r = relevance_server().get("/api/v1/search?q=" + test::url_encode(emoji + "x"));
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains("q: longer than 500 characters"));
  }
}
