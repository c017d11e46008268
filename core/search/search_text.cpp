// @brief Query parsing with synonyms and spelling, match sets, and the DocSet filter.
#include "core/search/search_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_map>

#include "core/base/text_fold.h"
#include "core/listing/translation.h"

namespace kindred {
namespace {

// Words too common to help a search for support ("groups for the anxious").
constexpr std::array<const char*, 40> kStopWords = {
    "a",    "an",   "and",  "are",  "as",   "at",    "be",   "by",   "for",   "from",
    "has",  "he",   "in",   "is",   "it",   "its",   "of",   "on",   "or",    "that",
    "the",  "to",   "was",  "were", "will", "with",  "i",    "me",   "my",    "we",
    "near", "some", "any",  "want", "need", "looking", "find", "help", "please", "who"};

// Spanish and French articles and prepositions ("grupo de apoyo para la depresión",
// "groupe de parole pour les proches"), dropped only from a query read in that language
// (the page's): on an English page "los" (Los Angeles), "mon" or "des" are words to find.
constexpr std::array<const char*, 16> kSpanishStopWords = {
    "de", "del", "la", "las", "los", "el", "y", "para", "con", "por", "un", "una", "unos", "al", "en", "mi"};
constexpr std::array<const char*, 15> kFrenchStopWords = {
    "de", "la", "le", "les", "des", "du", "et", "pour", "avec", "au", "aux", "un", "une", "en", "mon"};

template <size_t N>
bool listed(const std::array<const char*, N>& words, std::string_view w) {
  return std::find_if(words.begin(), words.end(), [&](const char* s) { return w == s; }) != words.end();
}

class DocSetSource : public Xapian::PostingSource {
 public:
  explicit DocSetSource(DocSet set) : set_(std::move(set)), count_(set_.count()) {}
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(count_); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(count_); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(count_); }
  void init(const Xapian::Database&) override { current_ = 0; started_ = false; }
  void next(double) override {
    current_ = set_.next_after(started_ ? current_ : 0);
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    if (current_ >= did) return;
    current_ = did == 0 ? set_.next_after(0) : (set_.contains(did) ? did : set_.next_after(did));
  }
  bool at_end() const override { return started_ && current_ == 0; }
  Xapian::docid get_docid() const override { return current_; }
  PostingSource* clone() const override { return new DocSetSource(set_); }

 private:
  DocSet set_;
  uint64_t count_;
  Xapian::docid current_ = 0;
  bool started_ = false;
};

// English's stop words plus `more` (none: English alone); lives as long as the process.
template <size_t N>
const Xapian::SimpleStopper* new_stopper(const std::array<const char*, N>& more) {
  auto* s = new Xapian::SimpleStopper(kStopWords.begin(), kStopWords.end());
  for (const char* w : more) s->add(w);
  return s;
}

// The stop words of a query read in `language`: English's, plus Spanish's or French's.
const Xapian::SimpleStopper& stopper(const std::string& language) {
  static const Xapian::SimpleStopper* kEnglish = new_stopper(std::array<const char*, 0>{});
  static const Xapian::SimpleStopper* kSpanish = new_stopper(kSpanishStopWords);
  static const Xapian::SimpleStopper* kFrench = new_stopper(kFrenchStopWords);
  return language == "es" ? *kSpanish : language == "fr" ? *kFrench : *kEnglish;
}

Xapian::QueryParser make_parser(const Xapian::Database& db, bool any_word, const std::string& stemmer,
                                const std::string& language) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem(stemmer));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(&stopper(language));
  // Every word must match (directory searches are short and specific); synonyms widen
  // each word, so "dermatillomania group" still finds a "skin picking" forum.
  // The fallback for a sentence whose every word finds nothing (Searcher::search).
  qp.set_default_op(any_word ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
  return qp;
}

}  // namespace

size_t content_words(std::string_view q, std::string_view language) {
  size_t n = 0;
  std::string word;
  for (size_t i = 0; i <= q.size(); ++i) {
    unsigned char c = i < q.size() ? static_cast<unsigned char>(q[i]) : ' ';
    if (std::isalnum(c) || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      n += !is_stop_word(word, language);
      word.clear();
    }
  }
  return n;
}

bool is_stop_word(std::string_view w, std::string_view language) {
  const bool all = language.empty();
  return listed(kStopWords, w) || ((all || language == "es") && listed(kSpanishStopWords, w)) ||
         ((all || language == "fr") && listed(kFrenchStopWords, w));
}

Expected<ParsedText> parse_text(const std::string& typed, const Xapian::Database& db, bool any_word,
                                const std::string& language) {
  // The index holds folded words (core/index/index_document.cpp): so does the query.
  const std::string q = fold_accents(typed);
  std::string other = language == "en" ? "" : stemmer_name(language);
  // Both readings drop the stop words of the query's languages: English and the page's.
  Xapian::QueryParser qp = make_parser(db, any_word, "english", language);
  std::optional<Xapian::QueryParser> qp_other;
  if (!other.empty()) qp_other.emplace(make_parser(db, any_word, other, language));
  bool typing = !q.empty() && q.back() != ' ';  // search-as-you-type: the last word is a prefix
  unsigned base = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE |
                  Xapian::QueryParser::FLAG_AUTO_SYNONYMS |
                  Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
  ParsedText out;
  if (content_words(q, language) == 0) return out;  // "the of and", "!!!": browse instead
  auto parse_with = [&](Xapian::QueryParser& parser, unsigned flags) {
    try {
      // PURE_NOT: "NOT bipolar" means everything but bipolar, not the word "not".
      return parser.parse_query(q, flags | Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PURE_NOT);
    } catch (const Xapian::QueryParserError&) {
      // "AND" at the end, an unmatched quote...: read it as plain words instead.
      return parser.parse_query(q, flags);
    }
  };
  // Stemmed in English and, for a page in another language, in that language too: a
  // listing matches when all its words match under either reading.
  auto parse = [&](unsigned flags) {
    Xapian::Query english = parse_with(qp, flags);
    if (!qp_other) return english;
    return Xapian::Query(Xapian::Query::OP_OR, english, parse_with(*qp_other, flags));
  };
  try {
    // No FLAG_SPELLING_CORRECTION: Xapian's speller corrects any word the index lacks,
    // "queer" into "peer" among them. Corrections are core/search/correction.h's.
    out.query = parse(base);
    if (typing) {
      // Xapian expands a partial last word into prefixes but skips its synonyms, so
      // "vets" typed without a trailing space would miss veterans: match either way.
      out.query = Xapian::Query(Xapian::Query::OP_OR, out.query,
                                parse(base | Xapian::QueryParser::FLAG_PARTIAL));
    }
  } catch (const Xapian::QueryParserError& e) {
    return make_error(ErrorCode::kInvalidArgument, "q: cannot be understood: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kInvalidArgument, "q: cannot be searched: " + e.get_msg());
  }
  out.empty = out.query.empty();
  return out;
}

namespace {

// The documents matching `query`, worked out from posting lists with set operations, for
// the boolean shapes the parser produces; nullopt for anything else (phrases, wildcards,
// posting sources), which the caller hands to Xapian's own matcher. Weights are not
// needed for the match set, and set operations over bitmaps beat the matcher several
// times over on broad queries.
std::optional<DocSet> eval_boolean(const Xapian::Query& q, const Xapian::Database& db, Xapian::docid max,
                                   const TermSets* broad) {
  using Q = Xapian::Query;
  switch (q.get_type()) {
    case Q::LEAF_TERM: {
      std::string term = *q.get_terms_begin();
      if (broad) {
        if (auto kept = broad->broad(db, term)) return *kept;
      }
      DocSet out(max);
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.add(*it);
      return out;
    }
    case Q::LEAF_MATCH_ALL: {
      DocSet out(max);
      for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) out.add(*it);
      return out;
    }
    case Q::LEAF_MATCH_NOTHING:
      return DocSet(max);
    case Q::OP_SCALE_WEIGHT:
      return eval_boolean(q.get_subquery(0), db, max, broad);
    case Q::OP_OR: case Q::OP_SYNONYM: case Q::OP_MAX: case Q::OP_ELITE_SET:
    case Q::OP_AND: case Q::OP_FILTER: case Q::OP_AND_NOT: case Q::OP_AND_MAYBE: {
      auto first = eval_boolean(q.get_subquery(0), db, max, broad);
      if (!first) return std::nullopt;
      // AND_MAYBE's optional parts only weight: its match set is its first part's.
      if (q.get_type() == Q::OP_AND_MAYBE) return first;
      for (size_t i = 1; i < q.get_num_subqueries(); ++i) {
        auto next = eval_boolean(q.get_subquery(i), db, max, broad);
        if (!next) return std::nullopt;
        switch (q.get_type()) {
          case Q::OP_AND: case Q::OP_FILTER: *first &= *next; break;
          case Q::OP_AND_NOT: first->subtract(*next); break;
          default: *first |= *next; break;
        }
      }
      return first;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

DocSet match_set(const Xapian::Database& db, const Xapian::Query& query, Xapian::docid max_docid,
                 const TermSets* broad) {
  if (auto fast = eval_boolean(query, db, max_docid, broad)) return std::move(*fast);
  DocSet out(max_docid);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.add(*it);
  return out;
}

Xapian::Query filter_query(const DocSet& set) {
  return Xapian::Query((new DocSetSource(set))->release());  // Xapian owns it from here
}

namespace {

// Snowball's English stemmer, remembering the stems it has given. A snippet stems every
// word of the description it is cut from, 20 descriptions a search, and descriptions
// share most of their words: Snowball took about 7% of a search's CPU at 100,000
// listings. Stems are the same whatever the order of calls, so snippets are unchanged.
// One per thread (a Xapian::Stem keeps a work buffer between calls); at most kMaxWords
// are kept, dropped whole when that fills (a few hundred KB).
class RememberingStem final : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    if (auto it = stems_.find(word); it != stems_.end()) return it->second;
    std::string stem = english_(word);
    if (stems_.size() >= kMaxWords) stems_.clear();
    stems_.emplace(word, stem);
    return stem;
  }
  std::string get_description() const override { return "english, remembered"; }

 private:
  static constexpr size_t kMaxWords = 4096;
  Xapian::Stem english_{"english"};
  std::unordered_map<std::string, std::string> stems_;
};

}  // namespace

std::string make_snippet(const Xapian::MSet& mset, const std::string& text) {
  thread_local const Xapian::Stem stem(new RememberingStem);
  // Plain text out: with empty highlight markers Xapian 1.4.22 returns the text as it is
  // (checked on Xapian 1.4.22: it does not HTML-escape), and the page and the
  // JSON encoder escape what they show. Unescaping here would turn a literal "&lt;b&gt;"
  // in a description into "<b>".
  return mset.snippet(text, 200, stem, 0, "", "", "…");
}

}  // namespace kindred
