// @brief The replica's refusals (see replica_routes.h).
#include "server/replica_routes.h"

#include <string_view>

namespace kindred::http {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// GET routes that read the store (server/write_api.h, feed_routes.h, page_routes.h).
bool needs_store(std::string_view path) {
  for (std::string_view p : {"/api/v1/submissions", "/api/v1/reports", "/api/v1/suggestions", "/api/v1/me",
                             "/api/v1/feeds", "/suggest"}) {
    if (path == p || (starts_with(path, p) && path[p.size()] == '/')) return true;
  }
  return path == "/api/v1/stale";
}

}  // namespace

std::optional<Reply> replica_refusal(const Request& request, const std::string& primary) {
  bool read = request.method == "GET" || request.method == "HEAD";
  if (read && !needs_store(request.path)) return std::nullopt;
  return error_reply(421, "read_replica",
                     "this server is a read replica: send " +
                         std::string(read ? "this request" : "writes") + " to the primary, " + primary);
}

}  // namespace kindred::http
