// @brief libcurl multi fetching with limits, retries and politeness (see http_fetch.h).
#include "indexer/http_fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>

namespace kindred::fetch {
namespace {

using Clock = std::chrono::steady_clock;

void global_init() {
  static const bool done = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)done;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b);
}

// One request in flight or waiting for its (next) attempt.
struct Transfer {
  size_t index = 0;
  const FetchRequest* request = nullptr;
  FetchResult result;
  Clock::time_point not_before;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  size_t limit = 0;
  bool truncate_ok = false;
  FetchOptions options;  // the call's options with this request's overrides
  bool overflow = false;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  ~Transfer() { release(); }
  void release() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
    easy = nullptr;
    headers = nullptr;
  }
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t bytes = size * n;
  if (t->result.body.size() + bytes > t->limit) {
    t->overflow = true;
    t->result.body.append(data, t->limit - t->result.body.size());
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->result.body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one's
    t->result.etag.clear();
    t->result.last_modified.clear();
    t->result.content_type.clear();
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = lower(line.substr(0, colon)), value = trim(line.substr(colon + 1));
  if (name == "etag") t->result.etag = value;
  else if (name == "last-modified") t->result.last_modified = value;
  else if (name == "content-type") t->result.content_type = value;
  return size * n;
}

void start(Transfer& t, const FetchOptions& o) {
  t.release();
  t.result.body.clear();
  t.overflow = false;
  t.error_buffer[0] = '\0';
  ++t.result.attempts;
  CURL* e = curl_easy_init();
  t.easy = e;
  curl_easy_setopt(e, CURLOPT_URL, t.request->url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, o.max_redirects);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o.total_timeout_ms);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  if (!o.truncate_ok) {
    // Refuses early when the server announces a bigger body; on_body catches the rest.
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
  }
  if (t.request->head) curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  if (!t.request->etag.empty()) t.headers = curl_slist_append(t.headers, ("If-None-Match: " + t.request->etag).c_str());
  if (!t.request->last_modified.empty()) {
    t.headers = curl_slist_append(t.headers, ("If-Modified-Since: " + t.request->last_modified).c_str());
  }
  if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
}

// Fills status and error from a finished attempt; true if it is worth another attempt.
bool finish(Transfer& t, CURLcode code, const FetchOptions& o) {
  FetchResult& r = t.result;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_COUNT, &r.redirects);
  char* url = nullptr;
  if (curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) r.effective_url = url;
  r.error.clear();
  r.truncated = false;
  if (code == CURLE_WRITE_ERROR && t.overflow && o.truncate_ok) {
    r.truncated = true;
    code = CURLE_OK;
  }
  switch (code) {
    case CURLE_OK:
      break;
    case CURLE_OPERATION_TIMEDOUT:
      r.error = "timed out after " + std::to_string(o.total_timeout_ms) + " ms";
      return true;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      r.error = std::string("cannot fetch: ") + (t.error_buffer[0] ? t.error_buffer : curl_easy_strerror(code));
      return code != CURLE_COULDNT_RESOLVE_HOST;
    case CURLE_FILESIZE_EXCEEDED:
      r.error = "body larger than " + std::to_string(o.max_body_bytes) + " bytes (announced)";
      return false;
    case CURLE_WRITE_ERROR:
      r.error = t.overflow ? "body larger than " + std::to_string(o.max_body_bytes) + " bytes" : "write error";
      return false;
    case CURLE_TOO_MANY_REDIRECTS:
      r.error = "too many redirects (more than " + std::to_string(o.max_redirects) + ")";
      return false;
    case CURLE_UNSUPPORTED_PROTOCOL:
      r.error = r.redirects > 0 ? "redirect to a non-http(s) URL refused" : "not an http(s) URL";
      return false;
    default:
      r.error = std::string("cannot fetch: ") + (t.error_buffer[0] ? t.error_buffer : curl_easy_strerror(code));
      return false;
  }
  if (r.status == 304) {
    r.not_modified = true;
    return false;
  }
  if (r.status >= 200 && r.status < 300) return false;
  r.error = "HTTP " + std::to_string(r.status);
  r.body.clear();
  return r.status == 429 || r.status >= 500;
}

}  // namespace

std::string url_host(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = lower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority[0] == '[') return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests, const FetchOptions& options) {
  global_init();
  std::vector<std::unique_ptr<Transfer>> transfers;
  std::deque<Transfer*> waiting;
  for (size_t i = 0; i < requests.size(); ++i) {
    auto t = std::make_unique<Transfer>();
    t->index = i;
    t->request = &requests[i];
    t->limit = requests[i].max_body_bytes ? requests[i].max_body_bytes : options.max_body_bytes;
    t->truncate_ok = options.truncate_ok;
    t->options = options;
    if (requests[i].total_timeout_ms > 0) t->options.total_timeout_ms = requests[i].total_timeout_ms;
    if (requests[i].max_body_bytes > 0) t->options.max_body_bytes = requests[i].max_body_bytes;
    if (requests[i].retries >= 0) t->options.retries = requests[i].retries;
    t->not_before = Clock::now();
    waiting.push_back(t.get());
    transfers.push_back(std::move(t));
  }
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), curl_multi_cleanup);
  std::map<std::string, Clock::time_point> host_free_at;  // politeness: next allowed start per host
  std::map<std::string, int> host_active;
  size_t active = 0;
  const auto delay = std::chrono::milliseconds(options.per_host_delay_ms);

  while (active > 0 || !waiting.empty()) {
    if (options.cancel && options.cancel->load()) {
      for (auto& t : transfers) {
        bool unfinished = t->easy != nullptr || std::find(waiting.begin(), waiting.end(), t.get()) != waiting.end();
        if (t->easy) curl_multi_remove_handle(multi.get(), t->easy);
        t->release();
        if (unfinished) {
          t->result.body.clear();
          t->result.error = "cancelled: the fetcher is stopping";
        }
      }
      break;
    }
    auto now = Clock::now();
    // Start what may start: capacity left, its retry time come, its host free.
    for (auto it = waiting.begin(); it != waiting.end() && active < std::max<size_t>(options.parallel, 1);) {
      Transfer* t = *it;
      std::string host = url_host(t->request->url);
      bool polite_wait = options.per_host_delay_ms > 0 && (host_active[host] > 0 || host_free_at[host] > now);
      if (t->not_before > now || polite_wait) {
        ++it;
        continue;
      }
      start(*t, t->options);
      curl_multi_add_handle(multi.get(), t->easy);
      ++host_active[host];
      ++active;
      it = waiting.erase(it);
    }
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi.get(), msg->easy_handle);
      bool retry = finish(*t, code, t->options);
      std::string host = url_host(t->request->url);
      --host_active[host];
      host_free_at[host] = Clock::now() + delay;
      --active;
      t->release();
      if (retry && t->result.attempts <= t->options.retries) {
        long wait = options.backoff_ms << (t->result.attempts - 1);
        t->not_before = Clock::now() + std::chrono::milliseconds(wait);
        waiting.push_back(t);
      }
    }
    if (active > 0) curl_multi_poll(multi.get(), nullptr, 0, 50, nullptr);
    else if (!waiting.empty()) curl_multi_poll(multi.get(), nullptr, 0, 20, nullptr);  // a retry or a polite gap
  }
  std::vector<FetchResult> results;
  results.reserve(transfers.size());
  for (auto& t : transfers) results.push_back(std::move(t->result));
  return results;
}

}  // namespace kindred::fetch
