// @brief What a change to a listing touches, field by field, for moderators and the
// audit log: "location.postal_code": "83843" -> "83844".
#pragma once

#include <vector>

#include <rapidjson/document.h>

#include "core/store/store.h"

namespace kindred {

// Objects are compared member by member (paths joined with "."), anything else as a
// whole (an array of topics is one field). `before` may be null (a new listing): then
// every field of `after` is an addition. Fields in `after`'s order, then removals.
std::vector<FieldChange> diff_json(const rapidjson::Value& before, const rapidjson::Value& after);

}  // namespace kindred
