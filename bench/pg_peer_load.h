// @brief The PostgreSQL peer's schema and load: the same listings Kindred indexes, read
// and validated by the same core code, COPYed into one `listings` table (facets as text
// arrays with GIN indexes, an earthdistance GiST index, a weighted tsvector with a GIN
// index), a `meetings` table for next-meeting sorting and a `words` table for spelling.
//
// Alignment with Kindred, so the counts-agree check compares like with like:
//   - text: a `kindred` text search configuration = Snowball English (the stemmer Xapian
//     uses too) with NO stop words at index time (Xapian indexes every word), and
//     hyphenated words indexed as their parts only ("peer-led" -> peer, led), as Xapian's
//     TermGenerator does; same fields (name A; organisation and kind/topic/community labels
//     B; description, eligibility, schedule note, locality C);
//   - facets: values lower-cased; languages = full tags + primary subtags; regions =
//     location region + service-area region codes; days / times of day from meeting
//     local start times via the vocabulary's ranges (core's time_of_day());
//   - place: earth() redefined to the mean Earth radius Kindred uses (6371.0088 km; the
//     earthdistance documentation says to redefine it), and coordinates stored as Kindred's
//     index holds them (Xapian's geo encoding, then float), so a listing a metre from the
//     edge of a radius is in or out for both.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/listing/schema_check.h"
#include "core/listing/vocabulary.h"

namespace kindred::bench {

struct PgLoadReport {
  uint64_t rows = 0;            // listings loaded (closed ones included, as in Kindred's index)
  uint64_t rejected = 0;        // listings the validator refused (not loaded, as in Kindred)
  double validate_seconds = 0;  // reading + validating the JSON Lines (the same core code Kindred runs)
  double copy_seconds = 0;      // building rows + COPY (tsvector computed by the server here)
  double index_seconds = 0;     // every index, the words table, VACUUM ANALYZE
  double total_seconds = 0;
  uint64_t size_bytes = 0;      // our tables with their indexes and TOAST
  std::vector<std::pair<std::string, uint64_t>> size_parts;  // "listings_table", "listings_indexes", ...
  uint64_t database_bytes = 0;  // pg_database_size (adds the catalogue)
};

// Creates the extensions, text search configurations, functions and tables, then loads
// `listings_file`. The connection must be to an empty database. `synchronous_commit` is
// off for the load session only (a crash could lose the last commits, never corrupt).
Expected<PgLoadReport> pg_load(PGconn* conn, const std::string& listings_file, const SchemaChecker& schema,
                               const Vocabulary& vocabulary, const Gazetteer& gazetteer);

}  // namespace kindred::bench
