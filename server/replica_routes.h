// @brief What a read replica (kindred-serve --replica-of URL) answers instead of writing.
//
// A replica serves searches, listings, places, exports and the page from an index that
// xapian-replicate keeps in step with the primary's (docs/operations.md). It has no
// store, so every write (any method but GET and HEAD) and every route that reads the
// store (submissions, reports, suggestions, moderators' views, feed status) is answered
// with 421 Misdirected Request naming the primary, never a silent 404 or 405.
// In a cluster nginx sends those requests to the primary (deploy/cluster/), so a
// client only sees this answer when it talks to a replica directly.
#pragma once

#include <optional>
#include <string>

#include "server/reply.h"
#include "server/request.h"

namespace kindred::http {

// The 421 for a request a replica cannot answer, or nullopt for a read it serves.
// `primary` is the primary's address as given to --replica-of.
std::optional<Reply> replica_refusal(const Request& request, const std::string& primary);

}  // namespace kindred::http
