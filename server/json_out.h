// @brief Typed core results -> the API's JSON (design.md). The only place that knows the
// response field names.
//
// Every string is written as valid UTF-8 (invalid bytes become U+FFFD), so a response is
// always valid JSON whatever the data holds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/listing/vocabulary.h"
#include "core/search/search.h"
#include "server/link_status.h"

namespace kindred::http {

// {"error": {"code", "message", "details"?}}
std::string error_json(std::string_view code, std::string_view message, const std::vector<Problem>& details = {});

// {"total", "results", "facets", "place"?, "suggestion"?, "page", "per_page"}; each result
// carries "link_status" when `links` has a verdict for it.
std::string search_json(const SearchResult& result, const SearchRequest& request,
                        const LinkStatusTable* links = nullptr);

// {"places": [{"name", "admin1", "region", "country", "lat", "lon", "timezone", "postal_code"?}]}
std::string places_json(const std::vector<Place>& places);

// {"lang", "facets": [{"name", "label", "values": [{"value", "label"}]}]}: labels in
// `lang` (an answer language, search_params.h parse_lang), English where none is given.
std::string vocabulary_json(const Vocabulary& vocabulary, const std::string& lang = "en");

// {"status": "ok", "listings": N}
std::string health_json(uint64_t listings);

// One stored document ({"listing", "computed", "source"}) as the listing API shows it:
// {"lang", "text_language", "listing": <as stored, its translatable fields in `lang` when
// it has a translation in it, "translations" kept>, "computed": {<stored computed>,
// "next_meeting"?, "sessions"? (a course's dated sessions: start, end, timezone), "ended"
// (every session is over at `now`: search no longer finds it), "stale",
// "link_status"? (when `link_status` is not empty)}}.
// The source (file paths on the indexing machine) is not shown. kInternal if the stored
// data is not what the indexer writes.
Expected<std::string> listing_view_json(const std::string& stored, std::chrono::system_clock::time_point now,
                                        std::string_view link_status = {}, const std::string& lang = "en");

}  // namespace kindred::http
