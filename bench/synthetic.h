// @brief A deterministic synthetic directory for benchmarks: N listings of realistic
// shape from a seed. Every listing says it is synthetic; none belongs in data/listings.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/geo/gazetteer.h"

namespace kindred::bench {

struct SyntheticOptions {
  uint64_t count = 10000;
  uint64_t seed = 1;
};

// Calls `emit` with each listing as one line of kindred/1 JSON (JSON Lines), in order.
// Places are cities of the gazetteer drawn by population; topics and communities follow
// a Zipf law; attendance is mostly in person with online and phone listings that carry
// service areas; schedules are in each place's own time zone.
void generate(const Gazetteer& gazetteer, const SyntheticOptions& options,
              const std::function<void(const std::string&)>& emit);

// The places generate() draws from (cities of 1,000+ people), with cumulative weights.
struct PlaceTable {
  std::vector<Place> places;
  std::vector<double> cumulative;  // population, summed
};
PlaceTable load_places(const Gazetteer& gazetteer);

}  // namespace kindred::bench
