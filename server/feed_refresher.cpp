// @brief The feed refresher's thread and passes (see feed_refresher.h).
#include "server/feed_refresher.h"

#include <ctime>
#include <iostream>

#include "core/base/utc_time.h"
#include "core/index/index_store.h"
#include "core/interop/feed_import.h"
#include "core/listing/validate.h"
#include "indexer/feeds.h"

namespace kindred::http {
namespace {

// "YYYY-MM-DDTHH:MM:SSZ" as a time point; nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_utc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

FeedRefresher::FeedRefresher(std::vector<FeedSpec> feeds, FeedRefresherOptions options, const Gazetteer& gazetteer,
                             const Vocabulary& vocabulary, const ListingValidator& validator,
                             const MeetingGuideTypes* types)
    : feeds_(std::move(feeds)),
      options_(std::move(options)),
      gazetteer_(gazetteer),
      vocabulary_(vocabulary),
      validator_(validator),
      types_(types),
      cache_(options_.cache_dir),
      status_(feeds_.size()),
      confirmed_(feeds_.size(), false),
      due_(feeds_.size()) {
  for (size_t i = 0; i < feeds_.size(); ++i) {
    FeedStatus& s = status_[i];
    s.id = feeds_[i].id;
    s.url = feeds_[i].url;
    s.format = feeds_[i].format;
    s.enabled = feeds_[i].enabled;
    s.refresh_seconds = interval_seconds(feeds_[i]);
    if (!s.enabled) s.state = "disabled";
  }
}

FeedRefresher::~FeedRefresher() { stop(); }

int FeedRefresher::interval_seconds(const FeedSpec& feed) const {
  return options_.refresh_seconds > 0 ? options_.refresh_seconds : feed.refresh_minutes * 60;
}

void FeedRefresher::start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      run_once(std::chrono::system_clock::now());
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  });
}

void FeedRefresher::stop() {
  cancel_ = true;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status FeedRefresher::confirm(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < feeds_.size(); ++i) {
    if (feeds_[i].id != id) continue;
    if (!status_[i].held) return make_error(ErrorCode::kConflict, "feed " + id + " is not held");
    confirmed_[i] = true;
    return Ok{};
  }
  return make_error(ErrorCode::kNotFound, "no feed \"" + id + "\" in the feeds file");
}

std::vector<FeedStatus> FeedRefresher::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void FeedRefresher::apply_cached(size_t i, std::chrono::system_clock::time_point now) {
  const FeedSpec& f = feeds_[i];
  const auto started = std::chrono::steady_clock::now();
  feeds::CachedFeed cached = cache_.read(f.id);
  if (!cached.has_body) {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_[i].state == "pending") status_[i].state = "no_copy";
    return;
  }
  // Dates up to the latest one anywhere on Earth are not "in the future" (as in a build).
  ImportContext context{gazetteer_, types_, "", latest_date_on_earth(now)};
  context.fetched_date = cached.meta.fetched_at.size() >= 10 ? cached.meta.fetched_at.substr(0, 10) : context.today;
  auto imported = import_feed(f, cached.body, context);
  std::string error;
  LoadResult loaded;
  size_t accepted = 0;
  Expected<FeedUpdateReport> applied = make_error(ErrorCode::kInternal, "not applied");
  if (!imported) {
    error = "the cached copy cannot be read: " + imported.error().message;
  } else {
    accepted = add_feed_listings(loaded, "feed:" + f.id, *imported, validator_);
    applied = apply_feed_update(options_.index_path, f.id, loaded.accepted, gazetteer_, vocabulary_);
    if (!applied) error = "applying to the index: " + applied.error().message;
  }
  std::lock_guard<std::mutex> lock(mu_);
  FeedStatus& s = status_[i];
  s.copy_fetched_at = cached.meta.fetched_at;
  if (!error.empty()) {
    s.last_error = error;
    std::cerr << "kindred-serve: feed " << f.id << ": " << error << std::endl;
    return;
  }
  s.items = imported->report.items;
  s.accepted = accepted;
  s.rejected = s.items >= accepted ? s.items - accepted : 0;
  s.unknown_codes = imported->report.unknown_codes;
  s.last_apply = *applied;
  ++s.applies;
  if (s.state == "pending" || s.state == "no_copy") s.state = "cached";
  const FeedUpdateReport& r = *applied;
  if (r.added + r.changed + r.removed > 0) {
    std::cout << "kindred-serve: feed " << f.id << ": " << accepted << " of " << s.items << " items accepted; "
              << r.added << " added, " << r.changed << " changed, " << r.removed << " removed in the index ("
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
              << " ms)" << std::endl;
  }
}

void FeedRefresher::remove_disabled(size_t i) {
  // As a build leaves a disabled feed out, so does the live index.
  auto removed = apply_feed_update(options_.index_path, feeds_[i].id, {}, gazetteer_, vocabulary_);
  std::lock_guard<std::mutex> lock(mu_);
  if (!removed) {
    status_[i].last_error = "removing the disabled feed's listings: " + removed.error().message;
    return;
  }
  status_[i].last_apply = *removed;
  if (removed->removed > 0) {
    std::cout << "kindred-serve: feed " << feeds_[i].id << " is disabled: " << removed->removed
              << " listing(s) removed from the index" << std::endl;
  }
}

void FeedRefresher::run_once(std::chrono::system_clock::time_point now) {
  const std::string now_text = utc_rfc3339(now);
  // A new generation (a rebuild, maybe without --feeds) gets every cached copy again.
  std::string generation = IndexStore(options_.index_path).current_generation();
  if (generation != generation_) {
    bool first = generation_.empty();
    generation_ = generation;
    for (size_t i = 0; i < feeds_.size(); ++i) {
      if (!feeds_[i].enabled) {
        remove_disabled(i);
        continue;
      }
      apply_cached(i, now);
      if (!first) continue;
      // A copy younger than the feed's interval is due when it ages, not at start-up
      // (unless the feeds file now names another URL).
      feeds::CacheMeta meta = cache_.read(feeds_[i].id).meta;
      auto fetched = parse_utc(meta.fetched_at);
      if (fetched && meta.url == feeds_[i].url) due_[i] = *fetched + std::chrono::seconds(interval_seconds(feeds_[i]));
    }
  }

  // The due feeds, in two calls: a confirmed drop is fetched without the hold.
  for (bool confirmed : {false, true}) {
    std::vector<FeedSpec> due;
    std::vector<size_t> which;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (size_t i = 0; i < feeds_.size(); ++i) {
        if (!feeds_[i].enabled || confirmed_[i] != confirmed || (!confirmed && now < due_[i])) continue;
        due.push_back(feeds_[i]);
        which.push_back(i);
      }
    }
    if (due.empty()) continue;
    feeds::RefreshOptions refresh;
    refresh.fetch = options_.fetch;
    refresh.fetch.cancel = &cancel_;
    refresh.force = true;  // this refresher keeps the schedule
    refresh.hold_drops = !confirmed;
    refresh.now = now;
    auto outcomes =
        feeds::refresh_feeds(due, cache_, refresh, ImportContext{gazetteer_, types_, "", latest_date_on_earth(now)});
    for (size_t k = 0; k < outcomes.size(); ++k) {
      size_t i = which[k];
      const feeds::FeedOutcome& o = outcomes[k];
      due_[i] = now + std::chrono::seconds(interval_seconds(feeds_[i]));
      bool apply = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        FeedStatus& s = status_[i];
        confirmed_[i] = false;
        ++s.attempts;
        s.last_attempt = now_text;
        switch (o.state) {
          case feeds::FeedState::kUpdated:
          case feeds::FeedState::kNotModified:
            s.state = o.state == feeds::FeedState::kUpdated ? "updated" : "not_modified";
            s.last_success = now_text;
            s.last_error.clear();
            s.held = false;
            s.held_items = 0;
            s.copy_fetched_at = o.copy_fetched_at;
            apply = o.state == feeds::FeedState::kUpdated;
            break;
          case feeds::FeedState::kHeld:
            s.state = "held";
            s.held = true;
            s.held_items = o.items;
            s.last_error = feeds::describe(o);
            ++s.holds;
            break;
          case feeds::FeedState::kFailed:
            s.state = "failed";
            s.last_error = o.error;
            ++s.failures;
            break;
          case feeds::FeedState::kFresh:
          case feeds::FeedState::kDisabled:
            break;
        }
      }
      if (o.state == feeds::FeedState::kFailed || o.state == feeds::FeedState::kHeld) {
        std::cerr << "kindred-serve: " << feeds::describe(o) << std::endl;
      }
      if (apply) apply_cached(i, now);
    }
  }
}

}  // namespace kindred::http
