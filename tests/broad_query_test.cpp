// @brief Broad queries (words most listings have) answer exactly: the total, every facet
// count and the page of hits equal a brute force over a real index of 1,500 synthetic
// listings (bench/synthetic.h, generated into a temporary directory, never committed).
//
// The brute force asks Xapian's own matcher for every match of the parsed text, reads
// each document's terms, and applies the filters itself; the search answers from cached
// term bitmaps (term_sets.h) and a kept ranking (rank_cache.h), so both paths are checked
// against something that shares neither.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_snapshot.h"
#include "core/index/index_store.h"
#include "core/schedule/schedule.h"
#include "core/search/search_text.h"
#include "tests/search_support.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

using test::lower;

struct BroadIndex {
  test::TempDir dir;
  std::string path = dir.file("index");
  BroadIndex() {
    std::string data = dir.file("data");
    auto synth = test::run_command("mkdir -p " + data + " && " + test::binary_path("bench/kindred-synth") +
                                   " --count 1500 --seed 3 --out " + data + "/listings.jsonl");
    if (synth.exit_code != 0) throw std::runtime_error("kindred-synth failed:\n" + synth.output);
    auto built = test::run_command(test::binary_path("indexer/kindred-index") + " build --data " + data + " --out " + path);
    if (built.exit_code != 0) throw std::runtime_error("building the broad index failed:\n" + built.output);
  }
};

BroadIndex& broad_index() {
  static BroadIndex index;
  return index;
}

// One document as the brute force sees it: its terms, findable or not at `now`.
struct Doc {
  Xapian::docid id = 0;
  std::string listing_id;
  std::set<std::string> terms;
  bool findable = true;
};

std::vector<Doc> read_docs(const Xapian::Database& db, std::chrono::system_clock::time_point now) {
  std::vector<Doc> out;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Doc d;
    d.id = *p;
    Xapian::Document doc = db.get_document(d.id);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) d.terms.insert(*t);
    for (const auto& t : d.terms) {
      if (t.rfind(schema::kIdPrefix, 0) == 0) d.listing_id = t.substr(schema::kIdPrefix.size());
    }
    auto end = schedule_end(decode_meetings(doc.get_value(schema::kSlotSchedule)));
    d.findable = !d.terms.count(schema::term(schema::kStatusPrefix, "closed")) &&
                 !d.terms.count(std::string(schema::kDuplicateTerm)) && !(end && *end <= now);
    out.push_back(std::move(d));
  }
  return out;
}

bool passes(const Doc& d, const std::string& facet, const FacetFilter& f) {
  std::string_view prefix = schema::facet_prefix(facet);
  auto has = [&](const std::string& v) { return d.terms.count(schema::term(prefix, v)) > 0; };
  bool in = f.include.empty() || std::any_of(f.include.begin(), f.include.end(), has);
  return in && std::none_of(f.exclude.begin(), f.exclude.end(), has);
}

// All filters but `except` (disjunctive facet counts leave a facet's own out).
bool passes_all(const Doc& d, const SearchRequest& req, const std::string& except = "") {
  for (const auto& [facet, f] : req.filters) {
    if (facet != except && !passes(d, facet, f)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("broad queries: total, facet counts and hits equal a brute force over a real index", "[search][broad]") {
  BroadIndex& index = broad_index();
  LiveIndex live(index.path);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  Xapian::Database db(IndexStore(index.path).current_generation());
  const auto now = test::fixed_now();
  std::vector<Doc> docs = read_docs(db, now);
  size_t findable = static_cast<size_t>(std::count_if(docs.begin(), docs.end(), [](const Doc& d) { return d.findable; }));
  REQUIRE(findable > 1000);

  std::vector<std::map<std::string, FacetFilter>> filter_sets = {
      {},
      {{"kind", FacetFilter{{"support-group"}, {}}}},
      {{"attendance", FacetFilter{{"online", "phone"}, {}}}, {"cost", FacetFilter{{}, {"free"}}}},
      {{"topic", FacetFilter{{"depression"}, {}}}, {"language", FacetFilter{{"en"}, {}}}}};
  for (const std::string q : {"support group ", "peer support ", "support ", "group meeting "}) {
    auto parsed = parse_text(q, db);
    REQUIRE(parsed);
    REQUIRE_FALSE(parsed->empty);
    // Xapian's own full ranking of the text, every match, best first.
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed->query);
    Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    std::map<Xapian::docid, const Doc*> by_id;
    for (const auto& d : docs) by_id[d.id] = &d;

    for (const auto& filters : filter_sets) {
      for (int round = 0; round < 2; ++round) {  // the second answers from the kept ranking
        SearchRequest req = test::request();
        req.q = q;
        req.filters = filters;
        req.understand = false;
        INFO("q=\"" << q << "\" filters=" << filters.size() << " round " << round);
        auto r = searcher->search(req);
        REQUIRE(r);

        std::vector<const Doc*> matched;
        for (auto it = all.begin(); it != all.end(); ++it) {
          const Doc* d = by_id.at(*it);
          if (d->findable) matched.push_back(d);
        }
        if (filters.empty()) CHECK(matched.size() * 2 > findable);  // broad: more than half
        uint64_t total = static_cast<uint64_t>(
            std::count_if(matched.begin(), matched.end(), [&](const Doc* d) { return passes_all(*d, req); }));
        CHECK(r->total == total);

        for (const auto& f : r->facets) {
          std::string_view prefix = schema::facet_prefix(f.name);
          if (prefix.empty()) continue;  // "starts": computed per request, checked in courses_test
          for (const auto& v : f.values) {
            std::string t = schema::term(prefix, lower(v.value));
            uint64_t n = static_cast<uint64_t>(std::count_if(matched.begin(), matched.end(), [&](const Doc* d) {
              return passes_all(*d, req, f.name) && d->terms.count(t);
            }));
            INFO(f.name << "=" << v.value);
            CHECK(v.count == n);
          }
        }

        // The page: Xapian's ranking of the text, restricted to what the filters let through.
        std::vector<std::pair<std::string, double>> want;
        for (auto it = all.begin(); it != all.end() && want.size() < req.per_page; ++it) {
          const Doc* d = by_id.at(*it);
          if (d->findable && passes_all(*d, req)) want.emplace_back(d->listing_id, it.get_weight());
        }
        REQUIRE(r->hits.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          CHECK(r->hits[i].id == want[i].first);
          CHECK(r->hits[i].score == Approx(want[i].second).epsilon(1e-12));
          CHECK_FALSE(r->hits[i].snippet.empty());
        }
      }
    }
  }
  // The broadest terms are kept as bitmaps for this generation, within the stated bound.
  auto snap = live.current();
  REQUIRE(snap);
  CHECK((*snap)->term_sets().cached_terms() > 0);
  CHECK((*snap)->term_sets().cached_terms() <= TermSets::kMaxTerms);
}

TEST_CASE("broad queries: a second page and a page past the end agree with the brute force", "[search][broad]") {
  BroadIndex& index = broad_index();
  LiveIndex live(index.path);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  SearchRequest req = test::request();
  req.q = "support ";
  req.understand = false;
  req.per_page = 100;
  auto first = searcher->search(req);
  REQUIRE(first);
  REQUIRE(first->hits.size() == 100);
  req.per_page = 50;
  req.page = 2;
  auto second = searcher->search(req);
  REQUIRE(second);
  REQUIRE(second->hits.size() == 50);
  for (size_t i = 0; i < 50; ++i) CHECK(second->hits[i].id == first->hits[50 + i].id);
  req.page = static_cast<uint32_t>(first->total / 50 + 2);  // past the last result
  auto past = searcher->search(req);
  REQUIRE(past);
  CHECK(past->hits.empty());
  CHECK(past->total == first->total);
}
