// @brief Facet counts and totals equal a brute-force count over the fixture listings for
// 1,000 random filter combinations (with and without a place).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <set>

#include "core/index/index_document.h"
#include "core/listing/listing_source.h"
#include "core/search/search_filters.h"
#include "tests/search_support.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

using test::lower;

// A listing as the brute force sees it: facet -> its values (lower case), place, status.
struct Plain {
  std::map<std::string, std::set<std::string>> values;
  std::optional<double> lat, lon;
  bool remote = false, closed = false;
  std::set<std::string> areas;
};

std::vector<Plain> plain_listings() {
  auto files = find_listing_files(test::source_path("tests/fixtures/listings"));
  ListingValidator validator(test::schema(), test::gazetteer(), "2026-11-22");
  LoadResult loaded = load_listings(*files, validator);
  std::vector<Plain> out;
  for (const auto& item : loaded.accepted) {
    const Listing& l = item.listing;
    Plain p;
    p.values["kind"] = {l.kind};
    for (const auto& t : l.topics) p.values["topic"].insert(t);
    for (const auto& c : l.communities) p.values["community"].insert(c);
    for (const auto& a : l.attendance) p.values["attendance"].insert(a);
    for (const auto& tag : l.languages) {
      p.values["language"].insert(lower(tag));
      p.values["language"].insert(lower(tag.substr(0, tag.find('-'))));
    }
    p.values["cost"] = {l.cost};
    p.values["facilitation"] = {l.facilitation};
    if (l.location) p.values["region"].insert(lower(l.location->region));
    for (const auto& a : l.service_area) {
      p.areas.insert(lower(a));
      if (a.find('-') != std::string::npos) p.values["region"].insert(lower(a));
    }
    for (const auto& m : l.schedule) {
      for (const auto& d : m.days) p.values["day"].insert(d);
      p.values["time_of_day"].insert(time_of_day(m.start_minute, test::vocabulary()));
    }
    ComputedFields c = compute_fields(l, test::gazetteer());
    p.lat = c.lat;
    p.lon = c.lon;
    p.remote = std::count(l.attendance.begin(), l.attendance.end(), "online") ||
               std::count(l.attendance.begin(), l.attendance.end(), "phone");
    p.closed = l.status == "closed";
    out.push_back(std::move(p));
  }
  return out;
}

bool passes(const Plain& p, const std::string& facet, const FacetFilter& f) {
  auto it = p.values.find(facet);
  auto has = [&](const std::string& v) { return it != p.values.end() && it->second.count(lower(v)); };
  bool in = f.include.empty() || std::any_of(f.include.begin(), f.include.end(), has);
  bool out = std::any_of(f.exclude.begin(), f.exclude.end(), has);
  return in && !out;
}

}  // namespace

TEST_CASE("facet counts equal a brute-force count for 1,000 random filter combinations",
          "[search][facets][bruteforce]") {
  const std::vector<Plain> listings = plain_listings();
  REQUIRE(listings.size() == 8);
  // Candidate values per facet: everything the fixtures use plus one they don't.
  std::map<std::string, std::vector<std::string>> candidates;
  for (const auto& p : listings) {
    for (const auto& [facet, vals] : p.values) {
      for (const auto& v : vals) candidates[facet].push_back(v);
    }
  }
  candidates["topic"].push_back("ocd");
  candidates["region"].push_back("gb-sct");
  for (auto& [facet, vals] : candidates) {
    std::sort(vals.begin(), vals.end());
    vals.erase(std::unique(vals.begin(), vals.end()), vals.end());
  }
  const std::vector<std::string> places = {"", "", "83843", "Calgary", "London, UK", "Sydney"};

  std::mt19937 rng(42);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int compared = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    SearchRequest req = test::request();
    size_t n_facets = pick(4);
    for (size_t i = 0; i < n_facets; ++i) {
      auto it = std::next(candidates.begin(), static_cast<long>(pick(candidates.size())));
      FacetFilter& f = req.filters[it->first];
      const std::string& value = it->second[pick(it->second.size())];
      (pick(4) == 0 ? f.exclude : f.include).push_back(value);
    }
    req.near = places[pick(places.size())];
    auto result = test::fixture_searcher().search(req);
    REQUIRE(result.ok());

    // The place, as the searcher understood it, decides who is in scope.
    std::vector<const Plain*> scope;
    for (const auto& p : listings) {
      if (p.closed) continue;
      if (result->place) {
        const Place& at = result->place->place;
        bool near = p.lat && distance_km(at.lat, at.lon, *p.lat, *p.lon) <= result->place->radius_km;
        bool serving = p.remote && (p.areas.count("worldwide") || p.areas.count(lower(at.country)) ||
                                    (!at.region_code.empty() && p.areas.count(lower(at.region_code))));
        if (!near && !serving) continue;
      }
      scope.push_back(&p);
    }
    auto matches_all_but = [&](const Plain& p, const std::string& skip) {
      for (const auto& [facet, f] : req.filters) {
        if (facet != skip && !passes(p, facet, f)) return false;
      }
      return true;
    };
    uint64_t total = std::count_if(scope.begin(), scope.end(), [&](const Plain* p) { return matches_all_but(*p, ""); });
    INFO("trial " << trial);
    CHECK(result->total == total);
    for (const auto& facet : result->facets) {
      // Open facets (language, region) list only values with matches or a selection:
      // every value the brute force finds in scope must be there.
      if (facet.name == "language" || facet.name == "region") {
        std::set<std::string> shown, expected;
        for (const auto& v : facet.values) shown.insert(lower(v.value));
        for (const Plain* p : scope) {
          auto it = p->values.find(facet.name);
          if (it == p->values.end() || !matches_all_but(*p, facet.name)) continue;
          expected.insert(it->second.begin(), it->second.end());
        }
        for (const auto& e : expected) {
          INFO(facet.name << " value " << e << " has matches but is not shown");
          CHECK(shown.count(e) == 1);
        }
      }
      for (const auto& v : facet.values) {
        uint64_t expected = std::count_if(scope.begin(), scope.end(), [&](const Plain* p) {
          auto it = p->values.find(facet.name);
          return matches_all_but(*p, facet.name) && it != p->values.end() && it->second.count(lower(v.value));
        });
        INFO(facet.name << "=" << v.value);
        CHECK(v.count == expected);
        ++compared;
      }
    }
  }
  CHECK(compared > 50000);
}
