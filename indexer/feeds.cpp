// @brief Refreshing the feed cache and including cached feeds in a build (see feeds.h).
#include "indexer/feeds.h"

#include <ctime>

#include "core/base/utc_time.h"

namespace kindred::feeds {
namespace {

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; -1 when malformed.
long long parse_utc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') return -1;
  return static_cast<long long>(timegm(&tm));
}

// Items in the cached copy: recorded in its metadata, or counted (caches written before
// the count was recorded).
size_t copy_items(const FeedSpec& feed, const CachedFeed& cached, const ImportContext& context) {
  if (!cached.has_body) return 0;
  if (cached.meta.items > 0) return cached.meta.items;
  auto imported = import_feed(feed, cached.body, context);
  return imported ? imported->report.items : 0;
}

}  // namespace


std::string describe(const FeedOutcome& o) {
  std::string line = "feed " + o.id + ": ";
  switch (o.state) {
    case FeedState::kUpdated: return line + "updated (" + std::to_string(o.items) + " items)";
    case FeedState::kNotModified: return line + "not modified since " + o.copy_fetched_at;
    case FeedState::kFresh: return line + "fresh (fetched " + o.copy_fetched_at + "), not fetched again";
    case FeedState::kDisabled: return line + "disabled in the feeds file, skipped";
    case FeedState::kHeld:
      return line + "HELD: " + std::to_string(o.items) + " items, fewer than half of the last good copy's " +
             std::to_string(o.last_items) + "; the last good copy (fetched " + o.copy_fetched_at +
             ") stays in use until a moderator confirms";
    case FeedState::kFailed: break;
  }
  return line + "FAILED: " + o.error +
         (o.has_copy ? "; using the last good copy fetched " + o.copy_fetched_at
                     : "; no earlier copy, so none of its listings are included");
}

std::vector<FeedOutcome> refresh_feeds(const std::vector<FeedSpec>& feeds, const FeedCache& cache,
                                       const RefreshOptions& options, ImportContext context) {
  std::string now_text = utc_rfc3339(options.now);
  context.fetched_date = now_text.substr(0, 10);
  if (context.today.empty()) context.today = context.fetched_date;
  std::vector<FeedOutcome> outcomes(feeds.size());
  std::vector<fetch::FetchRequest> requests;
  std::vector<size_t> which;  // requests[k] is for feeds[which[k]]
  std::vector<CachedFeed> cached(feeds.size());
  for (size_t i = 0; i < feeds.size(); ++i) {
    const FeedSpec& f = feeds[i];
    FeedOutcome& o = outcomes[i];
    o.id = f.id;
    cached[i] = cache.read(f.id);
    o.has_copy = cached[i].has_body;
    o.copy_fetched_at = cached[i].meta.fetched_at;
    if (!f.enabled) {
      o.state = FeedState::kDisabled;
      continue;
    }
    long long fetched = parse_utc(cached[i].meta.fetched_at);
    long long age = std::chrono::duration_cast<std::chrono::seconds>(options.now.time_since_epoch()).count() - fetched;
    if (!options.force && o.has_copy && fetched >= 0 && cached[i].meta.url == f.url && age >= 0 &&
        age < static_cast<long long>(f.refresh_minutes) * 60) {
      o.state = FeedState::kFresh;
      continue;
    }
    fetch::FetchRequest r;
    r.url = f.url;
    // Validators only make sense for the body we still have, from the same URL.
    if (o.has_copy && cached[i].meta.url == f.url) {
      r.etag = cached[i].meta.etag;
      r.last_modified = cached[i].meta.last_modified;
    }
    r.total_timeout_ms = static_cast<long>(f.timeout_seconds) * 1000;
    r.max_body_bytes = static_cast<size_t>(f.max_bytes);
    r.retries = f.retries;
    requests.push_back(std::move(r));
    which.push_back(i);
  }

  std::vector<fetch::FetchResult> results = fetch::fetch_all(requests, options.fetch);
  for (size_t k = 0; k < results.size(); ++k) {
    size_t i = which[k];
    const FeedSpec& f = feeds[i];
    FeedOutcome& o = outcomes[i];
    fetch::FetchResult& r = results[k];
    CacheMeta meta = cached[i].meta;
    meta.last_attempt = now_text;
    if (r.ok() && r.not_modified && o.has_copy) {
      meta.fetched_at = now_text;
      meta.last_error.clear();
      o.state = FeedState::kNotModified;
      o.copy_fetched_at = now_text;
      if (Status s = cache.store_meta(f.id, meta); !s) o.state = FeedState::kFailed, o.error = s.error().message;
      continue;
    }
    if (r.ok() && r.not_modified) r.error = "304 Not Modified but nothing is cached";
    if (r.ok()) {
      auto imported = import_feed(f, r.body, context);
      if (!imported) {
        r.error = "not a valid " + f.format + " feed: " + imported.error().message;
      } else if (size_t last = options.hold_drops && o.has_copy ? copy_items(f, cached[i], context) : 0;
                 imported->report.items * 2 < last) {
        o.state = FeedState::kHeld;
        o.items = imported->report.items;
        o.last_items = last;
        meta.last_error = describe(o);
        cache.store_meta(f.id, meta);  // best effort: the hold is reported anyway
        continue;
      } else {
        CacheMeta fresh{f.url, r.etag, r.last_modified, now_text, now_text, "", imported->report.items};
        if (Status s = cache.store(f.id, r.body, fresh); !s) {
          r.error = s.error().message;
        } else {
          o.state = FeedState::kUpdated;
          o.items = imported->report.items;
          o.has_copy = true;
          o.copy_fetched_at = now_text;
          continue;
        }
      }
    }
    o.state = FeedState::kFailed;
    o.error = r.error + (r.attempts > 1 ? " (" + std::to_string(r.attempts) + " attempts)" : "");
    meta.last_error = o.error;
    if (o.has_copy) cache.store_meta(f.id, meta);  // best effort: the failure is reported anyway
  }
  return outcomes;
}

std::vector<std::string> include_feeds(const std::vector<FeedSpec>& feeds, const FeedCache& cache,
                                       ImportContext context, const ListingValidator& validator,
                                       LoadResult& into) {
  std::vector<std::string> lines;
  for (const FeedSpec& f : feeds) {
    if (!f.enabled) continue;
    CachedFeed cached = cache.read(f.id);
    if (!cached.has_body) continue;  // refresh_feeds has already said why
    context.fetched_date = cached.meta.fetched_at.size() >= 10 ? cached.meta.fetched_at.substr(0, 10) : context.today;
    auto imported = import_feed(f, cached.body, context);
    if (!imported) {
      lines.push_back("feed " + f.id + ": the cached copy cannot be read: " + imported.error().message);
      continue;
    }
    size_t accepted = add_feed_listings(into, "feed:" + f.id, *imported, validator);
    for (auto& l : describe_report(f.id, imported->report)) lines.push_back(std::move(l));
    lines.push_back("feed " + f.id + ": " + std::to_string(accepted) + " of " + std::to_string(imported->listings.size()) +
                    " listings accepted, of " + std::to_string(imported->report.items) + " items in the feed (" +
                    std::to_string(imported->report.skipped.size()) + " skipped; copy fetched " +
                    cached.meta.fetched_at + ")");
  }
  return lines;
}

}  // namespace kindred::feeds
