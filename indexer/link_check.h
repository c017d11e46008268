// @brief Checking listings' contact URLs: HEAD first, GET when a server refuses HEAD,
// bounded concurrency, a politeness gap per host, and a verdict per URL and per listing.
//
// Verdicts, from worst to best:
//   dead     the host does not exist, or the page is gone (404, 410)
//   error    a failure that may pass: 5xx, timeouts, connection refused, redirect loops
//   blocked  the server refuses robots (401, 403, 429): we cannot tell
//   ok       2xx after at most a few redirects
// Per-meeting links (Zoom, Google Meet, Teams, Webex, Whereby, GoToMeeting, Jitsi) are
// "ok" whatever a redirect or a sign-in page answers, unless their host does not resolve:
// the link is only meaningful at meeting time and redirects by design.
#pragma once

#include <string>
#include <vector>

#include "indexer/http_fetch.h"

namespace kindred::links {

struct LinkToCheck {
  std::string listing_id;
  std::string field;  // "contact.url", "organization.url"
  std::string url;
};

struct LinkVerdict {
  LinkToCheck link;
  std::string status;      // dead | error | blocked | ok
  long http_status = 0;
  std::string detail;      // "HTTP 404", "cannot fetch: Could not resolve host", "per-meeting link"
  std::string final_url;
};

bool is_per_meeting_host(const std::string& host);

// The verdict for one fetch result (the last of HEAD, then GET when HEAD was refused).
LinkVerdict judge(const LinkToCheck& link, const fetch::FetchResult& result);

// Checks every link; each distinct URL is fetched once.
std::vector<LinkVerdict> check_links(const std::vector<LinkToCheck>& links, const fetch::FetchOptions& options);

// The links of stored index documents ({"listing": ...}): contact.url and organization.url.
std::vector<LinkToCheck> links_of(const std::vector<std::string>& stored_documents);

// {"format": "kindred-link-status/1", "checked_at", "listings": {id: {"status", "links": [...]}}}
// where a listing's status is the worst of its links'.
std::string link_status_json(const std::vector<LinkVerdict>& verdicts, const std::string& checked_at);

}  // namespace kindred::links
