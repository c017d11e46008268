// @brief Small helpers for building RapidJSON documents member by member (the feed
// importers and exporters build many small objects; this keeps them readable).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace kindred::json {

using Alloc = rapidjson::Document::AllocatorType;

inline rapidjson::Value str(std::string_view s, Alloc& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

// Adds "key": value, copying both.
inline void add(rapidjson::Value& obj, std::string_view key, rapidjson::Value value, Alloc& a) {
  obj.AddMember(str(key, a), value, a);
}

// Adds "key": "text" unless text is empty (optional fields are omitted, never "").
inline void add_text(rapidjson::Value& obj, std::string_view key, std::string_view text, Alloc& a) {
  if (!text.empty()) add(obj, key, str(text, a), a);
}

inline rapidjson::Value str_array(const std::vector<std::string>& items, Alloc& a) {
  rapidjson::Value arr(rapidjson::kArrayType);
  for (const auto& s : items) arr.PushBack(str(s, a), a);
  return arr;
}

// Adds "key": [...] unless the list is empty.
inline void add_list(rapidjson::Value& obj, std::string_view key, const std::vector<std::string>& items, Alloc& a) {
  if (!items.empty()) add(obj, key, str_array(items, a), a);
}

// The string member `key` of an object, or "" when absent or not a string.
inline std::string get_text(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return {};
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

// The string items of the array member `key`, in order; empty when absent or not an array
// (items that are not strings are skipped).
inline std::vector<std::string> get_texts(const rapidjson::Value& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.IsObject()) return out;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& v : it->value.GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

}  // namespace kindred::json
