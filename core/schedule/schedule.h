// @brief When a listing's next real meeting is: local wall-clock schedules in IANA zones,
// turned into UTC instants that are right across daylight-saving changes.
//
// A Meeting (core/listing/listing.h) says "Tuesdays 18:30 in America/Los_Angeles": days and times
// are LOCAL wall-clock times in the meeting's zone. This module finds the instants those
// times fall on, using the system tz database through Howard Hinnant's date library.
//
// The rules (each one is tested in tests/schedule_test.cpp):
//   - weekly: every listed day. "" is read as weekly (the format's default).
//   - biweekly: weeks run Monday to Sunday; the week containing anchor_date is a meeting
//     week, and so is every second week before and after it; in a meeting week every
//     listed day meets. anchor_date is the series' start: no occurrence is dated before it
//     (a future anchor is a series that has not begun; we never invent meetings before it).
//     Without a valid anchor_date the meeting is unknowable (nullopt).
//   - monthly: week_of_month n in 1..5 is the n-th listed weekday of the month (days
//     1-7 are the 1st, 8-14 the 2nd, ...; months without a 5th are skipped); -1 is the
//     last listed weekday of the month; 0 (not set) is read as 1, the first one, because
//     "monthly on Tuesday" almost always means the first Tuesday. Any other value is
//     malformed.
//   - A start time that does not exist (the spring-forward gap: 02:30 on 2026-03-08 in
//     America/Los_Angeles) moves to the first valid instant after the gap, which is the
//     transition itself (03:00 PDT, 10:00Z). This is C++20's choose semantics for
//     nonexistent times. (RFC 5545 clients would show 03:30 for the same occurrence of a
//     recurring event; only meetings scheduled inside the skipped hour differ.)
//   - A start time that happens twice (fall-back: 01:30 on 2026-11-01 in Los Angeles) is
//     the EARLIER instant (01:30 PDT, 08:30Z); the meeting does not happen twice.
//   - The end is a wall-clock time like the start: an end at or before the start is on
//     the next day (22:00-01:00 runs past midnight); 1440 ("24:00") is the midnight that
//     ends the start's day (00:00-24:00 is a whole day). Without end_minute, or with an
//     end equal to the start (the listing validator refuses it; feeds write it when they
//     do not know), a meeting lasts one hour. The end instant is found like the start's,
//     by the wall clock: 22:00-04:00 on a spring-forward night lasts 5 hours, 23:00-02:00
//     on a fall-back night 4; an end inside a gap is the transition, an end in an overlap
//     the earlier instant. A start moved by a gap keeps the wall-clock length (02:30-03:30
//     on a spring-forward day runs 03:00-04:00). Should the end fall at or before the
//     start instant, it is start + the wall-clock length instead.
//   - Courses and terms (issue 17): a meeting with `dates` meets on exactly those local
//     days (days and frequency play no part); a series with `from`/`until` never meets
//     before the first or after the last of those local days (both inclusive). Times,
//     zones and the gap/overlap rules below are the same for both.
//   - Malformed or unknowable meetings give nullopt: unknown zone, no days or a day other
//     than "mo".."su", start_minute outside 0..1439 or end_minute outside 0..1440, unknown frequency,
//     week_of_month outside {-1,0..5}, biweekly without a valid anchor_date, a date,
//     from or until that is not a real day, until before from.
//
// Limits of the data: the system's TZif files list transitions up to 2037; the date
// library holds the last offset from then on.
//
// Thread safety: every function is safe to call concurrently. The tz database is loaded
// once, lazily and thread-safely, by the date library; nothing here keeps mutable state.
// Nothing throws: date-library exceptions are caught inside and give nullopt / "".
//
// Cost: one zone lookup (binary search by name) per meeting and a scan of at most a few
// hundred calendar days of cheap arithmetic; fine to call per search hit.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/listing/listing.h"

namespace kindred {

// std::chrono::sys_seconds is C++20; this is the same type (and date::sys_seconds is too),
// so callers may use either name.
using SysSeconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

// One occurrence of a meeting.
struct Occurrence {
  SysSeconds start;         // UTC instant
  SysSeconds end;           // start + meeting length (one hour when no end is given)
  std::string timezone;     // the meeting's IANA zone, as the meeting names it
  std::string start_local;  // RFC 3339 with the zone's offset then: "2026-11-24T18:30:00-08:00"
  std::string end_local;
};

// How far ahead next_occurrence looks.
inline constexpr std::chrono::hours kScheduleHorizon{24 * 400};

// The first occurrence of `m` whose start is strictly after `after` (a meeting starting
// exactly at `after` is not "next": the one after it is). nullopt if none starts within
// kScheduleHorizon of `after`, or `m` is malformed/unknowable (see the rules above).
std::optional<Occurrence> next_occurrence(const Meeting& m, SysSeconds after);

// How long `m` lasts by the wall clock, in minutes (see the end rule above): 60 without an
// end or with an end equal to the start; 1..1440 otherwise.
int meeting_length_minutes(const Meeting& m);

// The earliest next_occurrence over all meetings of a schedule (the first in schedule
// order on a tie); nullopt when no meeting has one.
std::optional<Occurrence> next_meeting(const std::vector<Meeting>& schedule, SysSeconds after);

// Only the start of next_meeting(schedule, after): the same instant, without the local
// times' text, for ordering many listings by their next meeting. Exact reuse across
// requests: for a later `now` with after <= now < the start, the answer is unchanged
// (no meeting starts between `after` and it).
std::optional<SysSeconds> next_meeting_start(const std::vector<Meeting>& schedule, SysSeconds after);

// --- Courses and terms (issue 17) ---

// The first session of a course (its first date) or of a series with `from` (its first
// meeting day on or after it); nullopt for a series without `from`, or malformed.
std::optional<Occurrence> first_occurrence(const Meeting& m);
// The last session of a course or of a series with `until` (its last meeting day on or
// before it); nullopt for a series without `until`, or malformed.
std::optional<Occurrence> last_occurrence(const Meeting& m);
// When a schedule starts: the earliest first_occurrence, only when every meeting has one
// (a listing with an ongoing series has no start); nullopt for an empty schedule.
std::optional<SysSeconds> schedule_start(const std::vector<Meeting>& schedule);
// When a schedule is over: the latest end of a last_occurrence, only when every meeting
// has one (an unbounded or unplaceable meeting never ends); nullopt for an empty schedule.
std::optional<SysSeconds> schedule_end(const std::vector<Meeting>& schedule);
// The first `count` days (YYYY-MM-DD, ascending) on or after `dtstart` that fall on one of
// `days` ("mo".."su"), every `interval_weeks` weeks counted from dtstart's Monday-to-Sunday
// week: RFC 5545's FREQ=WEEKLY;COUNT=n (WKST=MO). Empty for a bad dtstart, no known day,
// or an interval below 1. At most 400 weeks are scanned.
std::vector<std::string> weekly_session_dates(const std::string& dtstart, const std::vector<std::string>& days,
                                              int interval_weeks, size_t count);
// Every session of a dated meeting, in date order; empty for a series or when malformed.
std::vector<Occurrence> dated_sessions(const Meeting& m);
// The weekdays ("mo".."su") a meeting meets on: its days, or those of its dates in
// date order, each once.
std::vector<std::string> session_weekdays(const Meeting& m);

// RFC 3339 of an instant in a zone: "2026-03-08T03:00:00-07:00" ("Z" is never used, so the
// offset always shows). "" for an unknown zone. Historical offsets with seconds (local
// mean time before ~1900) are rounded down to the minute and the local time is computed
// with that rounded offset, so the text still names exactly `t`.
std::string format_local(SysSeconds t, const std::string& timezone);

}  // namespace kindred
