// @brief See html_time.h.
#include "server/html_time.h"

#include <cstdio>

namespace kindred::http::html {
namespace {

// The words of one language. Calendar names are data of the language, not sentences, so
// they live here rather than in the catalogs.
struct TimeWords {
  const char* lang;
  const char* months[12];
  const char* weekdays[7];  // Sunday first
  const char* nth[6];       // "", 1st .. 5th
  const char* last;
  const char* on;
  const char* sessions_on;
  const char* from;
  const char* until;
  const char* zone_time;  // "%s time"
  const char* weekly;
  const char* biweekly;
  const char* monthly;
};

constexpr TimeWords kTimeWords[] = {
    {"en", {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
     {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}, {"", "1st", "2nd", "3rd", "4th", "5th"}, "last", "On",
     "Sessions on", "from", "until", "%s time", "weekly", "every two weeks", "monthly"},
    {"es", {"ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."},
     {"dom.", "lun.", "mar.", "mié.", "jue.", "vie.", "sáb."}, {"", "1.er", "2.º", "3.er", "4.º", "5.º"}, "último", "El",
     "Sesiones el", "desde", "hasta", "hora de %s", "semanal", "cada dos semanas", "mensual"},
    {"fr", {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
     {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}, {"", "1er", "2e", "3e", "4e", "5e"}, "dernier", "Le",
     "Séances les", "à partir du", "jusqu’au", "heure de %s", "hebdomadaire", "toutes les deux semaines", "mensuel"},
};

const TimeWords& time_words(const Words& w) {
  for (const auto& t : kTimeWords) {
    if (w.lang() == t.lang) return t;
  }
  return kTimeWords[0];
}

std::string frequency(const TimeWords& t, const std::string& f) {
  if (f == "weekly") return t.weekly;
  if (f == "biweekly") return t.biweekly;
  if (f == "monthly") return t.monthly;
  return f;
}

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

std::string day_name(const TimeWords& t, const std::string& code) {
  static const char* codes[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  for (int i = 0; i < 7; ++i) {
    if (code == codes[i]) return t.weekdays[i];
  }
  return code;
}

}  // namespace

std::string next_meeting_text(const Words& w, std::string_view start, std::string_view timezone) {
  const TimeWords& t = time_words(w);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  std::string s(start);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return s;
  }
  long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s %d %s %d, %02d:%02d", t.weekdays[weekday], d, t.months[mo - 1], y, h, mi);
  std::string out = buf;
  if (!timezone.empty()) {
    std::string zone(t.zone_time);
    zone.replace(zone.find("%s"), 2, timezone);
    out += " (" + zone + ")";
  }
  return out;
}

std::string meeting_text(const Words& w, const Meeting& m) {
  const TimeWords& t = time_words(w);
  std::string out;
  if (m.frequency == "monthly" && m.week_of_month != 0) {
    out = (m.week_of_month < 0 || m.week_of_month > 5 ? std::string(t.last) : t.nth[m.week_of_month]) + std::string(" ");
  }
  for (size_t i = 0; i < m.days.size(); ++i) out += (i ? ", " : "") + day_name(t, m.days[i]);
  // A course's sessions (issue 17): "Sessions on 2027-01-12, 2027-01-19".
  if (!m.dates.empty()) out = m.dates.size() == 1 ? t.on : t.sessions_on;
  for (size_t i = 0; i < m.dates.size(); ++i) out += (i ? ", " : " ") + m.dates[i];
  out += " " + hhmm(m.start_minute);
  if (m.end_minute) out += "–" + hhmm(*m.end_minute);
  if (m.dates.empty()) out += ", " + frequency(t, m.frequency);
  if (!m.from.empty()) out += ", " + std::string(t.from) + " " + m.from;
  if (!m.until.empty()) out += ", " + std::string(t.until) + " " + m.until;
  if (!m.timezone.empty()) out += " (" + m.timezone + ")";
  if (!m.note.empty()) out += ". " + m.note;
  return out;
}

}  // namespace kindred::http::html
