// @brief Prometheus counters and histograms (see metrics.h).
#include "server/metrics.h"

#include <cstdio>

namespace kindred::http {

const char* route_name(RouteId route) {
  switch (route) {
    case RouteId::kSearch: return "search";
    case RouteId::kListing: return "listing";
    case RouteId::kListingIcs: return "listing_ics";
    case RouteId::kPlaces: return "places";
    case RouteId::kVocabulary: return "vocabulary";
    case RouteId::kHealthz: return "healthz";
    case RouteId::kMetrics: return "metrics";
    case RouteId::kWrite: return "write";
    case RouteId::kFeeds: return "feeds";
    case RouteId::kExportHsds: return "export_hsds";
    case RouteId::kExportCsv: return "export_csv";
    case RouteId::kExportMeetingGuide: return "export_meeting_guide";
    case RouteId::kReferralIcs: return "referral_ics";
    case RouteId::kPage: return "page";
    case RouteId::kHsds: return "hsds";
    case RouteId::kStatic: return "static";
    case RouteId::kOther:
    case RouteId::kCount: break;
  }
  return "other";
}

void Metrics::record(RouteId route, int status, std::chrono::nanoseconds elapsed) {
  PerRoute& r = routes_[static_cast<size_t>(route)];
  int cls = status / 100 - 1;
  if (cls < 0) cls = 0;
  if (cls > 4) cls = 4;
  r.by_class[static_cast<size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(elapsed).count();
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  r.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.sum_ns.fetch_add(static_cast<uint64_t>(elapsed.count() < 0 ? 0 : elapsed.count()), std::memory_order_relaxed);
}

std::string Metrics::render(uint64_t listings) const {
  std::string out;
  char line[256];
  auto add = [&](int n) {
    if (n > 0) out.append(line, static_cast<size_t>(n) < sizeof line ? static_cast<size_t>(n) : sizeof line - 1);
  };
  out +=
      "# HELP kindred_http_requests_total HTTP requests by route and status class.\n"
      "# TYPE kindred_http_requests_total counter\n";
  for (size_t i = 0; i < routes_.size(); ++i) {
    const char* name = route_name(static_cast<RouteId>(i));
    for (size_t c = 0; c < 5; ++c) {
      add(std::snprintf(line, sizeof line, "kindred_http_requests_total{route=\"%s\",status=\"%zuxx\"} %llu\n", name,
                        c + 1, static_cast<unsigned long long>(routes_[i].by_class[c].load(std::memory_order_relaxed))));
    }
  }
  out +=
      "# HELP kindred_http_request_duration_seconds Time from a parsed request to its response, by route.\n"
      "# TYPE kindred_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < routes_.size(); ++i) {
    const char* name = route_name(static_cast<RouteId>(i));
    const PerRoute& r = routes_[i];
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += r.buckets[b].load(std::memory_order_relaxed);
      add(std::snprintf(line, sizeof line, "kindred_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                        name, kBuckets[b], static_cast<unsigned long long>(cumulative)));
    }
    cumulative += r.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    add(std::snprintf(line, sizeof line, "kindred_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                      name, static_cast<unsigned long long>(cumulative)));
    add(std::snprintf(line, sizeof line, "kindred_http_request_duration_seconds_sum{route=\"%s\"} %.9f\n", name,
                      static_cast<double>(r.sum_ns.load(std::memory_order_relaxed)) / 1e9));
    add(std::snprintf(line, sizeof line, "kindred_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name,
                      static_cast<unsigned long long>(cumulative)));
  }
  add(std::snprintf(line, sizeof line,
                    "# HELP kindred_listings Listings that searches can find (closed ones excluded).\n"
                    "# TYPE kindred_listings gauge\n"
                    "kindred_listings %llu\n",
                    static_cast<unsigned long long>(listings)));
  return out;
}

}  // namespace kindred::http
