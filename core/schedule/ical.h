// @brief Listings' meetings as an iCalendar file (RFC 5545) that calendar apps can subscribe to.
//
// One VEVENT per meeting, recurring by RRULE, in the meeting's own IANA zone, plus a
// VTIMEZONE per zone built from the system tz database, so that clients which do not
// know IANA names (Outlook, older phones) still get the offsets right.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/listing/listing.h"
#include "core/schedule/schedule.h"

namespace kindred {

struct IcalListing {
  const Listing* listing = nullptr;  // not owned; null entries are skipped
  std::string url;                   // the listing's page or contact URL; may be empty
};

// A complete VCALENDAR (PRODID "-//Kindred//Peer Support Directory//EN", VERSION 2.0,
// CALSCALE GREGORIAN, METHOD PUBLISH) holding, in order:
//   - a VTIMEZONE for every zone the events use (sorted by name). Its STANDARD/DAYLIGHT
//     sub-components come from the tz database's transitions: from the onset of the
//     period in effect at `now` to ten years after `now`; a run of yearly transitions on
//     the same weekday rule becomes one RRULE (open-ended when it lasts to the end of that
//     window, else with UNTIL), anything irregular becomes RDATEs. DAYLIGHT is always
//     the higher offset of a pair (tzdata's negative DST, Europe/Dublin's winter GMT, is
//     relabelled STANDARD, as rearguard data and Outlook have it). The system's tz files
//     end in 2037, and so do the rules.
//   - one VEVENT per meeting of each listing, in input order:
//       UID          "<listing id>-<meeting index>@kindred" (index into listing->schedule)
//       DTSTAMP      `now` in UTC
//       DTSTART;TZID=<zone>  the scheduled local wall time of the first occurrence after
//                    `now` (as core/schedule/schedule.h finds it). On a spring-forward day this is
//                    the scheduled time (02:30) rather than the resolved one, so the series
//                    keeps its time of day; clients apply RFC 5545's own gap rule there.
//       DTEND;TZID=<zone>    DTSTART + the meeting's length (one hour when it has no end)
//       RRULE        weekly: FREQ=WEEKLY;BYDAY=MO,WE
//                    biweekly: FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TU (DTSTART lies in a
//                    meeting week, so the weeks line up with the anchor)
//                    monthly: FREQ=MONTHLY;BYDAY=2TU (or 1TU when week_of_month is unset,
//                    -1TU for the last)
//       SUMMARY      the listing's name
//       DESCRIPTION  the description, then a blank line and the meeting's note if any
//       URL          `url` when it is non-empty and has no spaces or control characters
//   Courses and terms (issue 17):
//     - a meeting with `dates` gives one VEVENT per session, past and future, with no
//       RRULE: UID "<listing id>-<meeting index>-<YYYYMMDD>@kindred", DTSTART/DTEND the
//       session's wall times in its zone;
//     - a series with `until` gets ";UNTIL=<its last meeting's start in UTC>" on its
//       RRULE (RFC 5545 wants UTC with a zoned DTSTART); one with `from` in the future
//       starts (DTSTART) at its first meeting. A series whose last meeting is past has
//       no event.
// Listings without a schedule contribute no events; so do meetings that core/schedule/schedule.h
// finds malformed (unknown zone, biweekly without an anchor, ...): a calendar must not
// show a meeting we cannot place in time. The calendar may then hold no component at
// all; callers that want to refuse that case should check the listings first.
//
// Format: CRLF line endings; lines folded at 75 octets (a CRLF and one space before
// each continuation, never inside a UTF-8 sequence); TEXT values escaped (backslash,
// semicolon, comma, newline as \n); invalid UTF-8 becomes U+FFFD and control characters
// other than tab are dropped, so the output is always valid UTF-8.
//
// Thread safety: a pure function of its arguments; safe to call concurrently. Never
// throws (tz-database failures drop the affected meetings or zones).
std::string make_icalendar(const std::vector<IcalListing>& listings, SysSeconds now);

}  // namespace kindred
