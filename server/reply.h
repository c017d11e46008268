// @brief What a route answers, independent of Pistache, and the one mapping from
// ErrorCode to HTTP status.
#pragma once

#include <string>
#include <string_view>

#include "core/base/error.h"

namespace kindred::http {

struct Reply {
  int status = 200;
  std::string content_type;  // always with a charset for text
  std::string body;
  std::string etag;              // static files: the strong validator of the form sent
  std::string content_encoding;  // "gzip", "br", or "" for the bytes as they are
  std::string vary;              // the request headers the answer depends on, for caches
  bool no_store = true;      // API answers must not linger in caches; static files revalidate
  std::string allow;         // the Allow header of a 405
};

// Adds `header` to r.vary ("Accept-Encoding, Accept-Language").
inline void add_vary(Reply& r, std::string_view header) {
  if (!r.vary.empty()) r.vary += ", ";
  r.vary += header;
}

inline constexpr const char* kJsonType = "application/json; charset=utf-8";

// THE mapping: kInvalidArgument -> 400, kNotFound -> 404, kInvalidListing -> 422,
// kUnauthorized -> 401, kForbidden -> 403, kConflict -> 409, kTooLarge -> 413,
// kRateLimited -> 429; kIo, kCorrupt and kInternal -> 500.
int http_status(ErrorCode code);

// The API's name for a code: "invalid_argument", "not_found", "io", "corrupt", "internal".
const char* error_code_name(ErrorCode code);

Reply json_reply(int status, std::string body);

// {"error": {"code", "message", "details"?: [{"path", "message"}]}} with http_status(code).
Reply error_reply(const Error& error);

// For HTTP-level errors that no core call produced (405, 413, 408, a request Pistache
// cannot parse): the status and code name are given.
Reply error_reply(int status, std::string_view code, std::string_view message);

}  // namespace kindred::http
