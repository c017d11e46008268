// @brief See write_api.h.
#include "server/write_api.h"

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/listing/listing.h"
#include "core/search/search_params.h"
#include "server/write_json.h"

namespace kindred::http {
namespace {

constexpr std::string_view kPrefix = "/api/v1/";
constexpr size_t kListLimit = 200;

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Reply method_not_allowed(const char* allow) {
  Reply r = error_reply(405, "method_not_allowed", std::string("use ") + allow + " here");
  r.allow = allow;
  return r;
}

std::optional<int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::stoll(std::string(text));
}

// An optional JSON object body with only `allowed` string fields.
Expected<rapidjson::Document> body_object(std::string_view body, std::initializer_list<const char*> allowed) {
  rapidjson::Document doc;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    doc.SetObject();
    return doc;
  }
  if (Status s = parse_json(body, doc); !s) {
    return make_error(ErrorCode::kInvalidArgument, "the body is not valid JSON: " + s.error().message);
  }
  if (!doc.IsObject()) return make_error(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  for (auto m = doc.MemberBegin(); m != doc.MemberEnd(); ++m) {
    std::string name = m->name.GetString();
    bool known = false;
    for (const char* a : allowed) known = known || name == a;
    if (!known) return make_error(ErrorCode::kInvalidArgument, "unknown field \"" + name + "\" in the body");
    if (!m->value.IsString()) return make_error(ErrorCode::kInvalidArgument, name + ": must be a string");
  }
  return doc;
}

std::string string_member(const rapidjson::Document& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it == doc.MemberEnd() ? std::string() : std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

WriteApi::WriteApi(Moderation& moderation, const WriteLimits& limits)
    : moderation_(moderation),
      writes_(limits.submissions_burst, limits.submissions_per_minute),
      reports_(limits.reports_burst, limits.reports_per_minute),
      suggestions_(limits.suggestions_burst, limits.suggestions_per_minute),
      auth_failures_(limits.auth_failures_per_minute, limits.auth_failures_per_minute) {}

Expected<Principal> WriteApi::authenticate(const Request& request) {
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view header = request.authorization;
  if (header.empty()) {
    return make_error(ErrorCode::kUnauthorized, "this needs a token: send \"Authorization: Bearer <token>\"");
  }
  std::string client = auth_failures_.client_key(request.client);
  if (header.substr(0, kBearer.size()) != kBearer) {
    return make_error(ErrorCode::kUnauthorized, "the Authorization header must be \"Bearer <token>\"");
  }
  auto p = moderation_.store().authenticate(std::string(header.substr(kBearer.size())));
  if (!p && p.error().code == ErrorCode::kUnauthorized && !auth_failures_.allow(client)) {
    return make_error(ErrorCode::kRateLimited, "too many failed attempts from this client; wait a minute");
  }
  return p;
}

Expected<Principal> WriteApi::moderator(const Request& request) {
  auto p = authenticate(request);
  if (!p) return p;
  if (p->role != Role::kModerator) return make_error(ErrorCode::kForbidden, "this needs a moderator's token");
  return p;
}

std::optional<Reply> WriteApi::handle(const Request& request) {
  if (request.path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto seg = segments(request.path.substr(kPrefix.size()));
  const std::string_view m = request.method;
  const bool get = m == "GET", post = m == "POST";
  const size_t n = seg.size();

  // Which route, before any authentication, so that unknown paths fall through.
  enum class R {
    kNone, kMe, kMyListing, kStale, kSubmissions, kSubmission, kDecide, kVerify, kDuplicate, kReports, kResolve,
    kSuggestions, kResolveSuggestion
  };
  R route = R::kNone;
  if (seg[0] == "me" && n == 1) route = R::kMe;
  if (seg[0] == "me" && n == 3 && seg[1] == "listings") route = R::kMyListing;
  if (seg[0] == "stale" && n == 1) route = R::kStale;
  if (seg[0] == "submissions" && n == 1) route = R::kSubmissions;
  if (seg[0] == "submissions" && n == 2) route = R::kSubmission;
  if (seg[0] == "submissions" && n == 3 && (seg[2] == "approve" || seg[2] == "reject")) route = R::kDecide;
  if (seg[0] == "listings" && n == 3 && seg[2] == "verify") route = R::kVerify;
  if (seg[0] == "listings" && n == 3 && (seg[2] == "merge" || seg[2] == "split")) route = R::kDuplicate;
  if (seg[0] == "reports" && n == 1) route = R::kReports;
  if (seg[0] == "reports" && n == 3 && seg[2] == "resolve") route = R::kResolve;
  if (seg[0] == "suggestions" && n == 1) route = R::kSuggestions;
  if (seg[0] == "suggestions" && n == 3 && seg[2] == "resolve") route = R::kResolveSuggestion;
  if (route == R::kNone) return std::nullopt;

  const bool wants_post = route == R::kDecide || route == R::kVerify || route == R::kDuplicate ||
                          route == R::kResolve || route == R::kResolveSuggestion;
  const bool either = route == R::kSubmissions || route == R::kReports || route == R::kSuggestions;
  if (wants_post && !post) return method_not_allowed("POST");
  if (either && !get && !post) return method_not_allowed("GET, POST");
  if (!wants_post && !either && !get) return method_not_allowed("GET");
  if (request.body.size() > kMaxBodyBytes) {
    return error_reply(make_error(ErrorCode::kTooLarge,
                                  "the body is larger than " + std::to_string(kMaxBodyBytes / 1024) + " KiB"));
  }

  if (route == R::kReports && post) return report(request);  // public: no token
  if (route == R::kSuggestions && post) return suggestion(request);  // public: no token

  auto principal = authenticate(request);
  if (!principal) return error_reply(principal.error());
  const Principal& p = *principal;
  if (post && !writes_.allow("p:" + std::to_string(p.id))) {
    return error_reply(make_error(ErrorCode::kRateLimited, "too many changes from this token; wait a minute"));
  }
  std::optional<int64_t> id = n >= 2 ? parse_id(seg[1]) : std::nullopt;
  switch (route) {
    case R::kMe: return me(p);
    case R::kMyListing:
      if (!is_listing_id(seg[2])) return error_reply(make_error(ErrorCode::kInvalidArgument, "id: not a listing id"));
      return my_listing(p, std::string(seg[2]));
    case R::kStale: return stale(p);
    case R::kSubmissions: return post ? submit(p, request) : list_submissions(p, request);
    case R::kSubmission: {
      if (!id) return error_reply(make_error(ErrorCode::kNotFound, "no such submission"));
      auto s = moderation_.submission(p, *id);
      return s ? json_reply(200, submission_json(*s)) : error_reply(s.error());
    }
    case R::kDecide:
      if (!id) return error_reply(make_error(ErrorCode::kNotFound, "no such submission"));
      return decide(p, *id, seg[2] == "approve", request);
    case R::kVerify:
      if (!is_listing_id(seg[1])) return error_reply(make_error(ErrorCode::kNotFound, "no such listing"));
      return verify(p, std::string(seg[1]));
    case R::kDuplicate:
      if (!is_listing_id(seg[1])) return error_reply(make_error(ErrorCode::kNotFound, "no such listing"));
      return duplicate(p, std::string(seg[1]), seg[2] == "merge", request);
    case R::kReports: return list_reports(p, request);
    case R::kResolve:
      if (!id) return error_reply(make_error(ErrorCode::kNotFound, "no such report"));
      return resolve(p, *id);
    case R::kSuggestions: return list_suggestions(p, request);
    case R::kResolveSuggestion: {
      if (!id) return error_reply(make_error(ErrorCode::kNotFound, "no such suggestion"));
      auto s = moderation_.resolve_suggestion(p, *id);
      return s ? json_reply(200, suggestion_json(*s)) : error_reply(s.error());
    }
    case R::kNone: break;
  }
  return std::nullopt;
}

Reply WriteApi::me(const Principal& p) {
  auto listings = moderation_.listings_of(p, 1000);
  if (!listings) return error_reply(listings.error());
  return json_reply(200, me_json(p, *listings));
}

Reply WriteApi::my_listing(const Principal& p, const std::string& id) {
  auto cur = moderation_.current(id);
  if (!cur) return error_reply(cur.error());
  if (p.role != Role::kModerator && !may_change(p, id, cur->organization)) {
    moderation_.store().audit(p.name, "refused", id, "read for editing outside scope");
    return error_reply(make_error(ErrorCode::kForbidden, "this token may not change listing " + id));
  }
  return json_reply(200, current_json(*cur));
}

Reply WriteApi::stale(const Principal& p) {
  size_t total = 0;
  auto list = moderation_.stale(p, kListLimit, total);
  if (!list) return error_reply(list.error());
  return json_reply(200, stale_json(total, *list));
}

Reply WriteApi::submit(const Principal& p, const Request& request) {
  if (request.idempotency_key.size() > 200) {
    return error_reply(make_error(ErrorCode::kInvalidArgument, "Idempotency-Key: at most 200 characters"));
  }
  auto s = moderation_.submit(p, request.body, request.idempotency_key);
  if (!s) return error_reply(s.error());
  // A replay answers as the first time did, so a client retrying after a lost answer
  // can tell nothing apart.
  return json_reply(202, submission_json(*s));
}

Reply WriteApi::list_submissions(const Principal& p, const Request& request) {
  if (Status s = only_params(request.query, {"status"}); !s) return error_reply(s.error());
  auto status = query_param(request.query, "status");
  if (!status) return error_reply(status.error());
  if (!status->empty() && *status != "pending" && *status != "approved" && *status != "rejected") {
    return error_reply(make_error(ErrorCode::kInvalidArgument, "status: pending, approved or rejected"));
  }
  auto list = moderation_.submissions(p, *status, kListLimit);
  if (!list) return error_reply(list.error());
  return json_reply(200, submissions_json(*list));
}

Reply WriteApi::decide(const Principal& p, int64_t id, bool approve, const Request& request) {
  auto body = body_object(request.body, {"reason"});
  if (!body) return error_reply(body.error());
  std::string reason = string_member(*body, "reason");
  if (reason.size() > kMaxNote) return error_reply(make_error(ErrorCode::kInvalidArgument, "reason: too long"));
  auto result = approve ? moderation_.approve(p, id, reason) : moderation_.reject(p, id, reason);
  if (!result) return error_reply(result.error());
  return json_reply(200, submission_json(result->submission, &*result));
}

Reply WriteApi::verify(const Principal& p, const std::string& id) {
  auto result = moderation_.verify(p, id);
  if (!result) return error_reply(result.error());
  return json_reply(200, submission_json(result->submission, &*result));
}

Reply WriteApi::duplicate(const Principal& p, const std::string& id, bool merge, const Request& request) {
  const char* field = merge ? "into" : "from";
  auto body = body_object(request.body, {field});
  if (!body) return error_reply(body.error());
  std::string other = string_member(*body, field);
  if (!is_listing_id(other)) {
    return error_reply(make_error(ErrorCode::kInvalidArgument,
                                  std::string(field) + ": the id of the listing to " + (merge ? "merge into" : "split from")));
  }
  auto result = moderation_.decide_duplicate(p, id, other, merge);
  if (!result) return error_reply(result.error());
  return json_reply(200, duplicate_decision_json(*result));
}

Reply WriteApi::report(const Request& request) {
  if (!reports_.allow(reports_.client_key(request.client))) {
    return error_reply(make_error(ErrorCode::kRateLimited, "too many reports from here; please try again later"));
  }
  auto body = body_object(request.body, {"listing_id", "category", "message"});
  if (!body) return error_reply(body.error());
  std::string listing_id = string_member(*body, "listing_id");
  if (!is_listing_id(listing_id)) {
    return error_reply(make_error(ErrorCode::kInvalidArgument, "listing_id: the id of the listing to report"));
  }
  auto r = moderation_.report(listing_id, string_member(*body, "category"), string_member(*body, "message"));
  if (!r) return error_reply(r.error());
  return json_reply(202, report_json(*r));
}

Expected<Suggestion> WriteApi::suggest(const std::string& client, const Suggestion& proposed) {
  if (!suggestions_.allow(suggestions_.client_key(client))) {
    return make_error(ErrorCode::kRateLimited, "too many suggestions from here; please try again in a few minutes");
  }
  return moderation_.suggest(proposed);
}

Reply WriteApi::suggestion(const Request& request) {
  auto body = body_object(request.body, {"action", "listing_id", "name", "details", "website", "contact"});
  if (!body) return error_reply(body.error());
  Suggestion s;
  s.action = string_member(*body, "action");
  s.listing_id = string_member(*body, "listing_id");
  s.name = string_member(*body, "name");
  s.details = string_member(*body, "details");
  s.website = string_member(*body, "website");
  s.contact = string_member(*body, "contact");
  auto saved = suggest(request.client, s);
  if (!saved) return error_reply(saved.error());
  return json_reply(202, suggestion_json(*saved));
}

Reply WriteApi::list_suggestions(const Principal& p, const Request& request) {
  if (Status s = only_params(request.query, {"pending"}); !s) return error_reply(s.error());
  auto pending = query_param(request.query, "pending");
  if (!pending) return error_reply(pending.error());
  if (!pending->empty() && *pending != "0" && *pending != "1") {
    return error_reply(make_error(ErrorCode::kInvalidArgument, "pending: 0 or 1"));
  }
  auto list = moderation_.suggestions(p, *pending == "1", kListLimit);
  if (!list) return error_reply(list.error());
  return json_reply(200, suggestions_json(*list));
}

Reply WriteApi::list_reports(const Principal& p, const Request& request) {
  if (Status s = only_params(request.query, {"open"}); !s) return error_reply(s.error());
  auto open = query_param(request.query, "open");
  if (!open) return error_reply(open.error());
  if (!open->empty() && *open != "0" && *open != "1") {
    return error_reply(make_error(ErrorCode::kInvalidArgument, "open: 0 or 1"));
  }
  auto list = moderation_.reports(p, *open == "1", kListLimit);
  if (!list) return error_reply(list.error());
  return json_reply(200, reports_json(*list));
}

Reply WriteApi::resolve(const Principal& p, int64_t id) {
  auto r = moderation_.resolve_report(p, id);
  if (!r) return error_reply(r.error());
  return json_reply(200, report_json(*r));
}

}  // namespace kindred::http
