// @brief The facet vocabularies (data/vocabulary.json): values, display labels, search synonyms.
//
// The closed lists a listing may use (kind, topics, communities, ...), the values the
// directory computes from schedules (day, time_of_day), and for each value the label
// people see and the phrases people type. The lists live in data so that adding a
// value or a synonym is a data change, not a code change.
//
// File format ("kindred-vocabulary/1"):
//   { "format": "kindred-vocabulary/1",
//     "facets": [ { "name", "field", "label", "labels"?, "closed"?, "computed"?, "protected"?,
//                   "values": [ { "value", "label", "labels"?, "synonyms": [...], "from"?, "to"? } ] } ] }
//   "labels" gives the label in other languages ({"es": "Duelo", "fr": "Deuil"}); synonyms
//   hold the words people type in every language ("grief", "duelo", "deuil").
//
// What load()/parse() accept (every violation is reported, not just the first):
//   - unknown keys, duplicate keys and wrong types are rejected everywhere;
//   - facet names and fields match [a-z][a-z0-9_]*; facet names are unique;
//   - values are ASCII letters, digits and single inner hyphens; lower case in closed
//     facets (open facets hold BCP-47 tags such as "fr-CA"); unique within a facet
//     (case-insensitively in open facets, where matching is case-insensitive);
//   - a closed facet lists at least one value; an open one may list none (region: only
//     its heading's labels, its values named by the gazetteer);
//   - every facet and value has a non-blank label; labels are unique within a facet;
//   - synonyms are non-empty, lower case, without control characters or stray spaces;
//     a phrase appears at most once in a facet, and never names another value of the
//     same facet (its value or its label);
//   - "from"/"to" ("HH:MM", local time, "to" exclusive, may wrap past midnight) are
//     given on all values of a facet or on none, are required in time_of_day, and the
//     ranges of a facet cover all 24 hours exactly once.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace kindred {

struct VocabularyValue {
  std::string value;                  // what listings and URLs carry: "support-group", "fr-CA"
  std::string label;                  // what people see: "Support group"
  std::map<std::string, std::string> labels;  // in other languages: "es" -> "Grupo de apoyo"
  std::vector<std::string> synonyms;  // lower case phrases that mean this value in a query
  std::string from, to;               // "HH:MM" local time range; empty unless the facet has ranges
};

struct Facet {
  std::string name;       // the facet's name in the API: "topic", "time_of_day"
  std::string field;      // the listing field it reads: "topics"; "schedule" for computed facets
  std::string label;      // "Topic"
  std::map<std::string, std::string> labels;  // in other languages: "es" -> "Tema"
  bool closed = true;     // false: listings may use values not listed here (language tags)
  bool computed = false;  // true: derived from `field` (day, time_of_day), not copied from it
  // true ("protected" in the file): the facet names identities and communities, whose
  // words a spelling correction never changes and never offers in place of another word
  // ("queer" is not a misspelling of "peer").
  bool protected_terms = false;
  std::vector<VocabularyValue> values;  // in display order
};

// An immutable, validated vocabulary.
//
// Thread safety: all const members may be called concurrently. Copies are cheap and
// share the same immutable data; pointers and references returned by a Vocabulary stay
// valid as long as it or any copy of it is alive.
class Vocabulary {
 public:
  // Every (phrase -> facet/value) pair, in file order (facet, then value, then synonym).
  struct SynonymEntry {
    std::string phrase;  // lower case, may be several words: "manic depression"
    std::string facet;   // facet name: "topic"
    std::string value;   // "bipolar"
  };

  // An empty vocabulary: no facets; contains() is false everywhere.
  Vocabulary();

  // Reads and validates the file at `path`.
  // Errors: kNotFound if there is no such file, kIo if it cannot be read, kCorrupt if it
  // is not a valid vocabulary (every problem in `details`, as JSON path + message).
  static Expected<Vocabulary> load(const std::string& path);

  // Validates `json`; `source_name` (usually the file path) names it in the error message.
  // Errors: kCorrupt with every problem in `details`.
  static Expected<Vocabulary> parse(std::string_view json, const std::string& source_name);

  // All facets, in file order (the order the API and the page show them).
  const std::vector<Facet>& facets() const;

  // The facet called `name`, or nullptr if there is none.
  const Facet* facet(std::string_view name) const;

  // The listed value `value` of facet `facet`, or nullptr if either is unknown. Exact
  // match in closed facets; ASCII case-insensitive in open ones ("fr-ca" finds "fr-CA").
  const VocabularyValue* find(std::string_view facet, std::string_view value) const;

  // Whether `value` is listed in `facet` (same matching as find()). For an open facet a
  // false answer does not make the value invalid in a listing; it only has no label.
  bool contains(std::string_view facet, std::string_view value) const;

  // The display label of `value` in `facet`, or `value` itself when it is not listed.
  std::string label(std::string_view facet, std::string_view value) const;
  // The same in `language` (a primary tag): its entry in "labels", else the English label.
  std::string label(std::string_view facet, std::string_view value, const std::string& language) const;
  // The label of facet `facet` in `language` (English when it has none); `facet` itself
  // when there is no such facet.
  std::string facet_label(std::string_view facet, const std::string& language) const;

  // Every synonym of every value, for the search's query expansion. The same phrase may
  // appear under several facets ("asl" is a language and an accessibility feature);
  // within one facet it appears once. Phrases may contain other phrases ("no fee" under
  // cost=free contains "fee" under cost=fee): match the longest phrase first.
  const std::vector<SynonymEntry>& synonyms() const;

 private:
  struct Impl;
  explicit Vocabulary(std::shared_ptr<const Impl> impl);

  std::shared_ptr<const Impl> impl_;
};

}  // namespace kindred
