// @brief Talking to a real kindred HTTP server in-process: the server over an index on a
// free port, a libcurl client that sends paths exactly as given, and a raw-socket sender
// for bytes no HTTP client would send.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/index/index_snapshot.h"
#include "server/api.h"
#include "server/http_server.h"

namespace kindred::test {

struct HttpResponse {
  long status = 0;                             // 0: no response (transport failure)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  long new_connections = -1;                   // connections curl opened for this request
  std::string error;                           // curl's message when status is 0

  bool has_header(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A libcurl handle that keeps its connection between requests. Not thread-safe: one per
// thread.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `target` is the path and query, sent as is (no normalisation of "..", "//").
  // `headers` are extra request header lines ("Accept-Encoding: gzip"); curl itself asks
  // for no compression and decodes none, so the body is the bytes as sent.
  HttpResponse request(uint16_t port, const std::string& target, const std::string& method = "GET",
                       const std::vector<std::string>& headers = {});

 private:
  void* curl_;
};

// One request on a fresh client.
HttpResponse http_get(uint16_t port, const std::string& target, const std::string& method = "GET");

// Sends `bytes` on a new connection and returns the status code of the first response,
// or 0 when none arrives within 5 seconds.
int raw_request_status(uint16_t port, const std::string& bytes);

// libcurl's CURLOPT_HEADERFUNCTION filling HttpResponse::headers (user: the HttpResponse).
size_t collect_header(char* data, size_t size, size_t n, void* response);

// Every byte outside RFC 3986's unreserved set as %XX.
std::string url_encode(std::string_view text);

// kindred-serve's parts, started on 127.0.0.1, a free port, with `threads` workers.
class TestServer {
 public:
  TestServer(const std::string& index_path, const std::string& web_dir, size_t threads = 4);
  uint16_t port() const { return server_->port(); }
  HttpResponse get(const std::string& target, const std::string& method = "GET") const {
    return http_get(port(), target, method);
  }

 private:
  LiveIndex index_;
  http::Api api_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace kindred::test
