// @brief The counts-agree check: the same request through Kindred in process and through
// PostgreSQL must give the same total and the same count for every facet value, or the
// latency comparison would not be comparing the same work.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/pg_peer_sql.h"
#include "bench/query_mix.h"
#include "core/search/search.h"

namespace kindred::bench {

struct Disagreement {
  size_t query = 0;  // index in the mix
  std::string query_class, facet, value;  // facet "total" for the total, "error" when one side failed
  uint64_t kindred = 0, postgres = 0;
  std::string note;  // the error message, when there is one
};

struct CheckReport {
  size_t sample = 0, agreeing = 0;
  std::vector<Disagreement> disagreements;
  // Spelling suggestions are not part of the agreement (Xapian's spelling data and a
  // pg_trgm lookup are different methods); how often they match, for the record.
  size_t misspelled = 0, same_suggestion = 0;  // "misspelled" queries sampled; with the same suggestion (or none)
  // Page 1 in the same order, where the order is defined the same way in both (distance,
  // name, next meeting; not text relevance, where BM25 and ts_rank_cd differ), for the record.
  size_t ordered = 0, same_page = 0;
};

// A deterministic sample of `n` queries of the mix, spread evenly over it, plus the first
// query of any class the spread missed, so every class is checked.
std::vector<size_t> check_sample(const std::vector<BenchQuery>& mix, size_t n);

// Compares one query's two answers and records the outcome in `report`. Values are
// compared case-insensitively (Kindred shows regions as "US-ID", stores "us-id"); a value
// one side lists with 0 and the other leaves out agrees.
void compare_answers(size_t i, const BenchQuery& query, const Expected<SearchResult>& kindred,
                     const Expected<PgAnswer>& postgres, CheckReport& report);

}  // namespace kindred::bench
