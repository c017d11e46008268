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
#include <tuple>

#include "core/base/json_util.h"
#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_snapshot.h"
#include "core/index/index_store.h"
#include "core/schedule/schedule.h"
#include "core/search/crisis.h"
#include "core/search/crisis_rank.h"
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

// A copy of the broad index, for a test that commits to it.
struct BroadCopy {
  test::TempDir dir;
  std::string index = dir.file("index");
  BroadCopy() {
    auto copied = test::run_command("cp -a " + broad_index().path + " " + broad_index().path + ".gens " + dir.path());
    if (copied.exit_code != 0) throw std::runtime_error("copying the broad index failed:\n" + copied.output);
  }
};

// A searcher over the broad index, and Xapian's own view of the same generation for the
// brute force. Each test case opens its own (one LiveIndex each, as a server thread has).
struct Opened {
  LiveIndex live{broad_index().path};
  Expected<Searcher> searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  Xapian::Database db{IndexStore(broad_index().path).current_generation()};
};

// One document as the brute force sees it: its terms, findable or not at `now`.
struct Doc {
  Xapian::docid id = 0;
  std::string listing_id;
  std::set<std::string> terms;
  bool findable = true;
  std::string name_value;         // the value Xapian sorts by name
  std::vector<Meeting> schedule;
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
    d.name_value = doc.get_value(schema::kSlotName);
    d.schedule = decode_meetings(doc.get_value(schema::kSlotSchedule));
    auto end = schedule_end(d.schedule);
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

// The documents by Xapian docid, for looking up a match.
std::map<Xapian::docid, const Doc*> by_docid(const std::vector<Doc>& docs) {
  std::map<Xapian::docid, const Doc*> out;
  for (const auto& d : docs) out[d.id] = &d;
  return out;
}

// Xapian's own full ranking of `query`: every match, best first.
Xapian::MSet full_ranking(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  return enquire.get_mset(0, db.get_doccount());
}

// The findable documents of a ranking, in its order.
std::vector<const Doc*> findable_matches(const Xapian::MSet& ranking, const std::map<Xapian::docid, const Doc*>& by_id) {
  std::vector<const Doc*> out;
  for (auto it = ranking.begin(); it != ranking.end(); ++it) {
    if (by_id.at(*it)->findable) out.push_back(by_id.at(*it));
  }
  return out;
}

// All filters but `except` (disjunctive facet counts leave a facet's own out).
bool passes_all(const Doc& d, const SearchRequest& req, const std::string& except = "") {
  for (const auto& [facet, f] : req.filters) {
    if (facet != except && !passes(d, facet, f)) return false;
  }
  return true;
}

// The broad index opened, with every document read as the brute force sees it at the
// fixed time.
struct OpenedWithDocs : Opened {
  std::vector<Doc> docs = read_docs(db, test::fixed_now());
  std::map<Xapian::docid, const Doc*> by_id = by_docid(docs);
};

// Plain lowercase words of at least `min_length` letters, with their findable matches,
// where those number `least` to `most`; at most `limit` of them, in term order.
std::vector<std::pair<std::string, std::vector<const Doc*>>> words_matching(
    const Xapian::Database& db, const std::map<Xapian::docid, const Doc*>& by_id, size_t min_length, size_t least,
    size_t most, size_t limit) {
  std::vector<std::pair<std::string, std::vector<const Doc*>>> out;
  for (auto t = db.allterms_begin(); t != db.allterms_end() && out.size() < limit; ++t) {
    const std::string word = *t;
    const Xapian::doccount frequency = db.get_termfreq(word);
    if (word.size() < min_length || frequency < least || frequency > 2 * most ||
        !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      continue;
    }
    auto parsed = parse_text(word + " ", db);
    REQUIRE(parsed);  // a plain word always parses
    if (parsed->empty) continue;
    std::vector<const Doc*> matched = findable_matches(full_ranking(db, parsed->query), by_id);
    if (matched.size() >= least && matched.size() <= most) out.emplace_back(word, std::move(matched));
  }
  return out;
}

}  // namespace

TEST_CASE("broad queries: total, facet counts and hits equal a brute force over a real index", "[search][broad]") {
  Opened opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  Xapian::Database& db = opened.db;
  const auto now = test::fixed_now();
  std::vector<Doc> docs = read_docs(db, now);
  size_t findable = static_cast<size_t>(std::count_if(docs.begin(), docs.end(), [](const Doc& d) { return d.findable; }));
  REQUIRE(findable > 1000);

  std::vector<std::map<std::string, FacetFilter>> filter_sets = {
      {},
      {{"kind", FacetFilter{{"support-group"}, {}}}},
      {{"attendance", FacetFilter{{"online", "phone"}, {}}}, {"cost", FacetFilter{{}, {"free"}}}},
      {{"topic", FacetFilter{{"depression"}, {}}}, {"language", FacetFilter{{"en"}, {}}}}};
  const std::map<Xapian::docid, const Doc*> by_id = by_docid(docs);
  for (const std::string q : {"support group ", "peer support ", "support ", "group meeting "}) {
    auto parsed = parse_text(q, db);
    REQUIRE(parsed);
    REQUIRE_FALSE(parsed->empty);
    const Xapian::MSet all = full_ranking(db, parsed->query);
    const std::vector<const Doc*> matched = findable_matches(all, by_id);

    for (const auto& filters : filter_sets) {
      for (int round = 0; round < 2; ++round) {  // the second answers from the kept ranking
        SearchRequest req = test::request();
        req.q = q;
        req.filters = filters;
        req.understand = false;
        INFO("q=\"" << q << "\" filters=" << filters.size() << " round " << round);
        auto r = searcher->search(req);
        REQUIRE(r);

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
  auto snap = opened.live.current();
  REQUIRE(snap);
  CHECK((*snap)->term_sets().cached_terms() > 0);
  CHECK((*snap)->term_sets().cached_terms() <= TermSets::kMaxTerms);
}

TEST_CASE("a narrow search counts every facet value exactly, as the brute force does", "[search][broad][facets]") {
  // The other end from the broad queries: a rare word matches one or two listings, and
  // every value of every facet (zeros included) must count them as the brute force does.
  OpenedWithDocs opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  size_t checked = 0;
  for (const auto& [word, matched] : words_matching(opened.db, opened.by_id, 5, 1, 2, 8)) {
    ++checked;
    SearchRequest req = test::request();
    req.q = word + " ";
    req.understand = false;
    INFO("q=\"" << req.q << "\", " << matched.size() << " matched");
    auto r = searcher->search(req);
    REQUIRE(r);
    CHECK(r->total == matched.size());
    uint64_t counted = 0;
    for (const auto& f : r->facets) {
      std::string_view prefix = schema::facet_prefix(f.name);
      if (prefix.empty()) continue;
      for (const auto& v : f.values) {
        std::string term = schema::term(prefix, lower(v.value));
        uint64_t n = static_cast<uint64_t>(
            std::count_if(matched.begin(), matched.end(), [&](const Doc* d) { return d->terms.count(term) > 0; }));
        INFO(f.name << "=" << v.value);
        CHECK(v.count == n);
        counted += v.count;
      }
    }
    CHECK(counted > 0);  // the listing has facet values, so some count is not zero
  }
  CHECK(checked > 0);
}

TEST_CASE("a small set with filters counts each facet over the others' selections, as the brute force does",
          "[search][broad][facets]") {
  // Between the broad queries and the one- or two-listing ones: a word of 4 to 23 matches
  // (at most one listing in 64) with filters. Each facet's scope leaves out its own
  // selection, so one search counts over several different small sets.
  OpenedWithDocs opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  const std::vector<std::map<std::string, FacetFilter>> filter_sets = {
      {{"kind", FacetFilter{{"support-group"}, {}}}},
      {{"attendance", FacetFilter{{"online", "phone"}, {}}}, {"cost", FacetFilter{{}, {"free"}}}},
      {{"topic", FacetFilter{{"depression", "anxiety"}, {}}}, {"language", FacetFilter{{"en"}, {}}}}};
  size_t words = 0, counted = 0;
  for (const auto& [word, matched] : words_matching(opened.db, opened.by_id, 4, 3, opened.docs.size() / 64, 12)) {
    ++words;
    for (const auto& filters : filter_sets) {
      SearchRequest req = test::request();
      req.q = word + " ";
      req.filters = filters;
      req.understand = false;
      INFO("q=\"" << req.q << "\", " << matched.size() << " matched, " << filters.size() << " filters");
      auto r = searcher->search(req);
      REQUIRE(r);
      CHECK(r->total == static_cast<uint64_t>(std::count_if(matched.begin(), matched.end(),
                                                             [&](const Doc* d) { return passes_all(*d, req); })));
      for (const auto& f : r->facets) {
        std::string_view prefix = schema::facet_prefix(f.name);
        if (prefix.empty()) continue;
        for (const auto& v : f.values) {
          std::string term = schema::term(prefix, lower(v.value));
          uint64_t n = static_cast<uint64_t>(std::count_if(matched.begin(), matched.end(), [&](const Doc* d) {
            return passes_all(*d, req, f.name) && d->terms.count(term) > 0;
          }));
          INFO(f.name << "=" << v.value);
          CHECK(v.count == n);
          counted += n;
        }
      }
    }
  }
  CHECK(words >= 5);
  CHECK(counted > 0);
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

TEST_CASE("browsing by name: each page is Xapian's sort by name, for broad and narrow sets", "[search][broad]") {
  Opened opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  Xapian::Database& db = opened.db;
  std::vector<Doc> docs = read_docs(db, test::fixed_now());
  // Broad sets walk the generation's name order; a set of fewer than one in 64 documents
  // is sorted by Xapian (search.cpp): both must give the same pages.
  std::vector<std::map<std::string, FacetFilter>> filter_sets = {
      {},
      {{"kind", FacetFilter{{"support-group"}, {}}}},
      {{"attendance", FacetFilter{{"online", "phone"}, {}}}, {"cost", FacetFilter{{}, {"free"}}}},
      {{"topic", FacetFilter{{"perinatal"}, {}}}, {"community", FacetFilter{{"veterans"}, {}}}},
      {{"topic", FacetFilter{{"grief"}, {}}}, {"kind", FacetFilter{{"warmline"}, {}}}}};
  bool saw_narrow = false, saw_broad = false;
  for (const auto& filters : filter_sets) {
    SearchRequest req = test::request();
    req.filters = filters;
    std::vector<const Doc*> want;
    for (const auto& d : docs) {
      if (d.findable && passes_all(d, req)) want.push_back(&d);
    }
    std::stable_sort(want.begin(), want.end(), [](const Doc* a, const Doc* b) { return a->name_value < b->name_value; });
    if (!want.empty()) (want.size() * 64 >= docs.size() ? saw_broad : saw_narrow) = true;
    for (uint32_t page : {1u, 2u, static_cast<uint32_t>(want.size() / 20 + 1)}) {
      req.page = page;
      INFO("filters " << filters.size() << ", " << want.size() << " matches, page " << page);
      auto r = searcher->search(req);
      REQUIRE(r);
      CHECK(r->total == want.size());
      size_t first = (page - 1) * 20;
      size_t expected = want.size() > first ? std::min<size_t>(20, want.size() - first) : 0;
      REQUIRE(r->hits.size() == expected);
      for (size_t i = 0; i < expected; ++i) CHECK(r->hits[i].id == want[first + i]->listing_id);
    }
  }
  CHECK(saw_broad);
  CHECK(saw_narrow);
}

TEST_CASE("next-meeting order equals a brute force as time moves on, back, and across meetings", "[search][broad]") {
  Opened opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  Xapian::Database& db = opened.db;
  using std::chrono::hours;
  using std::chrono::minutes;
  const auto t0 = test::fixed_now();
  // One searcher keeps its schedules' next starts between requests (search.cpp): later
  // times must redo exactly those whose meeting has begun, an earlier time all of them.
  for (auto now : {t0, t0 + minutes(20), t0 + hours(3), t0 + hours(49), t0 - hours(30), t0 + hours(49),
                   t0 + hours(24 * 9) + minutes(1)}) {
    std::vector<Doc> docs = read_docs(db, now);
    const auto after = std::chrono::time_point_cast<std::chrono::seconds>(now);
    std::vector<std::pair<std::pair<double, Xapian::docid>, const Doc*>> keyed;
    for (const auto& d : docs) {
      if (!d.findable) continue;
      double key = std::numeric_limits<double>::infinity();
      if (auto next = next_meeting(d.schedule, after)) key = static_cast<double>(next->start.time_since_epoch().count());
      keyed.push_back({{key, d.id}, &d});
    }
    std::sort(keyed.begin(), keyed.end());
    for (uint32_t page : {1u, 4u}) {
      SearchRequest req = test::request();
      req.now = now;
      req.sort = SortOrder::kNext;
      req.page = page;
      INFO("now " << std::chrono::duration_cast<hours>(now - t0).count() << " h after the fixed time, page " << page);
      auto r = searcher->search(req);
      REQUIRE(r);
      REQUIRE(r->total == keyed.size());
      REQUIRE(r->hits.size() == 20);
      for (size_t i = 0; i < 20; ++i) {
        const Doc& d = *keyed[(page - 1) * 20 + i].second;
        CHECK(r->hits[i].id == d.listing_id);
        auto next = next_meeting(d.schedule, after);
        REQUIRE(r->hits[i].next_meeting.has_value() == next.has_value());
        if (next) CHECK(r->hits[i].next_meeting->start == next->start_local);
      }
    }
  }
}

TEST_CASE("a sentence read whole into filters: its words order the page, ties by name, as Xapian would", "[search][broad]") {
  Opened opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  Xapian::Database& db = opened.db;
  std::vector<Doc> docs = read_docs(db, test::fixed_now());
  // Broad sets take the page from the kept ranking of the words (search.cpp); the brute
  // force weighs the words with Xapian alone and orders by weight, then name, then docid.
  bool saw_broad = false;
  std::vector<std::string> read_whole;
  for (const std::string q : {"online", "online groups", "by phone", "young adults", "women", "veterans", "in person",
                              "lgbtq", "in spanish"}) {
    SearchRequest req = test::request();
    req.q = q;
    auto first = searcher->search(req);
    REQUIRE(first);
    INFO("q=\"" << q << "\"");
    if (!first->understood || !first->understood->q.empty()) continue;  // some words left to match
    read_whole.push_back(q);
    REQUIRE_FALSE(first->understood->filters.empty());
    SearchRequest as_filters = test::request();
    for (const auto& [facet, values] : first->understood->filters) as_filters.filters[facet].include = values;
    auto words = parse_text(q, db);
    REQUIRE(words);
    const Xapian::MSet weighed = full_ranking(db, words->query);
    std::map<Xapian::docid, double> weight;
    for (auto it = weighed.begin(); it != weighed.end(); ++it) weight[*it] = it.get_weight();
    std::vector<std::tuple<double, std::string, Xapian::docid, std::string>> want;
    for (const auto& d : docs) {
      if (!d.findable || !passes_all(d, as_filters)) continue;
      auto w = weight.find(d.id);
      want.emplace_back(w == weight.end() ? 0.0 : -w->second, d.name_value, d.id, d.listing_id);
    }
    std::sort(want.begin(), want.end());
    CHECK(first->total == want.size());
    if (want.size() * 4 >= docs.size()) saw_broad = true;
    for (uint32_t page : {1u, 2u}) {
      req.page = page;
      auto r = searcher->search(req);
      REQUIRE(r);
      size_t from = (page - 1) * 20;
      size_t n = want.size() > from ? std::min<size_t>(20, want.size() - from) : 0;
      REQUIRE(r->hits.size() == n);
      for (size_t i = 0; i < n; ++i) CHECK(r->hits[i].id == std::get<3>(want[from + i]));
    }
  }
  INFO("read whole: " << read_whole.size());
  CHECK(read_whole.size() >= 4);
  CHECK(saw_broad);
}

TEST_CASE("a new generation ranks the previous one's most used broad searches again, off the request path",
          "[search][broad][carry]") {
  BroadCopy copy;  // this test commits to it
  const std::string& index = copy.index;
  LiveIndex live(index);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  auto ask = [&](const std::string& q) {
    SearchRequest req = test::request();
    req.q = q;
    auto r = searcher->search(req);
    REQUIRE(r);
    return *r;
  };
  for (int i = 0; i < 3; ++i) ask("support group");
  ask("peer support");
  auto before = live.current();
  REQUIRE(before);
  std::vector<RankCache::Use> used = (*before)->rank_cache().most_used(RankCarrier::kCarried);
  REQUIRE(used.size() == 2);
  CHECK(used[0].uses == 3);  // "support group", asked three times, comes first
  CHECK(used[1].uses == 1);

  // An approval's commit makes a new revision: a new snapshot with an empty rank cache,
  // into which the carrier ranks both texts again.
  {
    Xapian::WritableDatabase db(IndexStore(index).current_generation(), Xapian::DB_OPEN);
    db.set_metadata("test:touched", "1");
    db.commit();
  }
  auto after = live.current();
  REQUIRE(after);
  REQUIRE((*after)->revision() != (*before)->revision());
  live.wait_carried();
  std::vector<RankCache::Use> carried = (*after)->rank_cache().most_used(RankCarrier::kCarried);
  REQUIRE(carried.size() == 2);
  CHECK(carried[0].key == used[0].key);
  CHECK(carried[1].key == used[1].key);
  CHECK(carried[0].uses == 2);  // half of 3, rounded up: uses fade unless people keep asking
  CHECK(carried[1].uses == 1);

  // The carried ranking answers exactly as a ranking made afresh on the same revision.
  LiveIndex fresh(index);
  auto fresh_searcher = Searcher::open(fresh, test::vocabulary(), test::gazetteer());
  REQUIRE(fresh_searcher);
  for (const std::string q : {"support group", "peer support"}) {
    SearchRequest req = test::request();
    req.q = q;
    auto want = fresh_searcher->search(req);
    REQUIRE(want);
    auto got = ask(q);
    INFO("q=\"" << q << "\"");
    CHECK(got.total == want->total);
    REQUIRE(got.hits.size() == want->hits.size());
    for (size_t i = 0; i < got.hits.size(); ++i) {
      CHECK(got.hits[i].id == want->hits[i].id);
      CHECK(got.hits[i].score == want->hits[i].score);
    }
  }
  // The fresh LiveIndex had no previous generation: it ranked on first use, and carries nothing.
  auto fresh_snap = fresh.current();
  REQUIRE(fresh_snap);
  CHECK((*fresh_snap)->rank_cache().most_used(RankCarrier::kCarried).size() == 2);
}

TEST_CASE("a broad word in a narrow filter: the set's own best are kept, and every page is Xapian's",
          "[search][broad]") {
  // A kept ranking 30 deep, so that these 1,500 listings take the path a million take:
  // the text's kept ranking holds too few of the filtered set to fill a page (search.cpp).
  constexpr size_t kShallow = 30;
  LiveIndex live(broad_index().path, kShallow);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  Xapian::Database db(IndexStore(broad_index().path).current_generation());
  std::vector<Doc> docs = read_docs(db, test::fixed_now());
  const std::map<Xapian::docid, const Doc*> by_id = by_docid(docs);
  const std::map<std::string, FacetFilter> not_groups{{"kind", FacetFilter{{}, {"support-group"}}}};

  // Two spellings that stem to one query share one kept best of the set.
  for (const std::string q : {"support ", "supports "}) {
    auto parsed = parse_text(q, db);
    REQUIRE(parsed);
    const Xapian::MSet all = full_ranking(db, parsed->query);
    SearchRequest req = test::request();
    req.q = q;
    req.filters = not_groups;  // the best-ranked listings are support groups: their names carry the words
    req.understand = false;
    std::vector<std::pair<std::string, double>> want;  // Xapian's ranking, filtered
    size_t in_kept = 0;
    for (auto it = all.begin(); it != all.end(); ++it) {
      const Doc& d = *by_id.at(*it);
      if (!d.findable || !passes_all(d, req)) continue;
      want.emplace_back(d.listing_id, it.get_weight());
      if (static_cast<size_t>(it.get_rank()) < kShallow) ++in_kept;
    }
    INFO("q=\"" << q << "\", matches " << want.size() << ", in the kept ranking " << in_kept);
    REQUIRE(want.size() * 4 >= docs.size());  // many matches: the kept rankings' path
    REQUIRE(in_kept < 20);                    // the text's kept ranking cannot settle page 1
    // Pages 1 and 2 twice (the second time from the kept best of the set), and a page past
    // the kept best (RankCache::kFilteredDepth), which Xapian ranks as before.
    const uint32_t past_kept = static_cast<uint32_t>(RankCache::kFilteredDepth / 20 + 1);
    for (uint32_t page : {1u, 2u, 1u, 2u, past_kept}) {
      req.page = page;
      auto r = searcher->search(req);
      REQUIRE(r);
      INFO("page " << page);
      CHECK(r->total == want.size());
      const size_t from = (page - 1) * 20;
      const size_t n = want.size() > from ? std::min<size_t>(20, want.size() - from) : 0;
      REQUIRE(r->hits.size() == n);
      for (size_t i = 0; i < n; ++i) {
        CHECK(r->hits[i].id == want[from + i].first);
        CHECK(r->hits[i].score == Approx(want[from + i].second).epsilon(1e-12));
        CHECK_FALSE(r->hits[i].snippet.empty());
      }
    }
    auto snap = live.current();
    REQUIRE(snap);
    CHECK((*snap)->rank_cache().filtered_count() == 1);  // one per query and set, not per spelling
  }
}

TEST_CASE("a result card read once is read again when a commit changes its listing", "[search][broad]") {
  // A searcher keeps the cards it has read for its snapshot (search.cpp, Impl::card); an
  // approval's commit is a new revision, and the next search shows the listing as it now is.
  BroadCopy copy;
  const std::string& index = copy.index;
  LiveIndex live(index);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer());
  REQUIRE(searcher);
  SearchRequest req = test::request();
  req.q = "peer support";
  auto before = searcher->search(req);
  REQUIRE(before);
  REQUIRE_FALSE(before->hits.empty());
  const Hit shown = before->hits.front();
  auto again = searcher->search(req);  // from the kept card: the same card
  REQUIRE(again);
  CHECK(again->hits.front().name == shown.name);
  CHECK(again->hits.front().snippet == shown.snippet);

  {
    Xapian::WritableDatabase db(IndexStore(index).current_generation(), Xapian::DB_OPEN);
    Xapian::PostingIterator p = db.postlist_begin(std::string(schema::kIdPrefix) + shown.id);
    REQUIRE(p != db.postlist_end(std::string(schema::kIdPrefix) + shown.id));
    Xapian::Document doc = db.get_document(*p);
    rapidjson::Document data;
    REQUIRE(parse_json(doc.get_data(), data));
    data[schema::kDataListing]["name"].SetString("Renamed by a maintainer", data.GetAllocator());
    data[schema::kDataListing]["cost"].SetString("donation", data.GetAllocator());
    doc.set_data(to_json(data));
    db.replace_document(*p, doc);
    db.commit();
  }
  auto after = searcher->search(req);
  REQUIRE(after);
  REQUIRE_FALSE(after->hits.empty());
  CHECK(after->hits.front().id == shown.id);
  CHECK(after->hits.front().name == "Renamed by a maintainer");
  CHECK(after->hits.front().cost == "donation");
  CHECK(after->hits.front().name != shown.name);
}

TEST_CASE("a broad search under a crisis flag: support offerings first, each part by relevance, as Xapian orders it",
          "[search][broad][crisis]") {
  auto crisis = CrisisPhrases::load("data/crisis-phrases.json");
  REQUIRE(crisis);
  // Also with a kept ranking 30 deep: pages the text's ranking cannot settle come from the
  // set's own kept best, ordered by the crisis key as Xapian would.
  const size_t depth = GENERATE(RankCache::kDepth, size_t{30});
  INFO("kept ranking depth " << depth);
  LiveIndex live(broad_index().path, depth);
  auto searcher = Searcher::open(live, test::vocabulary(), test::gazetteer(), &*crisis);
  REQUIRE(searcher);
  Xapian::Database db(IndexStore(broad_index().path).current_generation());
  auto snap = live.current();
  REQUIRE(snap);
  std::vector<Doc> docs = read_docs(db, test::fixed_now());
  const std::map<Xapian::docid, const Doc*> by_id = by_docid(docs);
  // Words a person in danger types next to broad ones: no listing has them all, so the
  // answer is relaxed to any of the words, most of the directory, crisis-flagged. That
  // takes the page from the kept ranking (search.cpp); the brute force asks Xapian to sort
  // every match by the crisis key, then relevance.
  const std::string q = "peer support end it all";
  auto parsed = parse_text(q, db, true);
  REQUIRE(parsed);
  SupportFirst key(**snap);
  Xapian::Enquire enquire(db);
  enquire.set_query(parsed->query);
  enquire.set_sort_by_key_then_relevance(&key, false);
  Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  for (const auto& filters : std::vector<std::map<std::string, FacetFilter>>{
           {},
           {{"attendance", FacetFilter{{"online", "phone"}, {}}}},
           // No support groups: a set of which a shallow kept ranking holds few.
           {{"kind", FacetFilter{{}, {"support-group"}}}}}) {
    SearchRequest req = test::request();
    req.q = q;
    req.filters = filters;
    std::vector<std::string> want;  // listing ids, in Xapian's order
    size_t learning = 0;
    for (auto it = all.begin(); it != all.end(); ++it) {
      const Doc& d = *by_id.at(*it);
      if (!d.findable || !passes_all(d, req)) continue;
      want.push_back(d.listing_id);
      if (key.learning().contains(*it)) ++learning;
    }
    const uint32_t boundary = static_cast<uint32_t>((want.size() - learning) / 20 + 1);
    INFO("filters: " << filters.size() << ", matches " << want.size() << ", learning " << learning << ", boundary page "
                     << boundary);
    REQUIRE(want.size() * 4 >= docs.size());  // broad: the kept ranking's path
    REQUIRE(learning > 0);                   // both parts present
    // Pages 1 and 2, and the page where support offerings give way to learning ones.
    for (uint32_t page : {1u, 2u, boundary}) {
      req.page = page;
      auto r = searcher->search(req);
      REQUIRE(r);
      CHECK(r->crisis);
      CHECK(r->relaxed);
      CHECK(r->total == want.size());
      size_t from = (page - 1) * 20;
      size_t n = want.size() > from ? std::min<size_t>(20, want.size() - from) : 0;
      REQUIRE(r->hits.size() == n);
      for (size_t i = 0; i < n; ++i) CHECK(r->hits[i].id == want[from + i]);
    }
  }
}

TEST_CASE("an open facet lists its most frequent values up to facet_values, every selected one, and how many more",
          "[search][broad][facets]") {
  Opened opened;
  auto& searcher = opened.searcher;
  REQUIRE(searcher);
  auto region_of = [](const SearchResult& r) -> const FacetCounts& {
    auto it = std::find_if(r.facets.begin(), r.facets.end(), [](const FacetCounts& f) { return f.name == "region"; });
    REQUIRE(it != r.facets.end());
    return *it;
  };
  SearchRequest req = test::request();
  req.q = "support group";
  req.facet_values = kMaxFacetValues;
  auto all = searcher->search(req);
  REQUIRE(all);
  const FacetCounts& every = region_of(*all);
  CHECK(every.more == 0);
  REQUIRE(every.values.size() > 120);  // the synthetic directory spans hundreds of regions
  CHECK(region_of(*searcher->search(test::request())).values.size() == kDefaultFacetValues);  // the default

  // The first 10 of the full list, in its order, and the rest counted.
  req.facet_values = 10;
  auto top = searcher->search(req);
  REQUIRE(top);
  const FacetCounts& ten = region_of(*top);
  REQUIRE(ten.values.size() == 10);
  CHECK(ten.more == every.values.size() - 10);
  for (size_t i = 0; i < 10; ++i) {
    CHECK(ten.values[i].value == every.values[i].value);
    CHECK(ten.values[i].count == every.values[i].count);
  }
  CHECK(top->total == all->total);
  // A selected value from far down the list is listed too, after the first 10, marked.
  const FacetValueCount& rare = every.values.back();
  req.filters["region"].include = {rare.value};
  req.filters["kind"].include = {"support-group"};  // another facet's selection keeps region's scope apart
  auto chosen = searcher->search(req);
  REQUIRE(chosen);
  const FacetCounts& with = region_of(*chosen);
  REQUIRE(with.values.size() == 11);
  CHECK(with.values.back().value == rare.value);
  CHECK(with.values.back().selected);
  // Closed facets (kind) list every value whatever facet_values is.
  auto kind = std::find_if(chosen->facets.begin(), chosen->facets.end(), [](const FacetCounts& f) { return f.name == "kind"; });
  REQUIRE(kind != chosen->facets.end());
  CHECK(kind->values.size() > 1);
  CHECK(kind->more == 0);
}
