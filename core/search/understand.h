// @brief Reading a sentence for the parts a person puts in words: a place, days and
// times, how it meets, a language and a community. Each becomes a search parameter and
// the rest is searched as text ("I have bipolar, anything near Moscow Idaho?" ->
// near "Moscow Idaho", q "bipolar").
//
// What is read, and from where:
//   - facet phrases come from the vocabulary's synonyms (data/vocabulary.json) for the
//     facets day, time_of_day, attendance, language and community, longest phrase first.
//     A phrase that also names a value of another facet ("online forum" is a kind,
//     "chinese" both a language and a community) is left as text, unless a cue settles
//     it ("in chinese", "en español" are languages). "weekend(s)" and "weekday(s)" stand
//     for several days. Two communities in one sentence ("queer teens") stay text, since
//     a facet filter would OR them where the person means both;
//   - a place: after a cue ("near", "around", "close to", "in"), a postal code anywhere,
//     or a name followed by its region or country ("Sydney NSW", "Moscow Idaho"). The
//     gazetteer must know the name exactly (no typos or prefixes are guessed from a
//     sentence), and words after the name must name its region or country;
//   - words that carry no meaning for a search ("I have", "anything", "looking for")
//     are dropped from the text.
// A query that uses search syntax (quotes, +word, -word, AND/OR/NOT) is left as it is.
//
// Cost: a few hash lookups per word and at most a few gazetteer lookups per cue or
// qualifier (microseconds; bench/understand measures it).
//
// Thread safety: a QueryReader is immutable after construction; read() may be called
// from many threads at once. The vocabulary and gazetteer must outlive it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo/gazetteer.h"
#include "core/listing/vocabulary.h"

namespace kindred {

// The facets a sentence may set, in the order `understood.filters` lists them.
const std::vector<std::string>& understood_facet_names();

struct Understanding {
  std::string q;                 // the text left to search, trimmed; may be empty
  bool q_last_word_complete = false;  // true when the person typed more after the last kept word
  std::string near;              // the place words as typed ("Moscow Idaho", "83843"); empty: none
  std::map<std::string, std::vector<std::string>> filters;  // facet -> values, in vocabulary form
  bool changed = false;          // anything inferred or dropped (q differs from what was typed)
};

class QueryReader {
 public:
  QueryReader(const Vocabulary& vocabulary, const Gazetteer& gazetteer);
  QueryReader(QueryReader&&) noexcept;
  ~QueryReader();

  // Reads `q`. `is_listing_name(q)` is asked only when something would be inferred: when
  // the whole query is a listing's name, nothing is inferred from it (a person typing
  // "Evening Peer Circle" means that listing). Never throws.
  Understanding read(std::string_view q, const std::function<bool(std::string_view)>& is_listing_name) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

// Lower case (ASCII), letters and digits kept, every other ASCII character a single
// space, trimmed; bytes of non-ASCII characters are kept. For comparing names:
// "Latah Recovery Center!" == "latah  recovery-center".
std::string name_key(std::string_view text);

}  // namespace kindred
