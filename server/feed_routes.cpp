// @brief See feed_routes.h.
#include "server/feed_routes.h"

#include <string_view>

namespace kindred::http {

std::optional<Reply> feed_routes(const Request& request, WriteApi* writes, FeedRefresher* feeds) {
  constexpr std::string_view kFeeds = "/api/v1/feeds", kConfirm = "/confirm";
  std::string_view path = request.path;
  if (path.substr(0, kFeeds.size()) != kFeeds) return std::nullopt;
  std::string_view rest = path.substr(kFeeds.size());
  const bool list = rest.empty() || rest == "/";
  const bool confirm = rest.size() > 1 + kConfirm.size() && rest[0] == '/' &&
                       rest.substr(rest.size() - kConfirm.size()) == kConfirm;
  if (!list && !confirm) return std::nullopt;  // the API's 404
  if (!feeds) return error_reply(404, "not_found", "this server refreshes no feeds (kindred-serve --feeds)");
  if (!writes) {
    return error_reply(404, "not_found",
                       "feed status is for moderators, and this server has no store to check them (kindred-serve --store)");
  }
  const char* allow = list ? "GET" : "POST";
  if (request.method != allow) {
    Reply r = error_reply(405, "method_not_allowed", std::string("use ") + allow + " here");
    r.allow = allow;
    return r;
  }
  auto moderator = writes->moderator(request);
  if (!moderator) return error_reply(moderator.error());
  if (list) return json_reply(200, feeds_status_json(feeds->status()));
  std::string id(rest.substr(1, rest.size() - 1 - kConfirm.size()));
  if (Status s = feeds->confirm(id); !s) return error_reply(s.error());
  // Confirming lets a feed take listings out of search, so who did it goes on the record
  // (after confirm() succeeded: a refused confirmation is no action). The confirmation
  // stands even if the entry cannot be written; the 500 says that it was not recorded.
  if (Status s = writes->audit(*moderator, "feed_drop_confirmed", "feed " + id); !s) {
    return error_reply(make_error(ErrorCode::kInternal, "confirmed, but not recorded in the audit log: " +
                                                            s.error().message));
  }
  return json_reply(202, R"({"status":"confirmed","message":"the feed is fetched again within a second, without the hold"})");
}

}  // namespace kindred::http
