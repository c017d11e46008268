// @brief Next-occurrence arithmetic for meetings: local calendar days in, UTC instants out.
#include "core/schedule/schedule.h"

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

std::optional<Rule> compile(const Meeting& m) {
  Rule rule;
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

}  // namespace

std::optional<Occurrence> next_occurrence(const Meeting& m, sys_seconds after) {
  try {
    std::optional<Rule> rule = compile(m);
    if (!rule) return std::nullopt;
    const date::time_zone& zone = *rule->zone;
    const sys_seconds limit = after + kScheduleHorizon;
    // Local wall time only moves forward as UTC does (a gap start resolves to the gap's
    // end, an overlap start to its earlier instant), so the first matching day whose
    // start is after `after` is the answer. Start a day early: cheap and safe.
    const date::local_days today = date::floor<date::days>(zone.to_local(after));
    const date::local_days last = today + date::floor<date::days>(kScheduleHorizon) + date::days{1};
    for (date::local_days day = today - date::days{1}; day <= last; day += date::days{1}) {
      if (!meets_on(*rule, day)) continue;
      sys_seconds start = resolve(zone, date::local_seconds{day} + rule->start);
      if (start <= after) continue;
      if (start > limit) return std::nullopt;
      Occurrence occ;
      occ.start = start;
      // The end is a wall-clock time too: 22:00-04:00 on a spring-forward night ends at
      // 04:00 by the clock, five hours later, not six. A start moved by a gap keeps its
      // length instead (the meeting begins late; it is not cut short).
      const date::local_seconds wall_start = date::local_seconds{day} + rule->start;
      bool moved = zone.get_info(wall_start).result == date::local_info::nonexistent;
      occ.end = moved ? start + rule->length : resolve(zone, wall_start + rule->length);
      if (occ.end <= occ.start) occ.end = start + rule->length;  // never a negative length
      occ.timezone = m.timezone;
      occ.start_local = rfc3339(occ.start, zone.get_info(occ.start).offset);
      occ.end_local = rfc3339(occ.end, zone.get_info(occ.end).offset);
      return occ;
    }
    return std::nullopt;
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
