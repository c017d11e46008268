// @brief See utc_time.h.
#include "core/base/utc_time.h"

#include <ctime>

namespace kindred {
namespace {

std::string format(std::chrono::system_clock::time_point t, const char* pattern) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

}  // namespace

std::string utc_rfc3339(std::chrono::system_clock::time_point t) { return format(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string utc_date(std::chrono::system_clock::time_point t) { return format(t, "%Y-%m-%d"); }

}  // namespace kindred
