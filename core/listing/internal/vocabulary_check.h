// @brief Internal to core/listing: the strict checker of data/vocabulary.json, which walks
// the whole document and collects every problem so a maintainer sees them all at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/error.h"
#include "core/listing/vocabulary.h"

namespace kindred::vocabulary_internal {

// ASCII-only lower case: vocabulary values and BCP-47 tags are ASCII by contract.
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string ascii_lower(std::string_view s);

// The facets of a parsed "kindred-vocabulary/1" document. Every problem found is appended
// to `problems` (path + message); the facets are meaningful only when none was.
std::vector<Facet> read_vocabulary(const rapidjson::Value& root, std::vector<Problem>& problems);

}  // namespace kindred::vocabulary_internal
