// @brief UTF-8 checks for text that crosses a boundary (URLs in, JSON out).
//
// Valid means RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF.
// Thread safety: pure functions; never throw on any bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kindred {

// Length of the valid UTF-8 sequence that starts at text[i] (1..4), or 0 if none does.
// REQUIRES: i < text.size().
size_t utf8_sequence_length(std::string_view text, size_t i);

bool is_valid_utf8(std::string_view text);

// `text` with every byte that is not part of a valid sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

// At most `max_bytes` of valid UTF-8 `text`, cut at a character boundary, with "…"
// appended when something was cut.
std::string utf8_excerpt(std::string_view text, size_t max_bytes);

}  // namespace kindred
