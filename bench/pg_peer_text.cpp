// @brief Kindred's query-word rules for the PostgreSQL peer (see pg_peer_text.h).
#include "bench/pg_peer_text.h"

#include "core/search/search_text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kindred::bench {
namespace {

// Kindred's own stop-word list, so both systems drop the same words.
bool is_stop(const std::string& w) { return kindred::is_stop_word(w); }

bool word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// One term as Xapian's QueryParser sees it.
struct Token {
  std::string name;                // lower case as typed: "women's", "self"; the synonym key
  std::vector<std::string> words;  // for the tsquery: "women's" -> women; "don't" -> don, t
  bool hyphenated = false;         // "peer-led": a phrase on its own, no synonyms
  bool ends_run = false;           // punctuation after it: no multi-word key across it
};

std::vector<Token> tokenise(const std::string& q) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < q.size()) {
    if (!word_char(static_cast<unsigned char>(q[i]))) {
      if (q[i] != ' ' && !out.empty()) out.back().ends_run = true;
      ++i;
      continue;
    }
    Token t;
    std::string word;
    for (; i < q.size(); ++i) {
      char c = q[i];
      bool joins = (c == '-' || c == '\'') && i + 1 < q.size() && word_char(static_cast<unsigned char>(q[i + 1]));
      if (word_char(static_cast<unsigned char>(c))) {
        word += lower(c);
        t.name += lower(c);
      } else if (joins) {
        t.words.push_back(word);
        word.clear();
        t.name += c;
        t.hyphenated = t.hyphenated || c == '-';
      } else {
        break;
      }
    }
    // Snowball strips a possessive 's (Xapian stems "women's" to women); PostgreSQL's
    // parser would make it two words.
    if (!(word == "s" && !t.words.empty() && t.name.size() > 2 && t.name[t.name.size() - 2] == '\'')) {
      t.words.push_back(word);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

TextParser::TextParser(const Vocabulary& vocabulary) {
  // Mirrors add_vocabulary_terms() in core/index/index_build.cpp.
  auto add = [&](std::string phrase, const FacetValue& target) {
    for (auto& c : phrase) c = c == '-' ? ' ' : lower(c);
    if (phrase.find_first_not_of(' ') == std::string::npos) return;
    auto put = [&](const std::string& key) {
      auto& list = keys_[key];
      if (std::find(list.begin(), list.end(), target) == list.end()) list.push_back(target);
    };
    put(phrase);
    if (phrase.find(' ') == std::string::npos) put("Z" + stem_(phrase));
  };
  for (const Facet& facet : vocabulary.facets()) {
    if (facet.computed) continue;
    for (const VocabularyValue& v : facet.values) {
      std::string value = v.value;
      for (auto& c : value) c = lower(c);
      FacetValue target{facet.name, value};
      add(v.value, target);
      add(v.label, target);
      for (const auto& s : v.synonyms) add(s, target);
    }
  }
}

const std::vector<FacetValue>* TextParser::synonyms(const std::string& key) const {
  auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : &it->second;
}

bool TextParser::begins_key(const std::string& prefix) const {
  auto it = keys_.lower_bound(prefix);
  return it != keys_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

ParsedWords TextParser::parse(const std::string& q) const {
  ParsedWords out;
  std::vector<Token> tokens = tokenise(q);
  // Kindred browses when nothing but stop words is left ("the of and", "!!!").
  bool only_stop = true;
  for (const auto& t : tokens) {
    for (const auto& w : t.words) only_stop = only_stop && is_stop(w);
  }
  if (only_stop) return out;
  out.prefix_last = !q.empty() && q.back() != ' ';
  for (const auto& t : tokens) {
    if (!is_stop(t.name)) out.words.push_back(t.name);
  }

  size_t i = 0;
  while (i < tokens.size()) {
    const Token& t = tokens[i];
    if (t.hyphenated) {  // a phrase of its own
      out.groups.push_back({{t.words}, {}});
      ++i;
      continue;
    }
    // The run of plain terms that a multi-word key may span.
    size_t run_end = i + 1;
    while (run_end < tokens.size() && !tokens[run_end - 1].ends_run && !tokens[run_end].hyphenated) ++run_end;
    size_t match_end = 0;
    std::string match_key;
    if (run_end - i >= 2) {
      std::string key = t.name + " " + tokens[i + 1].name;
      if (begins_key(key)) {
        match_key = key;
        match_end = i + 2;
        for (size_t j = i + 2; j < run_end; ++j) {
          key += " " + tokens[j].name;
          if (!begins_key(key)) break;
          if (synonyms(key)) {
            match_key = key;
            match_end = j + 1;
          }
        }
      }
    }
    TextGroup g;
    if (match_end == 0) {
      ++i;
      if (is_stop(t.name)) continue;
      g.units.push_back(t.words);
      const auto* syn = synonyms(t.name);
      bool stems = !t.name.empty() && !std::isdigit(static_cast<unsigned char>(t.name[0]));
      if (!syn && stems) syn = synonyms("Z" + stem_(t.name));
      if (syn) g.synonyms = *syn;
    } else {
      for (size_t j = i; j < match_end; ++j) {
        if (!is_stop(tokens[j].name)) g.units.push_back(tokens[j].words);
      }
      if (const auto* syn = synonyms(match_key)) g.synonyms = *syn;
      i = match_end;
    }
    if (!g.units.empty() || !g.synonyms.empty()) out.groups.push_back(std::move(g));
  }
  return out;
}

std::string tsquery_text(const TextGroup& group, bool prefix) {
  std::string out;
  for (size_t u = 0; u < group.units.size(); ++u) {
    const auto& words = group.units[u];
    if (words.empty()) continue;
    if (!out.empty()) out += " & ";
    if (words.size() > 1) out += "(";
    for (size_t w = 0; w < words.size(); ++w) {
      if (w) out += " <-> ";
      out += "'" + words[w] + "'";
      if (prefix && u + 1 == group.units.size() && w + 1 == words.size()) out += ":*";
    }
    if (words.size() > 1) out += ")";
  }
  return out;
}

}  // namespace kindred::bench
