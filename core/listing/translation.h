// @brief Listings in more than one language: a listing's own text language, its
// `translations`, the languages Kindred answers in, and choosing the text to show.
//
// The contract (design.md "Languages"):
//   - a listing's own text is in the language of its first `languages` entry (primary
//     subtag, lower case: "es-MX" -> "es"), "en" when `languages` is absent;
//   - `translations` maps a primary language tag to the translatable text fields
//     (kTranslatableFields) in that language; absent fields fall back to the own text;
//   - a request's `lang` is a 2-3 letter primary tag; Kindred answers in it when it is one
//     of answer_languages(), else in English.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace kindred {

// The free-text fields a translation may hold, in listing order.
const std::vector<std::string>& translatable_fields();

// One translation: field name (from translatable_fields()) -> text.
using ListingText = std::map<std::string, std::string>;

// The languages Kindred's own words (vocabulary labels, export headers, calendar text)
// exist in: "en", "es", "fr". Adding one is data (vocabulary labels) plus this list.
const std::vector<std::string>& answer_languages();

// True for a primary language tag as `lang` and translation keys take it: 2-3 ASCII
// letters, lower case ("es", "fr", "ase"). "ES", "es-MX" and "" are not.
bool is_primary_language_tag(std::string_view tag);

// The primary subtag of a BCP 47 tag, lower-cased: "fr-CA" -> "fr", "ES" -> "es".
std::string primary_language(std::string_view tag);

// The answer language for a well-formed `lang`: itself when Kindred has its words, else
// "en". REQUIRES: is_primary_language_tag(lang) or lang empty ("en").
std::string answer_language(std::string_view lang);

// The language of a listing's own text: primary_language(languages[0]), or "en".
std::string own_text_language(const std::vector<std::string>& languages);

// The Xapian stemmer name for a primary tag: "english", "spanish", "french", or "" for a
// language Kindred has no stemmer for (its text is indexed with English stemming only).
std::string stemmer_name(std::string_view language);

// The `translations` member of a listing JSON object, read as language -> text.
// Trusts a validated listing; skips anything malformed rather than throwing.
std::map<std::string, ListingText> read_translations(const rapidjson::Value& listing);

// The language whose text a reader asking for `lang` sees: `lang` when the listing is in
// it or has a translation in it, else the listing's own text language.
std::string shown_text_language(const rapidjson::Value& listing, std::string_view lang);

// Rewrites the translatable fields of `listing` (a JSON object) to their `language`
// translation, where one is given. Leaves `translations` itself in place.
void show_in_language(rapidjson::Value& listing, std::string_view language,
                      rapidjson::Document::AllocatorType& alloc);

}  // namespace kindred
