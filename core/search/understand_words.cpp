// @brief The sentence reader's grammar words (see understand_words.h).
#include "core/search/understand_words.h"

#include <algorithm>
#include <iterator>

namespace kindred::understand_words {
namespace {

template <size_t N>
bool in(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

constexpr std::string_view kStrongCues[] = {"near", "around", "nearby", "nr", "cerca", "près"};
constexpr std::string_view kWeakCues[] = {"in", "at", "en", "à"};
constexpr std::string_view kNotAPlace[] = {"me", "you", "here", "home", "my", "the", "where", "there",
                                           "this", "that", "a", "an", "your", "our", "us"};
constexpr std::string_view kLanguageCues[] = {"in", "en", "speaking", "speak", "speaks", "spoken", "language"};
constexpr std::string_view kPhraseCues[] = {"for", "on", "by", "in", "en", "during", "every", "via", "over",
                                            "with", "speaking", "pour", "para", "the"};
// Words that add nothing to a search for support in a sentence people type. Kept short
// on purpose: a word that could name a need ("alone", "myself", "not") is never here.
constexpr std::string_view kFillers[] = {
    "i",        "im",        "i'm",     "ive",      "i've",     "id",       "i'd",     "have",
    "has",      "had",       "having",  "anything", "something", "anyone",  "anybody", "somebody",
    "somewhere", "anywhere", "there",   "here",     "is",       "are",      "am",      "can",
    "could",    "would",     "should",  "do",       "does",     "get",      "where",   "what",
    "which",    "how",       "looking", "searching", "search",  "like",     "also",    "just",
    "really",   "maybe",     "thanks",  "thank",    "you",      "hi",       "hello",   "hey",
    "so",       "live",      "lives",   "living",   "based",    "located",  "area",    "around",
    "close",    "nearby",    "near",    "know",     "anywhere", "us",       "our",     "there's",
    "theres",   "available", "options", "option",  "tell",     "show",     "got",
    "currently", "someplace", "stuff",  "things",   "thing",    "if",
    "something's", "lol",    "pls",     "plz",      "u",        "ur",       "whats",   "what's"};

}  // namespace

bool is_strong_place_cue(std::string_view w) { return in(kStrongCues, w); }

bool is_strong_place_cue_pair(std::string_view first, std::string_view second) {
  return (first == "close" || first == "near" || first == "closer") && second == "to";
}

bool is_weak_place_cue(std::string_view w) { return in(kWeakCues, w); }
bool is_not_a_place(std::string_view w) { return in(kNotAPlace, w); }
bool is_language_cue(std::string_view w) { return in(kLanguageCues, w); }
bool is_phrase_cue(std::string_view w) { return in(kPhraseCues, w); }
bool is_filler(std::string_view w) { return in(kFillers, w); }

bool is_possessive(std::string_view w) {
  static constexpr std::string_view kPossessives[] = {"my", "our", "his", "her", "their", "your", "mi", "mon", "ma"};
  return in(kPossessives, w);
}

const char* day_group(std::string_view w) {
  if (w == "weekend" || w == "weekends") return "sa su";
  if (w == "weekday" || w == "weekdays") return "mo tu we th fr";
  return nullptr;
}

}  // namespace kindred::understand_words
