// @brief Every crash the fuzz targets and sanitizers found (issue 8), as a plain test of
// the normal suite: the input that crashed, and what must happen instead. The fuzz
// targets themselves are in tests/fuzz (README.md there has the runs and findings).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/interop/feed_text.h"
#include "core/interop/hsds_import.h"
#include "core/interop/meeting_guide.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

constexpr const char* kToday = "2026-11-22";

// A valid listing whose description is replaced; the rest is what validate_test uses.
std::string listing_with_description(const std::string& description) {
  rapidjson::Document doc;
  doc.Parse(R"json({
    "id": "fixture-fuzz", "name": "Fuzz Group (fixture)", "kind": "support-group",
    "description": "Synthetic test fixture.",
    "organization": {"name": "Fixture Org (synthetic)", "url": "https://fixture.example/"},
    "topics": ["depression"], "attendance": ["online"], "languages": ["en"], "service_area": ["US"],
    "cost": "free", "facilitation": "peer-led", "contact": {"url": "https://fixture.example/fuzz"},
    "last_verified": "2025-05-05",
    "sources": [{"name": "Synthetic fixture", "url": "https://fixture.example/src", "date": "2025-05-05"}]
  })json");
  doc["description"].SetString(description.c_str(),
                               static_cast<rapidjson::SizeType>(description.size()),
                               doc.GetAllocator());
  return to_json(doc);
}


FeedSpec feed(const std::string& format) {
  FeedSpec f;
  f.id = "fz";
  f.url = "https://feed.example/feed.json";
  f.format = format;
  f.defaults.topics = {"substance-use"};
  f.defaults.timezone = "America/Toronto";
  return f;
}

ImportContext context() {
  return ImportContext{test::gazetteer(), &test::meeting_guide_types(), "2026-11-20", kToday};
}

}  // namespace

// fuzz_listing, first minute: RapidJSON's MemberEnd() of a value that is not an object
// (UBSan: offset applied to a null pointer; an assertion in a debug build).
TEST_CASE("fuzz regression: JSON Lines lines that are not objects are rejected, not crashed on",
          "[fuzz_regressions][source]") {
  test::TempDir dir;
  const std::string file = dir.file("lines.jsonl");
  test::write_file(file, "1\n\"text\"\n[]\nnull\n{\"id\": 7}\n");
  ListingValidator validator(test::schema(), test::gazetteer(), kToday);
  LoadResult r = load_listings({file}, validator);
  CHECK(r.accepted.empty());
  CHECK(r.rejected.size() == 5);
  REQUIRE_FALSE(r.problems.empty());
  CHECK(r.problems.front().problem.path.rfind("line 1", 0) == 0);
}

// fuzz_listing, first long run (tests/fuzz/regressions/listing/duplicate-member-fails-enum):
// a member given twice, the second copy breaking an enum, crashed the schema checker with
// a null dereference: `kindred-index validate` and the server's submission route with it.
TEST_CASE(
    "fuzz regression: a duplicated member with a bad second value is reported, not crashed on",
    "[fuzz_regressions][validate]") {
  ListingValidator validator(test::schema(), test::gazetteer(), kToday);
  std::string listing = listing_with_description("Synthetic test fixture.");
  const std::vector<std::string> extras = {",\"kind\":\"x\"}", ",\"description\":\"\"}",
                                           ",\"cost\":3}"};
  for (const std::string& extra : extras) {
    rapidjson::Document doc;
    REQUIRE(parse_json(listing.substr(0, listing.size() - 1) + extra, doc).ok());
    auto problems = validator.validate(doc, "");
    INFO(extra);
    REQUIRE_FALSE(problems.empty());
    CHECK(std::any_of(problems.begin(), problems.end(), [](const Problem& p) {
      return p.message == "field appears more than once";
    }));
  }
}

// Found by review while writing fuzz_listing, then confirmed: 200,000 '[' crashed
// `kindred-index validate` (stack overflow in RapidJSON's recursive parser), and a feed
// body could do the same to `kindred-index fetch` and `build`.
TEST_CASE("fuzz regression: JSON nested deeper than 256 levels is refused with its position",
          "[fuzz_regressions][source][feeds]") {
  rapidjson::Document doc;
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  Status s = parse_json(deep, doc);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kInvalidArgument);
  CHECK(s.error().message == "line 1, column 257: invalid JSON: nested deeper than 256 levels");

  // The limit is exactly 256 levels; brackets inside strings do not count.
  CHECK(parse_json(std::string(256, '[') + std::string(256, ']'), doc).ok());
  CHECK_FALSE(parse_json(std::string(257, '[') + std::string(257, ']'), doc).ok());
  CHECK(parse_json("[\"" + std::string(1000, '[') + "\\\"{\"]", doc).ok());

  test::TempDir dir;
  test::write_file(dir.file("deep.json"), deep);
  ListingValidator validator(test::schema(), test::gazetteer(), kToday);
  LoadResult r = load_listings({dir.file("deep.json")}, validator);
  CHECK(r.accepted.empty());
  REQUIRE(r.problems.size() == 1);
  CHECK_THAT(r.problems[0].problem.message, Catch::Contains("nested deeper than 256 levels"));

  auto mg = import_meeting_guide(feed("meeting-guide"), deep, context());
  REQUIRE_FALSE(mg.ok());
  CHECK(mg.error().code == ErrorCode::kInvalidArgument);
  auto hsds = import_hsds(feed("hsds"), "{\"contents\":" + deep + "}", context());
  REQUIRE_FALSE(hsds.ok());
  CHECK(hsds.error().code == ErrorCode::kInvalidArgument);
}

// fuzz_meeting_guide (tests/fuzz/regressions/meeting_guide/lone-surrogate): RapidJSON
// 1.1.0 turns the escape of a lone low surrogate into bytes that are not UTF-8. An
// imported meeting named "Trenton \uDC00Group" became a listing our own parser refused,
// and the same escape in a listing file was accepted, indexed and served as broken UTF-8.
TEST_CASE("fuzz regression: a \\u escape of a lone surrogate is refused with its position",
          "[fuzz_regressions][source][feeds]") {
  rapidjson::Document doc;
  Status s = parse_json("{\"name\": \"Trenton \\uDC00Group\"}", doc);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message ==
        "line 1, column 19: invalid JSON: \\uDC00 is half of a surrogate pair, not a character");
  CHECK_FALSE(parse_json("[\"\\udfff\"]", doc).ok());
  CHECK_FALSE(parse_json("[\"\\uD83D\\uDE00\\uDE00\"]", doc).ok());  // a pair, then a lone half

  // Pairs, escaped backslashes and other escapes are still fine.
  REQUIRE(parse_json("[\"\\uD83D\\uDE00\", \"\\\\uDC00\", \"\\u00e9\\n\"]", doc).ok());
  CHECK(std::string(doc[0].GetString()) == "\xF0\x9F\x98\x80");
  CHECK(std::string(doc[1].GetString()) == "\\uDC00");

  auto mg = import_meeting_guide(feed("meeting-guide"),
                                 R"([{"name": "Trenton \uDC00Group", "slug": 43}])", context());
  REQUIRE_FALSE(mg.ok());
  CHECK(mg.error().code == ErrorCode::kInvalidArgument);
}

// Found by review, confirmed: std::regex recursed once per character, so a description
// of "<a" and 30,000 letters (within the server's 32 KiB submission limit) crashed the
// validator, and with it kindred-serve's submission route.
TEST_CASE(
    "fuzz regression: a long unclosed tag in a description is a problem, not a stack overflow",
    "[fuzz_regressions][validate]") {
  ListingValidator validator(test::schema(), test::gazetteer(), kToday);
  rapidjson::Document doc;
  REQUIRE(parse_json(listing_with_description("<a" + std::string(300000, 'b')), doc).ok());
  auto problems = validator.validate(doc, "");
  REQUIRE(problems.size() == 1);  // too long; not a tag, since it never closes
  CHECK(problems[0].path == "description");

  REQUIRE(parse_json(listing_with_description("<a" + std::string(4000, 'b') + ">"), doc).ok());
  problems = validator.validate(doc, "");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == "must be plain text; HTML tags are not allowed");
}

// The hand-written tag scanner that replaced the regex keeps the regex's rule
// (<\s*/?\s*[A-Za-z!][^>]*>); a random comparison of the two agreed on 400,000 inputs.
TEST_CASE("fuzz regression: HTML tags are found and stripped as the old regex did, in linear time",
          "[fuzz_regressions][feeds]") {
  CHECK(contains_html_tag("<b>bold</b>"));
  CHECK(contains_html_tag("a < b > c"));  // as the regex read it: "< b >" is a tag
  CHECK(contains_html_tag("< / P\t>"));
  CHECK(contains_html_tag("<!-- note -->"));
  CHECK_FALSE(contains_html_tag("1 < 2 and 3 > 2"));
  CHECK_FALSE(contains_html_tag("<b"));
  CHECK_FALSE(contains_html_tag("> <a"));
  CHECK_FALSE(contains_html_tag("</>"));

  CHECK(clean_text("one<br>two<BR/>three</p>four <b>bold</b> <x", 100) ==
        "one\ntwo\nthree\nfour bold <x");
  CHECK(clean_text("&lt;b&gt;not a tag again&lt;/b&gt;", 100) == "not a tag again");
  CHECK(clean_text("<<br>a>", 100).empty());  // the block pass runs first, as before

  // 100,000 unclosed "<a": linear, no recursion (this took minutes or crashed before).
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "<a";
  CHECK(clean_text(many, 10) == "<a<a<a<a<a");
  CHECK_FALSE(contains_html_tag(many));
}

// Found by review, confirmed: a Meeting Guide note or an HSDS language code of ~27 KB
// overflowed the stack in std::regex (clean_text, the language-code check).
TEST_CASE("fuzz regression: feeds with huge text fields import without a stack overflow",
          "[fuzz_regressions][feeds]") {
  std::string notes = "<a" + std::string(100000, 'b');
  auto mg = import_meeting_guide(
      feed("meeting-guide"),
      R"([{"name": "Long notes", "slug": "long", "city": "Belleville", "country": "CA", "notes": ")" + notes +
          R"("}])", context());
  REQUIRE(mg.ok());
  REQUIRE(mg->listings.size() == 1);
  rapidjson::Document doc;
  REQUIRE(parse_json(mg->listings[0], doc).ok());
  CHECK(std::string(doc["description"].GetString()).size() <= 5000);

  std::string code = "aa";
  for (int i = 0; i < 5000; ++i) code += "-bbbbbbbb";
  auto hsds = import_hsds(feed("hsds"),
                          R"({"id": "s", "name": "Service", "languages": [{"code": ")" + code +
                              R"("}, {"code": "fr"}]})",
                          context());
  REQUIRE(hsds.ok());
  REQUIRE(hsds->listings.size() == 1);
  REQUIRE(parse_json(hsds->listings[0], doc).ok());
  REQUIRE(doc["languages"].Size() == 1);  // the absurd code is dropped, the real one kept
  CHECK(std::string(doc["languages"][0].GetString()) == "fr");
}

// Found by review, confirmed by UBSan: an HSDS schedule's "interval": 1e300 was cast to
// int (undefined behaviour). It is now an unusable interval: the schedule is left out.
TEST_CASE("fuzz regression: an HSDS interval out of int's range leaves the schedule out",
          "[fuzz_regressions][hsds]") {
  auto hsds = import_hsds(feed("hsds"), R"({"id": "s", "name": "Service", "schedules": [
      {"freq": "WEEKLY", "interval": 1e300, "byday": "MO", "opens_at": "18:00",
       "attributes": [{"link_type": "timezone", "value": "America/Boise"}]},
      {"freq": "WEEKLY", "interval": -1e300, "byday": "TU", "opens_at": "18:00",
       "attributes": [{"link_type": "timezone", "value": "America/Boise"}]}]})",
                          context());
  REQUIRE(hsds.ok());
  REQUIRE(hsds->listings.size() == 1);
  rapidjson::Document doc;
  REQUIRE(parse_json(hsds->listings[0], doc).ok());
  CHECK_FALSE(doc.HasMember("schedule"));
  CHECK(hsds->report.notes.size() == 2);
}
