// @brief Searchers for concurrent requests: a Searcher is not thread-safe, so each request
// borrows one from a small pool and gives it back.
//
// All searchers read the same LiveIndex (so a rebuild that swaps the index is seen by the
// next request, with no restart), vocabulary and gazetteer, which must outlive the pool.
// The pool grows on demand to the number of requests served at once (the worker count)
// and never shrinks.
// Thread safety: acquire() and Lease destruction may happen on any thread.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/index/index_snapshot.h"
#include "core/listing/vocabulary.h"
#include "core/search/crisis.h"
#include "core/search/search.h"

namespace kindred::http {

class SearcherPool {
 public:
  // `crisis` may be null (no query is ever flagged); it must outlive the pool.
  SearcherPool(LiveIndex& index, const Vocabulary& vocabulary, const Gazetteer& gazetteer,
               const CrisisPhrases* crisis = nullptr);
  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  // A borrowed searcher; returned to the pool when the lease is destroyed.
  class Lease {
   public:
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher)
        : pool_(pool), searcher_(std::move(searcher)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Searcher& operator*() { return *searcher_; }
    Searcher* operator->() { return searcher_.get(); }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  // A free searcher, or a new one (which can fail if the index cannot be opened).
  Expected<Lease> acquire();

  LiveIndex& index() { return index_; }
  const Vocabulary& vocabulary() const { return vocabulary_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  LiveIndex& index_;
  const Vocabulary& vocabulary_;
  const Gazetteer& gazetteer_;
  const CrisisPhrases* crisis_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Searcher>> free_;
};

}  // namespace kindred::http
