// @brief Carries the most used kept rankings (rank_cache.h) from one index generation into
// the next, ranking them again on a thread of its own.
//
// Why: any commit (an approval, a rebuild) makes a new generation whose rank cache starts
// empty, since every weight depends on the database's statistics. Without the carry, the
// first person to search "peer support" after each approval would wait for a full ranking
// of every listing that has those words (about 45 ms at a million listings); with it,
// that work is done off the request path, moments after the generation appears.
//
// Bound: at most kCarried rankings per new generation, one at a time on one thread; a
// newer generation replaces a carry not yet finished (only the live one is worth warming).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/index/rank_cache.h"

namespace kindred {

class IndexSnapshot;

class RankCarrier {
 public:
  static constexpr size_t kCarried = 16;

  RankCarrier() = default;
  RankCarrier(const RankCarrier&) = delete;
  RankCarrier& operator=(const RankCarrier&) = delete;
  ~RankCarrier();  // lets the ranking in progress finish, drops the rest, joins

  // Queues `from`'s most used kept queries (with the previous carry's, fading) to be ranked
  // into `to`'s cache. `to` is held until its carry is done or replaced. The thread starts
  // on first use.
  void carry(const IndexSnapshot& from, std::shared_ptr<const IndexSnapshot> to);
  // Blocks until nothing is queued or being ranked (for tests).
  void wait_idle();

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<const IndexSnapshot> to_;  // the queued carry, if any
  std::vector<RankCache::Use> uses_;
  std::vector<RankCache::Use> last_;          // what the latest carry() asked for
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kindred
