// @brief The grid of placed listings answers a radius search exactly as a scan of every
// point with the great-circle distance would: anywhere on Earth, across the date line,
// over the poles, and for the widest circle far north, where a box of d / cos(lat) is too
// narrow. Synthetic points (this file says so): a seeded mix of uniform ones and crowds.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "core/geo/distance.h"
#include "core/index/placed_grid.h"

using kindred::DocSet;
using kindred::PlacedGrid;

namespace {

std::vector<Xapian::docid> scan(const std::vector<PlacedGrid::Point>& points, double lat, double lon, double km) {
  std::vector<Xapian::docid> out;
  for (const auto& p : points) {
    if (kindred::great_circle_km(lat, lon, p.lat, p.lon) <= km) out.push_back(p.id);
  }
  return out;
}

std::vector<Xapian::docid> grid(const PlacedGrid& g, Xapian::docid max, double lat, double lon, double km) {
  DocSet set(max);
  g.add_within(lat, lon, km, set);
  std::vector<Xapian::docid> out;
  set.for_each([&](Xapian::docid id) { out.push_back(id); });
  return out;
}

}  // namespace

TEST_CASE("placed grid: a radius search finds what a scan of every point finds", "[placed_grid]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u01(0, 1);
  std::vector<PlacedGrid::Point> points;
  Xapian::docid id = 0;
  auto add = [&](double lat, double lon) {
    lon = std::remainder(lon, 360.0);  // -180..180
    if (lon == -180) lon = 180;
    points.push_back({static_cast<float>(std::clamp(lat, -90.0, 90.0)), static_cast<float>(lon), ++id});
  };
  // Uniform over the sphere, then crowds: cities, the date line, both poles, a row's edge.
  for (int i = 0; i < 20000; ++i) add(std::asin(2 * u01(rng) - 1) * 180 / M_PI, 360 * u01(rng) - 180);
  const std::pair<double, double> crowds[] = {{51.5, -0.12}, {64.8, -147.7}, {-17.8, 179.99}, {65.6, -168.1},
                                               {89.95, 10}, {-89.9, -60}, {47.0, 7.0}, {0, 180}};
  for (const auto& [lat, lon] : crowds) {
    for (int i = 0; i < 1500; ++i) add(lat + 6 * (u01(rng) - 0.5), lon + 12 * (u01(rng) - 0.5));
  }
  add(90, 0);
  add(-90, 45);
  const Xapian::docid max = id;
  const PlacedGrid g(points);
  REQUIRE(g.size() == points.size());

  int searches = 0, found = 0;
  auto check = [&](double lat, double lon, double km) {
    auto want = scan(points, lat, lon, km);
    auto got = grid(g, max, lat, lon, km);
    INFO(lat << ", " << lon << " within " << km << " km");
    REQUIRE(got == want);
    ++searches;
    found += static_cast<int>(want.size());
  };
  for (const auto& [lat, lon] : crowds) {
    for (double km : {1.0, 10.0, 50.0, 100.0, 500.0, 1000.0}) check(lat, lon, km);
  }
  for (int i = 0; i < 300; ++i) {
    check(std::asin(2 * u01(rng) - 1) * 180 / M_PI, 360 * u01(rng) - 180, std::pow(10, 3 * u01(rng)));
  }
  // The circle's widest point lies poleward of its centre: far north, the farthest
  // longitude a 1,000 km circle reaches is past 1,000 km / cos(lat) of arc.
  const double lat = 70, km = 1000, d = km / 6371.0088;
  const double widest = std::asin(std::sin(d) / std::cos(lat * M_PI / 180)) * 180 / M_PI;
  const double at_lat = std::asin(std::sin(lat * M_PI / 180) / std::cos(d)) * 180 / M_PI;
  const double naive = d * 180 / M_PI / std::cos(lat * M_PI / 180);
  REQUIRE(widest > naive + 0.05);
  std::vector<PlacedGrid::Point> edge = {{static_cast<float>(at_lat), static_cast<float>(naive + 0.03), 1}};
  REQUIRE(kindred::great_circle_km(lat, 0, edge[0].lat, edge[0].lon) <= km);
  CHECK(grid(PlacedGrid(edge), 1, lat, 0, km) == std::vector<Xapian::docid>{1});
  // An empty grid finds nothing.
  CHECK(grid(PlacedGrid(std::vector<PlacedGrid::Point>{}), 1, 0, 0, 1000).empty());

  CHECK(searches == 348);
  CHECK(found > 20000);  // the comparisons were not all of empty answers
}
