// @brief The parallel build (several threads, many shards merged with compact) gives the
// index a one-thread, one-shard build gives: the same documents under the same docids, the
// same spelling and synonym tables, and the same search answers (totals, facet counts,
// hit ids in order). Also: a stored listing replaces a file's in place across shards, and
// the id rule holds across chunks.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <vector>

#include <xapian.h>

#include "core/index/index_build.h"
#include "core/index/index_snapshot.h"
#include "core/index/index_store.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"
#include "core/search/search.h"
#include "tests/search_support.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

// Synthetic listings (test data only, not real programs), enough for many chunks; every
// 7th repeats an earlier id, so the id rule crosses chunk boundaries.
void write_synthetic(const std::string& path, size_t n) {
  static const char* kTopics[] = {"depression", "anxiety", "grief", "bipolar", "substance-use"};
  static const char* kPlaces[][3] = {{"Boise", "US-ID", "US"}, {"Portland", "US-OR", "US"}, {"Leeds", "GB-ENG", "GB"}};
  std::ofstream out(path);
  for (size_t i = 0; i < n; ++i) {
    size_t id = (i % 7 == 6) ? i - 3 : i;
    const char* topic = kTopics[i % 5];
    const auto& place = kPlaces[i % 3];
    out << R"({"id":"synthetic-par-)" << id << R"(","name":"Synthetic )" << topic << " circle " << (i % 11)
        << R"(","kind":")" << (i % 4 ? "support-group" : "warmline")
        << R"(","description":"Synthetic test listing, not a real program. Peer support for )" << topic
        << (i % 2 ? " with a weekly check-in" : " and family members") << R"(.","organization":{"name":"Synthetic Org )"
        << (i % 13) << R"("},"topics":[")" << topic << R"("],"attendance":[")" << (i % 3 ? "in-person" : "online")
        << R"("],"languages":["en"],"cost":"free","facilitation":"peer-led",)";
    if (i % 3) {
      out << R"("location":{"locality":")" << place[0] << R"(","region":")" << place[1] << R"(","country":")"
          << place[2] << R"("},"schedule":[{"days":[")" << (i % 2 ? "mo" : "th")
          << R"("],"start":"18:30","timezone":"America/Boise"}],)";
    } else {
      out << R"("service_area":["US"],)";
    }
    out << R"("contact":{"url":"https://fixture.example/)" << i
        << R"("},"last_verified":"2025-01-01","sources":[{"name":"Synthetic"}]})" << "\n";
  }
}

std::vector<std::string> input_files(const std::string& synthetic) {
  std::vector<std::string> files;
  for (const char* dir : {"tests/fixtures/listings", "tests/relevance/listings", "tests/fixtures/languages",
                          "tests/fixtures/courses"}) {
    auto found = find_listing_files(test::source_path(dir));
    REQUIRE(found);
    files.insert(files.end(), found->begin(), found->end());
  }
  files.push_back(synthetic);
  return files;
}

struct Built {
  BuildReport report;
  LoadResult read;
};

// `commit_every`: the shards' mid-shard commits (BuildOptions::shard_commit_every).
Built build(const std::vector<std::string>& files, const std::string& out, unsigned jobs, size_t chunk,
            size_t commit_every, const std::vector<LoadedListing>* overrides = nullptr) {
  ListingValidator validator(test::schema(), test::gazetteer());
  BuildInput input{files, &validator, nullptr, overrides, ""};
  BuildOptions options;
  options.jobs = jobs;
  options.chunk_listings = chunk;
  options.shard_commit_every = commit_every;
  Built b;
  auto report = build_index(input, b.read, out, test::gazetteer(), test::vocabulary(), {}, {}, options);
  REQUIRE(report);
  b.report = *report;
  return b;
}

std::string answer(Searcher& searcher, SearchRequest request) {
  request.now = test::fixed_now();
  auto r = searcher.search(request);
  if (!r) return "error: " + r.error().message;
  std::string out = "total " + std::to_string(r->total) + "\nhits";
  for (const auto& h : r->hits) out += " " + h.id;
  for (const auto& f : r->facets) {
    out += "\n" + f.name + ":";
    for (const auto& v : f.values) out += " " + v.value + "=" + std::to_string(v.count);
  }
  if (r->suggestion) out += "\nsuggestion " + *r->suggestion;
  return out;
}

std::vector<SearchRequest> requests() {
  std::vector<SearchRequest> out;
  for (const char* q : {"", "support", "peer support", "depression", "\"weekly check-in\"", "grief family",
                        "anxeity", "bipolar circle", "warmline", "synthetic org 4"}) {
    SearchRequest r;
    r.q = q;
    r.per_page = 50;
    out.push_back(r);
  }
  SearchRequest near;
  near.q = "support";
  near.near = "Boise, ID";
  out.push_back(near);
  SearchRequest filtered;
  filtered.filters["topic"].include = {"anxiety", "grief"};
  filtered.filters["attendance"].include = {"in-person"};
  out.push_back(filtered);
  SearchRequest page2;
  page2.q = "synthetic";
  page2.page = 2;
  out.push_back(page2);
  return out;
}

// Every document's id term and stored data by docid, then the spelling and synonym tables.
std::string dump(const std::string& index) {
  Xapian::Database db(index);
  std::string out = "docs " + std::to_string(db.get_doccount()) + " last " + std::to_string(db.get_lastdocid()) +
                    " length " + std::to_string(db.get_total_length()) + "\n";
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    Xapian::Document doc = db.get_document(id);
    out += std::to_string(id) + " " + doc.get_data() + " len " + std::to_string(db.get_doclength(id)) + "\n";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      out += " " + *t + ":" + std::to_string(t.get_wdf()) + "/" + std::to_string(t.positionlist_count());
    }
    out += "\n";
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) out += "spell " + *w + " " + std::to_string(w.get_termfreq()) + "\n";
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
    for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) out += "syn " + *k + " " + *s + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a parallel build of many shards, each committed every few documents, equals a one-thread build of one shard",
          "[index][build]") {
  test::TempDir dir;
  write_synthetic(dir.file("synthetic.jsonl"), 300);
  auto files = input_files(dir.file("synthetic.jsonl"));

  // The reference writes its one shard in one commit; the parallel build commits each of
  // its shards after every 3 documents, and at the end (a chunk of 7 commits 3 times).
  Built serial = build(files, dir.file("serial"), 1, 1000000, 1000000);
  Built parallel = build(files, dir.file("parallel"), 3, 7, 3);
  CHECK(serial.report.shards == 1);
  CHECK(parallel.report.shards > 40);
  CHECK(parallel.report.jobs == 3);
  std::string first_problems;
  for (size_t i = 0; i < serial.read.problems.size() && i < 3; ++i) first_problems += format_problem(serial.read.problems[i]) + "\n";
  INFO(first_problems);
  REQUIRE(serial.report.indexed > 250);
  CHECK(parallel.report.indexed == serial.report.indexed);
  CHECK(parallel.report.placed == serial.report.placed);
  CHECK(parallel.report.warnings == serial.report.warnings);
  // The repeated synthetic ids are rejected, in both builds, with the same words.
  REQUIRE(serial.read.rejected.size() >= 40);
  REQUIRE(parallel.read.problems.size() == serial.read.problems.size());
  for (size_t i = 0; i < serial.read.problems.size(); ++i) {
    CHECK(format_problem(parallel.read.problems[i]) == format_problem(serial.read.problems[i]));
  }
  CHECK(format_problem(serial.read.problems.back()).find("is already used by") != std::string::npos);

  CHECK(dump(dir.file("parallel")) == dump(dir.file("serial")));

  LiveIndex serial_live(dir.file("serial")), parallel_live(dir.file("parallel"));
  auto a = Searcher::open(serial_live, test::vocabulary(), test::gazetteer());
  auto b = Searcher::open(parallel_live, test::vocabulary(), test::gazetteer());
  REQUIRE(a);
  REQUIRE(b);
  size_t with_hits = 0;
  for (const SearchRequest& r : requests()) {
    std::string expected = answer(*a, r);
    INFO("q=" << r.q);
    CHECK(answer(*b, r) == expected);
    if (expected.find("total 0") != 0) ++with_hits;
  }
  CHECK(with_hits >= 9);  // the comparison is of real answers, not of empty ones
}

TEST_CASE("a stored listing replaces the file's where it stands, across shards", "[index][build]") {
  test::TempDir dir;
  write_synthetic(dir.file("synthetic.jsonl"), 60);
  std::vector<std::string> files{dir.file("synthetic.jsonl")};
  // The store's version of synthetic-par-22 (in the fourth chunk of 7) and a listing of its own.
  std::vector<LoadedListing> stored;
  for (const char* id : {"synthetic-par-22", "synthetic-par-store"}) {
    std::string json = std::string(R"({"id":")") + id +
                       R"(","name":"Synthetic stored version","kind":"support-group","description":"Synthetic test listing, approved in the store.","organization":{"name":"Synthetic Org"},"topics":["grief"],"attendance":["online"],"languages":["en"],"cost":"free","facilitation":"peer-led","service_area":["US"],"contact":{"url":"https://fixture.example/stored"},"last_verified":"2025-01-01","sources":[{"name":"Synthetic"}]})";
    ListingValidator validator(test::schema(), test::gazetteer());
    CheckedListing c = check_record(ListingRecord{{"store", "seq 1", json}, {}, false, true}, validator);
    REQUIRE(c.problems.empty());
    stored.push_back(LoadedListing{c.source, *c.listing});
  }
  Built serial = build(files, dir.file("serial"), 1, 1000000, 1000000, &stored);
  Built parallel = build(files, dir.file("parallel"), 2, 7, 3, &stored);
  CHECK(dump(dir.file("parallel")) == dump(dir.file("serial")));

  Xapian::Database db(dir.file("parallel"));
  // Where the file's listing stood (its position among the accepted ones), the store's.
  Xapian::PostingIterator it = db.postlist_begin("Qsynthetic-par-22");
  REQUIRE(it != db.postlist_end("Qsynthetic-par-22"));
  CHECK(db.get_document(*it).get_data().find("approved in the store") != std::string::npos);
  Xapian::PostingIterator before = db.postlist_begin("Qsynthetic-par-21");
  REQUIRE(before != db.postlist_end("Qsynthetic-par-21"));
  CHECK(*it == *before + 1);
  // The store's own listing comes last.
  Xapian::PostingIterator own = db.postlist_begin("Qsynthetic-par-store");
  REQUIRE(own != db.postlist_end("Qsynthetic-par-store"));
  CHECK(*own == db.get_lastdocid());
}

TEST_CASE("a build whose every listing is rejected publishes nothing", "[index][build]") {
  test::TempDir dir;
  {
    std::ofstream out(dir.file("bad.jsonl"));
    out << "{\"id\":\"synthetic-bad\"}\nnot json\n";
  }
  ListingValidator validator(test::schema(), test::gazetteer());
  BuildInput input{{dir.file("bad.jsonl")}, &validator, nullptr, nullptr, ""};
  LoadResult read;
  auto report = build_index(input, read, dir.file("index"), test::gazetteer(), test::vocabulary());
  REQUIRE_FALSE(report);
  CHECK(report.error().code == ErrorCode::kInvalidArgument);
  CHECK(read.rejected.size() == 2);
  CHECK(IndexStore(dir.file("index")).current_generation().empty());
  // Nothing is left behind in the generations directory either.
  size_t left = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.file("index.gens"))) ++left;
  CHECK(left == 0);
}
