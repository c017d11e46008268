// @brief Turning one accepted listing into its Xapian document (terms, values, data).
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/geo/gazetteer.h"
#include "core/listing/listing_source.h"
#include "core/listing/vocabulary.h"

namespace kindred {

// Facts computed at index time and stored beside the listing.
struct ComputedFields {
  std::optional<double> lat, lon;
  std::string geocoded_from;  // "listing" (given), "postal_code", "locality", or "" (not placed)
  std::string place_timezone; // IANA zone of the place, when placed from the gazetteer
};

// Fills coordinates for an in-person listing: the listing's own lat/lon if given, else
// the gazetteer's best place for its postal code, else for its locality.
ComputedFields compute_fields(const Listing& listing, const Gazetteer& gazetteer);

// Builds the document. `term_generator` must be set up with a stemmer (and a database
// if spelling data is wanted); it is reused across calls for speed.
Xapian::Document make_document(const LoadedListing& loaded, const ComputedFields& computed,
                               const Vocabulary& vocabulary, Xapian::TermGenerator& term_generator);

// Words of a name for "did you mean": letters only (no numbers or codes), each once per
// `seen` set, so the spelling table holds the words people type, not every token indexed.
void add_spelling_words(Xapian::WritableDatabase& db, const std::string& text,
                        std::unordered_set<std::string>& seen);
// The same words, appended to `out` instead (a parallel build adds them after its merge).
void collect_spelling_words(const std::string& text, std::unordered_set<std::string>& seen,
                            std::vector<std::string>& out);

// Meetings as compact text for a value slot, so search can load every schedule without
// parsing stored JSON: one meeting a line, "days|start|end|zone|frequency|week|anchor|dates|from|until"
// ("mo we|1110|1200|America/Los_Angeles|weekly|0||||"; end -1 when absent; dates
// space-separated). Lines of the first seven fields only (older indexes) still decode.
std::string encode_meetings(const std::vector<Meeting>& meetings);
std::vector<Meeting> decode_meetings(const std::string& text);

// The local time-of-day bucket ("morning"...) of a start minute, from the vocabulary's
// time_of_day ranges; "" if none covers it.
std::string time_of_day(int start_minute, const Vocabulary& vocabulary);

}  // namespace kindred
