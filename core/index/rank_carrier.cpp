// @brief Ranking a generation's carried queries in the background (see rank_carrier.h).
#include "core/index/rank_carrier.h"

#include "core/index/index_snapshot.h"

#include <algorithm>

namespace kindred {

RankCarrier::~RankCarrier() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    to_.reset();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RankCarrier::carry(const IndexSnapshot& from, std::shared_ptr<const IndexSnapshot> to) {
  if (!to) return;
  std::vector<RankCache::Use> uses = from.rank_cache().most_used(kCarried);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    // Generations can follow each other faster than a carry finishes (approvals a second
    // apart), leaving `from` with few rankings of its own: the last carried list fills in,
    // its uses halved each time so a query nobody asks for again fades out.
    for (const auto& old : last_) {
      bool known = std::any_of(uses.begin(), uses.end(), [&](const RankCache::Use& u) { return u.key == old.key; });
      if (!known && old.uses / 2 > 0) uses.push_back({old.key, old.uses / 2});
    }
    std::stable_sort(uses.begin(), uses.end(),
                     [](const RankCache::Use& a, const RankCache::Use& b) { return a.uses > b.uses; });
    if (uses.size() > kCarried) uses.resize(kCarried);
    last_ = uses;
    if (uses.empty()) return;
    to_ = std::move(to);
    uses_ = std::move(uses);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  cv_.notify_all();
}

void RankCarrier::wait_idle() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return stop_ || (!to_ && !busy_); });
}

void RankCarrier::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || to_; });
    if (stop_) return;
    std::shared_ptr<const IndexSnapshot> to = std::move(to_);
    std::vector<RankCache::Use> uses = std::move(uses_);
    to_.reset();
    busy_ = true;
    lock.unlock();
    try {
      // A handle of its own: Xapian database objects are not shared between threads. If a
      // commit has followed the snapshot, carry() keeps nothing (rank_cache.h) and the
      // next generation's carry does the work.
      Xapian::Database db(to->generation());
      for (const auto& use : uses) {
        if (db.get_revision() != to->revision()) break;
        {
          std::lock_guard<std::mutex> check(mu_);
          if (stop_ || to_) break;  // shutting down, or a newer generation to warm
        }
        to->rank_cache().carry(db, use);
      }
    } catch (const Xapian::Error&) {
      // The generation was replaced and removed under us: nothing to warm.
    }
    to.reset();
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

}  // namespace kindred
