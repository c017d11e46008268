// @brief Courses, terms and dated events (issue 17) over a real index built from the
// synthetic tests/fixtures/courses, through the searcher and through HTTP: next sessions,
// ended courses, a term across a DST change, exact `starts` counts, sort=next, and the
// .ics read back by Debian's python3-icalendar.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "core/base/utc_time.h"
#include "core/index/index_snapshot.h"
#include "core/listing/listing_source.h"
#include "core/schedule/schedule.h"
#include "core/search/search.h"
#include "tests/search_support.h"
#include "tests/http_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

using Clock = std::chrono::system_clock;

Clock::time_point at(const char* text) {
  auto t = parse_utc_time(text);
  if (!t) throw std::runtime_error(std::string("bad time in test: ") + text);
  return *t;
}

const std::string& courses_index() {
  static test::TempDir dir;
  static const std::string path = [] {
    std::string out = dir.file("index");
    auto r = test::run_command(test::binary_path("indexer/kindred-index") + " build --data tests/fixtures/courses --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the courses index failed:\n" + r.output);
    return out;
  }();
  return path;
}

Searcher& searcher() {
  static LiveIndex live(courses_index());
  static Searcher s = [] {
    auto opened = Searcher::open(live, test::vocabulary(), test::gazetteer());
    if (!opened) throw std::runtime_error(opened.error().message);
    return std::move(opened).value();
  }();
  return s;
}

test::TestServer& server() {
  static test::TestServer s(courses_index(), test::fixture_web_dir());
  return s;
}

const std::vector<LoadedListing>& fixture_listings() {
  static const std::vector<LoadedListing> all = [] {
    auto files = find_listing_files(test::source_path("tests/fixtures/courses"));
    if (!files) throw std::runtime_error(files.error().message);
    ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
    LoadResult r = load_listings(*files, validator);
    if (!r.rejected.empty()) throw std::runtime_error("a course fixture was refused: " + format_problem(r.problems.at(0)));
    return r.accepted;
  }();
  return all;
}

SearchResult search_at(Clock::time_point now, std::map<std::string, FacetFilter> filters = {},
                       SortOrder sort = SortOrder::kRelevance) {
  SearchRequest r;
  r.now = now;
  r.filters = std::move(filters);
  r.sort = sort;
  r.per_page = 100;
  auto result = searcher().search(r);
  REQUIRE(result);
  return std::move(result).value();
}

const Hit* find(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("courses: a two-session course has its first future session as next_meeting", "[courses]") {
  SearchResult before = search_at(at("2026-12-01T12:00:00Z"));
  const Hit* course = find(before, "fixture-course-good-sleep");
  REQUIRE(course);
  REQUIRE(course->next_meeting);
  CHECK(course->next_meeting->start == "2027-01-12T18:00:00-07:00");
  CHECK(course->next_meeting->timezone == "America/Boise");
  REQUIRE(course->sessions.size() == 2);  // the dates were given out of order
  CHECK(course->sessions[0].start == "2027-01-12T18:00:00-07:00");
  CHECK(course->session_ends[1] == "2027-01-19T20:00:00-07:00");
  REQUIRE(course->registration);
  CHECK(course->registration->deadline == "2027-01-05");

  // Between the sessions: the second one is next.
  SearchResult between = search_at(at("2027-01-13T12:00:00Z"));
  course = find(between, "fixture-course-good-sleep");
  REQUIRE(course);
  REQUIRE(course->next_meeting);
  CHECK(course->next_meeting->start == "2027-01-19T18:00:00-07:00");
}

TEST_CASE("courses: the day after its last session a course is not found, yet reachable by id marked ended", "[courses]") {
  SearchResult after = search_at(at("2027-01-20T12:00:00Z"));
  CHECK_FALSE(find(after, "fixture-course-good-sleep"));
  CHECK(find(after, "fixture-weekly-ongoing-group"));  // an ongoing group never ends
  // The total and every count leave it out too.
  SearchResult before = search_at(at("2027-01-19T12:00:00Z"));
  CHECK(find(before, "fixture-course-good-sleep"));
  CHECK(after.total + 1 == before.total);

  auto body = server().get("/api/v1/search?now=2027-01-20T12:00:00Z&per_page=100");
  REQUIRE(body.status == 200);
  CHECK(body.body.find("fixture-course-good-sleep") == std::string::npos);
  auto during = server().get("/api/v1/search?now=2027-01-19&per_page=100");
  REQUIRE(during.status == 200);
  CHECK(during.body.find("fixture-course-good-sleep") != std::string::npos);

  auto ended = server().get("/api/v1/listings/fixture-course-good-sleep?now=2027-01-20T12:00:00Z");
  REQUIRE(ended.status == 200);
  auto doc = test::json(ended);
  CHECK(doc["computed"]["ended"].GetBool());
  CHECK_FALSE(doc["computed"].HasMember("next_meeting"));
  REQUIRE(doc["computed"]["sessions"].Size() == 2);
  CHECK(std::string(doc["computed"]["sessions"][1]["start"].GetString()) == "2027-01-19T18:00:00-07:00");

  auto open = server().get("/api/v1/listings/fixture-course-good-sleep?now=2027-01-13T00:00:00Z");
  REQUIRE(open.status == 200);
  CHECK_FALSE(test::json(open)["computed"]["ended"].GetBool());

  auto bad = server().get("/api/v1/listings/fixture-course-good-sleep?now=yesterday");
  CHECK(bad.status == 400);
  CHECK(bad.body.find("now:") != std::string::npos);
  auto bad_search = server().get("/api/v1/search?now=2027-02-30");
  CHECK(bad_search.status == 400);
}

TEST_CASE("courses: a term-bound weekly group ends on its until date across a DST change", "[courses]") {
  // America/Boise moves to MDT on Sunday 14 March 2027.
  SearchResult before_dst = search_at(at("2027-03-08T12:00:00Z"));
  const Hit* group = find(before_dst, "fixture-term-tuesday-circle");
  REQUIRE(group);
  REQUIRE(group->next_meeting);
  CHECK(group->next_meeting->start == "2027-03-09T18:30:00-07:00");
  CHECK(group->until == "2027-03-16");

  SearchResult after_dst = search_at(at("2027-03-10T12:00:00Z"));
  group = find(after_dst, "fixture-term-tuesday-circle");
  REQUIRE(group);
  REQUIRE(group->next_meeting);
  CHECK(group->next_meeting->start == "2027-03-16T18:30:00-06:00");  // the last one, in MDT

  // During the last meeting (19:00 MDT = 01:00Z): still found, nothing next.
  SearchResult last = search_at(at("2027-03-17T01:00:00Z"));
  group = find(last, "fixture-term-tuesday-circle");
  REQUIRE(group);
  CHECK_FALSE(group->next_meeting);

  // Its end (20:00 MDT = 02:00Z) is the end of the term.
  CHECK_FALSE(find(search_at(at("2027-03-17T02:00:00Z")), "fixture-term-tuesday-circle"));
  // Before its first day, it has not begun: its first meeting is next.
  SearchResult early = search_at(at("2026-12-01T12:00:00Z"));
  group = find(early, "fixture-term-tuesday-circle");
  REQUIRE(group);
  REQUIRE(group->next_meeting);
  CHECK(group->next_meeting->start == "2027-01-12T18:30:00-07:00");

  auto over = server().get("/api/v1/listings/fixture-term-tuesday-circle?now=2027-03-18");
  REQUIRE(over.status == 200);
  CHECK(test::json(over)["computed"]["ended"].GetBool());
}

TEST_CASE("courses: starts counts are exact at every now, against a brute force over the fixture", "[courses]") {
  const std::vector<std::string> values = {"this-week", "this-month", "later"};
  int checked_nonzero = 0;
  for (auto now = at("2026-12-01T00:00:00Z"); now < at("2027-05-01T00:00:00Z"); now += std::chrono::hours(24 * 3 + 7)) {
    for (bool with_topic : {false, true}) {
      std::map<std::string, FacetFilter> filters;
      if (with_topic) filters["topic"].include = {"general-mental-health"};
      SearchResult r = search_at(now, filters);
      SearchResult selected = search_at(now, [&] {
        auto f = filters;
        f["starts"].include = {"this-week", "later"};
        return f;
      }());
      std::map<std::string, uint64_t> want;
      uint64_t want_selected = 0;
      for (const auto& l : fixture_listings()) {
        const Listing& listing = l.listing;
        auto end = schedule_end(listing.schedule);
        if (end && *end <= now) continue;  // ended: not found
        if (with_topic && std::find(listing.topics.begin(), listing.topics.end(), "general-mental-health") == listing.topics.end()) continue;
        // Brute force: the earliest session of every meeting, by walking the days.
        std::optional<Clock::time_point> start;
        bool every = !listing.schedule.empty();
        for (const Meeting& m : listing.schedule) {
          auto first = first_occurrence(m);
          if (!first) every = false;
          else if (!start || first->start < *start) start = first->start;
        }
        if (!every || !start || *start <= now) continue;
        auto days = std::chrono::duration_cast<std::chrono::seconds>(*start - now).count();
        std::string bucket = days <= 7 * 86400 ? "this-week" : days <= 31 * 86400 ? "this-month" : "later";
        ++want[bucket];
        if (bucket != "this-month") ++want_selected;
      }
      for (const auto& v : values) {
        INFO(utc_rfc3339(now) << " " << v << (with_topic ? " with topic" : ""));
        CHECK(test::facet_count(r, "starts", v) == want[v]);
        // Disjunctive: the facet's own selection does not narrow its own counts.
        CHECK(test::facet_count(selected, "starts", v) == want[v]);
        if (want[v] > 0) ++checked_nonzero;
      }
      CHECK(selected.total == want_selected);
    }
  }
  CHECK(checked_nonzero > 20);  // the windows were not all empty
}

TEST_CASE("courses: day and time_of_day count dated sessions, and sort=next orders courses and meetings together", "[courses]") {
  SearchResult r = search_at(at("2026-12-01T12:00:00Z"));
  // Tuesdays: the sleep course (12 and 19 Jan), the term circle, the inner-critic course,
  // and the cohort (Monday 1 to Wednesday 3 February).
  CHECK(test::facet_count(r, "day", "tu") == 4);
  CHECK(test::facet_count(r, "day", "mo") == 1);
  CHECK(test::facet_count(r, "day", "fr") == 1);  // the boundaries workshop
  CHECK(test::facet_count(r, "time_of_day", "morning") == 2);

  SearchResult next = search_at(at("2026-12-01T12:00:00Z"), {}, SortOrder::kNext);
  std::vector<std::string> order;
  for (const auto& h : next.hits) order.push_back(h.id);
  std::vector<std::string> want = {"fixture-weekly-ongoing-group", "fixture-course-boundaries-soon",
                                   "fixture-course-good-sleep", "fixture-term-tuesday-circle",
                                   "fixture-cohort-peer-specialist", "fixture-course-inner-critic-later"};
  CHECK(order == want);
}

TEST_CASE("courses: the .ics of a course reads back in python3-icalendar with the right dates and zone", "[courses]") {
  // Debian's interpreter, where the python3-icalendar package installs (not a pyenv one).
  if (test::run_command("/usr/bin/python3 -c 'import icalendar'").exit_code != 0) {
    FAIL("python3-icalendar is not installed (a test package: scripts/lib.sh KINDRED_TEST_PACKAGES)");
  }
  test::TempDir dir;
  auto read_back = [&](const std::string& id) {
    auto r = server().get("/api/v1/listings/" + id + ".ics?now=2026-12-01T12:00:00Z");
    REQUIRE(r.status == 200);
    std::string file = dir.file(id + ".ics");
    test::write_file(file, r.body);
    std::string script = dir.file("read.py");
    test::write_file(script,
                     "import sys, icalendar\n"
                     "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
                     "for e in cal.walk('VEVENT'):\n"
                     "    s, t = e['DTSTART'].dt, e['DTEND'].dt\n"
                     "    rule = e.get('RRULE')\n"
                     "    until = rule['UNTIL'][0].isoformat() if rule and 'UNTIL' in rule else ''\n"
                     "    print(s.isoformat(), t.isoformat(), e['DTSTART'].params.get('TZID'), until)\n");
    auto out = test::run_command("/usr/bin/python3 " + script + " " + file);
    REQUIRE(out.exit_code == 0);
    return out.output;
  };
  CHECK(read_back("fixture-course-good-sleep") ==
        "2027-01-12T18:00:00-07:00 2027-01-12T20:00:00-07:00 America/Boise \n"
        "2027-01-19T18:00:00-07:00 2027-01-19T20:00:00-07:00 America/Boise \n");
  // The term: weekly from its first meeting, UNTIL its last (18:30 MDT = 00:30Z).
  CHECK(read_back("fixture-term-tuesday-circle") ==
        "2027-01-12T18:30:00-07:00 2027-01-12T20:00:00-07:00 America/Boise 2027-03-17T00:30:00+00:00\n");
}

}  // namespace kindred
