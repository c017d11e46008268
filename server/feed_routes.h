// @brief The feed status routes, for moderators (kindred-serve --feeds with --store):
//   GET  /api/v1/feeds                  every feed's status (server/feed_refresher.h)
//   POST /api/v1/feeds/{id}/confirm     accept a held feed's drop: fetched again at once
// 404 when the server refreshes no feeds or has no store (nobody could authenticate).
#pragma once

#include <optional>

#include "server/feed_refresher.h"
#include "server/reply.h"
#include "server/request.h"
#include "server/write_api.h"

namespace kindred::http {

// The reply when `request` is for one of these routes, else nullopt. `writes` and
// `feeds` may be null.
std::optional<Reply> feed_routes(const Request& request, WriteApi* writes, FeedRefresher* feeds);

}  // namespace kindred::http
