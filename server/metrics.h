// @brief Request counters and latency histograms per route, rendered as Prometheus text.
//
// Only the route (a fixed set of names), the status class and the time are recorded:
// never a path, a query or an address.
// Thread safety: record() and render() may be called from any thread at once (relaxed
// atomics; a scrape may see one request counted and not yet timed).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace kindred::http {

enum class RouteId : size_t {
  kSearch,
  kListing,
  kListingIcs,
  kPlaces,
  kVocabulary,
  kHealthz,
  kMetrics,
  kWrite,   // server/write_api.h: submissions, moderation, reports
  kFeeds,   // server/feed_routes.h: feed status
  kExportHsds,
  kExportCsv,
  kExportMeetingGuide,
  kReferralIcs,
  kPage,  // server/page_routes.h: the page rendered on the server
  kHsds,    // server/hsds_routes.h: the HSDS 3.0 API
  kStatic,
  kOther,  // no route: 404s, 405s and requests Pistache could not parse
  kCount
};

const char* route_name(RouteId route);

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.25,   1.0};

  void record(RouteId route, int status, std::chrono::nanoseconds elapsed);

  // The exposition text (format 0.0.4); `listings` is the current findable count.
  std::string render(uint64_t listings) const;

 private:
  struct PerRoute {
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: above every bound
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
  };
  std::array<PerRoute, static_cast<size_t>(RouteId::kCount)> routes_{};
};

}  // namespace kindred::http
