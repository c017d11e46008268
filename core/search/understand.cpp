// @brief The sentence reader (see understand.h): words, facet phrases, places, leftovers.
#include "core/search/understand.h"

#include <algorithm>
#include <unordered_map>

#include "core/base/text_fold.h"
#include "core/search/place_choice.h"
#include "core/search/search_text.h"
#include "core/search/understand_words.h"

namespace kindred {
namespace {

namespace uw = understand_words;

struct Token {
  size_t begin = 0, end = 0;  // bytes of q, with the punctuation around the word left out
  std::string key;            // lower case, for matching
  bool stop_after = false;    // a sentence stop (? . ! ;) follows: no phrase or place runs over it
  bool upper = false;         // typed in capitals ("ID", "NSW")
  bool capital = false;       // typed with a capital first letter ("Boise")
  enum class Use { kFree, kText, kTaken } use = Use::kFree;
  std::string_view facet;     // the facet a taken word was read as
  bool cue = false;           // taken as the cue of a phrase ("for" in "for veterans")
};

bool lead_punct(char c) { return c == '(' || c == '"' || c == '\'' || c == '[' || c == '{' || c == '*'; }
bool trail_punct(char c) {
  return c == '?' || c == '!' || c == '.' || c == ',' || c == ';' || c == ':' || c == ')' || c == '"' ||
         c == '\'' || c == ']' || c == '}' || c == '*';
}
bool sentence_stop(char c) { return c == '?' || c == '!' || c == '.' || c == ';'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Lower case with accents folded (text_fold.h): "Depresión" and "depresion" are one key.
std::string lower_key(std::string_view folded_or_not) {
  const std::string s = fold_accents(folded_or_not);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x99') {  // ’ -> '
      out += '\'';
      i += 2;
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return out;
}

// Words of `q`. `syntax` is set when q uses the query parser's syntax.
std::vector<Token> tokenize(std::string_view q, bool* syntax) {
  std::vector<Token> out;
  if (syntax) *syntax = q.find('"') != std::string_view::npos;
  size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && is_space(q[i])) ++i;
    size_t b = i;
    while (i < q.size() && !is_space(q[i])) ++i;
    size_t e = i;
    if (b == e) break;
    std::string_view chunk = q.substr(b, e - b);
    if (syntax && ((chunk.size() > 1 && (chunk[0] == '+' || chunk[0] == '-')) || chunk == "AND" || chunk == "OR" ||
                   chunk == "NOT")) {
      *syntax = true;
    }
    while (b < e && lead_punct(q[b])) ++b;
    bool stop = false;
    while (e > b && trail_punct(q[e - 1])) {
      --e;
      if (sentence_stop(q[e])) stop = true;
    }
    if (b == e) {
      if (stop && !out.empty()) out.back().stop_after = true;
      continue;
    }
    Token t;
    t.begin = b;
    t.end = e;
    t.key = lower_key(q.substr(b, e - b));
    t.stop_after = stop;
    bool letters = false, all_upper = true;
    for (size_t k = b; k < e; ++k) {
      char c = q[k];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letters = true;
      if (c >= 'a' && c <= 'z') all_upper = false;
    }
    t.upper = letters && all_upper;
    t.capital = q[b] >= 'A' && q[b] <= 'Z';
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct PhraseEntry {
  std::string facet;
  std::vector<std::string> values;
};

enum class PlaceCue { kStrong, kWeak, kBare };

constexpr uint32_t kWeakCueMinPopulation = 1000;
constexpr uint32_t kWeakCueLowerCaseMinPopulation = 15000;

}  // namespace

const std::vector<std::string>& understood_facet_names() {
  static const std::vector<std::string> kNames = {"attendance", "language", "community", "day", "time_of_day"};
  return kNames;
}

std::string name_key(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    bool keep = u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (!keep) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

struct QueryReader::Impl {
  const Gazetteer& gazetteer;
  std::unordered_map<std::string, std::vector<PhraseEntry>> phrases;
  size_t max_words = 1;

  Impl(const Vocabulary& vocabulary, const Gazetteer& g) : gazetteer(g) {
    auto add = [&](const std::string& phrase, const std::string& facet, const std::string& value) {
      std::vector<std::string> keys;
      for (const auto& t : tokenize(phrase, nullptr)) keys.push_back(t.key);
      if (keys.empty()) return;
      max_words = std::max(max_words, keys.size());
      std::string key;
      for (const auto& k : keys) key += (key.empty() ? "" : " ") + k;
      auto& entries = phrases[key];
      auto it = std::find_if(entries.begin(), entries.end(), [&](const PhraseEntry& e) { return e.facet == facet; });
      if (it == entries.end()) it = entries.insert(entries.end(), PhraseEntry{facet, {}});
      if (std::find(it->values.begin(), it->values.end(), value) == it->values.end()) it->values.push_back(value);
    };
    for (const auto& s : vocabulary.synonyms()) {
      add(s.phrase, s.facet, s.value);
      // "spanish speaking", "spanish-speaking": a language, whatever else the word names.
      if (s.facet == "language") {
        for (const char* tail : {" speaking", "-speaking", " speakers"}) {
          if (s.phrase.find(' ') == std::string::npos) {
            auto& entries = phrases[lower_key(s.phrase + tail)];
            if (entries.empty()) entries.push_back({"language", {}});
            entries.front().values.push_back(s.value);
            max_words = std::max<size_t>(max_words, 2);
          }
        }
      }
    }
    for (const char* word : {"weekend", "weekends", "weekday", "weekdays"}) {
      std::vector<std::string> days;
      for (const auto& d : split_words(uw::day_group(word))) {
        if (vocabulary.contains("day", d)) days.push_back(d);
      }
      if (!days.empty()) phrases[word] = {PhraseEntry{"day", days}};
    }
  }

  // Whether `words` (after a place's name) name its region or country: "idaho", "ID", "US".
  bool qualifies(const Place& p, const std::vector<std::pair<std::string, const Token*>>& words,
                 PlaceCue cue) const {
    const auto ok = place_area_words(gazetteer, p);
    for (const auto& [w, tok] : words) {
      if (!ok.count(w)) return false;
      // Without a cue, "or", "in" or "me" typed in lower case are words, not Oregon,
      // Indiana or Maine.
      if (cue == PlaceCue::kBare && w.size() <= 3 && !tok->upper) return false;
    }
    return true;
  }

  // The end of the place that starts at token `from`, or 0 when none does.
  size_t place_at(std::string_view q, const std::vector<Token>& toks, size_t from, PlaceCue cue) const {
    const size_t n = toks.size();
    if (from >= n || toks[from].use != Token::Use::kFree || uw::is_not_a_place(toks[from].key)) return 0;
    if (cue == PlaceCue::kBare && (is_stop_word(toks[from].key) || uw::is_filler(toks[from].key))) return 0;
    size_t limit = from;
    while (limit < n && limit < from + 5 && toks[limit].use == Token::Use::kFree) {
      ++limit;
      if (toks[limit - 1].stop_after) break;
    }
    for (size_t to = limit; to > from; --to) {
      if (cue == PlaceCue::kBare && to == from + 1 && !all_digits(toks[from].key.substr(0, 5))) break;
      std::string_view span = q.substr(toks[from].begin, toks[to - 1].end - toks[from].begin);
      auto found = gazetteer.lookup(span, 1);
      if (found.empty()) continue;
      const Place& p = found.front();
      // Word by word (a token may hold several: "st.louis"), remembering its token.
      std::vector<std::pair<std::string, const Token*>> words;
      for (size_t k = from; k < to; ++k) {
        for (auto& w : split_words(name_key(q.substr(toks[k].begin, toks[k].end - toks[k].begin)))) {
          words.emplace_back(std::move(w), &toks[k]);
        }
      }
      std::vector<std::pair<std::string, const Token*>> rest;
      if (!p.postal_code.empty()) {
        auto code = std::find_if(words.begin(), words.end(), [&](const auto& w) { return w.first == p.postal_code; });
        if (code == words.end()) continue;
        auto name = split_words(name_key(p.name));
        for (auto it = words.begin(); it != words.end(); ++it) {
          if (it != code && std::find(name.begin(), name.end(), it->first) == name.end()) rest.push_back(*it);
        }
        // A bare 4-digit number is more often a year than a postcode: it needs a cue or a state.
        if (cue == PlaceCue::kBare && p.postal_code.size() == 4 && rest.empty()) continue;
      } else {
        auto name = split_words(name_key(p.name));
        if (name.empty() || words.size() < name.size()) continue;
        bool same = true;
        for (size_t k = 0; k < name.size() && same; ++k) same = words[k].first == name[k];
        if (!same) continue;
        rest.assign(words.begin() + static_cast<std::ptrdiff_t>(name.size()), words.end());
        if (cue == PlaceCue::kBare && rest.empty()) continue;
        // "in hope", "in reading": after a weak cue a lone word is a town only when it is
        // a big one, or when the person wrote it as a name ("in Hope").
        if (cue == PlaceCue::kWeak && rest.empty() &&
            p.population < (toks[from].capital ? kWeakCueMinPopulation : kWeakCueLowerCaseMinPopulation)) {
          continue;
        }
      }
      if (!qualifies(p, rest, cue)) continue;
      return to;
    }
    return 0;
  }

  // Facet phrases, longest first from each word; words of a phrase that names something
  // else (a topic, a kind) stay text so that no shorter phrase inside them is read.
  void read_phrases(std::vector<Token>& toks, Understanding& out) const {
    const size_t n = toks.size();
    const auto& inferable = understood_facet_names();
    for (size_t i = 0; i < n;) {
      if (toks[i].use != Token::Use::kFree) {
        ++i;
        continue;
      }
      size_t matched = 0;
      for (size_t len = std::min(max_words, n - i); len >= 1 && !matched; --len) {
        bool free = true;
        std::string key;
        for (size_t k = i; k < i + len && free; ++k) {
          free = toks[k].use == Token::Use::kFree && (k == i + len - 1 || !toks[k].stop_after);
          key += (k == i ? "" : " ") + toks[k].key;
        }
        if (!free) continue;
        auto it = phrases.find(key);
        if (it == phrases.end()) continue;
        matched = len;
        const auto& entries = it->second;
        const PhraseEntry* chosen = nullptr;
        auto is_inferable = [&](const PhraseEntry& e) {
          return std::find(inferable.begin(), inferable.end(), e.facet) != inferable.end();
        };
        if (entries.size() == 1 && is_inferable(entries.front())) {
          chosen = &entries.front();
        } else {
          bool cue = (i > 0 && uw::is_language_cue(toks[i - 1].key)) ||
                     (i + len < n && (toks[i + len].key == "speaking" || toks[i + len].key == "speakers"));
          for (const auto& e : entries) {
            if (e.facet == "language" && cue) chosen = &e;
          }
        }
        // "my mom has bipolar", "my husband is a veteran": someone else's community, not
        // the group the person is looking for.
        if (chosen && chosen->facet == "community" && i > 0 && uw::is_possessive(toks[i - 1].key)) chosen = nullptr;
        for (size_t k = i; k < i + len; ++k) {
          toks[k].use = chosen ? Token::Use::kTaken : Token::Use::kText;
          if (chosen) toks[k].facet = chosen->facet;
        }
        if (!chosen) continue;
        auto take_cue = [&](Token& t) {
          t.use = Token::Use::kTaken;
          t.facet = chosen->facet;
          t.cue = true;
        };
        if (i > 0 && toks[i - 1].use == Token::Use::kFree && uw::is_phrase_cue(toks[i - 1].key) &&
            !toks[i - 1].stop_after) {
          take_cue(toks[i - 1]);
        }
        if (i + len < n && toks[i + len].use == Token::Use::kFree &&
            (toks[i + len].key == "speaking" || toks[i + len].key == "speakers")) {
          take_cue(toks[i + len]);
        }
        auto& values = out.filters[chosen->facet];
        for (const auto& v : chosen->values) {
          if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
        }
      }
      i += std::max<size_t>(matched, 1);
    }
    // Two communities in one sentence ("queer teens") mean a group for both, but a facet
    // filter ORs its values: leave such words to the text, where every word must match.
    auto communities = out.filters.find("community");
    if (communities != out.filters.end() && communities->second.size() > 1) {
      for (auto& t : toks) {
        if (t.use == Token::Use::kTaken && t.facet == "community") t.use = t.cue ? Token::Use::kFree : Token::Use::kText;
      }
      out.filters.erase(communities);
    }
  }

  // Takes tokens [cue_from, to) as the place, the words from `from` on as its text.
  void take_place(std::string_view q, std::vector<Token>& toks, size_t cue_from, size_t from, size_t to,
                  Understanding& out) const {
    out.near = std::string(q.substr(toks[from].begin, toks[to - 1].end - toks[from].begin));
    for (size_t k = cue_from; k < to; ++k) toks[k].use = Token::Use::kTaken;
  }

  void read_places(std::string_view q, std::vector<Token>& toks, bool strong_only, Understanding& out) const {
    const size_t n = toks.size();
    for (size_t i = 0; i < n && out.near.empty(); ++i) {
      if (toks[i].use != Token::Use::kFree || toks[i].stop_after) continue;
      size_t from = 0;
      PlaceCue cue = PlaceCue::kBare;
      if (uw::is_strong_place_cue(toks[i].key)) {
        from = i + 1, cue = PlaceCue::kStrong;
      } else if (i + 1 < n && uw::is_strong_place_cue_pair(toks[i].key, toks[i + 1].key) && !toks[i + 1].stop_after) {
        from = i + 2, cue = PlaceCue::kStrong;
      } else if (!strong_only && uw::is_weak_place_cue(toks[i].key)) {
        from = i + 1, cue = PlaceCue::kWeak;
      }
      if (cue == PlaceCue::kBare) continue;
      if (from < n && toks[from].key == "the" && !toks[from].stop_after) ++from;
      if (size_t to = place_at(q, toks, from, cue)) take_place(q, toks, i, from, to, out);
    }
    if (strong_only) return;
    // Without a cue: a postal code anywhere, or a name followed by its region or country.
    for (size_t i = 0; i < n && out.near.empty(); ++i) {
      if (size_t to = place_at(q, toks, i, PlaceCue::kBare)) take_place(q, toks, i, i, to, out);
    }
  }
};

QueryReader::QueryReader(const Vocabulary& vocabulary, const Gazetteer& gazetteer)
    : impl_(std::make_unique<const Impl>(vocabulary, gazetteer)) {}
QueryReader::QueryReader(QueryReader&&) noexcept = default;
QueryReader::~QueryReader() = default;

Understanding QueryReader::read(std::string_view q,
                                const std::function<bool(std::string_view)>& is_listing_name) const {
  Understanding out;
  size_t b = 0, e = q.size();
  while (b < e && is_space(q[b])) ++b;
  while (e > b && is_space(q[e - 1])) --e;
  out.q = std::string(q.substr(b, e - b));
  bool syntax = false;
  std::vector<Token> toks = tokenize(q, &syntax);
  if (syntax || toks.empty()) return out;

  impl_->read_places(q, toks, true, out);
  impl_->read_phrases(toks, out);
  impl_->read_places(q, toks, false, out);

  bool dropped = false;
  std::string rest;
  size_t last_kept = toks.size();
  for (size_t k = 0; k < toks.size(); ++k) {
    if (toks[k].use == Token::Use::kTaken) continue;
    if (toks[k].use == Token::Use::kFree && (uw::is_filler(toks[k].key) || is_stop_word(toks[k].key))) {
      dropped = dropped || !is_stop_word(toks[k].key);
      continue;
    }
    if (!rest.empty()) rest += ' ';
    rest.append(q.substr(toks[k].begin, toks[k].end - toks[k].begin));
    last_kept = k;
  }
  bool inferred = !out.near.empty() || !out.filters.empty();
  if (!inferred && !dropped) {
    out.near.clear();
    out.filters.clear();
    return out;
  }
  if (is_listing_name && is_listing_name(out.q)) return Understanding{out.q, false, "", {}, false};
  out.q = std::move(rest);
  out.q_last_word_complete = last_kept < toks.size() && toks[last_kept].end < q.size();
  out.changed = true;
  return out;
}

}  // namespace kindred
