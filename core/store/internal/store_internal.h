// @brief Helpers shared by store.cpp and store_records.cpp (not part of the API).
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/store/store.h"

namespace kindred::store_detail {

// Appends an audit entry; the caller holds the store's mutex (and any transaction).
Status append_audit(sqlite3* db, const std::string& actor, const std::string& action,
                    const std::string& listing_id, int64_t submission_id,
                    const std::vector<FieldChange>& changes, const std::string& detail);

// [{"field": "...", "old": <json>, "new": <json>}], "old"/"new" omitted when absent.
std::string changes_to_json(const std::vector<FieldChange>& changes);
std::vector<FieldChange> changes_from_json(const std::string& json);

}  // namespace kindred::store_detail
