// @brief DocValues (core/index/doc_values.h) counts each value over a set exactly as the
// value's postings do, for dense and sparse values, documents with several values or
// none, and sets of every density.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <random>

#include "core/index/doc_values.h"

using namespace kindred;

TEST_CASE("counting a facet's values by document equals counting each value's postings", "[index][facets]") {
  const Xapian::docid max = 5000;
  std::mt19937 rng(11);
  // 300 values: a few common ones (held as bitmaps), many rare ones (id lists); a
  // document can have none, one or several.
  std::unordered_map<std::string, Postings> values;
  for (int v = 0; v < 300; ++v) {
    std::vector<Xapian::docid> ids;
    const double share = v < 3 ? 0.4 : 0.002;
    std::bernoulli_distribution has(share);
    for (Xapian::docid id = 1; id <= max; ++id) {
      if (has(rng)) ids.push_back(id);
    }
    values.emplace("v" + std::to_string(1000 + v), Postings(std::move(ids), max));
  }
  DocValues by_doc(values, max);
  REQUIRE(by_doc.built());
  REQUIRE(by_doc.value_count() == values.size());
  CHECK(by_doc.number("v1000") == 0);  // numbered in byte order
  CHECK(by_doc.value(299) == "v1299");
  CHECK(by_doc.number("absent") == -1);
  std::vector<uint64_t> counts;

  // Below half the documents the scope's members are walked; above, its complement.
  for (double density : {0.0, 0.001, 0.05, 0.49, 0.5, 0.51, 0.9, 0.999, 1.0}) {
    DocSet scope(max);
    std::bernoulli_distribution in(density);
    for (Xapian::docid id = 1; id <= max; ++id) {
      if (in(rng)) scope.add(id);
    }
    counts = by_doc.count(scope);
    INFO("density " << density);
    for (const auto& [value, postings] : values) {
      CHECK(counts[static_cast<size_t>(by_doc.number(value))] == postings.count_in(scope));
    }
  }
  // A set sized for an older snapshot (fewer ids), nearly full: the ids past its bound
  // are not in it, so they count nowhere.
  DocSet behind(max - 100, true);
  counts = by_doc.count(behind);
  for (const auto& [value, postings] : values) {
    CHECK(counts[static_cast<size_t>(by_doc.number(value))] == postings.count_in(behind));
  }
  // A set sized for a database one commit ahead (ids past max): they count nowhere.
  DocSet ahead(max + 100, true);
  counts = by_doc.count(ahead);
  for (const auto& [value, postings] : values) CHECK(counts[static_cast<size_t>(by_doc.number(value))] == postings.size());
}

TEST_CASE("a facet of more values than DocValues numbers is left to its postings", "[index][facets]") {
  std::unordered_map<std::string, Postings> values;
  for (size_t v = 0; v <= DocValues::kMaxValues; ++v) values.emplace(std::to_string(v), Postings({}, 10));
  CHECK_FALSE(DocValues(values, 10).built());
}

TEST_CASE("a set's fingerprint is the same for equal sets and differs when one id changes", "[index]") {
  // Kept answers about a filtered set are found by it (rank_cache.h), so two sets built
  // in different ways but equal must share it, and near misses must not.
  constexpr Xapian::docid kMax = 5000;
  DocSet a(kMax), b(kMax);
  for (Xapian::docid id = 3; id <= kMax; id += 7) a.add(id);
  for (int id = static_cast<int>(kMax - (kMax - 3) % 7); id >= 3; id -= 7) b.add(static_cast<Xapian::docid>(id));  // backwards
  CHECK(a.fingerprint() == b.fingerprint());
  CHECK(a.fingerprint().size() == 32);
  std::set<std::string> seen{a.fingerprint()};
  // Each set one id away from `a` (one added, or one removed), at every position.
  for (Xapian::docid id = 1; id <= kMax; ++id) {
    DocSet c = a;
    if (c.contains(id)) {
      DocSet only(kMax);
      only.add(id);
      c.subtract(only);
    } else {
      c.add(id);
    }
    CHECK(seen.insert(c.fingerprint()).second);
  }
  // Equal members under a different bound are another snapshot's set.
  DocSet wider(kMax + 64);
  a.for_each([&](Xapian::docid id) { wider.add(id); });
  CHECK(seen.insert(wider.fingerprint()).second);
  CHECK(seen.insert(DocSet(kMax).fingerprint()).second);  // empty
}
