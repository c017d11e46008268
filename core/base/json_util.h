// @brief Small RapidJSON helpers shared by core: reading files, parse errors with line and
// column, JSON-path formatting, and compact serialisation.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "core/base/error.h"

namespace kindred {

// Reads a whole file. kNotFound if it does not exist, kIo for other failures.
Expected<std::string> read_file(const std::string& path);

// Parses text strictly (UTF-8 validated, also what \u escapes make; no comments, no
// trailing commas; at most 256 levels of nesting). On failure the Error's message says
// what and where ("line 3, column 7: Missing a comma ...").
Status parse_json(std::string_view text, rapidjson::Document& out);

// "line L, column C" for a byte offset into text (1-based, columns in bytes).
std::string describe_offset(std::string_view text, size_t offset);

// Appends a member name or an array index to a JSON path: "listings[3]" + "location"
// -> "listings[3].location"; "" + "id" -> "id"; "schedule" + 2 -> "schedule[2]".
std::string path_join(const std::string& base, std::string_view member);
std::string path_index(const std::string& base, size_t index);

// A JSON value as compact text (for stored documents and for messages).
std::string to_json(const rapidjson::Value& v);

// A short, quoted rendering of a value for an error message: "\"US-XX\"", 42, [..] (truncated).
std::string quote_value(const rapidjson::Value& v);

}  // namespace kindred
