// @brief The counts-agree check (see pg_peer_check.h).
#include "bench/pg_peer_check.h"

#include <algorithm>
#include <map>
#include <set>

namespace kindred::bench {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

std::vector<size_t> check_sample(const std::vector<BenchQuery>& mix, size_t n) {
  std::vector<size_t> out;
  if (mix.empty() || n == 0) return out;
  n = std::min(n, mix.size());
  std::set<std::string> classes;
  for (size_t j = 0; j < n; ++j) {
    size_t i = j * mix.size() / n;
    out.push_back(i);
    classes.insert(mix[i].query_class);
  }
  for (size_t i = 0; i < mix.size(); ++i) {
    if (classes.insert(mix[i].query_class).second) out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void compare_answers(size_t i, const BenchQuery& query, const Expected<SearchResult>& kindred,
                     const Expected<PgAnswer>& postgres, CheckReport& report) {
  ++report.sample;
  const size_t before = report.disagreements.size();
  auto disagree = [&](const std::string& facet, const std::string& value, uint64_t k, uint64_t p,
                      const std::string& note = "") {
    report.disagreements.push_back({i, query.query_class, facet, value, k, p, note});
  };
  if (!kindred || !postgres) {
    // Both refusing the same request is agreement; anything else is not.
    if (kindred.ok() != postgres.ok()) {
      disagree("error", "", kindred.ok(), postgres.ok(),
               kindred ? postgres.error().message : kindred.error().message);
    }
  } else {
    if (kindred->total != postgres->total) disagree("total", "", kindred->total, postgres->total);
    std::map<std::string, std::map<std::string, uint64_t>> k_counts;
    for (const auto& f : kindred->facets) {
      auto& values = k_counts[f.name];
      for (const auto& v : f.values) values[lower(v.value)] += v.count;
    }
    std::set<std::string> names;
    for (const auto& [name, v] : k_counts) names.insert(name);
    for (const auto& [name, v] : postgres->facets) names.insert(name);
    for (const auto& name : names) {
      const auto& kv = k_counts[name];
      auto pit = postgres->facets.find(name);
      static const std::map<std::string, uint64_t> kNone;
      const auto& pv = pit == postgres->facets.end() ? kNone : pit->second;
      std::set<std::string> values;
      for (const auto& [v, n] : kv) values.insert(v);
      for (const auto& [v, n] : pv) values.insert(v);
      for (const auto& v : values) {
        auto ki = kv.find(v);
        auto pi = pv.find(v);
        uint64_t k = ki == kv.end() ? 0 : ki->second, p = pi == pv.end() ? 0 : pi->second;
        if (k != p) disagree(name, v, k, p);
      }
    }
  }
  if (report.disagreements.size() == before) ++report.agreeing;
  if (kindred && postgres && query.request.q.empty()) {
    ++report.ordered;
    std::vector<std::string> ids;
    for (const auto& h : kindred->hits) ids.push_back(h.id);
    if (ids == postgres->hit_ids) ++report.same_page;
  }
  if (kindred && postgres && query.query_class == "misspelled") {
    ++report.misspelled;
    auto trim = [](std::string s) { return s.erase(s.find_last_not_of(' ') + 1); };
    if (trim(kindred->suggestion.value_or("")) == trim(postgres->suggestion.value_or(""))) ++report.same_suggestion;
  }
}

}  // namespace kindred::bench
