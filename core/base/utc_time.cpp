// @brief See utc_time.h.
#include "core/base/utc_time.h"

#include <algorithm>
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

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

// `n` digits at text[pos], or -1.
int digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view t) {
  int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || t.size() < 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  long long secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (t.size() > 10) {
    int h = digits(t, 11, 2), mi = digits(t, 14, 2), s = digits(t, 17, 2);
    if ((t[10] != 'T' && t[10] != 't') || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 ||
        t[13] != ':' || t[16] != ':') {
      return std::nullopt;
    }
    secs += h * 3600 + mi * 60 + s;
    size_t pos = 19;
    if (pos < t.size() && t[pos] == '.') {
      ++pos;
      size_t start = pos;
      while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
    std::string_view zone = t.substr(std::min(pos, t.size()));
    if (zone == "Z" || zone == "z") {
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
      int oh = digits(zone, 1, 2), om = digits(zone, 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
      secs -= (zone[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
      return std::nullopt;
    }
  }
  return std::chrono::system_clock::time_point(std::chrono::seconds(secs));
}

std::string utc_rfc3339(std::chrono::system_clock::time_point t) { return format(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string utc_date(std::chrono::system_clock::time_point t) { return format(t, "%Y-%m-%d"); }

}  // namespace kindred
