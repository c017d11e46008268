// @brief Tests for core/ical: RFC 5545 structure, folding, escaping, RRULEs, and VTIMEZONEs
// checked against the tz database by evaluating them.
#include "core/ical.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <date/date.h>
#include <catch2/catch.hpp>

#include "core/schedule.h"

namespace kindred {
namespace {

using std::chrono::seconds;

SysSeconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return SysSeconds{date::sys_days{date::year{y} / mo / d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi};
}

const SysSeconds kNow = utc(2026, 1, 15, 12);  // a Thursday

Meeting meeting(std::vector<std::string> days, int start, std::optional<int> end, std::string zone,
                std::string frequency = "weekly", int week = 0, std::string anchor = "") {
  Meeting m;
  m.days = std::move(days);
  m.start_minute = start;
  m.end_minute = end;
  m.timezone = std::move(zone);
  m.frequency = std::move(frequency);
  m.week_of_month = week;
  m.anchor_date = std::move(anchor);
  return m;
}

Listing listing(std::string id, std::string name, std::string description,
                std::vector<Meeting> schedule) {
  Listing l;
  l.id = std::move(id);
  l.name = std::move(name);
  l.description = std::move(description);
  l.schedule = std::move(schedule);
  return l;
}

// ---- A small RFC 5545 reader, enough to check what we write --------------------------

bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// Checks the physical format (CRLF only, lines of at most 75 octets, each a whole UTF-8
// text) and returns the unfolded content lines.
std::vector<std::string> content_lines(const std::string& text) {
  REQUIRE(text.size() >= 2);
  REQUIRE(text.substr(text.size() - 2) == "\r\n");
  std::vector<std::string> physical;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find("\r\n", pos);
    REQUIRE(eol != std::string::npos);
    physical.push_back(text.substr(pos, eol - pos));
    pos = eol + 2;
  }
  std::vector<std::string> out;
  for (const auto& line : physical) {
    INFO("line: " << line);
    CHECK(line.size() <= 75);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(valid_utf8(line));  // a fold never splits a UTF-8 sequence
    CHECK_FALSE(line.empty());
    if (line[0] == ' ') {
      REQUIRE_FALSE(out.empty());
      out.back() += line.substr(1);
    } else {
      out.push_back(line);
    }
  }
  return out;
}

struct Property {
  std::string name;    // "DTSTART"
  std::string params;  // "TZID=America/Los_Angeles" (without the leading ';')
  std::string value;
};

struct Component {
  std::string name;
  std::vector<Property> props;
  std::vector<Component> children;

  std::vector<const Property*> all(const std::string& n) const {
    std::vector<const Property*> out;
    for (const auto& p : props) {
      if (p.name == n) out.push_back(&p);
    }
    return out;
  }
  const Property& one(const std::string& n) const {
    auto found = all(n);
    INFO(name << " should have exactly one " << n);
    REQUIRE(found.size() == 1);
    return *found.front();
  }
  std::string value(const std::string& n) const { return one(n).value; }
  bool has(const std::string& n) const { return !all(n).empty(); }
  std::vector<const Component*> kids(const std::string& n) const {
    std::vector<const Component*> out;
    for (const auto& c : children) {
      if (c.name == n) out.push_back(&c);
    }
    return out;
  }
};

Property parse_property(const std::string& line) {
  size_t colon = line.find(':');
  REQUIRE(colon != std::string::npos);
  Property p;
  std::string head = line.substr(0, colon);
  p.value = line.substr(colon + 1);
  size_t semi = head.find(';');
  p.name = head.substr(0, semi);
  if (semi != std::string::npos) p.params = head.substr(semi + 1);
  return p;
}

// Parses a whole calendar, checking BEGIN/END balance on the way.
Component parse_calendar(const std::string& text) {
  std::vector<Component> stack;
  std::optional<Component> root;
  for (const auto& line : content_lines(text)) {
    Property p = parse_property(line);
    if (p.name == "BEGIN") {
      REQUIRE_FALSE(root);  // nothing after the calendar ends
      stack.push_back(Component{p.value, {}, {}});
    } else if (p.name == "END") {
      REQUIRE_FALSE(stack.empty());
      REQUIRE(stack.back().name == p.value);
      Component done = std::move(stack.back());
      stack.pop_back();
      if (stack.empty()) {
        root = std::move(done);
      } else {
        stack.back().children.push_back(std::move(done));
      }
    } else {
      REQUIRE_FALSE(stack.empty());
      stack.back().props.push_back(std::move(p));
    }
  }
  REQUIRE(stack.empty());
  REQUIRE(root);
  REQUIRE(root->name == "VCALENDAR");
  return *root;
}

// Undoes TEXT escaping.
std::string unescape(const std::string& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += v[i];
    }
  }
  return out;
}

std::map<std::string, std::string> rule_parts(const std::string& rule) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= rule.size()) {
    size_t semi = rule.find(';', pos);
    std::string part = rule.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
    size_t eq = part.find('=');
    if (eq != std::string::npos) out[part.substr(0, eq)] = part.substr(eq + 1);
    if (semi == std::string::npos) break;
    pos = semi + 1;
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) return out;
    pos = next + 1;
  }
}

// ---- Evaluating a VTIMEZONE ----------------------------------------------------------

date::local_seconds parse_local(const std::string& v) {  // "20261101T020000"
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  REQUIRE(std::sscanf(v.c_str(), "%4d%2d%2dT%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) == 6);
  return date::local_seconds{date::local_days{date::year{y} / static_cast<unsigned>(mo) /
                                              static_cast<unsigned>(d)}} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + seconds{s};
}

seconds parse_offset(const std::string& v) {  // "-0800", "+0530", "-075258"
  REQUIRE((v.size() == 5 || v.size() == 7));
  long h = std::stol(v.substr(1, 2)), m = std::stol(v.substr(3, 2));
  long s = v.size() == 7 ? std::stol(v.substr(5, 2)) : 0;
  long total = h * 3600 + m * 60 + s;
  return seconds{v[0] == '-' ? -total : total};
}

const char* const kDays[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

// Onsets (UTC instant, offset after it, offset before it) of every STANDARD/DAYLIGHT in `tz`,
// expanding RDATEs and yearly RRULEs (the forms our writer uses) up to `last_year`.
struct Onset {
  SysSeconds at;
  seconds to, from;
  bool operator<(const Onset& o) const { return at < o.at; }
};

std::vector<Onset> onsets(const Component& tz, int last_year) {
  std::vector<Onset> out;
  for (const auto& sub : tz.children) {
    REQUIRE((sub.name == "STANDARD" || sub.name == "DAYLIGHT"));
    seconds from = parse_offset(sub.value("TZOFFSETFROM"));
    seconds to = parse_offset(sub.value("TZOFFSETTO"));
    date::local_seconds start = parse_local(sub.value("DTSTART"));
    auto add = [&](date::local_seconds wall) {
      out.push_back({SysSeconds{wall.time_since_epoch()} - from, to, from});
    };
    add(start);
    for (const auto* rdate : sub.all("RDATE")) {
      for (const auto& v : split(rdate->value, ',')) add(parse_local(v));
    }
    for (const auto* rrule : sub.all("RRULE")) {
      auto parts = rule_parts(rrule->value);
      REQUIRE(parts["FREQ"] == "YEARLY");
      unsigned month = static_cast<unsigned>(std::stoi(parts["BYMONTH"]));
      std::string by_day = parts["BYDAY"];
      int nth = std::stoi(by_day.substr(0, by_day.size() - 2));
      std::string wd_name = by_day.substr(by_day.size() - 2);
      unsigned wd =
          static_cast<unsigned>(std::find(std::begin(kDays), std::end(kDays), wd_name) - kDays);
      REQUIRE(wd < 7);
      std::optional<SysSeconds> until;
      if (parts.count("UNTIL")) {
        REQUIRE(parts["UNTIL"].back() == 'Z');
        until = SysSeconds{parse_local(parts["UNTIL"]).time_since_epoch()};
      }
      auto start_day = date::floor<date::days>(start);
      auto time_of_day = start - start_day;
      for (int y = static_cast<int>(date::year_month_day{start_day}.year()) + 1; y <= last_year;
           ++y) {
        const date::year_month ym = date::year{y} / date::month{month};
        const date::local_days day =
            nth > 0 ? date::local_days{ym / date::weekday{wd}[static_cast<unsigned>(nth)]}
                    : date::local_days{ym / date::weekday{wd}[date::last]};
        date::local_seconds wall = day + time_of_day;
        if (until && SysSeconds{wall.time_since_epoch()} - from > *until) break;
        add(wall);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The offset format_local() shows ("...-07:00" -> -25200 s); it is exact to the minute.
seconds offset_from_tzdb(SysSeconds t, const std::string& zone) {
  std::string text = format_local(t, zone);
  REQUIRE(text.size() == 25);
  long h = std::stol(text.substr(20, 2)), m = std::stol(text.substr(23, 2));
  return seconds{(text[19] == '-' ? -1 : 1) * (h * 3600 + m * 60)};
}

std::string make_one(const std::vector<Meeting>& schedule, const std::string& url = "",
                     SysSeconds now = kNow) {
  Listing l = listing("fixture-cal", "Fixture Group", "A synthetic listing.", schedule);
  return make_icalendar({{&l, url}}, now);
}

// A copy, so that `only_event(parse_calendar(...))` may be kept.
Component only_event(const Component& cal) {
  auto events = cal.kids("VEVENT");
  REQUIRE(events.size() == 1);
  return *events.front();
}

// ---- Tests ---------------------------------------------------------------------------

TEST_CASE("a calendar: header, one VEVENT per meeting, one VTIMEZONE per zone", "[ical]") {
  Listing a = listing("peer-circle", "Peer Circle", "We meet.",
                      {meeting({"mo", "we"}, 18 * 60 + 30, 20 * 60, "America/Los_Angeles"),
                       meeting({"tu"}, 10 * 60, std::nullopt, "Europe/London", "monthly", 2)});
  Listing b = listing(
      "hearing-voices", "Hearing Voices", "",
      {meeting({"tu"}, 19 * 60, 20 * 60 + 30, "Australia/Sydney", "biweekly", 0, "2026-01-06"),
       meeting({"th"}, 19 * 60, std::nullopt, "America/Los_Angeles")});
  Listing none = listing("forum-only", "Forum", "Open 24/7.", {});
  std::string text = make_icalendar(
      {{&a, "https://example.org/peer-circle"}, {&none, ""}, {nullptr, ""}, {&b, ""}}, kNow);
  Component cal = parse_calendar(text);
  CHECK(text.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(cal.value("VERSION") == "2.0");
  CHECK(cal.value("PRODID") == "-//Kindred//Peer Support Directory//EN");
  CHECK(cal.value("CALSCALE") == "GREGORIAN");
  CHECK(cal.value("METHOD") == "PUBLISH");

  auto zones = cal.kids("VTIMEZONE");
  REQUIRE(zones.size() == 3);  // Los Angeles once, though two meetings use it
  CHECK(zones[0]->value("TZID") == "America/Los_Angeles");
  CHECK(zones[1]->value("TZID") == "Australia/Sydney");
  CHECK(zones[2]->value("TZID") == "Europe/London");

  auto events = cal.kids("VEVENT");
  REQUIRE(events.size() == 4);
  const Component& e0 = *events[0];
  CHECK(e0.value("UID") == "peer-circle-0@kindred");
  CHECK(e0.value("DTSTAMP") == "20260115T120000Z");
  CHECK(e0.one("DTSTART").params == "TZID=America/Los_Angeles");
  CHECK(e0.value("DTSTART") == "20260119T183000");  // the next Monday
  CHECK(e0.one("DTEND").params == "TZID=America/Los_Angeles");
  CHECK(e0.value("DTEND") == "20260119T200000");
  CHECK(e0.value("RRULE") == "FREQ=WEEKLY;BYDAY=MO,WE");
  CHECK(e0.value("SUMMARY") == "Peer Circle");
  CHECK(e0.value("DESCRIPTION") == "We meet.");
  CHECK(e0.value("URL") == "https://example.org/peer-circle");

  const Component& e1 = *events[1];
  CHECK(e1.value("UID") == "peer-circle-1@kindred");
  CHECK(e1.one("DTSTART").params == "TZID=Europe/London");
  CHECK(e1.value("DTSTART") == "20260210T100000");  // 2nd Tuesday of February
  CHECK(e1.value("DTEND") == "20260210T110000");    // no end: one hour
  CHECK(e1.value("RRULE") == "FREQ=MONTHLY;BYDAY=2TU");

  const Component& e2 = *events[2];
  CHECK(e2.value("UID") == "hearing-voices-0@kindred");
  CHECK(e2.one("DTSTART").params == "TZID=Australia/Sydney");
  CHECK(e2.value("DTSTART") == "20260120T190000");  // anchor week Jan 5 + 2 weeks
  CHECK(e2.value("DTEND") == "20260120T203000");
  CHECK(e2.value("RRULE") == "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TU");
  CHECK_FALSE(e2.has("DESCRIPTION"));  // empty description, no note
  CHECK_FALSE(e2.has("URL"));

  const Component& e3 = *events[3];
  CHECK(e3.value("UID") == "hearing-voices-1@kindred");
  CHECK(e3.value("DTSTART") == "20260115T190000");  // later today in Los Angeles

  // Every TZID an event names has its VTIMEZONE.
  for (const auto* e : events) {
    std::string tzid = e->one("DTSTART").params.substr(5);
    CHECK(std::any_of(zones.begin(), zones.end(),
                      [&](const Component* z) { return z->value("TZID") == tzid; }));
  }
}

TEST_CASE("RRULEs for every frequency", "[ical]") {
  auto rrule = [](const Meeting& m) {
    return only_event(parse_calendar(make_one({m}))).value("RRULE");
  };
  CHECK(rrule(meeting({"su", "fr", "mo"}, 600, std::nullopt, "Europe/Paris")) ==
        "FREQ=WEEKLY;BYDAY=MO,FR,SU");
  CHECK(rrule(meeting({"th"}, 600, std::nullopt, "Europe/Paris", "biweekly", 0, "2026-01-08")) ==
        "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TH");
  CHECK(rrule(meeting({"we"}, 600, std::nullopt, "Europe/Paris", "monthly", 0)) ==
        "FREQ=MONTHLY;BYDAY=1WE");
  CHECK(rrule(meeting({"tu"}, 600, std::nullopt, "Europe/Paris", "monthly", 5)) ==
        "FREQ=MONTHLY;BYDAY=5TU");
  CHECK(rrule(meeting({"fr"}, 600, std::nullopt, "Europe/Paris", "monthly", -1)) ==
        "FREQ=MONTHLY;BYDAY=-1FR");
  CHECK(rrule(meeting({"th", "mo"}, 600, std::nullopt, "Europe/Paris", "monthly", 3)) ==
        "FREQ=MONTHLY;BYDAY=3MO,3TH");
}

TEST_CASE("DTSTART is the first occurrence after now, at the scheduled wall time", "[ical]") {
  // Last Friday of January 2026 is the 30th; a biweekly series anchored in the future starts there.
  CHECK(only_event(parse_calendar(make_one(
                       {meeting({"fr"}, 19 * 60, std::nullopt, "America/Denver", "monthly", -1)})))
            .value("DTSTART") == "20260130T190000");
  CHECK(
      only_event(parse_calendar(make_one({meeting({"tu"}, 18 * 60, std::nullopt, "America/Chicago",
                                                  "biweekly", 0, "2026-03-03")})))
          .value("DTSTART") == "20260303T180000");
  // The series' first day is 2026-03-08, when 02:30 does not exist in Los Angeles: DTSTART
  // keeps 02:30 (the series' time of day); core/schedule.h places that one at 03:00.
  const Component gap = only_event(parse_calendar(make_one(
      {meeting({"su"}, 2 * 60 + 30, 3 * 60 + 30, "America/Los_Angeles")}, "", utc(2026, 3, 2))));
  CHECK(gap.value("DTSTART") == "20260308T023000");
  CHECK(gap.value("DTEND") == "20260308T033000");
  // A meeting under way at `now` is not the first: the next one is.
  CHECK(only_event(parse_calendar(make_one({meeting({"th"}, 11 * 60 + 30, 13 * 60, "Etc/UTC")})))
            .value("DTSTART") == "20260122T113000");
}

TEST_CASE("TEXT values are escaped and the note follows the description", "[ical]") {
  Meeting m = meeting({"mo"}, 600, std::nullopt, "Europe/London");
  m.note = "Door code; ask at desk, or call";
  Listing l = listing("escape-me", "Anxiety, Panic; & Worry \\ Group",
                      "Line one\nLine two\r\nLine three\rEnd\x01\x7F", {m});
  std::string text = make_icalendar({{&l, ""}}, kNow);
  const Component e = only_event(parse_calendar(text));
  CHECK(e.value("SUMMARY") == "Anxiety\\, Panic\\; & Worry \\\\ Group");
  CHECK(e.value("DESCRIPTION") ==
        "Line one\\nLine two\\nLine three\\nEnd\\n\\nDoor code\\; ask at desk\\, or call");
  CHECK(unescape(e.value("SUMMARY")) == l.name);
  CHECK(unescape(e.value("DESCRIPTION")) ==
        "Line one\nLine two\nLine three\nEnd\n\nDoor code; ask at desk, or call");
  // No bare CR or LF and no control character anywhere but the CRLFs.
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      CHECK(text[i + 1] == '\n');
    } else if (c == '\n') {
      CHECK(text[i - 1] == '\r');
    } else {
      CHECK((c >= 0x20 && c != 0x7F));
    }
  }
}

TEST_CASE("long lines fold at 75 octets without splitting UTF-8, and unfold to the text",
          "[ical]") {
  // Every alignment of 2-, 3- and 4-byte characters against the fold points.
  for (int pad = 0; pad < 4; ++pad) {
    std::string description(static_cast<size_t>(pad), 'x');
    for (int i = 0; i < 12; ++i) description += "Grupo de apoyo — ñandú, 日本語の会; 😊 together ";
    std::string name(static_cast<size_t>(pad), 'y');
    for (int i = 0; i < 60; ++i) name += (i % 3 == 0) ? "é" : (i % 3 == 1) ? "語" : "🌱";
    Listing l = listing("fold-me", name, description,
                        {meeting({"mo"}, 600, std::nullopt, "Europe/London")});
    std::string text = make_icalendar({{&l, ""}}, kNow);
    INFO("pad " << pad);
    const Component e = only_event(parse_calendar(text));  // checks lengths and UTF-8 per line
    CHECK(unescape(e.value("SUMMARY")) == name);
    CHECK(unescape(e.value("DESCRIPTION")) == description);
    // The folds really happened: the longest physical line is exactly at the limit or
    // just under it (a multi-byte character that would cross is moved to the next line).
    size_t longest = 0, pos = 0;
    while (pos < text.size()) {
      size_t eol = text.find("\r\n", pos);
      longest = std::max(longest, eol - pos);
      pos = eol + 2;
    }
    CHECK(longest <= 75);
    CHECK(longest >= 72);
  }
}

TEST_CASE("invalid UTF-8 becomes U+FFFD; URLs are encoded or dropped", "[ical]") {
  Listing l = listing("bad-bytes", "Caf\xC3 \xE9t\xC3\xA9 \xF0\x9F", "Surrogate \xED\xA0\x80 end",
                      {meeting({"mo"}, 600, std::nullopt, "Europe/London")});
  const Component e = only_event(parse_calendar(make_icalendar({{&l, ""}}, kNow)));
  CHECK(e.value("SUMMARY") == "Caf\xEF\xBF\xBD \xEF\xBF\xBDt\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(e.value("DESCRIPTION") == "Surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end");

  auto url_of = [&](const std::string& url) {
    Component cal = parse_calendar(make_icalendar({{&l, url}}, kNow));
    const Component ev = only_event(cal);
    return ev.has("URL") ? ev.value("URL") : std::string("(none)");
  };
  CHECK(url_of("https://example.org/a?b=c;d=e,f") ==
        "https://example.org/a?b=c;d=e,f");  // URI: not escaped
  CHECK(url_of("https://example.org/grupo español") == "https://example.org/grupo%20espa%C3%B1ol");
  CHECK(url_of("https://example.org/\r\nX-EVIL:1") == "(none)");
  CHECK(url_of("") == "(none)");
}

TEST_CASE("meetings that cannot be placed in time give no event and no zone", "[ical]") {
  Listing l =
      listing("unplaceable", "Unplaceable", "",
              {meeting({"mo"}, 600, std::nullopt, "Mars/Olympus_Mons"),
               meeting({"mo"}, 600, std::nullopt, "Europe/London", "biweekly"),  // no anchor
               meeting({"mo"}, 600, std::nullopt, "Asia/Tokyo")});
  Component cal = parse_calendar(make_icalendar({{&l, ""}}, kNow));
  auto events = cal.kids("VEVENT");
  REQUIRE(events.size() == 1);
  CHECK(events[0]->value("UID") == "unplaceable-2@kindred");  // the index into the schedule
  auto zones = cal.kids("VTIMEZONE");
  REQUIRE(zones.size() == 1);
  CHECK(zones[0]->value("TZID") == "Asia/Tokyo");

  Listing empty = listing("no-schedule", "No schedule", "", {});
  Component bare = parse_calendar(make_icalendar({{&empty, ""}}, kNow));
  CHECK(bare.children.empty());
  CHECK(bare.value("VERSION") == "2.0");
  CHECK(parse_calendar(make_icalendar({}, kNow)).children.empty());
}

TEST_CASE("VTIMEZONE for Los Angeles: PST/PDT with the US rules", "[ical]") {
  Component cal =
      parse_calendar(make_one({meeting({"mo"}, 600, std::nullopt, "America/Los_Angeles")}));
  const Component& tz = *cal.kids("VTIMEZONE").at(0);
  auto standard = tz.kids("STANDARD");
  auto daylight = tz.kids("DAYLIGHT");
  REQUIRE(standard.size() == 1);
  REQUIRE(daylight.size() == 1);
  CHECK(standard[0]->value("TZOFFSETFROM") == "-0700");
  CHECK(standard[0]->value("TZOFFSETTO") == "-0800");
  CHECK(standard[0]->value("TZNAME") == "PST");
  CHECK(standard[0]->value("DTSTART") == "20251102T020000");  // the period in effect at `now`
  CHECK(standard[0]->value("RRULE") == "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU");
  CHECK(daylight[0]->value("TZOFFSETFROM") == "-0800");
  CHECK(daylight[0]->value("TZOFFSETTO") == "-0700");
  CHECK(daylight[0]->value("TZNAME") == "PDT");
  CHECK(daylight[0]->value("DTSTART") == "20260308T020000");
  CHECK(daylight[0]->value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU");
}

TEST_CASE("VTIMEZONE for London and for zones without DST", "[ical]") {
  Component cal = parse_calendar(make_one({meeting({"mo"}, 600, std::nullopt, "Europe/London"),
                                           meeting({"mo"}, 600, std::nullopt, "Asia/Kolkata"),
                                           meeting({"mo"}, 600, std::nullopt, "Etc/UTC")}));
  auto zones = cal.kids("VTIMEZONE");
  REQUIRE(zones.size() == 3);
  const Component& kolkata = *zones[0];
  CHECK(kolkata.value("TZID") == "Asia/Kolkata");
  REQUIRE(kolkata.children.size() == 1);
  CHECK(kolkata.children[0].name == "STANDARD");
  CHECK(kolkata.children[0].value("TZOFFSETTO") == "+0530");
  CHECK_FALSE(kolkata.children[0].has("RRULE"));
  const Component& utc_zone = *zones[1];
  CHECK(utc_zone.value("TZID") == "Etc/UTC");
  REQUIRE(utc_zone.children.size() == 1);
  CHECK(utc_zone.children[0].value("TZOFFSETFROM") == "+0000");
  CHECK(utc_zone.children[0].value("TZOFFSETTO") == "+0000");
  const Component& london = *zones[2];
  CHECK(london.value("TZID") == "Europe/London");
  CHECK(london.kids("DAYLIGHT").at(0)->value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
  CHECK(london.kids("DAYLIGHT").at(0)->value("TZOFFSETTO") == "+0100");
  CHECK(london.kids("STANDARD").at(0)->value("RRULE") == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
  CHECK(london.kids("STANDARD").at(0)->value("TZOFFSETTO") == "+0000");
}

TEST_CASE("VTIMEZONE labels: DAYLIGHT is the higher offset, even with negative DST", "[ical]") {
  // tzdata flags Ireland's winter GMT as the daylight-saving period (IST is "standard").
  Component cal = parse_calendar(make_one({meeting({"mo"}, 600, std::nullopt, "Europe/Dublin")}));
  const Component& dublin = *cal.kids("VTIMEZONE").at(0);
  REQUIRE(dublin.kids("DAYLIGHT").size() == 1);
  REQUIRE(dublin.kids("STANDARD").size() == 1);
  CHECK(dublin.kids("DAYLIGHT")[0]->value("TZOFFSETTO") == "+0100");
  CHECK(dublin.kids("DAYLIGHT")[0]->value("TZNAME") == "IST");
  CHECK(dublin.kids("STANDARD")[0]->value("TZOFFSETTO") == "+0000");
}

TEST_CASE("VTIMEZONE rules stop where the tz files stop (2037)", "[ical]") {
  Component cal = parse_calendar(
      make_one({meeting({"mo"}, 600, std::nullopt, "America/Los_Angeles")}, "", utc(2030, 6, 1)));
  const Component& tz = *cal.kids("VTIMEZONE").at(0);
  CHECK(tz.kids("DAYLIGHT").at(0)->value("RRULE") ==
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU;UNTIL=20370308T100000Z");
  CHECK(tz.kids("STANDARD").at(0)->value("RRULE") ==
        "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU;UNTIL=20371101T090000Z");
}

TEST_CASE("every VTIMEZONE, evaluated, gives the tz database's offsets for years ahead", "[ical]") {
  // Regular rules (RRULE), southern hemisphere, half-hour DST (Lord Howe), 45-minute
  // offsets, rules no n-th weekday expresses (Santiago, Gaza: RDATEs), negative DST
  // (Dublin), a permanent change of offset (Casablanca, 2026-09-20), no DST at all.
  // From 2030 the window runs past 2037, where the system's tz files stop: UNTIL.
  const std::vector<std::string> names = {"America/Los_Angeles",
                                          "Europe/London",
                                          "Australia/Sydney",
                                          "Australia/Adelaide",
                                          "Australia/Lord_Howe",
                                          "Pacific/Chatham",
                                          "America/St_Johns",
                                          "America/Santiago",
                                          "Africa/Casablanca",
                                          "Asia/Gaza",
                                          "Asia/Kolkata",
                                          "Asia/Kathmandu",
                                          "Etc/UTC",
                                          "Europe/Dublin"};
  for (SysSeconds now : {kNow, utc(2026, 7, 1), utc(2030, 3, 29, 1)}) {
    std::vector<Meeting> schedule;
    for (const auto& n : names) schedule.push_back(meeting({"mo"}, 600, std::nullopt, n));
    Component cal = parse_calendar(make_one(schedule, "", now));
    auto zones = cal.kids("VTIMEZONE");
    REQUIRE(zones.size() == names.size());
    for (const auto* tz : zones) {
      const std::string name = tz->value("TZID");
      INFO(name << " from " << format_local(now, "Etc/UTC"));
      auto list = onsets(*tz, 2040);
      REQUIRE_FALSE(list.empty());
      REQUIRE(list.front().at <= now);
      auto offset_at = [&](SysSeconds t) {
        auto it = std::upper_bound(list.begin(), list.end(), Onset{t, {}, {}});
        return std::prev(it)->to;
      };
      // Every six hours for nine years, and either side of every onset.
      const SysSeconds end = now + std::chrono::hours{24 * 365 * 9};
      int mismatches = 0;
      for (SysSeconds t = now; t < end && mismatches < 5; t += std::chrono::hours{6}) {
        if (offset_at(t) != offset_from_tzdb(t, name)) {
          ++mismatches;
          FAIL_CHECK("offset differs at " << format_local(t, "Etc/UTC"));
        }
      }
      for (const auto& [at, to, from] : list) {
        if (at < now || at > end) continue;
        CHECK(offset_from_tzdb(at, name) == to);
        CHECK(offset_from_tzdb(at - seconds{1}, name) == from);  // TZOFFSETFROM is right too
        CHECK(offset_at(at - seconds{1}) == from);
      }
      if (name == "America/Santiago") {  // "first Sunday on or after the 2nd": no n-th rule
        bool rdate = false;
        for (const auto& sub : tz->children) rdate = rdate || sub.has("RDATE");
        CHECK(rdate);
      }
    }
  }
}

}  // namespace
}  // namespace kindred
