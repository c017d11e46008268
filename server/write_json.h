// @brief JSON for the maintainer, moderator and report routes (server/write_api.h).
#pragma once

#include <string>
#include <vector>

#include "core/moderation/moderation.h"
#include "core/store/store.h"

namespace kindred::http {

// {"submission": {...}, "live"?, "index_note"?}
std::string submission_json(const Submission& s, const ModerationResult* result = nullptr);
// {"submissions": [...]} (without the proposed and base listings: the diff says it)
std::string submissions_json(const std::vector<Submission>& list);
// {"report": {...}}
std::string report_json(const Report& r);
// {"decision": {"listing_id", "other_id", "decision"}, "live", "index_note"?}
std::string duplicate_decision_json(const DuplicateDecisionResult& r);
// {"reports": [...]}
std::string reports_json(const std::vector<Report>& list);
// {"suggestion": {"id", "action", "listing_id", "name", "details", "website", "contact",
// "created_at", "status", "resolved_by"?, "resolved_at"?}}
std::string suggestion_json(const Suggestion& s);
// {"suggestions": [...]}
std::string suggestions_json(const std::vector<Suggestion>& list);
// {"name", "role", "organizations", "listing_ids", "listings": [...]}
std::string me_json(const Principal& p, const std::vector<ListingSummary>& listings);
// {"total", "listings": [...]}
std::string stale_json(size_t total, const std::vector<ListingSummary>& listings);
// {"listing": {...}, "seq"}
std::string current_json(const CurrentListing& c);

}  // namespace kindred::http
