// @brief Tests for core/schedule/ical: RFC 5545 structure, events, RRULEs, DTSTART, folding
// and escaping.
#include "tests/ical_support.h"

#include <catch2/catch.hpp>

namespace kindred {
namespace {

using namespace ical_test;
using std::chrono::seconds;

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
  // keeps 02:30 (the series' time of day); core/schedule/schedule.h places that one at 03:00.
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

TEST_CASE("invalid UTF-8 becomes U+FFFD, URLs are encoded or dropped", "[ical]") {
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

}  // namespace
}  // namespace kindred
