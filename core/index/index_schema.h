// @brief The index schema: every term prefix and value slot, shared by the writer and
// the searcher. This header is the only coupling between the two halves.
//
// Facet values are indexed lower-case after the prefix, so a prefix never runs into its
// value (Xapian's QueryParser inserts ':' before capitalised boolean values otherwise).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kindred::schema {

// Unique id term: kIdPrefix + listing id. replace_document() and deletes key on it.
inline constexpr std::string_view kIdPrefix = "Q";

// Free-text fields (stemmed, positional, weighted in the document).
inline constexpr std::string_view kNamePrefix = "S";         // name
inline constexpr std::string_view kOrganizationPrefix = "XO"; // organisation name

// Boolean facet terms: prefix + lower-case value.
inline constexpr std::string_view kKindPrefix = "XK";
inline constexpr std::string_view kTopicPrefix = "XT";
inline constexpr std::string_view kCommunityPrefix = "XC";
inline constexpr std::string_view kAttendancePrefix = "XA";
inline constexpr std::string_view kLanguagePrefix = "XL";      // full tag and primary subtag
inline constexpr std::string_view kCostPrefix = "XCOST";
inline constexpr std::string_view kFacilitationPrefix = "XF";
inline constexpr std::string_view kAccessibilityPrefix = "XACC";
inline constexpr std::string_view kRegionPrefix = "XR";        // location region, "us-id"
inline constexpr std::string_view kCountryPrefix = "XN";       // location country, "us"
inline constexpr std::string_view kServiceAreaPrefix = "XSA";  // "worldwide", "us", "gb-sct"
inline constexpr std::string_view kDayPrefix = "XD";           // local meeting day, "mo"
inline constexpr std::string_view kTimeOfDayPrefix = "XTOD";   // "evening"
inline constexpr std::string_view kStatusPrefix = "XS";        // "active", "paused", "closed"
inline constexpr std::string_view kHasLocationTerm = "XHASLOC";
// The whole organisation name, lower-case, at most kMaxExactBytes: whose listings a
// maintainer may change (core/moderation/moderation.h). Upper-case E keeps it apart from "XO" words.
inline constexpr std::string_view kOrganizationExactPrefix = "XOE";
inline constexpr size_t kMaxExactBytes = 200;
// Duplicate meetings (core/index/duplicate_index.h). A placed listing with meetings has
// kNameKeyPrefix + meeting_name_key(name) (at most kMaxExactBytes); a feed copy hidden
// behind another copy of the same meeting has kDuplicateTerm, and is not findable.
inline constexpr std::string_view kNameKeyPrefix = "XMK";
inline constexpr std::string_view kDuplicateTerm = "XDUP";

// Metadata: the store sequence (core/store/store.h) the index has applied.
inline constexpr std::string_view kStoreSeqKey = "kindred:store_seq";
// Metadata: the moderators' merge and split decisions (duplicate_index.h), copied from the store.
inline constexpr std::string_view kDuplicateLinksKey = "kindred:duplicate_links";

// Value slots.
enum Slot : unsigned {
  kSlotCoords = 0,        // Xapian::LatLongCoords serialised (in-person listings)
  kSlotLastVerified = 1,  // "YYYYMMDD"
  kSlotName = 2,          // lower-cased name, for a stable alphabetical order
  kSlotStatus = 3,        // "active" | "paused" | "closed"
  kSlotSchedule = 4,      // meetings, one per line: see encode_meetings() in index_document.h
  kSlotDuplicateOf = 5,   // on a hidden copy: the id of the copy search shows
  kSlotCopies = 6,        // on a kept copy: every copy it stands for (duplicate_index.h)
};

// Text weights: matches in the name and topics should outrank matches deep in a description.
inline constexpr unsigned kNameWeight = 6;
inline constexpr unsigned kFacetLabelWeight = 3;
inline constexpr unsigned kBodyWeight = 1;

// The document data is JSON: {"listing": <as given>, "computed": {...}, "source": {...}}.
inline constexpr const char* kDataListing = "listing";
inline constexpr const char* kDataComputed = "computed";
inline constexpr const char* kDataSource = "source";

// The term prefix of a search facet ("topic" -> "XT"); empty for an unknown facet.
inline std::string_view facet_prefix(std::string_view facet) {
  struct Entry { std::string_view facet, prefix; };
  static constexpr Entry kEntries[] = {
      {"kind", kKindPrefix},         {"topic", kTopicPrefix},       {"community", kCommunityPrefix},
      {"attendance", kAttendancePrefix}, {"language", kLanguagePrefix}, {"cost", kCostPrefix},
      {"facilitation", kFacilitationPrefix}, {"region", kRegionPrefix}, {"day", kDayPrefix},
      {"time_of_day", kTimeOfDayPrefix}, {"accessibility", kAccessibilityPrefix}};
  for (const auto& e : kEntries) {
    if (e.facet == facet) return e.prefix;
  }
  return {};
}

inline std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  for (char c : value) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return t;
}

inline std::string organization_term(std::string_view organization) {
  return term(kOrganizationExactPrefix, organization.substr(0, kMaxExactBytes));
}

}  // namespace kindred::schema

namespace kindred {

// The facets a request may filter on, in display order. "starts" has no terms (no
// facet_prefix): its sets depend on the request's `now` (core/search/starts_facet.h).
inline const std::vector<std::string>& search_facet_names() {
  static const std::vector<std::string> kNames = {"kind",         "topic",  "community", "attendance",
                                                  "language",     "cost",   "facilitation", "region",
                                                  "day",          "time_of_day",  "starts"};
  return kNames;
}

}  // namespace kindred
