// @brief Error replies and the ErrorCode -> HTTP status mapping (see reply.h).
#include "server/reply.h"

#include "server/json_out.h"

namespace kindred::http {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kInvalidListing: return 422;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kIo:
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal: break;
  }
  return 500;
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kInvalidListing: return "invalid_listing";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kInternal: break;
  }
  return "internal";
}

Reply json_reply(int status, std::string body) {
  Reply r;
  r.status = status;
  r.content_type = kJsonType;
  r.body = std::move(body);
  return r;
}

Reply error_reply(const Error& error) {
  return json_reply(http_status(error.code), error_json(error_code_name(error.code), error.message, error.details));
}

Reply error_reply(int status, std::string_view code, std::string_view message) {
  return json_reply(status, error_json(code, message));
}

}  // namespace kindred::http
