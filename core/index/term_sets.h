// @brief The documents of an index generation's broadest terms, as bitmaps kept for the
// generation's life, so a search for words most listings have ("support group") does not
// decode posting lists of nearly every document on every request.
//
// Why: at a million listings "support" and "group" each index ~950,000 documents; reading
// their posting lists costs tens of milliseconds a query, the bitmap a copy of 125 KB.
// Bound: only terms indexing at least 1/kBroadShare of the documents are kept (a bitmap
// is then no bigger than their id list), and at most kMaxTerms of them: at most
// kMaxTerms * (max_docid / 8) bytes, 6 MB at a million listings, 0.6 MB at 100,000.
// Terms are added as searches first ask for them; once full, others are read as before.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <xapian.h>

#include "core/index/doc_set.h"

namespace kindred {

class TermSets {
 public:
  static constexpr Xapian::doccount kBroadShare = 16;
  static constexpr size_t kMaxTerms = 48;

  // `revision`: the database revision the sets describe; `max_docid`: their size.
  TermSets(Xapian::rev revision, Xapian::docid max_docid) : revision_(revision), max_docid_(max_docid) {}

  // The documents indexed by `term` in `db` when the term is broad and `db` is at this
  // generation's revision (read once, then kept); nullptr otherwise (the caller reads the
  // posting list itself, as for any rare term). Thread-safe: each caller passes its own
  // database handle.
  std::shared_ptr<const DocSet> broad(const Xapian::Database& db, const std::string& term) const;

  size_t cached_terms() const;

 private:
  Xapian::rev revision_;
  Xapian::docid max_docid_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<const DocSet>> sets_;
};

}  // namespace kindred
