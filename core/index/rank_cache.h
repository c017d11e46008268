// @brief The best-ranked documents of a text query, kept for one index generation, so a
// search for words most listings have orders 20 results without weighting 950,000.
//
// Why this is exact: a document's relevance weight for a query depends only on the query,
// the document and the database's statistics, never on the filters a request adds (they
// are OP_FILTER, weight 0), and ties are broken by ascending docid either way. So the
// first k members of a filtered set, in the unfiltered ranking, are the filtered set's
// top k, provided k of them occur among the kept first kDepth documents; when they do not,
// the caller ranks with Xapian as before (search.cpp).
// Bound: kDepth docids and weights (12 bytes) for each of at most kMaxQueries queries,
// first in first out: 2,000 * 12 * 128 bytes = 3 MB, whatever the index's size.
//
// A broad word within a narrow filter ("support" among warmlines) can have none of the
// filtered set among the kept kDepth: the names of the best-ranked listings carry the
// word, and they are all of another kind. The caller then ranks the filtered set with
// Xapian (about 16 ms at a million listings), and keeps its first kFilteredDepth here
// too, under the text, the set's fingerprint (DocSet::fingerprint) and the order's name,
// so the same search again reads them. Bound: at most kMaxFiltered of them, first in
// first out, 200 docids each: 200 KB. They are not carried to a new generation.
//
// A new generation starts empty (every weight depends on the database's statistics, which
// any commit changes), so LiveIndex carries the most used queries of the previous one
// over and ranks them again in the background (index_snapshot.h): a broad search pays its
// full ranking (about 45 ms at a million listings) only when nobody has made it before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

namespace kindred {

class RankCache {
 public:
  static constexpr size_t kDepth = 2000;
  static constexpr size_t kMaxQueries = 128;
  static constexpr size_t kFilteredDepth = 200;
  static constexpr size_t kMaxFiltered = 256;

  // `depth` is kDepth but in tests, where a smaller one makes an index of 1,500 listings
  // take the paths a million do (a ranking that does not hold every match).
  explicit RankCache(Xapian::rev revision, size_t depth = kDepth) : revision_(revision), depth_(depth) {}

  // The first `depth` documents matching `query` in `db`, best first (Xapian's default
  // weighting, ties by ascending docid), with `complete` true when that is every match.
  // Worked out on first use and kept when `db` is at this generation's revision.
  // nullptr for a query that cannot be serialised as a key. Thread-safe.
  struct Ranking {
    std::string key;  // what it is kept under: the query's serialised form (ranking())
    std::vector<Xapian::docid> ids;
    std::vector<double> weights;  // of ids, as Xapian weighed them (non-increasing)
    bool complete = false;
  };
  std::shared_ptr<const Ranking> ranking(const Xapian::Database& db, const Xapian::Query& query) const;

  // A kept query, by its serialised form, and how often its ranking was asked for.
  struct Use {
    std::string key;
    uint64_t uses = 0;
  };
  // At most `n` kept queries, most used first (the most recently kept first among equals).
  std::vector<Use> most_used(size_t n) const;
  // Ranks `use.key`'s query in `db` and keeps it, as ranking() does on first use, carrying
  // half its uses over (rounded up), so that a query nobody asks for again gives way to
  // those people do ask for.
  // False if the key does not unserialise or the ranking could not be kept (see ranking()).
  bool carry(const Xapian::Database& db, const Use& use) const;
  // Whether `query`'s ranking is kept (for tests and the warm-up's own checks).
  bool holds(const Xapian::Query& query) const;

  // The kept best of a filtered set (see above): up to kFilteredDepth docids, in the
  // order of `key`'s search, with `complete` when they are every member; weights empty.
  // `key` names the text, the set and the order (search.cpp makes it); nullptr if none
  // is kept. keep_filtered() keeps one when `db` is at this generation's revision.
  std::shared_ptr<const Ranking> filtered(const std::string& key) const;
  void keep_filtered(const Xapian::Database& db, std::string key, std::shared_ptr<const Ranking> best) const;
  size_t filtered_count() const;  // for tests

 private:
  struct Entry {
    std::shared_ptr<const Ranking> ranking;
    uint64_t uses = 0;
  };
  // The kept ranking of `key` with `uses` added, or nullptr.
  std::shared_ptr<const Ranking> use_kept(const std::string& key, uint64_t uses) const;
  // Ranks `query` in `db`; keeps it under `key` with `uses` when `db` is at this revision.
  std::shared_ptr<const Ranking> rank(const Xapian::Database& db, const Xapian::Query& query, std::string key,
                                      uint64_t uses) const;

  Xapian::rev revision_;
  size_t depth_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Entry> rankings_;
  mutable std::deque<std::string> order_;  // keys, oldest first
  mutable std::map<std::string, std::shared_ptr<const Ranking>> filtered_;
  mutable std::deque<std::string> filtered_order_;  // keys, oldest first
};

}  // namespace kindred
