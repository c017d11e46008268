// @brief The grammar words the sentence reader needs: cues that announce a place, a
// language or a community, words that carry nothing to search for, and the words that
// stand for several days. These are how English (and a little Spanish and French) is
// put together, not facts about support: the facts (which phrase means which topic,
// language or community) stay in data/vocabulary.json and the gazetteer.
#pragma once

#include <string_view>

namespace kindred::understand_words {

// "near Moscow Idaho", "around Boise", "close to 83843": what follows is a place, tried
// before anything else.
bool is_strong_place_cue(std::string_view lower_word);

// Two-word strong cues ("close to", "near to"): true for the first word when the second follows.
bool is_strong_place_cue_pair(std::string_view first, std::string_view second);

// "in Boise", "at Sydney": a place only when no facet phrase claims the words first.
bool is_weak_place_cue(std::string_view lower_word);

// Words after a place cue that are not a place ("near me", "in the area").
bool is_not_a_place(std::string_view lower_word);

// "in Spanish", "en español", "speaking": settles a phrase that is both a language and
// a community ("chinese") as a language.
bool is_language_cue(std::string_view lower_word);

// Cue words taken away with the phrase they introduce ("for veterans", "on tuesday").
bool is_phrase_cue(std::string_view lower_word);

// "my", "her", "their"...: a community word after one is about someone else ("my mom").
bool is_possessive(std::string_view lower_word);

// Words that carry nothing to search for in a sentence ("I have", "anything", "looking").
// The query parser's stop words are dropped too (search_text.h).
bool is_filler(std::string_view lower_word);

// "weekends" -> sa su, "weekdays" -> mo..fr: nullptr when `lower_word` is neither;
// otherwise a space-separated list of day values.
const char* day_group(std::string_view lower_word);

}  // namespace kindred::understand_words
