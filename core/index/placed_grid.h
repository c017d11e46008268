// @brief The placed listings of a snapshot (id, latitude, longitude), kept so that a radius
// search reads only the points inside its circle's bounding box.
//
// Why: a search near a place is the commonest kind, and the earlier layout (ids by
// latitude, coordinates in arrays by docid) read every placed listing in the circle's band
// of latitudes around the whole Earth, with two scattered reads each: at a million
// listings that band holds tens of thousands of them, and it was a tenth of the server's
// time. Here points are bucketed by one-degree row of latitude and each row is sorted by
// longitude, with the coordinates beside the id: the box's rows are read in order, only
// between its longitudes.
// Bound: 12 bytes a placed listing (8 MB at a million, 70% of them placed).
// Thread safety: const after construction.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <xapian.h>

#include "core/index/doc_set.h"

namespace kindred {

class PlacedGrid {
 public:
  struct Point {
    float lat, lon;  // degrees; longitude in -180..180
    Xapian::docid id;
  };

  PlacedGrid() = default;
  explicit PlacedGrid(std::vector<Point> points);

  // Adds to `out` every point within `radius_km` of (lat, lon): great_circle_km on the
  // point's stored coordinates at most radius_km, the same test a scan of every point
  // makes (tests/placed_grid_test.cpp holds it to that). Across the date line and over
  // the poles too.
  void add_within(double lat, double lon, double radius_km, DocSet& out) const;

  size_t size() const { return points_.size(); }

 private:
  static constexpr int kRows = 180;
  // Points with latitude in [row - 90, row - 89) (the last row also holds 90) are
  // points_[row_start_[row] .. row_start_[row + 1]), by longitude then id.
  std::vector<Point> points_;
  std::array<uint32_t, kRows + 1> row_start_{};
};

}  // namespace kindred
