// @brief See html_time.h.
#include "server/html_time.h"

#include <cstdio>

namespace kindred::http::html {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

std::string hhmm(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 24 + (minutes == 1440 ? 24 : 0), minutes % 60);
  return buf;
}

std::string day_name(const std::string& code) {
  static const char* codes[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  for (int i = 0; i < 7; ++i) {
    if (code == codes[i]) return kWeekdays[i];
  }
  return code;
}

}  // namespace

std::string next_meeting_text(std::string_view start, std::string_view timezone) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  std::string s(start);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return s;
  }
  long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s %d %s %d, %02d:%02d", kWeekdays[weekday], d, kMonths[mo - 1], y, h, mi);
  std::string out = buf;
  if (!timezone.empty()) out += " (" + std::string(timezone) + " time)";
  return out;
}

std::string meeting_text(const Meeting& m) {
  std::string out;
  if (m.frequency == "monthly" && m.week_of_month != 0) {
    static const char* nth[] = {"", "1st", "2nd", "3rd", "4th", "5th"};
    out = (m.week_of_month < 0 ? std::string("last") : nth[m.week_of_month]) + std::string(" ");
  }
  for (size_t i = 0; i < m.days.size(); ++i) out += (i ? ", " : "") + day_name(m.days[i]);
  // A course's sessions (issue 17): "Sessions on 2027-01-12, 2027-01-19".
  if (!m.dates.empty()) out = m.dates.size() == 1 ? "On" : "Sessions on";
  for (size_t i = 0; i < m.dates.size(); ++i) out += (i ? ", " : " ") + m.dates[i];
  out += " " + hhmm(m.start_minute);
  if (m.end_minute) out += "–" + hhmm(*m.end_minute);
  if (m.dates.empty()) out += ", " + m.frequency;
  if (!m.from.empty()) out += ", from " + m.from;
  if (!m.until.empty()) out += ", until " + m.until;
  if (!m.timezone.empty()) out += " (" + m.timezone + ")";
  if (!m.note.empty()) out += ". " + m.note;
  return out;
}

}  // namespace kindred::http::html
