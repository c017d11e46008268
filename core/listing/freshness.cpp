// @brief The staleness rule (see freshness.h).
#include "core/listing/freshness.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include <date/date.h>

namespace kindred {

bool is_stale(std::string_view last_verified, std::chrono::system_clock::time_point now) {
  if (last_verified.size() != 10 || last_verified[4] != '-' || last_verified[7] != '-') return true;
  uint32_t verified = 0;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    char c = last_verified[i];
    if (c < '0' || c > '9') return true;
    verified = verified * 10 + static_cast<uint32_t>(c - '0');
  }
  auto ymd = date::year_month_day(date::floor<date::days>(now));
  uint32_t threshold = static_cast<uint32_t>(int(ymd.year()) - 1) * 10000 + unsigned(ymd.month()) * 100 +
                       unsigned(ymd.day());
  return verified < threshold;
}

std::string months_before(std::chrono::system_clock::time_point now, int months) {
  auto ymd = date::year_month_day(date::floor<date::days>(now));
  auto ym = date::year_month(ymd.year(), ymd.month()) - date::months(months);
  auto last = date::year_month_day_last(ym.year(), date::month_day_last(ym.month())).day();
  auto day = std::min(ymd.day(), last);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ym.year()), unsigned(ym.month()), unsigned(day));
  return buf;
}

}  // namespace kindred
