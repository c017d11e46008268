// @brief Text rules shared by the feed importers: stable namespaced ids, plain-text
// cleaning, URL/email/phone checks in the listing contract's terms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/text.h"
#include "core/interop/feed_config.h"

namespace kindred {

// "<feed id>-<slug>", within the listing id rule ^[a-z0-9][a-z0-9-]{2,79}$. A slug that is
// already lower-case letters, digits and single inner hyphens (at most 40 characters) is
// kept as is ("8" -> "ontario-8"); any other gets its normalised form plus "-" and 8 hex
// digits of a hash of the original, so two slugs never share an id by normalisation.
std::string feed_listing_id(const std::string& feed_id, const std::string& slug);


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



}  // namespace kindred
