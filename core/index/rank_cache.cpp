// @brief Kept rankings of text queries per index generation (see rank_cache.h).
#include "core/index/rank_cache.h"

#include <algorithm>

namespace kindred {

namespace {

// Both kept maps are first in first out: `order` holds their keys, oldest first. Drops
// the oldest entry when `kept` is full, and records `key` as the newest.
template <typename Map>
void make_room(Map& kept, std::deque<std::string>& order, size_t bound, const std::string& key) {
  if (order.size() >= bound) {
    kept.erase(order.front());
    order.pop_front();
  }
  order.push_back(key);
}

}  // namespace

std::shared_ptr<const RankCache::Ranking> RankCache::ranking(const Xapian::Database& db,
                                                             const Xapian::Query& query) const {
  std::string key;
  try {
    key = query.serialise();
  } catch (const Xapian::UnimplementedError&) {
    return nullptr;  // a posting source without serialisation: no key to keep it under
  }
  if (auto kept = use_kept(key, 1)) return kept;
  return rank(db, query, std::move(key), 1);
}

std::shared_ptr<const RankCache::Ranking> RankCache::use_kept(const std::string& key, uint64_t uses) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = rankings_.find(key);
  if (it == rankings_.end()) return nullptr;
  it->second.uses += uses;
  return it->second.ranking;
}

std::shared_ptr<const RankCache::Ranking> RankCache::rank(const Xapian::Database& db, const Xapian::Query& query,
                                                          std::string key, uint64_t uses) const {
  // Ranked outside the lock (it is the slow part); two threads may both rank the same
  // query the first time, and get the same answer.
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth_));
  auto ranking = std::make_shared<Ranking>();
  ranking->key = key;
  ranking->ids.reserve(mset.size());
  ranking->weights.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ranking->ids.push_back(*it);
    ranking->weights.push_back(it.get_weight());
  }
  ranking->complete = ranking->ids.size() < depth_;
  // A searcher's database can be a commit ahead of the snapshot (index_snapshot.h): its
  // ranking answers this request but is not kept for the generation.
  if (db.get_revision() != revision_) return ranking;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = rankings_.find(key); it != rankings_.end()) {
    it->second.uses += uses;
    return it->second.ranking;
  }
  make_room(rankings_, order_, kMaxQueries, key);
  return rankings_.emplace(std::move(key), Entry{std::move(ranking), uses}).first->second.ranking;
}

std::vector<RankCache::Use> RankCache::most_used(size_t n) const {
  std::vector<Use> uses;
  {
    std::lock_guard<std::mutex> lock(mu_);
    uses.reserve(order_.size());
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) uses.push_back({*it, rankings_.at(*it).uses});
  }
  // Stable: among equal uses, the most recently kept stays first.
  std::stable_sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) { return a.uses > b.uses; });
  if (uses.size() > n) uses.resize(n);
  return uses;
}

bool RankCache::carry(const Xapian::Database& db, const Use& use) const {
  Xapian::Query query;
  try {
    query = Xapian::Query::unserialise(use.key);
  } catch (const Xapian::Error&) {
    return false;
  }
  const uint64_t uses = (use.uses + 1) / 2;  // rounded up: 3 and 1 stay in their order
  if (use_kept(use.key, uses)) return true;   // a request was first
  if (db.get_revision() != revision_) return false;
  rank(db, query, use.key, uses);
  return true;
}

bool RankCache::holds(const Xapian::Query& query) const {
  std::string key;
  try {
    key = query.serialise();
  } catch (const Xapian::UnimplementedError&) {
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  return rankings_.count(key) > 0;
}

std::shared_ptr<const RankCache::Ranking> RankCache::filtered(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = filtered_.find(key);
  return it == filtered_.end() ? nullptr : it->second;
}

void RankCache::keep_filtered(const Xapian::Database& db, std::string key, std::shared_ptr<const Ranking> best) const {
  if (db.get_revision() != revision_) return;  // a commit ahead: answers this request only
  std::lock_guard<std::mutex> lock(mu_);
  if (filtered_.count(key)) return;  // another thread ranked it too, alike
  make_room(filtered_, filtered_order_, kMaxFiltered, key);
  filtered_.emplace(std::move(key), std::move(best));
}

size_t RankCache::filtered_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return filtered_.size();
}

}  // namespace kindred
