// @brief Internal: great-circle distance and the 1-degree grid search of the gazetteer.
//
// The builder (time zones of postal places) and the reader (Gazetteer::nearest) run the
// same search, over vectors or over the mapped file.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace kindred::gaz {

inline constexpr uint32_t kGridRows = 180, kGridCols = 360;
inline constexpr double kEarthRadiusKm = 6371.0088;
inline constexpr double kPi = 3.14159265358979323846;
inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

inline double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = kPi / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, a)));
}

inline uint32_t grid_row(double lat) {
  return static_cast<uint32_t>(std::clamp(std::floor(lat + 90), 0.0, kGridRows - 1.0));
}
inline uint32_t grid_col(double lon) {
  return static_cast<uint32_t>(std::clamp(std::floor(lon + 180), 0.0, kGridCols - 1.0));
}
inline uint32_t grid_cell(double lat, double lon) {
  return grid_row(lat) * kGridCols + grid_col(lon);
}

// Nearest item to (lat, lon). cell_start has kGridRows*kGridCols + 1 entries into ids;
// coord(id, lat, lon) gives an item's position. Scans the cells of the bounding box of a
// circle, doubling its radius until the best item found lies inside the circle (then
// nothing outside the box can be closer). Returns kNone for an empty grid.
// Items are compared by haversine_km's inner term `a`, which orders them as their
// distances do, without its asin and square root; and an item whose latitude alone puts
// it farther than the best so far (a >= sin²(Δlat/2)) is passed over with one sine. A
// cell of a big city's region holds hundreds of places, and the server asks this for
// every search near a point.
template <typename CoordFn>
uint32_t grid_nearest(const uint32_t* cell_start, const uint32_t* ids, CoordFn coord, double lat,
                      double lon) {
  constexpr double kRad = kPi / 180.0;
  const double cos_lat = std::cos(lat * kRad);
  double best_a = std::numeric_limits<double>::infinity();
  uint32_t best_id = kNone;
  for (double radius = 50;; radius *= 2) {
    // Bounding box of a spherical cap (Matuschek): latitude +- d, longitude +- asin(sin d /
    // cos lat), or every longitude once the cap reaches a pole.
    double d = radius / kEarthRadiusKm;  // angular radius
    double lat_lo = lat - d / kRad, lat_hi = lat + d / kRad;
    bool all_lon = lat_lo <= -90 || lat_hi >= 90 || d >= kPi / 2;
    double dlon =
        all_lon ? 180 : std::asin(std::min(1.0, std::sin(d) / std::cos(lat * kRad))) / kRad;
    int row_lo = static_cast<int>(grid_row(std::max(-90.0, lat_lo)));
    int row_hi = static_cast<int>(grid_row(std::min(90.0, lat_hi)));
    int col_lo = static_cast<int>(std::floor(lon - dlon + 180));
    int col_hi = static_cast<int>(std::floor(lon + dlon + 180));
    if (all_lon || col_hi - col_lo >= static_cast<int>(kGridCols) - 1)
      col_lo = 0, col_hi = kGridCols - 1;
    for (int row = row_lo; row <= row_hi; ++row) {
      for (int c = col_lo; c <= col_hi; ++c) {
        int col = ((c % static_cast<int>(kGridCols)) + static_cast<int>(kGridCols)) %
                  static_cast<int>(kGridCols);
        uint32_t cell = static_cast<uint32_t>(row) * kGridCols + static_cast<uint32_t>(col);
        for (uint32_t k = cell_start[cell]; k < cell_start[cell + 1]; ++k) {
          double plat, plon;
          coord(ids[k], plat, plon);
          double sin_dlat = std::sin((plat - lat) * kRad / 2);
          double a = sin_dlat * sin_dlat;
          if (a >= best_a) continue;
          double sin_dlon = std::sin((plon - lon) * kRad / 2);
          a += cos_lat * std::cos(plat * kRad) * sin_dlon * sin_dlon;
          if (a < best_a) best_a = a, best_id = ids[k];
        }
      }
    }
    if (best_id == kNone) {
      if (d >= kPi) return kNone;
      continue;
    }
    double best = 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, best_a)));
    if (best <= radius || d >= kPi) return best_id;
  }
}

}  // namespace kindred::gaz
