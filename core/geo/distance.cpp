// @brief See distance.h: the gazetteer's own haversine, made public.
#include "core/geo/distance.h"

#include "core/geo/internal/gazetteer_geo.h"

namespace kindred {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  return gaz::haversine_km(lat1, lon1, lat2, lon2);
}

}  // namespace kindred
