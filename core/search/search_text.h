// @brief The text side of search: parsing what people type into a Xapian query (stems,
// vocabulary synonyms, last-word prefix, phrases) and turning a DocSet into a filter.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "core/base/error.h"
#include "core/index/doc_set.h"
#include "core/index/term_sets.h"

namespace kindred {

struct ParsedText {
  Xapian::Query query;                    // empty (MatchNothing-free) when nothing is left to match
  bool empty = true;                      // only stop words or punctuation: browse instead
};

// True for the words the parser drops from a query read in `language` ("the", "for",
// "near"...; with "es" also "de", "los"...; with "fr" also "le", "les"...), shared with
// anything that must read a query the way search does. "" (the default): a stop word in
// any of those languages, for a reader that does not know the query's language (the
// benchmark's PostgreSQL peer, the sentence reader, the speller).
bool is_stop_word(std::string_view lower_case_word, std::string_view language = "");

// The words of `q` that are not stop words in `language` (is_stop_word) ("I have bipolar
// and feel alone" has 4).
size_t content_words(std::string_view q, std::string_view language = "");

// Parses `q` against `db` (which holds the synonyms and spelling data written by the
// indexer). Every word must match, or with `any_word` at least one (ranked by how many and
// how rare). Accents are folded as the index folds them; words are stemmed in English
// and, when `language` is another language with a stemmer (translation.h), in that
// language too, and either reading matches. Only the stop words of English and of
// `language` are dropped. kInvalidArgument if even the forgiving parse fails.
Expected<ParsedText> parse_text(const std::string& q, const Xapian::Database& db, bool any_word = false,
                                const std::string& language = "en");

// Every document matching `query`, as a set (no weights computed). With `broad`, the
// generation's cached bitmaps of its broadest terms are used instead of their posting lists.
DocSet match_set(const Xapian::Database& db, const Xapian::Query& query, Xapian::docid max_docid,
                 const TermSets* broad = nullptr);

// A query that matches exactly the members of `set` (weight 0), for OP_FILTER.
Xapian::Query filter_query(const DocSet& set);

// Plain text around the first match of `query` in `text`, at most ~200 bytes.
std::string make_snippet(const Xapian::MSet& mset, const std::string& text);

}  // namespace kindred
