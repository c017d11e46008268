// @brief The nearest-rank percentile every bench tool prints: index round(p * (n - 1)) of
// the sorted values (0 for none). bench/results.js computes the same, so its figures and
// the tools' agree.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kindred::bench {

// `sorted` must be in ascending order (sort once, then ask for several percentiles).
inline double percentile_of_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

inline double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return percentile_of_sorted(v, p);
}

}  // namespace kindred::bench
