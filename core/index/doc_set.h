// @brief Sets of Xapian document ids for exact facet counting without decoding documents.
//
// DocSet is a dense bitmap over docids 1..max. Postings holds one facet value's documents
// either as a bitmap (common values) or as a sorted id list (rare ones), whichever is
// smaller, so a million documents with thousands of region values still fit in memory.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

namespace kindred {

class DocSet {
 public:
  DocSet() = default;
  // An empty set (or, with `full`, every id 1..max_docid) able to hold ids up to max_docid.
  explicit DocSet(Xapian::docid max_docid, bool full = false);

  // Ids beyond max_docid are ignored: a database can be one commit ahead of the
  // snapshot that sized the set (core/moderation/index_update.h).
  void add(Xapian::docid id) {
    if ((id >> 6) < words_.size()) words_[id >> 6] |= uint64_t{1} << (id & 63);
  }
  bool contains(Xapian::docid id) const {
    return (id >> 6) < words_.size() && (words_[id >> 6] >> (id & 63) & 1);
  }
  DocSet& operator&=(const DocSet& other);
  DocSet& operator|=(const DocSet& other);
  DocSet& subtract(const DocSet& other);

  uint64_t count() const;
  uint64_t count_and(const DocSet& other) const;  // |this ∩ other| without building it
  bool empty() const { return count() == 0; }
  Xapian::docid max_docid() const { return max_; }

  // Calls f(docid) for every member in ascending order.
  template <typename F>
  void for_each(F&& f) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits; bits &= bits - 1) {
        f(static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
      }
    }
  }
  // Calls f(docid) for every id below `limit` that is not a member, in ascending order
  // (0 included: callers skip it). Ids past the set's own bound are not members.
  template <typename F>
  void for_each_absent(Xapian::docid limit, F&& f) const {
    const size_t full_words = std::min<size_t>(words_.size(), limit / 64);
    for (size_t w = 0; w < full_words; ++w) {
      for (uint64_t bits = ~words_[w]; bits; bits &= bits - 1) {
        f(static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
      }
    }
    for (Xapian::docid id = static_cast<Xapian::docid>(full_words * 64); id < limit; ++id) {
      if (!contains(id)) f(id);
    }
  }
  // The first id > after that is a member, or 0 when there is none.
  Xapian::docid next_after(Xapian::docid after) const;
  // A key for answers kept about this set (rank_cache.h): its size, max_docid and two
  // independent 64-bit hashes of its words, 32 bytes. Different sets share one only by a
  // 128-bit hash collision. One pass over the words (15,625 of them at a million ids).
  std::string fingerprint() const;

 private:
  std::vector<uint64_t> words_;
  Xapian::docid max_ = 0;
};

class Postings {
 public:
  Postings() = default;
  // `ids` ascending, each ≤ max_docid.
  Postings(std::vector<Xapian::docid> ids, Xapian::docid max_docid);

  uint64_t size() const { return size_; }
  uint64_t count_in(const DocSet& set) const;  // |postings ∩ set|
  void add_to(DocSet& set) const;              // set |= postings
  void remove_from(DocSet& set) const;         // set -= postings
  DocSet to_set(Xapian::docid max_docid) const;
  // Calls f(docid) for every member in ascending order.
  template <typename F>
  void for_each(F&& f) const {
    if (dense_) {
      bits_.for_each(f);
    } else {
      for (Xapian::docid id : ids_) f(id);
    }
  }

 private:
  bool dense_ = false;
  DocSet bits_;                       // when dense
  std::vector<Xapian::docid> ids_;    // when sparse
  uint64_t size_ = 0;
};

}  // namespace kindred
