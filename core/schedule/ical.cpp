// @brief iCalendar output: VEVENTs with RRULEs for meetings, VTIMEZONEs from the tz database.
#include "core/schedule/ical.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "core/schedule/schedule.h"

namespace kindred {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using sys_seconds = SysSeconds;

constexpr size_t kFoldOctets = 75;        // RFC 5545 3.1: "SHOULD NOT be longer than 75 octets"
constexpr int kVtimezoneDays = 3653;      // ten years of transitions spelled out
constexpr size_t kMaxTransitions = 1000;  // a guard, far above ten years of any real zone
constexpr const char* kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// ---- Content lines -------------------------------------------------------------------

// Appends one content line, folded so that no physical line exceeds 75 octets. A fold
// never lands inside a UTF-8 sequence: it backs up over continuation bytes (10xxxxxx).
void append_line(std::string& out, std::string_view line) {
  size_t pos = 0;
  size_t room = kFoldOctets;
  while (line.size() - pos > room) {
    size_t cut = pos + room;
    while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (cut == pos) cut = pos + room;  // not UTF-8 at all; cannot happen after valid_utf8()
    out.append(line.substr(pos, cut - pos));
    out += "\r\n ";
    pos = cut;
    room = kFoldOctets - 1;  // the leading space counts
  }
  out.append(line.substr(pos));
  out += "\r\n";
}

void append_prop(std::string& out, std::string_view name, std::string_view value) {
  std::string line;
  line.reserve(name.size() + 1 + value.size());
  line.append(name).append(":").append(value);
  append_line(out, line);
}

// The text with every invalid UTF-8 sequence (bad lead byte, missing continuation,
// overlong form, surrogate, beyond U+10FFFF) replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += s[i++];
      continue;
    }
    size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    }
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (ok && len == 3) ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
    if (ok && len == 4) ok = cp >= 0x10000 && cp <= 0x10FFFF;
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += kReplacementChar;
      ++i;  // resynchronise on the next byte
    }
  }
  return out;
}

// An RFC 5545 TEXT value: backslash, semicolon and comma escaped, any newline (CRLF, LF,
// CR) as "\n"; other control characters but tab are not allowed in TEXT and are dropped.
std::string escape_text(std::string_view raw) {
  std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

// A URI value has no escaping: spaces and non-ASCII bytes are percent-encoded (an IRI
// becomes a URI); a control character means it is not a URL we should pass on.
std::optional<std::string> uri_value(std::string_view url) {
  std::string out;
  for (char c : url) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return std::nullopt;
    if (b == ' ' || b >= 0x80) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(b));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// ---- Times ---------------------------------------------------------------------------

// "20261124T183000" (a local "floating" form; the TZID or the context says which zone).
std::string ical_time(date::local_seconds t) {
  date::local_days day = date::floor<date::days>(t);
  date::year_month_day ymd{day};
  date::hh_mm_ss<seconds> tod{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

std::string ical_utc(sys_seconds t) {
  return ical_time(date::local_seconds{t.time_since_epoch()}) + "Z";
}

// "-0800", "+0530", "+0000" (never "-0000", which RFC 5545 forbids); seconds only when
// the offset has them (local mean time).
std::string ical_offset(seconds offset) {
  long s = offset.count();
  char sign = s < 0 ? '-' : '+';
  if (s < 0) s = -s;
  char buf[64];
  if (s % 60 != 0) {
    std::snprintf(buf, sizeof buf, "%c%02ld%02ld%02ld", sign, s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%c%02ld%02ld", sign, s / 3600, s / 60 % 60);
  }
  return buf;
}

const char* const kByDay[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};  // by c_encoding

// ---- VTIMEZONE -----------------------------------------------------------------------

// One change of offset (or of name / daylight flag) in a zone.
struct Onset {
  sys_seconds at;
  seconds from, to;
  bool daylight = false;
  std::string abbrev;
  date::local_seconds wall() const { return date::local_seconds{(at + from).time_since_epoch()}; }
};

// The onset at `at` of period `now` following period `before`. The tz database flags
// Ireland's winter GMT and Morocco's Ramadan +00 as daylight saving (negative DST), but
// calendar clients expect DAYLIGHT to be the period with the higher offset, as rearguard
// tz data and other VTIMEZONE generators have it: so DAYLIGHT is a step forward into or
// out of a flagged period.
Onset make_onset(sys_seconds at, const date::sys_info& before, const date::sys_info& now) {
  const bool flagged = now.save != minutes{0} || before.save != minutes{0};
  return Onset{at, before.offset, now.offset, flagged && now.offset > before.offset, now.abbrev};
}

// Onsets sharing offsets, name and kind; they become one STANDARD/DAYLIGHT component.
struct OnsetGroup {
  std::vector<Onset> onsets;
  bool same_kind(const Onset& o) const {
    const Onset& f = onsets.front();
    return f.from == o.from && f.to == o.to && f.daylight == o.daylight && f.abbrev == o.abbrev;
  }
};

// "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" when the onsets fall in consecutive years on the same
// month, weekday, n-th (or last) week and wall time; nullopt when they do not.
std::optional<std::string> yearly_rule(const std::vector<Onset>& onsets) {
  if (onsets.size() < 2) return std::nullopt;
  const date::local_seconds first = onsets.front().wall();
  const date::local_days first_day = date::floor<date::days>(first);
  const date::year_month_day first_ymd{first_day};
  const date::weekday first_wd{first_day};
  bool same_nth = true, all_last = true;
  unsigned nth = (static_cast<unsigned>(first_ymd.day()) - 1) / 7 + 1;
  for (size_t k = 0; k < onsets.size(); ++k) {
    date::local_seconds wall = onsets[k].wall();
    date::local_days day = date::floor<date::days>(wall);
    date::year_month_day ymd{day};
    if (ymd.year() != first_ymd.year() + date::years{static_cast<int>(k)} ||
        ymd.month() != first_ymd.month() || date::weekday{day} != first_wd ||
        wall - day != first - first_day) {
      return std::nullopt;
    }
    same_nth = same_nth && (static_cast<unsigned>(ymd.day()) - 1) / 7 + 1 == nth;
    all_last = all_last && date::year_month_day{day + date::days{7}}.month() != ymd.month();
  }
  std::string by_day;
  if (same_nth && nth <= 4) {
    by_day = std::to_string(nth);
  } else if (all_last) {
    by_day = "-1";
  } else {
    return std::nullopt;
  }
  return "FREQ=YEARLY;BYMONTH=" + std::to_string(static_cast<unsigned>(first_ymd.month())) +
         ";BYDAY=" + by_day + kByDay[first_wd.c_encoding()];
}

void append_group(std::string& out, const OnsetGroup& group, sys_seconds window_end) {
  const Onset& first = group.onsets.front();
  const char* kind = first.daylight ? "DAYLIGHT" : "STANDARD";
  append_prop(out, "BEGIN", kind);
  append_prop(out, "DTSTART", ical_time(first.wall()));
  if (std::optional<std::string> rule = yearly_rule(group.onsets)) {
    // A run that reaches the end of the window is the zone's current rule: leave it
    // open, as the tz database itself extrapolates. Otherwise it has stopped.
    const Onset& last = group.onsets.back();
    if (last.at + std::chrono::hours(24 * 366) < window_end) *rule += ";UNTIL=" + ical_utc(last.at);
    append_prop(out, "RRULE", *rule);
  } else if (group.onsets.size() > 1) {
    std::string dates;
    for (size_t k = 1; k < group.onsets.size(); ++k) {
      if (k > 1) dates += ',';
      dates += ical_time(group.onsets[k].wall());
    }
    append_prop(out, "RDATE", dates);
  }
  append_prop(out, "TZOFFSETFROM", ical_offset(first.from));
  append_prop(out, "TZOFFSETTO", ical_offset(first.to));
  if (!first.abbrev.empty()) append_prop(out, "TZNAME", escape_text(first.abbrev));
  append_prop(out, "END", kind);
}

// The VTIMEZONE for `name` covering `now` and the following ten years; nullopt when the
// tz database does not know the zone or cannot be read.
std::optional<std::string> make_vtimezone(const std::string& name, sys_seconds now) {
  try {
    const date::time_zone* zone = date::locate_zone(name);
    const sys_seconds window_end = now + std::chrono::hours(24 * kVtimezoneDays);
    std::vector<Onset> onsets;

    // The period in effect now starts the list. A zone that never changed (Etc/UTC)
    // reports a begin at the start of time; any fixed date before now serves as its onset.
    date::sys_info current = zone->get_info(now);
    date::sys_info previous = current;
    sys_seconds first_at = current.begin;
    if (current.begin < date::sys_days{date::year{1800} / 1 / 1}) {
      first_at = date::sys_days{date::year{1970} / 1 / 1} - current.offset;
    } else {
      previous = zone->get_info(current.begin - seconds{1});
    }
    onsets.push_back(make_onset(first_at, previous, current));
    previous = current;
    for (sys_seconds t = current.end; t < window_end && onsets.size() < kMaxTransitions;) {
      date::sys_info info = zone->get_info(t);
      onsets.push_back(make_onset(t, previous, info));
      previous = info;
      if (info.end <= t) break;
      t = info.end;
    }

    std::vector<OnsetGroup> groups;
    for (const Onset& o : onsets) {
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const OnsetGroup& g) { return g.same_kind(o); });
      if (it == groups.end()) {
        groups.push_back({{o}});
      } else {
        it->onsets.push_back(o);
      }
    }

    std::string out;
    append_prop(out, "BEGIN", "VTIMEZONE");
    append_prop(out, "TZID", name);
    // libical clients (Thunderbird, Evolution) map this to their own copy of the database.
    append_prop(out, "X-LIC-LOCATION", name);
    for (const OnsetGroup& g : groups) append_group(out, g, window_end);
    append_prop(out, "END", "VTIMEZONE");
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// ---- VEVENT --------------------------------------------------------------------------

std::string rrule_for(const Meeting& m) {
  unsigned mask = 0;
  for (size_t code = 0; code < 7; ++code) {
    for (const auto& d : m.days) {
      std::string lower = kByDay[code];
      for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
      if (d == lower) mask |= 1u << code;
    }
  }
  std::string prefix;
  std::string rule;
  if (m.frequency == "biweekly") {
    rule = "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=";
  } else if (m.frequency == "monthly") {
    rule = "FREQ=MONTHLY;BYDAY=";
    prefix = std::to_string(m.week_of_month == 0 ? 1 : m.week_of_month);
  } else {
    rule = "FREQ=WEEKLY;BYDAY=";
  }
  // Monday first, as people read a week (and as WKST=MO says).
  bool any = false;
  for (unsigned code : {1u, 2u, 3u, 4u, 5u, 6u, 0u}) {
    if ((mask & (1u << code)) == 0) continue;
    if (any) rule += ',';
    rule += prefix + kByDay[code];
    any = true;
  }
  return rule;
}

struct Event {
  std::string zone;
  std::string text;  // folded content lines, BEGIN:VEVENT .. END:VEVENT
};

// The properties every event of a listing shares, after the times.
void append_about(std::string& out, const Listing& listing, const Meeting& m, const std::string& url) {
  append_prop(out, "SUMMARY", escape_text(listing.name));
  std::string description = listing.description;
  if (!m.note.empty()) description += (description.empty() ? "" : "\n\n") + m.note;
  if (!description.empty()) append_prop(out, "DESCRIPTION", escape_text(description));
  if (std::optional<std::string> uri = url.empty() ? std::nullopt : uri_value(url)) {
    append_prop(out, "URL", *uri);
  }
}

// --- Courses (issue 17): one VEVENT per dated session, every session of the course ---
std::vector<Event> dated_events(const Listing& listing, size_t index, const std::string& url, sys_seconds now) {
  const Meeting& m = listing.schedule[index];
  std::vector<Event> events;
  if (dated_sessions(m).empty()) return events;  // malformed: nothing we can place
  for (const std::string& text : m.dates) {
    int y = 0;
    unsigned mo = 0, d = 0;
    if (std::sscanf(text.c_str(), "%d-%u-%u", &y, &mo, &d) != 3) continue;
    date::local_seconds start = date::local_seconds{date::local_days{date::year{y} / date::month{mo} / date::day{d}}} +
                                minutes{m.start_minute};
    date::local_seconds end = start + minutes{meeting_length_minutes(m)};
    Event event;
    event.zone = m.timezone;
    std::string& out = event.text;
    std::string compact = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
    append_prop(out, "BEGIN", "VEVENT");
    append_prop(out, "UID", escape_text(listing.id + "-" + std::to_string(index) + "-" + compact + "@kindred"));
    append_prop(out, "DTSTAMP", ical_utc(now));
    append_prop(out, "DTSTART;TZID=" + m.timezone, ical_time(start));
    append_prop(out, "DTEND;TZID=" + m.timezone, ical_time(end));
    append_about(out, listing, m, url);
    append_prop(out, "END", "VEVENT");
    events.push_back(std::move(event));
  }
  return events;
}

// nullopt when core/schedule/schedule.h cannot place the meeting in time.
std::optional<Event> make_event(const Listing& listing, size_t index, const std::string& url,
                                sys_seconds now) {
  const Meeting& m = listing.schedule[index];
  std::optional<Occurrence> occ = next_occurrence(m, now);
  if (!occ) return std::nullopt;
  try {
    // DTSTART is the scheduled wall time, not the instant: only they differ on a
    // spring-forward day, and the series must keep its time of day. The instant never
    // falls before the scheduled wall time (a gap moves it later), so if its time of day
    // is earlier, the gap crossed midnight and the scheduled day was the one before.
    const date::time_zone* zone = date::locate_zone(m.timezone);
    date::local_seconds local = zone->to_local(occ->start);
    date::local_days day = date::floor<date::days>(local);
    if (local - day < minutes{m.start_minute}) day -= date::days{1};
    date::local_seconds start = date::local_seconds{day} + minutes{m.start_minute};
    // DTEND is a wall time too: the scheduled end, on the next day when the meeting runs
    // past midnight; a client resolves it in the zone, as it does DTSTART.
    date::local_seconds end = start + minutes{meeting_length_minutes(m)};

    Event event;
    event.zone = m.timezone;
    std::string& out = event.text;
    append_prop(out, "BEGIN", "VEVENT");
    append_prop(out, "UID", escape_text(listing.id + "-" + std::to_string(index) + "@kindred"));
    append_prop(out, "DTSTAMP", ical_utc(now));
    append_prop(out, "DTSTART;TZID=" + m.timezone, ical_time(start));
    append_prop(out, "DTEND;TZID=" + m.timezone, ical_time(end));
    std::string rule = rrule_for(m);
    // A term-bound series (issue 17) stops at its last meeting; UNTIL is in UTC, as RFC
    // 5545 wants with a zoned DTSTART, and is that meeting's start (inclusive).
    if (!m.until.empty()) {
      if (std::optional<Occurrence> last = last_occurrence(m)) rule += ";UNTIL=" + ical_utc(last->start);
    }
    append_prop(out, "RRULE", rule);
    append_about(out, listing, m, url);
    append_prop(out, "END", "VEVENT");
    return event;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::string make_icalendar(const std::vector<IcalListing>& listings, sys_seconds now) {
  std::vector<Event> events;
  std::map<std::string, std::optional<std::string>> zones;  // name -> VTIMEZONE, sorted
  for (const IcalListing& entry : listings) {
    if (!entry.listing) continue;
    for (size_t i = 0; i < entry.listing->schedule.size(); ++i) {
      if (!entry.listing->schedule[i].dates.empty()) {
        for (Event& e : dated_events(*entry.listing, i, entry.url, now)) {
          zones.emplace(e.zone, std::nullopt);
          events.push_back(std::move(e));
        }
        continue;
      }
      if (std::optional<Event> e = make_event(*entry.listing, i, entry.url, now)) {
        zones.emplace(e->zone, std::nullopt);
        events.push_back(std::move(*e));
      }
    }
  }
  for (auto& [name, text] : zones) text = make_vtimezone(name, now);

  std::string out;
  append_prop(out, "BEGIN", "VCALENDAR");
  append_prop(out, "VERSION", "2.0");
  append_prop(out, "PRODID", "-//Kindred//Peer Support Directory//EN");
  append_prop(out, "CALSCALE", "GREGORIAN");
  append_prop(out, "METHOD", "PUBLISH");
  for (const auto& [name, text] : zones) {
    if (text) out += *text;
  }
  for (const Event& e : events) {
    // An event whose zone could not be described would point at a missing VTIMEZONE.
    if (zones.at(e.zone)) out += e.text;
  }
  append_prop(out, "END", "VCALENDAR");
  return out;
}

}  // namespace kindred
