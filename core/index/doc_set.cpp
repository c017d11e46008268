// @brief DocSet bitmaps and Postings (bitmap or sorted list).
#include "core/index/doc_set.h"

#include <algorithm>

namespace kindred {

DocSet::DocSet(Xapian::docid max_docid, bool full) : words_(max_docid / 64 + 1, 0), max_(max_docid) {
  if (!full) return;
  std::fill(words_.begin(), words_.end(), ~uint64_t{0});
  words_[0] &= ~uint64_t{1};  // docid 0 does not exist
  size_t used = max_docid % 64 + 1;  // bits 0..max in the last word
  if (used < 64) words_.back() &= (uint64_t{1} << used) - 1;
}

DocSet& DocSet::operator&=(const DocSet& other) {
  size_t n = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < n; ++i) words_[i] &= other.words_[i];
  std::fill(words_.begin() + static_cast<std::ptrdiff_t>(n), words_.end(), 0);
  return *this;
}

DocSet& DocSet::operator|=(const DocSet& other) {
  if (other.words_.size() > words_.size()) {
    words_.resize(other.words_.size(), 0);
    max_ = other.max_;
  }
  for (size_t i = 0; i < other.words_.size(); ++i) words_[i] |= other.words_[i];
  return *this;
}

DocSet& DocSet::subtract(const DocSet& other) {
  size_t n = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < n; ++i) words_[i] &= ~other.words_[i];
  return *this;
}

uint64_t DocSet::count() const {
  uint64_t n = 0;
  for (uint64_t w : words_) n += static_cast<uint64_t>(__builtin_popcountll(w));
  return n;
}

namespace {

// Two unrelated finalisers (SplitMix64's and MurmurHash3's), so the two hashes are
// independent.
uint64_t splitmix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
uint64_t fmix(uint64_t x) {
  x = (x ^ (x >> 33)) * 0xff51afd7ed558ccdULL;
  x = (x ^ (x >> 33)) * 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

}  // namespace

std::string DocSet::fingerprint() const {
  uint64_t size = 0, a = 0x9e3779b97f4a7c15ULL, b = 0x2545f4914f6cdd1dULL;
  for (size_t i = 0; i < words_.size(); ++i) {
    const uint64_t w = words_[i];
    if (w == 0) continue;  // the position goes into each hash, so zeros add nothing
    size += static_cast<uint64_t>(__builtin_popcountll(w));
    a = splitmix(a ^ splitmix(w + i));
    b = fmix((b + i) * 0x9e3779b97f4a7c15ULL ^ fmix(w));
  }
  std::string out(32, '\0');
  const uint64_t parts[4] = {size, static_cast<uint64_t>(max_), a, b};
  for (size_t p = 0; p < 4; ++p) {
    for (size_t k = 0; k < 8; ++k) out[p * 8 + k] = static_cast<char>(parts[p] >> (8 * k) & 0xff);
  }
  return out;
}

uint64_t DocSet::count_and(const DocSet& other) const {
  size_t n = std::min(words_.size(), other.words_.size());
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) total += static_cast<uint64_t>(__builtin_popcountll(words_[i] & other.words_[i]));
  return total;
}

Xapian::docid DocSet::next_after(Xapian::docid after) const {
  Xapian::docid start = after + 1;
  size_t w = start >> 6;
  if (w >= words_.size()) return 0;
  uint64_t bits = words_[w] & (~uint64_t{0} << (start & 63));
  while (true) {
    if (bits) return static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
    if (++w >= words_.size()) return 0;
    bits = words_[w];
  }
}

Postings::Postings(std::vector<Xapian::docid> ids, Xapian::docid max_docid) : size_(ids.size()) {
  // A bitmap costs max/8 bytes, a list 4 bytes an id: keep whichever is smaller.
  dense_ = ids.size() * 32 > max_docid;
  if (dense_) {
    bits_ = DocSet(max_docid);
    for (auto id : ids) bits_.add(id);
  } else {
    ids_ = std::move(ids);
  }
}

uint64_t Postings::count_in(const DocSet& set) const {
  if (dense_) return bits_.count_and(set);
  uint64_t n = 0;
  for (auto id : ids_) n += set.contains(id);
  return n;
}

void Postings::add_to(DocSet& set) const {
  if (dense_) {
    set |= bits_;
  } else {
    for (auto id : ids_) set.add(id);
  }
}

void Postings::remove_from(DocSet& set) const {
  if (dense_) {
    set.subtract(bits_);
    return;
  }
  DocSet mine(set.max_docid());
  for (auto id : ids_) mine.add(id);
  set.subtract(mine);
}

DocSet Postings::to_set(Xapian::docid max_docid) const {
  DocSet s(max_docid);
  add_to(s);
  return s;
}

}  // namespace kindred
