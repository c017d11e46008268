// @brief Kept rankings of text queries per index generation (see rank_cache.h).
#include "core/index/rank_cache.h"

namespace kindred {

std::shared_ptr<const RankCache::Ranking> RankCache::ranking(const Xapian::Database& db,
                                                             const Xapian::Query& query) const {
  std::string key;
  try {
    key = query.serialise();
  } catch (const Xapian::UnimplementedError&) {
    return nullptr;  // a posting source without serialisation: no key to keep it under
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = rankings_.find(key); it != rankings_.end()) return it->second;
  }
  // Ranked outside the lock (it is the slow part); two threads may both rank the same
  // query the first time, and get the same answer.
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(kDepth));
  auto ranking = std::make_shared<Ranking>();
  ranking->ids.reserve(mset.size());
  ranking->weights.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ranking->ids.push_back(*it);
    ranking->weights.push_back(it.get_weight());
  }
  ranking->complete = ranking->ids.size() < kDepth;
  // A searcher's database can be a commit ahead of the snapshot (index_snapshot.h): its
  // ranking answers this request but is not kept for the generation.
  if (db.get_revision() != revision_) return ranking;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = rankings_.find(key); it != rankings_.end()) return it->second;
  if (order_.size() >= kMaxQueries) {
    rankings_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key);
  return rankings_.emplace(std::move(key), std::move(ranking)).first->second;
}

}  // namespace kindred
