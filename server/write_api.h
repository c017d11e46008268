// @brief The maintainer, moderator and public-report routes: HTTP in, core/moderation/moderation.h
// out. Enabled when kindred-serve has a --store.
//
// Routes (JSON bodies; tokens as "Authorization: Bearer kdr_..."):
//   GET  /api/v1/me                         who the token is; the listings it may change
//   GET  /api/v1/me/listings/{id}           a listing as it stands (for the edit form)
//   GET  /api/v1/stale                      listings unverified for 12 months (own / all)
//   POST /api/v1/submissions                {"listing", "note"?} -> 202 queued; 422 problems
//   GET  /api/v1/submissions?status=        own (maintainer) or all (moderator)
//   GET  /api/v1/submissions/{id}           poll one
//   POST /api/v1/submissions/{id}/approve   {"reason"?}  moderator; live on return
//   POST /api/v1/submissions/{id}/reject    {"reason"}   moderator
//   POST /api/v1/listings/{id}/verify       "still accurate": last_verified = today
//   POST /api/v1/listings/{id}/merge        {"into": id2} moderator: one meeting, shown as id2
//   POST /api/v1/listings/{id}/split        {"from": id2} moderator: never grouped together
//   POST /api/v1/reports                    {"listing_id", "category", "message"?}; no token
//   GET  /api/v1/reports?open=1             moderator: all; maintainer: their listings'
//   POST /api/v1/reports/{id}/resolve
//   POST /api/v1/suggestions                {"action": "add"|"correct", "listing_id"?, "name"?,
//                                           "details", "website"?, "contact"?}; no token;
//                                           202 pending; 422 with every problem
//   GET  /api/v1/suggestions?pending=1      moderator
//   POST /api/v1/suggestions/{id}/resolve   moderator: done
//
// 401 without a valid token, 403 outside its scope (logged in the audit log), 413 for a
// body over kMaxBodyBytes, 429 when a rate limit is hit.
#pragma once

#include <optional>
#include <string>

#include "core/moderation/moderation.h"
#include "server/rate_limit.h"
#include "server/reply.h"
#include "server/request.h"

namespace kindred::http {

struct WriteLimits {
  double submissions_per_minute = 30;  // per principal, for every write by a token
  double submissions_burst = 30;
  double reports_per_minute = 2;  // per client address, public reports
  double reports_burst = 5;
  double suggestions_per_minute = 2;  // per client address, public suggestions
  double suggestions_burst = 5;
  double auth_failures_per_minute = 30;  // per client address, bad tokens
};

inline constexpr size_t kMaxBodyBytes = 32 * 1024;

class WriteApi {
 public:
  WriteApi(Moderation& moderation, const WriteLimits& limits);

  // The reply if `request` is one of these routes (right method or not), else nullopt.
  std::optional<Reply> handle(const Request& request);

  // The request's principal when it carries a valid moderator token (401 without a valid
  // token, 403 for a maintainer), with the same failed-attempt limit as every route here.
  Expected<Principal> moderator(const Request& request);
  // Appends `action` by `by` to the store's audit log (no listing).
  // A public suggestion from `client` (its address, used for the rate limit only):
  // kRateLimited past the limit, else Moderation::suggest. Shared by the JSON route and
  // the page's form (server/page_routes.h).
  Expected<Suggestion> suggest(const std::string& client, const Suggestion& proposed);
  Status audit(const Principal& by, const std::string& action, const std::string& detail) {
    return moderation_.store().audit(by.name, action, "", detail);
  }

 private:
  Expected<Principal> authenticate(const Request& request);
  Reply me(const Principal& p);
  Reply my_listing(const Principal& p, const std::string& id);
  Reply stale(const Principal& p);
  Reply submit(const Principal& p, const Request& request);
  Reply list_submissions(const Principal& p, const Request& request);
  Reply decide(const Principal& p, int64_t id, bool approve, const Request& request);
  Reply verify(const Principal& p, const std::string& id);
  Reply duplicate(const Principal& p, const std::string& id, bool merge, const Request& request);
  Reply report(const Request& request);
  Reply list_reports(const Principal& p, const Request& request);
  Reply resolve(const Principal& p, int64_t id);
  Reply suggestion(const Request& request);
  Reply list_suggestions(const Principal& p, const Request& request);

  Moderation& moderation_;
  RateLimiter writes_, reports_, suggestions_, auth_failures_;
};

}  // namespace kindred::http
