// @brief Text rules shared by the feed importers: stable namespaced ids, plain-text
// cleaning, URL/email/phone checks in the listing contract's terms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/feed_config.h"

namespace kindred {

// "<feed id>-<slug>", within the listing id rule ^[a-z0-9][a-z0-9-]{2,79}$. A slug that is
// already lower-case letters, digits and single inner hyphens (at most 40 characters) is
// kept as is ("8" -> "ontario-8"); any other gets its normalised form plus "-" and 8 hex
// digits of a hash of the original, so two slugs never share an id by normalisation.
std::string feed_listing_id(const std::string& feed_id, const std::string& slug);

// Plain text for a listing field: HTML tags removed, entities &amp; &lt; &gt; &quot; &#39;
// &nbsp; decoded, control characters other than newline dropped, runs of spaces and of
// blank lines collapsed, trimmed, cut at `max_bytes` on a UTF-8 character boundary.
std::string clean_text(std::string_view text, size_t max_bytes);

// True if text holds an HTML tag: "<", optional spaces, an optional "/" and spaces, a
// letter or "!", then anything up to a ">" (the listing contract's "plain text" rule).
bool contains_html_tag(std::string_view text);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

bool is_http_url(const std::string& url);  // http:// or https:// with a host and no spaces
bool is_email(const std::string& email);   // the listing schema's email rule

// An E.164 number ("+16135550100") from how feeds write phones ("+1-613-555-0100",
// "(613) 555-0100" with country CA/US); "" when it cannot be made one with confidence.
std::string e164_phone(const std::string& text, const std::string& country);

// The name sources[0] and fallbacks use: defaults.source_name, else "<id> feed".
std::string source_name(const FeedSpec& feed);

// Sets last_verified and sources ([{name: source_name(feed), url: feed.url, date: fetched}])
// on an imported listing: every imported listing names the feed it came from.
void add_provenance(rapidjson::Value& listing, const FeedSpec& feed, const std::string& last_verified,
                    const std::string& fetched_date, rapidjson::Document::AllocatorType& alloc);

// A UTF-8-safe prefix of at most max_bytes bytes.
std::string utf8_prefix(std::string_view text, size_t max_bytes);

// FNV-1a 64-bit, for stable short hashes in ids (not for security).
uint64_t fnv1a64(std::string_view text);

}  // namespace kindred
