// @brief Building and counting a facet's values by document (see doc_values.h).
#include "core/index/doc_values.h"

#include <algorithm>

namespace kindred {

DocValues::DocValues(const std::unordered_map<std::string, Postings>& values, Xapian::docid max_docid) {
  if (values.size() > kMaxValues) return;
  names_.reserve(values.size());
  for (const auto& [value, postings] : values) names_.push_back(value);
  std::sort(names_.begin(), names_.end());
  // Two passes over the postings: how many values each document has, then where they go.
  std::vector<uint32_t> per_doc(static_cast<size_t>(max_docid) + 1, 0);
  std::vector<const Postings*> postings;
  postings.reserve(names_.size());
  for (const auto& name : names_) {
    postings.push_back(&values.at(name));
    postings.back()->for_each([&](Xapian::docid id) {
      if (id <= max_docid) ++per_doc[id];
    });
  }
  start_.assign(static_cast<size_t>(max_docid) + 2, 0);
  for (size_t id = 0; id <= max_docid; ++id) start_[id + 1] = start_[id] + per_doc[id];
  numbers_.resize(start_.back());
  std::fill(per_doc.begin(), per_doc.end(), 0);  // now: how many of each document's are placed
  for (uint32_t n = 0; n < postings.size(); ++n) {
    postings[n]->for_each([&](Xapian::docid id) {
      if (id <= max_docid) numbers_[start_[id] + per_doc[id]++] = static_cast<uint16_t>(n);
    });
  }
  all_counts_.assign(names_.size(), 0);
  for (uint16_t n : numbers_) ++all_counts_[n];
}

int32_t DocValues::number(const std::string& value) const {
  auto it = std::lower_bound(names_.begin(), names_.end(), value);
  return it != names_.end() && *it == value ? static_cast<int32_t>(it - names_.begin()) : -1;
}

std::vector<uint64_t> DocValues::count(const DocSet& scope) const {
  const size_t last = start_.size() - 1;  // ids at or past it have no values here
  // Each document walked costs a few scattered reads; the popcount deciding the direction
  // costs a pass over the set's words, a small part of one walk.
  if (scope.count() * 2 <= last) {
    std::vector<uint64_t> counts(names_.size(), 0);
    scope.for_each([&](Xapian::docid id) {
      if (id >= last) return;
      for (uint32_t k = start_[id]; k < start_[id + 1]; ++k) ++counts[numbers_[k]];
    });
    return counts;
  }
  std::vector<uint64_t> counts = all_counts_;
  scope.for_each_absent(static_cast<Xapian::docid>(last), [&](Xapian::docid id) {
    for (uint32_t k = start_[id]; k < start_[id + 1]; ++k) --counts[numbers_[k]];
  });
  return counts;
}

}  // namespace kindred
