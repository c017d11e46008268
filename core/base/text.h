// @brief Small text helpers that several modules need: joining, cutting UTF-8 safely, HTML-free
// plain text (the listing contract's rule and the feed importers' cleaning),
// and a stable non-cryptographic hash for short ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kindred {

// The non-empty parts joined with `separator` ("a", "", "b" -> "a, b").
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// A UTF-8-safe prefix of at most max_bytes bytes (never cuts inside a character).
std::string utf8_prefix(std::string_view text, size_t max_bytes);

// FNV-1a 64-bit, for stable short hashes in ids (not for security).
uint64_t fnv1a64(std::string_view text);

// Plain text for a listing field: HTML tags removed, entities &amp; &lt; &gt; &quot; &#39;
// &nbsp; decoded, control characters other than newline dropped, runs of spaces and of
// blank lines collapsed, trimmed, cut at `max_bytes` on a UTF-8 character boundary.
std::string clean_text(std::string_view text, size_t max_bytes);

// True if text holds an HTML tag: "<", optional spaces, an optional "/" and spaces, a
// letter or "!", then anything up to a ">" (the listing contract's "plain text" rule).
bool contains_html_tag(std::string_view text);

}  // namespace kindred
