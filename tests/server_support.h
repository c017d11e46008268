// @brief The fixture index served over a real socket for the server tests, and the
// JSON helpers they share.
#pragma once

#include <cstdint>
#include <string>

#include <rapidjson/document.h>

#include "tests/http_support.h"

namespace kindred::test {

inline constexpr uint64_t kFixtureFindable = 7;  // the fixture listings minus the closed one
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// A page directory for the tests: one file of each served type, a sub-directory, a hidden
// file, a file of an unknown type, and symlinks pointing out of it.
const std::string& fixture_web_dir();

// The fixture index behind a server on a free port (4 workers), started once per process.
TestServer& fixture_server();

// A request to fixture_server().
HttpResponse get(const std::string& target, const std::string& method = "GET");

// The body as a JSON object (the test fails if it is not one).
rapidjson::Document json(const HttpResponse& r);

// GET /api/v1/search?query, which must answer 200.
rapidjson::Document search(const std::string& query);
uint64_t total(const std::string& query);

// GET target must be a 400 JSON error whose message starts with "param:".
void refused(const std::string& target, const std::string& param);

// The headers every response carries (and no cookie).
void check_security_headers(const HttpResponse& r);

}  // namespace kindred::test
