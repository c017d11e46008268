// @brief Internal: text normalisation and fuzzy-matching helpers of the gazetteer.
//
// The builder and the reader must normalise identically, so both call these. Pure
// functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kindred::gaz {

// Lower-cases and folds Latin accents to ASCII (é->e, ß->ss, ø->o, æ->ae, ł->l, þ->th,
// Vietnamese and combining marks too), deletes apostrophes and dots ("St. John's" ->
// "st johns", "U.S." -> "us"), turns every other punctuation or space run into one space,
// trims. Letters of other scripts are kept (Cyrillic and Greek lower-cased). Invalid UTF-8
// bytes become spaces.
std::string normalize(std::string_view text);

// True when normalize()d text is nothing but ASCII (Latin script after folding).
bool is_ascii(std::string_view s);

// "BARANGAROO" -> "Barangaroo", "ST KILDA EAST" -> "St Kilda East", "O'CONNOR" -> "O'Connor".
std::string title_case(std::string_view upper);

// Extra index keys for a normalised name: "saint louis" <-> "st louis", "mount" <-> "mt",
// "fort" <-> "ft", "sainte" <-> "ste". Does not include the name itself.
std::vector<std::string> spelling_variants(std::string_view key);

// Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours),
// giving up with max + 1 once the distance must exceed max.
int edit_distance(std::string_view a, std::string_view b, int max);

// Typos tolerated for a query key of this length: 0 below 4 characters, 1 up to 7, else 2.
int typo_budget(size_t key_length);

uint32_t fnv32(std::string_view s);

// The key and every copy of it with one byte deleted (the symmetric-deletion scheme: two
// keys within edit distance 1, and most within 2, share a variant). Deduplicated hashes.
std::vector<uint32_t> deletion_hashes(std::string_view key);

// Keys shorter than this, or longer than kMaxFuzzyKey, get no typo tolerance.
inline constexpr size_t kMinFuzzyKey = 4;
inline constexpr size_t kMaxFuzzyKey = 24;

}  // namespace kindred::gaz
