// @brief UTC timestamps as text, the one way Kindred writes them (store rows, feed
// caches, link-check results, re-verification dates).
#pragma once

#include <chrono>
#include <string>

namespace kindred {

// RFC 3339 with seconds: "2026-11-22T18:45:00Z".
std::string utc_rfc3339(std::chrono::system_clock::time_point t);

// The calendar date: "2026-11-22".
std::string utc_date(std::chrono::system_clock::time_point t);

}  // namespace kindred
