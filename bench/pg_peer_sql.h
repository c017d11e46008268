// @brief One Kindred SearchRequest as ONE PostgreSQL statement (one round trip): the
// matching set, the total, every facet's disjunctive counts, page 1 of hits, and for
// text queries a pg_trgm spelling suggestion. And its answer, parsed back.
//
// Semantics, as core/search/search.h states them:
//   - closed listings are never found;
//   - text: every group of pg_peer_text.h, each `tsv @@ to_tsquery('kindred', ...)` OR the
//     facet values its synonyms name (GIN on the tsvector and on the arrays);
//   - place: in-person listings within radius_km (`earth_box @>` on the GiST index, then
//     `earth_distance <=`) OR online/phone listings whose service area holds "worldwide",
//     the place's country or its region (the nearest gazetteer place to lat/lon, as Kindred
//     takes it);
//   - facets: OR within (`&&`, `= ANY`), AND across, "-value" excludes;
//   - counts: every facet's values (unnest() for arrays) over the matching set filtered by
//     every OTHER facet's selection (disjunctive), in one pass and one GROUP BY (facet,
//     value) over a MATERIALIZED CTE of the text and place matches;
//   - order: ts_rank_cd for text, distance for a place without text, name for browsing,
//     next meeting (meeting_next() in SQL) for sort=next; page 1;
//   - spelling: for query words found nowhere in the text, the nearest known word (pg_trgm
//     candidates from a `words` table built at load, ranked by levenshtein and frequency).
// Kindred offers a suggestion only when the corrected query finds something; this one
// does not run that second query.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "bench/pg_peer_text.h"
#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/search/search.h"

namespace kindred::bench {

struct PgAnswer {
  uint64_t total = 0;
  std::map<std::string, std::map<std::string, uint64_t>> facets;  // facet -> lower-case value -> count (> 0)
  std::vector<std::string> hit_ids;                               // in order
  std::optional<std::string> suggestion;
};

class PgTranslator {
 public:
  PgTranslator(const Vocabulary& vocabulary, const Gazetteer& gazetteer);

  // kInvalidArgument for a request Kindred would refuse (unknown facet, bad radius...).
  Expected<std::string> sql(const SearchRequest& request) const;

 private:
  const Vocabulary& vocabulary_;
  const Gazetteer& gazetteer_;
  TextParser text_;
};

// Reads the rows of a statement from PgTranslator::sql. `q` is the request's text, to
// build the suggestion from the corrected words.
Expected<PgAnswer> read_answer(PGresult* result, const std::string& q);

}  // namespace kindred::bench
