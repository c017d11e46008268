// @brief Fetching URLs with libcurl, several at once (curl multi), safely: connect and
// total timeouts, a body size limit, at most a few redirects and only to http(s),
// gzip/deflate, conditional requests, and retries with exponential backoff.
//
// Used by `kindred-index fetch` (feeds) and `check-links` (contact URLs). Not in core:
// core has no network code.
//
// Thread safety: fetch_all() may be called from several threads at once (each call has
// its own multi handle). curl_global_init is done once, thread-safely, on first use.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

namespace kindred::fetch {

struct FetchOptions {
  long connect_timeout_ms = 10000;
  long total_timeout_ms = 60000;             // per attempt, including the body
  size_t max_body_bytes = 20 * 1024 * 1024;  // a bigger body aborts the transfer
  bool truncate_ok = false;                  // link checks: stop at the limit, not an error
  long max_redirects = 5;
  int retries = 2;                           // extra attempts after a transient failure
  long backoff_ms = 1000;                    // before the first retry; doubled each time
  size_t parallel = 4;                       // transfers at once
  long per_host_delay_ms = 0;                // politeness: gap between starts on one host
  std::string user_agent = "kindred-index/1 (peer-support directory; feed fetcher)";
  // When set and it becomes true, fetch_all() stops within about 50 ms: every unfinished
  // transfer fails with "cancelled: the fetcher is stopping" (kindred-serve's shutdown
  // must not wait out a slow feed's timeouts and retries). Must outlive the call.
  const std::atomic<bool>* cancel = nullptr;
};

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
  bool head = false;          // HEAD instead of GET
  // Per-request limits overriding FetchOptions' when set (feeds carry their own).
  long total_timeout_ms = 0;
  size_t max_body_bytes = 0;
  int retries = -1;
};

struct FetchResult {
  long status = 0;            // HTTP status of the last response; 0: none (transport failure)
  bool not_modified = false;  // 304 to a conditional request
  std::string body;           // decoded (gunzipped) body of a 2xx answer
  std::string etag, last_modified, content_type;
  std::string effective_url;  // after redirects
  long redirects = 0;
  int attempts = 0;
  bool truncated = false;     // truncate_ok and the body reached max_body_bytes
  std::string error;          // "" when status is 2xx or 304; else one line saying what failed

  bool ok() const { return error.empty(); }
};

// Fetches every request (results in the same order). Never throws; every failure is
// described in its result's `error`: "timed out after 2000 ms", "HTTP 500",
// "body larger than 1048576 bytes", "too many redirects (more than 5)",
// "redirect to a non-http(s) URL refused", "cannot connect: ...".
// Transient failures (timeouts, connection failures, HTTP 429 and 5xx) are retried.
std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests, const FetchOptions& options);

// The host of an http(s) URL ("Example.org:8080" -> "example.org"); "" if none.
std::string url_host(const std::string& url);

}  // namespace kindred::fetch
