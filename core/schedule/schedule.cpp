// @brief Next-occurrence arithmetic for meetings: local calendar days in, UTC instants out.
#include "core/schedule/schedule.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <date/date.h>
#include <date/tz.h>

namespace kindred {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using sys_seconds = SysSeconds;

constexpr int kMinutesPerDay = 24 * 60;

enum class Frequency { kWeekly, kBiweekly, kMonthly };

// A Meeting checked and reduced to what the day-by-day scan needs.
struct Rule {
  const date::time_zone* zone = nullptr;
  unsigned day_mask = 0;  // bit w set when weekday with c_encoding w (0 = Sunday) meets
  Frequency frequency = Frequency::kWeekly;
  int week_of_month = 1;                  // monthly: 1..5 or -1
  date::local_days anchor{};              // biweekly: nothing before this day
  date::local_days anchor_week_monday{};  // biweekly: the Monday of a meeting week
  minutes start{0};
  minutes length{60};
  // Courses and terms: sessions on these days only (ascending), or a series bounded by
  // first/last (inclusive local days; min/max when unbounded).
  std::vector<date::local_days> dates;
  date::local_days first = date::local_days::min();
  date::local_days last = date::local_days::max();
};

// c_encoding (0 = Sunday) of "su".."sa"; -1 for anything else.
int weekday_code(const std::string& day) {
  static const char* const kNames[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  for (int i = 0; i < 7; ++i) {
    if (day == kNames[i]) return i;
  }
  return -1;
}

const date::time_zone* find_zone(const std::string& name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;  // unknown name, or the tz database could not be read
  }
}

// Strict "YYYY-MM-DD" naming a real calendar day.
std::optional<date::local_days> parse_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int y = std::atoi(text.substr(0, 4).c_str());
  unsigned m = static_cast<unsigned>(std::atoi(text.substr(5, 2).c_str()));
  unsigned d = static_cast<unsigned>(std::atoi(text.substr(8, 2).c_str()));
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days{ymd};
}

// A dated entry (a course's sessions): its days, its times, its zone; days and frequency
// play no part.
std::optional<Rule> compile_dated(const Meeting& m) {
  Rule rule;
  for (const auto& text : m.dates) {
    auto day = parse_date(text);
    if (!day) return std::nullopt;
    rule.dates.push_back(*day);
  }
  std::sort(rule.dates.begin(), rule.dates.end());
  rule.first = rule.dates.front();
  rule.last = rule.dates.back();
  if (m.start_minute < 0 || m.start_minute >= kMinutesPerDay) return std::nullopt;
  rule.start = minutes{m.start_minute};
  if (m.end_minute && (*m.end_minute < 0 || *m.end_minute > kMinutesPerDay)) return std::nullopt;
  rule.length = minutes{meeting_length_minutes(m)};
  rule.zone = find_zone(m.timezone);
  if (!rule.zone) return std::nullopt;
  return rule;
}

std::optional<Rule> compile(const Meeting& m) {
  Rule rule;
  if (!m.dates.empty()) return compile_dated(m);
  if (!m.from.empty()) {
    auto from = parse_date(m.from);
    if (!from) return std::nullopt;
    rule.first = *from;
  }
  if (!m.until.empty()) {
    auto until = parse_date(m.until);
    if (!until || *until < rule.first) return std::nullopt;
    rule.last = *until;
  }
  if (m.days.empty()) return std::nullopt;
  for (const auto& day : m.days) {
    int code = weekday_code(day);
    if (code < 0) return std::nullopt;
    rule.day_mask |= 1u << code;
  }
  if (m.start_minute < 0 || m.start_minute >= kMinutesPerDay) return std::nullopt;
  rule.start = minutes{m.start_minute};
  if (m.end_minute && (*m.end_minute < 0 || *m.end_minute > kMinutesPerDay)) return std::nullopt;
  rule.length = minutes{meeting_length_minutes(m)};
  if (m.frequency.empty() || m.frequency == "weekly") {
    rule.frequency = Frequency::kWeekly;
  } else if (m.frequency == "biweekly") {
    rule.frequency = Frequency::kBiweekly;
    auto anchor = parse_date(m.anchor_date);
    if (!anchor) return std::nullopt;  // "every other week" from when? unknowable
    rule.anchor = *anchor;
    rule.anchor_week_monday = *anchor - (date::weekday{*anchor} - date::Monday);
  } else if (m.frequency == "monthly") {
    rule.frequency = Frequency::kMonthly;
    if (m.week_of_month < -1 || m.week_of_month > 5) return std::nullopt;
    rule.week_of_month = m.week_of_month == 0 ? 1 : m.week_of_month;
  } else {
    return std::nullopt;
  }
  // Last, because the zone lookup is the only part that costs more than a few compares.
  rule.zone = find_zone(m.timezone);
  if (!rule.zone) return std::nullopt;
  return rule;
}

bool meets_on(const Rule& rule, date::local_days day) {
  if (day < rule.first || day > rule.last) return false;
  if (!rule.dates.empty()) return std::binary_search(rule.dates.begin(), rule.dates.end(), day);
  date::weekday wd{day};
  if ((rule.day_mask & (1u << wd.c_encoding())) == 0) return false;
  switch (rule.frequency) {
    case Frequency::kWeekly:
      return true;
    case Frequency::kBiweekly: {
      if (day < rule.anchor) return false;
      date::local_days monday = day - (wd - date::Monday);
      // Both are Mondays, so the difference is a whole number of weeks.
      return ((monday - rule.anchor_week_monday).count() / 7) % 2 == 0;
    }
    case Frequency::kMonthly: {
      date::year_month_day ymd{day};
      if (rule.week_of_month == -1) {
        return date::year_month_day{day + date::days{7}}.month() != ymd.month();
      }
      return (static_cast<int>(static_cast<unsigned>(ymd.day())) - 1) / 7 + 1 == rule.week_of_month;
    }
  }
  return false;
}

// The instant a local wall-clock time names. In a spring-forward gap: the transition
// itself (the first valid instant after the gap). In a fall-back overlap: the earlier
// instant (first is the earlier of the two periods).
sys_seconds resolve(const date::time_zone& zone, date::local_seconds wall) {
  date::local_info info = zone.get_info(wall);
  if (info.result == date::local_info::nonexistent) return info.first.end;
  return sys_seconds{wall.time_since_epoch()} - info.first.offset;
}

// RFC 3339 for an instant shown with `offset`. The offset is cut to whole minutes (RFC 3339
// has no seconds there) and the local time computed with that same offset, so the text
// always names exactly `t`.
std::string rfc3339(sys_seconds t, seconds offset) {
  minutes off = date::floor<minutes>(offset);
  date::local_seconds local{(t + off).time_since_epoch()};
  date::local_days day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss<seconds> tod{local - day};
  long off_minutes = off.count();
  char sign = off_minutes < 0 ? '-' : '+';
  if (off_minutes < 0) off_minutes = -off_minutes;
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02ld:%02ld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                sign, off_minutes / 60, off_minutes % 60);
  return buf;
}

// The occurrence of `rule` on local `day` (which must be a meeting day).
Occurrence occurrence_on(const Rule& rule, date::local_days day, const std::string& timezone) {
  const date::time_zone& zone = *rule.zone;
  Occurrence occ;
  const date::local_seconds wall_start = date::local_seconds{day} + rule.start;
  occ.start = resolve(zone, wall_start);
  // The end is a wall-clock time too: 22:00-04:00 on a spring-forward night ends at
  // 04:00 by the clock, five hours later, not six. A start moved by a gap keeps its
  // length instead (the meeting begins late; it is not cut short).
  bool moved = zone.get_info(wall_start).result == date::local_info::nonexistent;
  occ.end = moved ? occ.start + rule.length : resolve(zone, wall_start + rule.length);
  if (occ.end <= occ.start) occ.end = occ.start + rule.length;  // never a negative length
  occ.timezone = timezone;
  occ.start_local = rfc3339(occ.start, zone.get_info(occ.start).offset);
  occ.end_local = rfc3339(occ.end, zone.get_info(occ.end).offset);
  return occ;
}

// The first (forward) or last (backward) meeting day of a bounded rule; a series needs
// at most a few weeks to find one (monthly: five), so a year's scan is plenty.
std::optional<date::local_days> bound_day(const Rule& rule, bool forward) {
  if (!rule.dates.empty()) return forward ? rule.dates.front() : rule.dates.back();
  date::local_days day = forward ? rule.first : rule.last;
  if (day == date::local_days::min() || day == date::local_days::max()) return std::nullopt;
  for (int i = 0; i < 400; ++i, day += date::days{forward ? 1 : -1}) {
    if (meets_on(rule, day)) return day;
  }
  return std::nullopt;
}

std::optional<Occurrence> bound_occurrence(const Meeting& m, bool forward) {
  try {
    std::optional<Rule> rule = compile(m);
    if (!rule) return std::nullopt;
    auto day = bound_day(*rule, forward);
    if (!day) return std::nullopt;
    return occurrence_on(*rule, *day, m.timezone);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<Occurrence> first_occurrence(const Meeting& m) { return bound_occurrence(m, true); }
std::optional<Occurrence> last_occurrence(const Meeting& m) { return bound_occurrence(m, false); }

std::optional<SysSeconds> schedule_start(const std::vector<Meeting>& schedule) {
  std::optional<SysSeconds> start;
  for (const Meeting& m : schedule) {
    auto first = first_occurrence(m);
    if (!first) return std::nullopt;  // an ongoing series has no start to speak of
    if (!start || first->start < *start) start = first->start;
  }
  return start;
}

std::optional<SysSeconds> schedule_end(const std::vector<Meeting>& schedule) {
  std::optional<SysSeconds> end;
  for (const Meeting& m : schedule) {
    auto last = last_occurrence(m);
    if (!last) return std::nullopt;  // unbounded (or unplaceable): it does not end
    if (!end || last->end > *end) end = last->end;
  }
  return end;
}

std::vector<std::string> weekly_session_dates(const std::string& dtstart, const std::vector<std::string>& days,
                                              int interval_weeks, size_t count) {
  std::vector<std::string> out;
  auto first = parse_date(dtstart);
  unsigned mask = 0;
  for (const auto& d : days) {
    if (int code = weekday_code(d); code >= 0) mask |= 1u << code;
  }
  if (!first || mask == 0 || interval_weeks < 1) return out;
  const date::local_days monday = *first - (date::weekday{*first} - date::Monday);
  for (date::local_days day = *first; out.size() < count && day < *first + date::days{7 * 400}; day += date::days{1}) {
    date::weekday wd{day};
    if ((mask & (1u << wd.c_encoding())) == 0) continue;
    if (((day - monday).count() / 7) % interval_weeks != 0) continue;
    out.push_back(date::format("%F", day));
  }
  return out;
}

std::vector<Occurrence> dated_sessions(const Meeting& m) {
  std::vector<Occurrence> out;
  if (m.dates.empty()) return out;
  try {
    std::optional<Rule> rule = compile(m);
    if (!rule) return out;
    for (date::local_days day : rule->dates) out.push_back(occurrence_on(*rule, day, m.timezone));
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

std::vector<std::string> session_weekdays(const Meeting& m) {
  if (m.dates.empty()) return m.days;
  static const char* const kNames[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  std::vector<std::string> out;
  for (const auto& text : m.dates) {
    auto day = parse_date(text);
    if (!day) continue;
    std::string name = kNames[date::weekday{*day}.c_encoding()];
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

namespace {

// The local day and instant of the first start of `m` after `after`, within the horizon.
struct NextStart {
  Rule rule;
  date::local_days day;
  sys_seconds start;
};

std::optional<NextStart> find_next_start(const Meeting& m, sys_seconds after) {
  std::optional<Rule> rule = compile(m);
  if (!rule) return std::nullopt;
  const date::time_zone& zone = *rule->zone;
  const sys_seconds limit = after + kScheduleHorizon;
  // Local wall time only moves forward as UTC does (a gap start resolves to the gap's
  // end, an overlap start to its earlier instant), so the first matching day whose
  // start is after `after` is the answer. Start a day early: cheap and safe.
  const date::local_days today = date::floor<date::days>(zone.to_local(after));
  const date::local_days last = std::min(rule->last, today + date::floor<date::days>(kScheduleHorizon) + date::days{1});
  // A bounded series or a course starts its scan at its first day, if that is later.
  for (date::local_days day = std::max(rule->first, today - date::days{1}); day <= last; day += date::days{1}) {
    if (!meets_on(*rule, day)) continue;
    sys_seconds start = resolve(zone, date::local_seconds{day} + rule->start);
    if (start <= after) continue;
    if (start > limit) return std::nullopt;
    return NextStart{*rule, day, start};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Occurrence> next_occurrence(const Meeting& m, sys_seconds after) {
  try {
    std::optional<NextStart> next = find_next_start(m, after);
    if (!next) return std::nullopt;
    return occurrence_on(next->rule, next->day, m.timezone);
  } catch (const std::exception&) {
    return std::nullopt;  // a zone file that could not be read, or a time out of range
  }
}

int meeting_length_minutes(const Meeting& m) {
  if (!m.end_minute || *m.end_minute == m.start_minute) return 60;
  int end = *m.end_minute;
  // An end at or before the start is on the next day (a late group running past midnight).
  return end > m.start_minute ? end - m.start_minute : end + kMinutesPerDay - m.start_minute;
}

std::optional<Occurrence> next_meeting(const std::vector<Meeting>& schedule, sys_seconds after) {
  std::optional<Occurrence> best;
  for (const Meeting& m : schedule) {
    std::optional<Occurrence> occ = next_occurrence(m, after);
    if (occ && (!best || occ->start < best->start)) best = std::move(occ);
  }
  return best;
}

std::optional<SysSeconds> next_meeting_start(const std::vector<Meeting>& schedule, sys_seconds after) {
  std::optional<SysSeconds> best;
  for (const Meeting& m : schedule) {
    try {
      std::optional<NextStart> next = find_next_start(m, after);
      if (next && (!best || next->start < *best)) best = next->start;
    } catch (const std::exception&) {
      // as next_occurrence: this meeting has no next start
    }
  }
  return best;
}

std::string format_local(sys_seconds t, const std::string& timezone) {
  const date::time_zone* zone = find_zone(timezone);
  if (!zone) return "";
  try {
    return rfc3339(t, zone->get_info(t).offset);
  } catch (const std::exception&) {
    return "";
  }
}

}  // namespace kindred
