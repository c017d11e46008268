// @brief UTC timestamps as text, the one way Kindred writes them (store rows, feed
// caches, link-check results, re-verification dates).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kindred {

// RFC 3339 with seconds: "2026-11-22T18:45:00Z".
std::string utc_rfc3339(std::chrono::system_clock::time_point t);

// The calendar date: "2026-11-22".
std::string utc_date(std::chrono::system_clock::time_point t);

// Reads "2026-11-22" (midnight UTC) or an RFC 3339 date-time ("2026-11-22T18:45:00Z",
// "2026-11-22T13:45:00.5-05:00"; a lower-case t or z is accepted too). nullopt for
// anything else, including impossible dates and times.
std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view text);

}  // namespace kindred
