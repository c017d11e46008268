// @brief Crisis words: the curated phrases that signal danger to self
// (data/crisis-phrases.json), and whether a query contains one.
//
// The list is data, not code, so that adding a phrase or a language is a data change.
// File format ("kindred-crisis-phrases/1"):
//   { "format": "kindred-crisis-phrases/1", "about"?: "...",
//     "languages": [ { "language": "en", "phrases": ["kill myself", ...],
//                      "everyday_words"?: ["putting", ...] }, ... ] }
// Unknown keys, empty phrases, phrases that fold to nothing and everyday words that are
// not one word are refused (kCorrupt, every problem in details).
//
// Matching (matches()): the query and every phrase are folded (text_fold.h: case,
// accents, apostrophes and punctuation set aside; letters stretched three times or more
// squeezed, "dieeee" -> "die"). A phrase matches where its words appear consecutively in
// the query. A phrase word of 5 letters or more also matches a query word one edit away
// ("suicde", "overdoes"), so a typo never hides danger, unless the query word is one of
// the list's everyday words: common words one edit from a phrase word ("putting myself
// first" is not "cutting myself", "me prendre en main" not "me pendre"), which stand only
// for themselves. Every language's phrases and everyday words apply to every query.
// The answer is a yes or a no: nothing about the query is kept or logged.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace kindred {

// Immutable once loaded; matches() may be called from any number of threads at once.
class CrisisPhrases {
 public:
  CrisisPhrases();  // no phrases: matches() is always false

  // kNotFound if there is no such file, kIo if it cannot be read, kCorrupt if it is not a
  // valid crisis-phrase file.
  static Expected<CrisisPhrases> load(const std::string& path);
  static Expected<CrisisPhrases> parse(std::string_view json, const std::string& source_name);

  // True when `query` contains one of the phrases. Costs microseconds (a few hundred
  // phrases against a query of at most 500 characters).
  bool matches(std::string_view query) const;

  size_t size() const;  // the number of distinct folded phrases

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kindred
