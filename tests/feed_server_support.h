// @brief A local HTTP server for the feed and link-check tests (no internet needed):
// Pistache on 127.0.0.1, a free port, serving fixture bodies with the behaviours real
// feeds have: ETags and 304, gzip, 500s, a slow answer, oversized bodies, invalid JSON,
// redirect loops and redirects to other schemes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace kindred::test {

// Paths it answers:
//   /feed/NAME          the body set with set_body(NAME), ETag "\"<hash>\"", Last-Modified;
//                       304 when If-None-Match matches
//   /gzip/NAME          the same body gzip-encoded (Content-Encoding: gzip)
//   /status/N           an empty answer with status N (HEAD or GET)
//   /head-refused       405 to HEAD, 200 to GET
//   /slow               waits 2.5 s, then 200 "[]"
//   /huge               a 2 MiB JSON array with Content-Length; /huge-chunked the same streamed
//                       without a length
//   /loop               302 to itself; /to-ftp 302 to ftp://127.0.0.1/x;
//   /moved/NAME         301 to /feed/NAME
class FeedTestServer {
 public:
  FeedTestServer();
  ~FeedTestServer();
  FeedTestServer(const FeedTestServer&) = delete;
  FeedTestServer& operator=(const FeedTestServer&) = delete;

  uint16_t port() const;
  std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT" + path

  void set_body(const std::string& name, const std::string& body);
  int hits(const std::string& path) const;          // requests seen for a path
  int conditional_hits(const std::string& path) const;  // of those, with If-None-Match

  struct State;

 private:
  std::shared_ptr<State> state_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// gzip of `data` made by the system's gzip (tests only).
std::string gzip(const std::string& data);

}  // namespace kindred::test
