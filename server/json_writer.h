// @brief The few RapidJSON writing helpers every encoder in server/ uses: strings are
// always written as valid UTF-8 (invalid bytes become U+FFFD).
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/base/utf8.h"

namespace kindred::http::jw {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

inline void put(Writer& w, std::string_view s) {
  if (is_valid_utf8(s)) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  } else {
    std::string fixed = repair_utf8(s);
    w.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
  }
}

inline void key(Writer& w, const char* k) { w.Key(k); }

inline void field(Writer& w, const char* k, std::string_view v) {
  key(w, k);
  put(w, v);
}

// A value that is JSON text already (a stored listing), written as is.
inline void raw(Writer& w, const char* k, std::string_view json) {
  key(w, k);
  if (json.empty()) {
    w.Null();
  } else {
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
}

inline std::string finish(const rapidjson::StringBuffer& buf) { return std::string(buf.GetString(), buf.GetSize()); }

}  // namespace kindred::http::jw
