// @brief Internal: readers for the gazetteer source formats (files, TSV, JSON, JS literals).
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace kindred::gaz {

// The whole file; kNotFound (naming scripts/fetch-gazetteer) when it is missing.
Expected<std::string> slurp(const std::string& path);

// Fields between separators, empty ones included ("a,,b" -> a, "", b).
std::vector<std::string_view> split(std::string_view s, char sep);

// Strict: the whole of s must be a number.
bool parse_double(std::string_view s, double& out);

// The object literals of an ES module such as iso-3166's 1.js/2.js: every `{ key: 'v' }`
// block with string values, in order. Comments are skipped; nothing is evaluated.
std::vector<std::map<std::string, std::string>> js_objects(std::string_view js);

// Parses text in place (text must outlive the document); kCorrupt names path and offset.
Expected<rapidjson::Document> parse_json(const std::string& path, std::string& text);

// A member as a string, or "" when absent or not a string.
std::string str_member(const rapidjson::Value& v, const char* name);
// A member as a number (numbers or numeric strings), or 0.
double num_member(const rapidjson::Value& v, const char* name);

}  // namespace kindred::gaz
