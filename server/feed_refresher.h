// @brief kindred-serve's feed refresher: a background thread that fetches each enabled
// feed every refresh_minutes (indexer/feeds.h, libcurl), keeps the last good copy of a
// feed that fails, holds a copy whose item count fell below half of the last good one,
// and applies each new copy to the live index incrementally (core/moderation/feed_update.h).
// Searches never wait for it: handlers only read its status (a mutex held for a copy).
//
// Thread safety: status(), confirm() and the JSON/metrics renderers may be called from
// any thread while the refresher runs. The Gazetteer, Vocabulary, ListingValidator and
// MeetingGuideTypes must outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/interop/feed_config.h"
#include "core/interop/meeting_guide.h"
#include "core/listing/validate.h"
#include "core/listing/vocabulary.h"
#include "core/moderation/feed_update.h"
#include "indexer/feed_cache.h"
#include "indexer/http_fetch.h"

namespace kindred::http {

// What a moderator needs to know about one feed (GET /api/v1/feeds, /metrics).
struct FeedStatus {
  std::string id, url, format;
  bool enabled = true;
  int refresh_seconds = 0;
  std::string state = "pending";  // pending, updated, not_modified, failed, held, disabled, no_copy
  std::string last_attempt, last_success;  // RFC 3339 UTC; "" when never
  std::string copy_fetched_at;             // the copy in use
  std::string last_error;                  // "" after a success
  size_t items = 0, accepted = 0, rejected = 0;  // of the copy in use
  std::map<std::string, size_t> unknown_codes;   // code -> items carrying it
  bool held = false;        // a new copy is held for a moderator (POST /api/v1/feeds/{id}/confirm)
  size_t held_items = 0;    // items in that held copy
  FeedUpdateReport last_apply;  // what the last change to the index did
  uint64_t attempts = 0, failures = 0, holds = 0, applies = 0;  // since start
};

struct FeedRefresherOptions {
  std::string index_path;
  std::string cache_dir = "var/feeds";
  int refresh_seconds = 0;  // > 0: overrides every feed's refresh_minutes (tests, demos)
  fetch::FetchOptions fetch;
};

class FeedRefresher {
 public:
  FeedRefresher(std::vector<FeedSpec> feeds, FeedRefresherOptions options, const Gazetteer& gazetteer,
                const Vocabulary& vocabulary, const ListingValidator& validator, const MeetingGuideTypes* types);
  ~FeedRefresher();  // stops the thread
  FeedRefresher(const FeedRefresher&) = delete;
  FeedRefresher& operator=(const FeedRefresher&) = delete;

  // Starts the thread: it first applies every cached copy (so the index holds what the
  // cache holds) and removes the listings of disabled feeds, then fetches each feed when
  // it is due.
  void start();
  void stop();

  // One pass: applies cached copies if the index generation changed (a rebuild), then
  // fetches and applies every feed due at `now`. The thread calls it once a second.
  void run_once(std::chrono::system_clock::time_point now);

  // A moderator accepts a held feed's drop: it is fetched again at once without the hold.
  // kNotFound for an unknown feed id; kConflict when the feed is not held.
  Status confirm(const std::string& id);

  std::vector<FeedStatus> status() const;

 private:
  void apply_cached(size_t i, std::chrono::system_clock::time_point now);
  void remove_disabled(size_t i);
  int interval_seconds(const FeedSpec& feed) const;

  std::vector<FeedSpec> feeds_;
  FeedRefresherOptions options_;
  const Gazetteer& gazetteer_;
  const Vocabulary& vocabulary_;
  const ListingValidator& validator_;
  const MeetingGuideTypes* types_;
  feeds::FeedCache cache_;

  mutable std::mutex mu_;  // guards status_, confirmed_ and stopping_
  std::vector<FeedStatus> status_;
  std::vector<bool> confirmed_;  // fetch without the hold next time
  std::vector<std::chrono::system_clock::time_point> due_;  // refresher thread only
  std::string generation_;                                  // refresher thread only
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};  // set by stop(): a fetch under way gives up at once
  std::condition_variable cv_;
  std::thread thread_;
};

// {"feeds": [{id, url, format, enabled, refresh_seconds, state, last_attempt, last_success,
// copy_fetched_at, last_error, items, accepted, rejected, unknown_codes: {code: n}, held,
// held_items, last_apply: {added, changed, unchanged, removed, kept_other_source},
// attempts, failures, holds}]}
std::string feeds_status_json(const std::vector<FeedStatus>& feeds);
// Prometheus lines (kindred_feed_*), labelled by feed id only.
std::string feeds_metrics_text(const std::vector<FeedStatus>& feeds);

}  // namespace kindred::http
