// @brief Folding what people type into comparable words: lower case, accents removed,
// apostrophes dropped, everything else a word break; and a bounded edit distance.
//
// Shared by crisis-phrase matching, spelling correction and the duplicate matcher
// (core/index/duplicate_match.h), which must all read
// "Suicídio", "don't" and "SELF-HARM" as "suicidio", "dont" and "self harm".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kindred {

// The words of `text` (UTF-8), folded: ASCII letters lower-cased; Latin letters with
// accents (Latin-1 Supplement and Latin Extended-A: é, ñ, ç, ø, œ, ß...) mapped to their
// base letters; apostrophes (' and U+2019) removed inside words; any other ASCII
// character a break. Other scripts (CJK, Cyrillic, Arabic, emoji) are kept byte for byte
// inside words, so they are compared exactly. Never throws; invalid UTF-8 bytes break words.
std::vector<std::string> folded_words(std::string_view text);

// `text` with each accented Latin letter (U+00C0..U+017F) replaced by its lower-case
// base letters ("Depresión" -> "Depresion", "ANXIÉTÉ" -> "ANXIeTe", "Œ" -> "oe");
// everything else (ASCII, punctuation, spacing, other scripts, invalid bytes) is kept
// byte for byte. What the index and the query parser see, so that "depresion" and
// "depresión" are one word (Xapian lower-cases the rest). Never throws.
std::string fold_accents(std::string_view text);

// Runs of three or more of the same ASCII letter shortened to one ("dieeee" -> "die"),
// for matching words people stretch.
std::string squeeze_repeats(std::string_view word);

// The optimal-string-alignment distance (insertions, deletions, substitutions, and
// transpositions of neighbours) between `a` and `b`, or `limit + 1` when it is more
// than `limit`. O(|a| * |b|) with an early exit; meant for words, not texts.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

// edit_distance(a, b, 1) <= 1, in one pass and without allocating: `a` and `b` are equal,
// or one insertion, deletion, substitution or swap of neighbours apart (bytes, as above).
bool within_one_edit(std::string_view a, std::string_view b);

}  // namespace kindred
