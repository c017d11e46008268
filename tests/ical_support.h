// @brief Helpers of the iCalendar tests: a small RFC 5545 parser, and VTIMEZONE rules
// evaluated to UTC offsets so they can be compared with the tz database.
#pragma once

#include "core/schedule/ical.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <date/date.h>
#include <catch2/catch.hpp>

#include "core/schedule/schedule.h"

namespace kindred::ical_test {


using std::chrono::seconds;

inline SysSeconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return SysSeconds{date::sys_days{date::year{y} / mo / d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi};
}

const SysSeconds kNow = utc(2026, 1, 15, 12);  // a Thursday

inline Meeting meeting(std::vector<std::string> days, int start, std::optional<int> end, std::string zone,
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

inline Listing listing(std::string id, std::string name, std::string description,
                std::vector<Meeting> schedule) {
  Listing l;
  l.id = std::move(id);
  l.name = std::move(name);
  l.description = std::move(description);
  l.schedule = std::move(schedule);
  return l;
}

// ---- A small RFC 5545 reader, enough to check what we write --------------------------

inline bool valid_utf8(const std::string& s) {
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
inline std::vector<std::string> content_lines(const std::string& text) {
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

inline Property parse_property(const std::string& line) {
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
inline Component parse_calendar(const std::string& text) {
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
inline std::string unescape(const std::string& v) {
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

inline std::map<std::string, std::string> rule_parts(const std::string& rule) {
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

inline std::vector<std::string> split(const std::string& s, char sep) {
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

inline date::local_seconds parse_local(const std::string& v) {  // "20261101T020000"
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  REQUIRE(std::sscanf(v.c_str(), "%4d%2d%2dT%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) == 6);
  return date::local_seconds{date::local_days{date::year{y} / static_cast<unsigned>(mo) /
                                              static_cast<unsigned>(d)}} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + seconds{s};
}

inline seconds parse_offset(const std::string& v) {  // "-0800", "+0530", "-075258"
  REQUIRE((v.size() == 5 || v.size() == 7));
  long h = std::stol(v.substr(1, 2)), m = std::stol(v.substr(3, 2));
  long s = v.size() == 7 ? std::stol(v.substr(5, 2)) : 0;
  long total = h * 3600 + m * 60 + s;
  return seconds{v[0] == '-' ? -total : total};
}

inline const char* const kDays[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

// Onsets (UTC instant, offset after it, offset before it) of every STANDARD/DAYLIGHT in `tz`,
// expanding RDATEs and yearly RRULEs (the forms our writer uses) up to `last_year`.
struct Onset {
  SysSeconds at;
  seconds to, from;
  bool operator<(const Onset& o) const { return at < o.at; }
};

inline std::vector<Onset> onsets(const Component& tz, int last_year) {
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
inline seconds offset_from_tzdb(SysSeconds t, const std::string& zone) {
  std::string text = format_local(t, zone);
  REQUIRE(text.size() == 25);
  long h = std::stol(text.substr(20, 2)), m = std::stol(text.substr(23, 2));
  return seconds{(text[19] == '-' ? -1 : 1) * (h * 3600 + m * 60)};
}

inline std::string make_one(const std::vector<Meeting>& schedule, const std::string& url = "",
                     SysSeconds now = kNow) {
  Listing l = listing("fixture-cal", "Fixture Group", "A synthetic listing.", schedule);
  return make_icalendar({{&l, url}}, now);
}

// A copy, so that `only_event(parse_calendar(...))` may be kept.
inline Component only_event(const Component& cal) {
  auto events = cal.kids("VEVENT");
  REQUIRE(events.size() == 1);
  return *events.front();
}

// ---- Tests ---------------------------------------------------------------------------


}  // namespace kindred::ical_test
