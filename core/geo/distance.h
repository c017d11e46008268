// @brief Great-circle distance between two points, for modules that need it outside the
// gazetteer (search's radius, the duplicate matcher's 100 m).
// Thread safety: a pure function.
#pragma once

namespace kindred {

// Kilometres between two WGS 84 points (haversine on the mean Earth radius).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace kindred
