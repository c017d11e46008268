// @brief The Pistache 0.0.5 adapter: sockets, worker threads, and the bytes of each
// request handed to Api::handle(); every response gets the security headers.
//
// Why our own Http::Handler rather than Rest::Router (a known Pistache 0.0.5 race):
//   - Pistache keeps query parameters in an unordered_map, losing repeated ones
//     (topic=a&topic=b) and any order; the API needs them. Our handler keeps each
//     connection's raw request line, as received, and parses the query itself.
//   - Router::route inserts into an unordered_map on first use of a method (a data race
//     across workers); our route table (api.cpp) is immutable.
//   - Router collapses "//" and similar, which would hide what static-file confinement
//     must see.
// The parsing loop mirrors Http::Handler::onInput of 0.0.5 (one request per read, as
// there), with two differences: parse failures that are not HttpErrors answer 400 rather
// than 500 (they are the client's bytes), and an HTTP/1.1 request without a Connection
// header is kept alive, as RFC 9112 says, rather than closed. Answers are written as one
// buffer each (status line, headers, body; put_on_wire in http_server.cpp), the bytes
// Pistache's ResponseWriter would send, without its per-header allocations and copies,
// straight to the socket rather than through Pistache's write queue (which would hold a
// finished answer while the worker runs other connections' searches).
//
// Never logs paths, queries or client addresses.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/base/error.h"
#include "server/api.h"

namespace Pistache::Http {
class Endpoint;
}

namespace kindred::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;       // 0: any free port (see HttpServer::port())
  size_t threads = 1;      // worker threads
  size_t max_request_bytes = 65536;
};

class HttpServer {
 public:
  // Binds and serves on background threads. kIo when the address cannot be bound. The
  // Api must outlive the server. Callers that handle signals should block them before
  // calling this, so that Pistache's threads inherit the mask.
  static Expected<std::unique_ptr<HttpServer>> start(Api& api, const ServerOptions& options);

  ~HttpServer();  // shutdown()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const { return port_; }

  // Stops accepting, lets the workers finish what they are doing, and joins them.
  // Idempotent.
  void shutdown();

 private:
  HttpServer() = default;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace kindred::http
