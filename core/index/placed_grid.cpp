// @brief Building the grid of placed listings and reading a circle's box (placed_grid.h).
#include "core/index/placed_grid.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/geo/distance.h"

namespace kindred {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegree = kPi / 180;
// The radius great_circle_km uses (core/geo): the box must be the circle's on the same sphere.
constexpr double kEarthRadiusKm = 6371.0088;
// Widens the box past rounding in the bound's trigonometry; the distance test decides.
constexpr double kSlackDegrees = 1e-6;

int row_of(double lat) { return std::clamp(static_cast<int>(std::floor(lat + 90)), 0, 179); }

}  // namespace

PlacedGrid::PlacedGrid(std::vector<Point> points) : points_(std::move(points)) {
  std::sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) {
    int ra = row_of(a.lat), rb = row_of(b.lat);
    if (ra != rb) return ra < rb;
    if (a.lon != b.lon) return a.lon < b.lon;
    return a.id < b.id;
  });
  size_t at = 0;
  for (int row = 0; row <= kRows; ++row) {
    while (at < points_.size() && row_of(points_[at].lat) < row) ++at;
    row_start_[static_cast<size_t>(row)] = static_cast<uint32_t>(at);
  }
}

void PlacedGrid::add_within(double lat, double lon, double radius_km, DocSet& out) const {
  // The bounding box of a spherical cap of angular radius d: latitudes lat ± d, and,
  // unless it reaches a pole, longitudes lon ± asin(sin d / cos lat) (its widest point is
  // poleward of its centre, so d / cos lat alone would be too narrow for a wide circle far
  // north or south).
  const double d = radius_km / kEarthRadiusKm;
  const double lat_lo = lat - d / kDegree - kSlackDegrees, lat_hi = lat + d / kDegree + kSlackDegrees;
  const bool all_lon = lat_lo <= -90 || lat_hi >= 90 || d >= kPi / 2;
  const double dlon = all_lon ? 180 : std::asin(std::min(1.0, std::sin(d) / std::cos(lat * kDegree))) / kDegree + kSlackDegrees;
  // At most two ranges of longitude: the box split where it crosses the date line.
  std::pair<double, double> ranges[2] = {{-180, 180}, {1, 0}};
  if (!all_lon && dlon < 180) {
    double lo = lon - dlon, hi = lon + dlon;
    if (lo < -180) {
      ranges[0] = {lo + 360, 180}, ranges[1] = {-180, hi};
    } else if (hi > 180) {
      ranges[0] = {lo, 180}, ranges[1] = {-180, hi - 360};
    } else {
      ranges[0] = {lo, hi};
    }
  }
  const int row_hi = row_of(std::min(90.0, lat_hi));
  for (int row = row_of(std::max(-90.0, lat_lo)); row <= row_hi; ++row) {
    auto begin = points_.begin() + row_start_[static_cast<size_t>(row)];
    auto end = points_.begin() + row_start_[static_cast<size_t>(row) + 1];
    for (const auto& [from, to] : ranges) {
      if (from > to) continue;
      auto it = std::lower_bound(begin, end, from, [](const Point& p, double v) { return p.lon < v; });
      for (; it != end && it->lon <= to; ++it) {
        if (it->lat < lat_lo || it->lat > lat_hi) continue;
        if (great_circle_km(lat, lon, it->lat, it->lon) <= radius_km) out.add(it->id);
      }
    }
  }
}

}  // namespace kindred
