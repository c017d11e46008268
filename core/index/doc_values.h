// @brief Each document's values of one facet, by number, so that counting every value of a
// facet with thousands of them (regions) over a set reads the set once.
//
// Why: counting from each value's postings (Postings::count_in) tests every posting of
// every value against the set, a million scattered bit tests at a million listings
// whatever the set's size. Walking the set's members and adding one to their values'
// counts reads two arrays in order and costs what the set holds.
// Bound: 4 bytes per document plus 2 per (document, value) pair: about 6 MB for regions
// at a million listings. At most 65,535 values (larger facets are counted as before).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/index/doc_set.h"

namespace kindred {

class DocValues {
 public:
  static constexpr size_t kMaxValues = 65535;

  DocValues() = default;
  // From a facet's postings (value -> its documents). Values are numbered in ascending
  // byte order. Empty (built() false) when there are more than kMaxValues values.
  DocValues(const std::unordered_map<std::string, Postings>& values, Xapian::docid max_docid);

  bool built() const { return !start_.empty(); }
  // The value with number n, and the number of a value (-1 if no document has it).
  const std::string& value(uint32_t n) const { return names_[n]; }
  int32_t number(const std::string& value) const;
  // How many members of `scope` have each value, by number (value_count() entries).
  // Cost: the smaller of the scope and its complement. A scope holding most documents (a
  // broad query's) is counted as every document's counts less those it leaves out.
  std::vector<uint64_t> count(const DocSet& scope) const;
  size_t value_count() const { return names_.size(); }

 private:
  std::vector<std::string> names_;  // ascending
  std::vector<uint32_t> start_;     // by docid: where its numbers begin in numbers_ (max_docid + 2 entries)
  std::vector<uint16_t> numbers_;
  std::vector<uint64_t> all_counts_;  // by number, over every document 1..max_docid
};

}  // namespace kindred
