// @brief The last good copy of every feed, on disk: <dir>/<id>.json (the body exactly as
// fetched and decoded) and <dir>/<id>.meta.json (where and when it came from, its ETag
// and Last-Modified for the next conditional request, and the last failure if any).
// A body is replaced only by one that parsed as its feed's format, so a broken fetch
// never destroys the copy a build falls back to. Writes are atomic.
#pragma once

#include <string>

#include "core/base/error.h"

namespace kindred::feeds {

struct CacheMeta {
  std::string url;
  std::string etag, last_modified;  // validators of the cached body
  std::string fetched_at;           // RFC 3339 UTC: when the body was last fetched or confirmed (304)
  std::string last_attempt;         // RFC 3339 UTC of the last try, good or bad
  std::string last_error;           // "" when the last try succeeded
  size_t items = 0;                 // items in the cached body (0: not recorded, older caches)
};

struct CachedFeed {
  bool has_body = false;
  std::string body;
  CacheMeta meta;
};

class FeedCache {
 public:
  explicit FeedCache(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }

  // What is cached for `id` (has_body false when nothing usable is).
  CachedFeed read(const std::string& id) const;
  // Replaces the body and the metadata.
  Status store(const std::string& id, const std::string& body, const CacheMeta& meta) const;
  // Updates the metadata only (a 304, or a failure recorded beside the old body).
  Status store_meta(const std::string& id, const CacheMeta& meta) const;

  std::string body_path(const std::string& id) const { return dir_ + "/" + id + ".json"; }
  std::string meta_path(const std::string& id) const { return dir_ + "/" + id + ".meta.json"; }

 private:
  std::string dir_;
};

}  // namespace kindred::feeds
