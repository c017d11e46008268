// @brief Query strings -> SearchRequest: decoding, repeats, exclusions, strict numbers, and
// refusals that name the parameter; never a crash on any bytes.
#include <catch2/catch.hpp>

#include <random>

#include "core/base/utf8.h"
#include "core/search/search_params.h"
#include "tests/http_support.h"

using namespace kindred;

namespace {

SearchRequest parse(const std::string& raw) {
  auto r = parse_search_params(raw);
  INFO(raw << " -> " << (r ? std::string() : r.error().message));
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string refusal(const std::string& raw) {
  auto r = parse_search_params(raw);
  INFO(raw);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kInvalidArgument);
  return r.error().message;
}

}  // namespace

TEST_CASE("search params: every parameter is read", "[search_params]") {
  auto r = parse("q=bipolar+group&near=Moscow%2C%20ID&radius_km=25.5&sort=distance&page=2&per_page=10&facet_values=7");
  CHECK(r.q == "bipolar group");
  CHECK(r.near == "Moscow, ID");
  REQUIRE(r.radius_km);
  CHECK(*r.radius_km == 25.5);
  CHECK(r.sort == SortOrder::kDistance);
  CHECK(r.page == 2);
  CHECK(r.per_page == 10);
  CHECK(r.facet_values == 7);

  auto ll = parse("lat=46.73&lon=-117&sort=next");
  CHECK(*ll.lat == 46.73);
  CHECK(*ll.lon == -117);
  CHECK(ll.sort == SortOrder::kNext);
  CHECK(parse("sort=relevance").sort == SortOrder::kRelevance);

  auto d = parse("");
  CHECK(d.q.empty());
  CHECK(d.page == 1);
  CHECK(d.per_page == 20);
  CHECK(d.facet_values == kDefaultFacetValues);
  CHECK(d.filters.empty());
  CHECK(parse("q=caf%C3%A9").q == "café");
  CHECK(parse("q=a%2Bb").q == "a+b");
  CHECK(parse("&&q=x&").q == "x");
}

TEST_CASE("search params: facets repeat for OR, '-' excludes, empty is ignored", "[search_params]") {
  auto r = parse("topic=bipolar&topic=-ocd&topic=depression&kind=support-group&language=fr-CA&day=");
  CHECK(r.filters["topic"].include == std::vector<std::string>{"bipolar", "depression"});
  CHECK(r.filters["topic"].exclude == std::vector<std::string>{"ocd"});
  CHECK(r.filters["kind"].include == std::vector<std::string>{"support-group"});
  CHECK(r.filters["language"].include == std::vector<std::string>{"fr-CA"});
  CHECK(r.filters.count("day") == 0);
  for (const auto& name : search_facet_names()) {
    CHECK(parse(name + "=x").filters[name].include == std::vector<std::string>{"x"});
  }
  CHECK_THAT(refusal("topic=-"), Catch::StartsWith("topic:"));
}

TEST_CASE("search params: refusals name the parameter", "[search_params]") {
  CHECK(refusal("colour=red") == "colour: unknown parameter");
  CHECK_THAT(refusal("q=%ff%fe"), Catch::StartsWith("q: is not valid UTF-8"));
  CHECK_THAT(refusal("q=%zz"), Catch::StartsWith("q: bad percent escape"));
  CHECK_THAT(refusal("q=abc%"), Catch::StartsWith("q: bad percent escape"));
  CHECK_THAT(refusal("q=abc%4"), Catch::StartsWith("q: bad percent escape"));
  CHECK_THAT(refusal("near=%c0%af"), Catch::StartsWith("near: is not valid UTF-8"));    // overlong '/'
  CHECK_THAT(refusal("near=%ed%a0%80"), Catch::StartsWith("near: is not valid UTF-8"));  // surrogate
  CHECK_THAT(refusal("q=%e2%82"), Catch::StartsWith("q: is not valid UTF-8"));           // truncated
  CHECK_THAT(refusal("q=a%00b"), Catch::StartsWith("q: contains a control character"));
  CHECK_THAT(refusal("q=a%0Ab"), Catch::StartsWith("q: contains a control character"));
  CHECK_THAT(refusal("%zz=1"), Catch::StartsWith("parameter name: bad percent escape"));
  CHECK_THAT(refusal("=1"), Catch::StartsWith("parameter name:"));
  CHECK_THAT(refusal("q=a&q=b"), Catch::StartsWith("q: given more than once"));
  CHECK_THAT(refusal("sort=sideways"), Catch::StartsWith("sort:"));
  for (const char* bad : {"abc", "1x", " 1", "1 ", "0x10", "inf", "nan", "1e999", "", "+", "1,5", "--1"}) {
    if (std::string(bad).empty()) continue;  // empty means "not given"
    CHECK_THAT(refusal(std::string("radius_km=") + test::url_encode(bad)), Catch::StartsWith("radius_km: must be a number"));
  }
  CHECK_THAT(refusal("lat=north"), Catch::StartsWith("lat:"));
  CHECK_THAT(refusal("lon=1e400"), Catch::StartsWith("lon:"));
  CHECK_THAT(refusal("page=0"), Catch::StartsWith("page:"));
  CHECK_THAT(refusal("page=-1"), Catch::StartsWith("page:"));
  CHECK_THAT(refusal("page=1.5"), Catch::StartsWith("page:"));
  CHECK_THAT(refusal("page=99999999999999999999999"), Catch::StartsWith("page:"));
  CHECK_THAT(refusal("per_page=0"), Catch::StartsWith("per_page:"));
  CHECK_THAT(refusal("per_page=101"), Catch::StartsWith("per_page:"));
  CHECK_THAT(refusal("facet_values=0"), Catch::StartsWith("facet_values:"));
  CHECK_THAT(refusal("facet_values=100001"), Catch::StartsWith("facet_values:"));
  CHECK_THAT(refusal("facet_values=all"), Catch::StartsWith("facet_values:"));
  CHECK_THAT(refusal("near=" + std::string(300, 'a')), Catch::StartsWith("near:"));
  CHECK_THAT(refusal("topic=" + std::string(300, 'a')), Catch::StartsWith("topic:"));
  // A long unknown name is quoted short, and valid.
  std::string long_name = refusal(std::string(5000, 'x') + "=1");
  CHECK(long_name.size() < 100);
  CHECK(is_valid_utf8(long_name));
}

TEST_CASE("search params: query_param and only_params for the other routes", "[search_params]") {
  CHECK(query_param("q=moscow&limit=3", "q").value() == "moscow");
  CHECK(query_param("limit=3", "q").value().empty());
  CHECK_THAT(query_param("q=a&q=b", "q").error().message, Catch::StartsWith("q: given more than once"));
  CHECK_THAT(query_param("q=%ff", "q").error().message, Catch::StartsWith("q:"));
  CHECK(only_params("q=a&limit=2", {"q", "limit"}).ok());
  CHECK(only_params("q=a&colour=2", {"q", "limit"}).error().message == "colour: unknown parameter");
  CHECK(parse_integer("limit", "10", 1, 10).value() == 10);
  CHECK_THAT(parse_integer("limit", "11", 1, 10).error().message, Catch::StartsWith("limit: must be between 1 and 10"));
  CHECK_THAT(parse_integer("limit", "", 1, 10).error().message, Catch::StartsWith("limit: must be a whole number"));
  CHECK(parse_number("lat", "-45.5e0").value() == -45.5);
}

TEST_CASE("search params: any bytes give a request or a named refusal, never a crash", "[search_params][fuzz]") {
  std::mt19937 rng(20261122);
  static const char kAlphabet[] = "=&%+-_.aqz0123456789ABCDEFabcdef\xff\xc3\xa9\x00 \t\r\n/?#;";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
  const std::vector<std::string> names = {"q", "near", "lat", "lon", "radius_km", "sort", "page", "per_page", "topic", "kind"};
  for (int i = 0; i < 20000; ++i) {
    std::string raw;
    size_t len = rng() % 64;
    if (i % 2) raw = names[rng() % names.size()] + "=";
    for (size_t k = 0; k < len; ++k) {
      raw += rng() % 4 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    }
    auto r = parse_search_params(raw);
    if (r) {
      CHECK(is_valid_utf8(r->q));
      CHECK(is_valid_utf8(r->near));
    } else {
      CHECK(r.error().code == ErrorCode::kInvalidArgument);
      CHECK(is_valid_utf8(r.error().message));
      CHECK_FALSE(r.error().message.empty());
    }
  }
}
