// @brief Cached bitmaps of an index generation's broadest terms (see term_sets.h).
#include "core/index/term_sets.h"

namespace kindred {
namespace {

std::shared_ptr<DocSet> read_postings(const Xapian::Database& db, const std::string& term, Xapian::docid max) {
  auto out = std::make_shared<DocSet>(max);
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out->add(*it);
  return out;
}

}  // namespace

std::shared_ptr<const DocSet> TermSets::broad(const Xapian::Database& db, const std::string& term) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = sets_.find(term); it != sets_.end()) return it->second;
  }
  // A searcher's database can be a commit ahead of the snapshot for a moment
  // (index_snapshot.h): what it reads then is not this generation's, so it is not kept.
  const bool broad = db.get_termfreq(term) * kBroadShare >= max_docid_ && max_docid_ > 0;
  if (!broad || db.get_revision() != revision_) return nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (sets_.size() >= kMaxTerms) return nullptr;
  }
  // Read outside the lock: another thread may read the same term meanwhile; the first
  // one stored wins and both are the same set.
  std::shared_ptr<const DocSet> set = read_postings(db, term, max_docid_);
  std::lock_guard<std::mutex> lock(mu_);
  if (sets_.size() >= kMaxTerms) return set;
  return sets_.emplace(term, std::move(set)).first->second;
}

size_t TermSets::cached_terms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sets_.size();
}

}  // namespace kindred
