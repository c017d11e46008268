// @brief The searcher pool (see searcher_pool.h).
#include "server/searcher_pool.h"

namespace kindred::http {

SearcherPool::SearcherPool(LiveIndex& index, const Vocabulary& vocabulary, const Gazetteer& gazetteer,
                           const CrisisPhrases* crisis)
    : index_(index), vocabulary_(vocabulary), gazetteer_(gazetteer), crisis_(crisis) {}

SearcherPool::Lease::~Lease() {
  if (!searcher_) return;  // moved from
  std::lock_guard<std::mutex> lock(pool_->mu_);
  pool_->free_.push_back(std::move(searcher_));
}

Expected<SearcherPool::Lease> SearcherPool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      std::unique_ptr<Searcher> s = std::move(free_.back());
      free_.pop_back();
      return Lease(this, std::move(s));
    }
  }
  // Opening reads the live snapshot (shared) and opens a Xapian database: outside the lock.
  auto opened = Searcher::open(index_, vocabulary_, gazetteer_, crisis_);
  if (!opened) return opened.error();
  return Lease(this, std::make_unique<Searcher>(std::move(opened).value()));
}

}  // namespace kindred::http
