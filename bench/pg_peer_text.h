// @brief What Kindred's query parser makes of the words people type, rebuilt for
// PostgreSQL: every word required, stop words dropped, and the vocabulary's synonyms.
//
// Kindred (core/search/search_text.cpp, core/index/index_build.cpp) parses with Xapian's QueryParser:
// default AND, Kindred's stop list, English stemming, and FLAG_AUTO_(MULTIWORD_)SYNONYMS
// over synonym keys the indexer stores for every facet value's name, label and synonyms
// (hyphens read as spaces; a one-word key also under its stem). A query word or phrase
// that is such a key also matches listings having the facet value: "self harm" matches
// (self AND harm) OR topic=self-harm. This mirrors Xapian 1.4's grouping exactly:
//   - runs of plain words are scanned left to right; at each word, if it and the next
//     word begin any key (a string prefix: "peer support" begins "peer support group"),
//     the run extends over the longest exact key found, and the whole run is ONE group:
//     its non-stop words ANDed, OR the synonyms of that exact key (none if only the
//     prefix matched: Xapian's quirk, kept);
//   - otherwise the word alone, OR the synonyms of the word (else of its stem);
//   - stop words take part in finding keys ("in person") but never match themselves;
//   - hyphenated or apostrophe'd words ("peer-led", "don't") are phrases of their parts,
//     with no synonyms, and end a run, as in Xapian; a trailing 's is dropped ("women's").
// Not mirrored (none occur in the benchmark's query mix): capitalised words (Xapian does
// not stem them), boolean operators and quotes, non-ASCII case folding.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "core/listing/vocabulary.h"

namespace kindred::bench {

// One facet value a phrase stands for: facet name ("topic") and lower-case value.
using FacetValue = std::pair<std::string, std::string>;

// Matches when every unit's words are present (a unit of several words is a phrase) OR
// the listing has any of the synonyms' facet values.
struct TextGroup {
  std::vector<std::vector<std::string>> units;  // lower-case words, stop words removed
  std::vector<FacetValue> synonyms;
};

struct ParsedWords {
  std::vector<TextGroup> groups;  // all must match; empty: no text condition (browse)
  std::vector<std::string> words;  // every non-stop word, for spelling suggestions
  bool prefix_last = false;        // no trailing space: the last word is being typed
};

class TextParser {
 public:
  explicit TextParser(const Vocabulary& vocabulary);
  ParsedWords parse(const std::string& q) const;

 private:
  const std::vector<FacetValue>* synonyms(const std::string& key) const;
  bool begins_key(const std::string& prefix) const;

  std::map<std::string, std::vector<FacetValue>> keys_;  // as core/index/index_build.cpp stores them
  Xapian::Stem stem_{"english"};
};

// A to_tsquery() argument for one group's words: 'self' & 'harm', 'peer' <-> 'led';
// `prefix` marks the last word as a prefix ('dep':*). Empty when the group has no words.
std::string tsquery_text(const TextGroup& group, bool prefix);

}  // namespace kindred::bench
