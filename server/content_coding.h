// @brief Reading the two request headers that static files answer to: Accept-Encoding
// (which compressed form the client takes) and If-None-Match (whether its copy is current).
#pragma once

#include <string_view>

namespace kindred::http {

// Whether an Accept-Encoding value accepts `coding` ("gzip", "br"), by RFC 9110 12.5.3:
// named with q > 0, or covered by "*" with q > 0 and not named with q=0. Case-insensitive;
// "x-gzip" counts as "gzip". An empty or absent header accepts nothing but identity.
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

// Whether an If-None-Match value matches `etag` (a quoted strong tag): "*", or one of its
// comma-separated tags by the weak comparison RFC 9110 13.1.2 prescribes (W/ is ignored).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace kindred::http
