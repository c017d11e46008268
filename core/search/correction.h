// @brief Spelling corrections that help: a misspelled word in a query becomes the
// nearest word the directory knows, chosen from the vocabulary and the index's own words
// by edit distance and then by how often the word occurs.
//
// Rules (design.md, "corrected" and "suggestion"):
//   - A word that is itself in the vocabulary (any word of a value, label or synonym) is
//     never changed, nor is a word the index holds (as typed or stemmed), a stop word, a
//     word of fewer than 4 letters, a word of a non-Latin script, or an operator (AND, OR,
//     NOT...). Accents are folded first ("depresión" is read as "depresion"), unless the
//     index holds the accented word as typed. The last word of a query without a trailing space is being typed:
//     it is left alone when some indexed word starts with it.
//   - Words of a protected facet (Facet::protected_terms: identities and communities,
//     "queer", "two-spirit") are never changed and never offered in place of another word.
//     When a protected word is among the nearest, nothing is offered: "qeer" is a typo of
//     "queer", not of "peer".
//   - A word up to 5 letters may change by one edit, a longer one by two (insertions,
//     deletions, substitutions, swaps of neighbours). The nearest candidate wins; among
//     equals, the one in most listings (a vocabulary word counts one more).
// Whether the corrected query finds anything is the searcher's business, not this one's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/listing/vocabulary.h"

namespace kindred {

// Not thread-safe: one per Searcher. The vocabulary must outlive it. The word list of an
// index generation is built on the first correction it needs (about 0.4 s at 100,000
// listings) and shared by every Speller of the process until the next generation.
class Speller {
 public:
  explicit Speller(const Vocabulary& vocabulary);

  // `q` with its misspelled words replaced (everything else kept as typed), or nullopt
  // when no word needs or has a correction. `generation` names the index `db` reads: the
  // word list is rebuilt when it changes (an incremental update keeps the list of its
  // generation until the next build; corrections are suggestions, so a missing new word
  // only means no correction). Xapian errors propagate (the searcher handles them).
  std::optional<std::string> correct(const std::string& q, const Xapian::Database& db, const std::string& generation);

  bool is_vocabulary_word(const std::string& lower_word) const { return vocabulary_words_.count(lower_word) > 0; }
  bool is_protected(const std::string& lower_word) const { return protected_words_.count(lower_word) > 0; }

 private:
  struct Candidate {
    std::string word;
    uint64_t weight;  // listings holding the word (+1 for a vocabulary word)
    bool is_protected;  // never a target; when nearest, there is no correction at all
  };
  struct Dictionary {  // immutable once built
    std::string generation;  // the generation and the database UUID it was built from
    std::vector<Candidate> words;
    // Each word's keys (the word and its 1-deletions) as fnv1a64(key) -> word id, sorted
    // by hash then id: 12 bytes a key, where a map of strings to vectors took about 100
    // (27 MB of kindred-serve's memory at 100k listings; issue 16, server RSS). A lookup
    // takes the ids under the key's hash, in id order as before; a 64-bit collision could
    // only add a candidate, which the edit distance then judges like any other.
    std::vector<uint64_t> key_hashes;
    std::vector<uint32_t> key_words;  // parallel to key_hashes
  };
  std::shared_ptr<const Dictionary> build_dictionary(const Xapian::Database& db, const std::string& generation) const;
  const Dictionary& dictionary(const Xapian::Database& db, const std::string& generation);
  bool needs_correction(const std::string& word, bool typing_last, const Xapian::Database& db) const;
  std::optional<std::string> best_candidate(const Dictionary& dict, const std::string& word) const;

  std::unordered_set<std::string> vocabulary_words_;
  std::unordered_set<std::string> protected_words_;
  std::shared_ptr<const Dictionary> dictionary_;  // this Speller's, possibly shared
  // Its own: a Xapian::Stem keeps a work buffer between calls (Xapian 1.4), so two threads
  // stemming through one corrupt each other's words and the heap. One function-static
  // stemmer shared by every searcher thread crashed kindred-serve under load.
  Xapian::Stem stem_{"english"};
};

}  // namespace kindred
