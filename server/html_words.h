// @brief The server-rendered page's words in the reader's language: the English of
// server/html_strings.h, and web/i18n/nojs.<lang>.json (a flat {"id": "sentence"} object)
// for every other language, read once at server start.
//
// Plurals: en, es and fr need only the CLDR categories "one" and "other", so a counted
// sentence is a pair of keys and Words::count() picks "one" for n == 1 (French CLDR also
// puts 0 in "one"; the page says "0 résultats", as the search page's catalogs do). A
// language with more categories would need more keys here.
//
// Thread safety: const after load(); any number of readers.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/html_strings.h"

namespace kindred::http::html {

// One language's words.
class Words {
 public:
  explicit Words(std::string lang = "en", std::map<std::string, std::string> table = {},
                 std::map<std::string, std::string> page_table = {});
  const std::string& lang() const { return lang_; }
  // Text direction of lang() ("ltr" for every language Kindred speaks today).
  const char* dir() const { return "ltr"; }
  // The sentence in lang(), or its English when the catalog lacks it (never the id).
  std::string operator()(const Key& key) const;
  // `one` when n == 1 else `other`, with "{n}" replaced by n.
  std::string count(const Key& one, const Key& other, uint64_t n) const;
  // The search page's own catalog entry `id` (web/i18n/<lang>.json, its flat strings),
  // which words the frame of web/index.html (its data-t="id" elements); nullptr when
  // there is none (English: the template's own text stands).
  const std::string* page_text(const std::string& id) const;

 private:
  std::string lang_;
  std::map<std::string, std::string> table_;
  std::map<std::string, std::string> page_table_;
};

// Every language's words.
class Catalogs {
 public:
  // English only.
  Catalogs();
  // English and each of es, fr whose web_dir/i18n/nojs.<lang>.json reads as a flat
  // object of strings (one that does not: that language says English, and the reason is
  // in `problems`), with the string members of web_dir/i18n/<lang>.json for the frame.
  static Catalogs load(const std::string& web_dir, std::vector<std::string>* problems = nullptr);
  // The words of `lang` (English for a language without a catalog).
  const Words& words(std::string_view lang) const;

 private:
  std::map<std::string, Words, std::less<>> by_lang_;
};

// The ids among `ids` that `catalog_json` (a nojs.<lang>.json text) lacks, or whose value
// is not a non-empty string; {"(not a JSON object)"} when it is not one.
std::vector<std::string> missing_ids(std::string_view catalog_json, const std::vector<std::string>& ids);

// The languages the page offers, each named in itself, in switcher order.
struct PageLanguage {
  const char* code;
  const char* name;
};
inline constexpr PageLanguage kPageLanguages[] = {{"en", "English"}, {"es", "Español"}, {"fr", "Français"}};

// The page language for a request with no `lang` parameter: the first of
// `accept_language`'s tags (in the header's order of preference, q=0 ones skipped) whose
// primary subtag is one of kPageLanguages; "en" when none is.
std::string language_from_header(std::string_view accept_language);

}  // namespace kindred::http::html
