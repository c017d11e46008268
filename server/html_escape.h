// @brief HTML escaping for the server-rendered page (server/html_page.h): the only place
// that turns data into markup. Text and attribute values are escaped; URLs are allowed
// only with a scheme a listing may use, so hostile listing text comes out inert.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kindred::http::html {

// Text between tags: & < > escaped (invalid UTF-8 becomes U+FFFD).
std::string text(std::string_view s);

// A double-quoted attribute value: & < > " ' escaped (invalid UTF-8 becomes U+FFFD).
std::string attr(std::string_view s);

// `url` as an attribute value when its scheme is http, https, tel, sms or mailto, or when
// it is a path on this site ("/..." but not "//..."); "" otherwise (javascript:, data:,
// anything with control characters or spaces in its scheme). Escaped for an attribute.
std::string url_attr(std::string_view url);

// One URL query component: everything but A-Z a-z 0-9 - _ . ~ percent-encoded.
std::string query_component(std::string_view s);

}  // namespace kindred::http::html
