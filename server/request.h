// @brief One HTTP request as the Api sees it: no Pistache types, raw path and query.
#pragma once

#include <string>
#include <string_view>

namespace kindred::http {

struct Request {
  std::string_view method;
  std::string_view path;   // raw, as received
  std::string_view query;  // raw, without '?'
  std::string authorization;    // the Authorization header, "" when absent
  std::string idempotency_key;  // the Idempotency-Key header, "" when absent
  std::string accept_encoding;  // the Accept-Encoding header, "" when absent
  std::string if_none_match;    // the If-None-Match header, "" when absent
  std::string accept_language;  // the Accept-Language header, "" when absent (the no-script page)
  std::string_view body;
  std::string client;  // the peer's address; used for rate limits only, never stored or logged
};

}  // namespace kindred::http
