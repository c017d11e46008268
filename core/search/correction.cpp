// @brief The speller: dictionary from the vocabulary and the index, candidates through
// single deletions, choice by edit distance then frequency (see correction.h).
#include "core/search/correction.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <unordered_map>

#include "core/search/search_text.h"
#include "core/base/text.h"
#include "core/base/text_fold.h"

namespace kindred {
namespace {

bool ascii_lower_word(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_operator(const std::string& typed) {
  return typed == "AND" || typed == "OR" || typed == "NOT" || typed == "XOR" || typed == "NEAR" || typed == "ADJ";
}

// The word and every string one deletion away: the keys under which it is filed, and
// under which a typed word looks for it.
std::vector<std::string> deletions(const std::string& w) {
  std::vector<std::string> out{w};
  for (size_t i = 0; i < w.size(); ++i) {
    std::string d = w.substr(0, i) + w.substr(i + 1);
    if (i == 0 || w[i] != w[i - 1]) out.push_back(std::move(d));  // "ll" -> "l" once
  }
  return out;
}

size_t max_edits(const std::string& w) { return w.size() <= 5 ? 1 : 2; }

}  // namespace

Speller::Speller(const Vocabulary& vocabulary) {
  for (const Facet& facet : vocabulary.facets()) {
    for (const VocabularyValue& v : facet.values) {
      std::vector<std::string> phrases = v.synonyms;
      phrases.push_back(v.value);
      phrases.push_back(v.label);
      for (const auto& phrase : phrases) {
        for (auto& w : folded_words(phrase)) {
          vocabulary_words_.insert(w);
          if (facet.protected_terms) protected_words_.insert(w);
        }
      }
    }
  }
  // A word that is also an ordinary word of an unprotected facet stays an ordinary target
  // ("college" is a kind of support as well as a community of students).
  for (const Facet& facet : vocabulary.facets()) {
    if (facet.protected_terms) continue;
    for (const VocabularyValue& v : facet.values) {
      for (const auto& phrase : v.synonyms) {
        for (auto& w : folded_words(phrase)) protected_words_.erase(w);
      }
    }
  }
}

std::shared_ptr<const Speller::Dictionary> Speller::build_dictionary(const Xapian::Database& db,
                                                                     const std::string& generation) const {
  auto dict = std::make_shared<Dictionary>();
  dict->generation = generation;
  std::unordered_map<std::string, uint64_t> weight;
  // Unprefixed terms are the words of listings as written, lower case; prefixed ones
  // (facets, ids, stems) start with a capital letter and sort before them.
  Xapian::TermIterator it = db.allterms_begin();
  it.skip_to("a");
  for (; it != db.allterms_end(); ++it) {
    std::string term = *it;
    if (term.empty() || term[0] > 'z') break;
    if (term.size() >= 3 && ascii_lower_word(term)) weight[term] += it.get_termfreq();
  }
  for (const auto& w : vocabulary_words_) {
    if (w.size() >= 3 && ascii_lower_word(w)) weight[w] += 1;
  }
  for (const auto& w : protected_words_) {
    if (w.size() >= 3 && ascii_lower_word(w)) weight[w] += 1;
  }
  std::vector<std::pair<uint64_t, uint32_t>> keys;
  for (auto& [word, n] : weight) {
    if (is_stop_word(word)) continue;
    auto id = static_cast<uint32_t>(dict->words.size());
    dict->words.push_back({word, n, is_protected(word)});
    for (auto& key : deletions(word)) keys.emplace_back(fnv1a64(key), id);
  }
  std::sort(keys.begin(), keys.end());
  dict->key_hashes.reserve(keys.size());
  dict->key_words.reserve(keys.size());
  for (const auto& [hash, id] : keys) {
    dict->key_hashes.push_back(hash);
    dict->key_words.push_back(id);
  }
  return dict;
}

const Speller::Dictionary& Speller::dictionary(const Xapian::Database& db, const std::string& generation) {
  // The generation's name and the database's UUID: two indexes never share a list.
  const std::string key = generation + "\n" + db.get_uuid();
  if (dictionary_ && dictionary_->generation == key) return *dictionary_;
  // One list per generation for the whole process: every searcher thread's Speller reads
  // the same immutable one. The lock is held while building, so the work is done once.
  // (Spellers with different vocabularies do not meet in one process.)
  static std::mutex mu;
  static std::shared_ptr<const Dictionary> latest;
  std::lock_guard<std::mutex> lock(mu);
  if (!latest || latest->generation != key) latest = build_dictionary(db, key);
  dictionary_ = latest;
  return *dictionary_;
}

bool Speller::needs_correction(const std::string& word, bool typing_last, const Xapian::Database& db) const {
  if (word.size() < 4 || !ascii_lower_word(word) || is_stop_word(word)) return false;
  if (is_vocabulary_word(word) || is_protected(word)) return false;
  if (db.term_exists(word)) return false;
  if (db.term_exists("Z" + stem_(word))) return false;
  if (typing_last) {
    Xapian::TermIterator t = db.allterms_begin(word);
    if (t != db.allterms_end(word)) return false;  // a prefix of an indexed word: still typing
  }
  return true;
}

std::optional<std::string> Speller::best_candidate(const Dictionary& dict, const std::string& word) const {
  const size_t limit = max_edits(word);
  const Candidate* best = nullptr;
  size_t best_distance = limit + 1;
  bool protected_at_best = false;  // a protected word is as near as the best one
  for (const auto& key : deletions(word)) {
    const uint64_t hash = fnv1a64(key);
    auto from = std::lower_bound(dict.key_hashes.begin(), dict.key_hashes.end(), hash);
    for (auto at = from; at != dict.key_hashes.end() && *at == hash; ++at) {
      const Candidate& c = dict.words[dict.key_words[static_cast<size_t>(at - dict.key_hashes.begin())]];
      size_t d = edit_distance(word, c.word, limit);
      if (d == 0 || d > limit) continue;
      if (d < best_distance) protected_at_best = false;
      if (d <= best_distance && c.is_protected) protected_at_best = true;
      if (c.is_protected) {
        if (d < best_distance) {
          best = nullptr;
          best_distance = d;
        }
        continue;
      }
      if (!best || d < best_distance || (d == best_distance && (c.weight > best->weight ||
                                                                  (c.weight == best->weight && c.word < best->word)))) {
        best = &c;
        best_distance = d;
      }
    }
  }
  // "qeer" is nearest to "queer": it is no misspelling of "peer", so no correction.
  if (!best || protected_at_best) return std::nullopt;
  return best->word;
}

std::optional<std::string> Speller::correct(const std::string& q, const Xapian::Database& db,
                                            const std::string& generation) {
  const bool typing = !q.empty() && q.back() != ' ';
  std::string out;
  bool changed = false;
  size_t i = 0;
  // A word: ASCII letters and any non-ASCII bytes (accented letters, other scripts).
  auto in_word = [&](size_t k) {
    auto c = static_cast<unsigned char>(q[k]);
    return std::isalpha(c) != 0 || c >= 0x80;
  };
  auto digit = [&](size_t k) { return std::isdigit(static_cast<unsigned char>(q[k])) != 0; };
  while (i < q.size()) {
    if (!in_word(i)) {
      out += q[i++];
      continue;
    }
    size_t end = i;
    while (end < q.size() && in_word(end)) ++end;
    std::string typed = q.substr(i, end - i);
    // Words glued to digits are codes or names ("bipolar2"): left as typed.
    bool glued = (i > 0 && digit(i - 1)) || (end < q.size() && digit(end));
    std::optional<std::string> fix;
    std::vector<std::string> folded = folded_words(typed);
    bool latin = folded.size() == 1 && ascii_lower_word(folded[0]);  // "Depresión" -> "depresion"
    bool accented = latin && std::any_of(typed.begin(), typed.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    // A word with accents that the index holds as typed ("depresión" in a Spanish
    // listing) is no misspelling; other scripts are never corrected.
    if (accented && db.term_exists(Xapian::Unicode::tolower(typed))) latin = false;
    if (latin && !glued && !is_operator(typed)) {
      const std::string& plain = folded[0];
      // An accented word needs no correction to its plain spelling: the index and the
      // query are both folded (text_fold.h), so "dépression" already finds "depression".
      if (needs_correction(plain, typing && end == q.size(), db)) {
        fix = best_candidate(dictionary(db, generation), plain);
      }
    }
    if (fix) {
      out += *fix;
      changed = true;
    } else {
      out += typed;
    }
    i = end;
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace kindred
