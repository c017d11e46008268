// @brief The maintainer and moderator workflow, with no HTTP in it: who may change what,
// submitting (validated with the indexer's rules, diffed against the current listing),
// approving into the store and the live index, re-verifying, public reports, and the
// lists of stale listings.
//
// Order of record: the store commits first (that is the record, durable before any
// answer), then the live index is synced from it. If the sync fails the approval still
// stands and the next sync (the server runs one periodically) applies it.
//
// Thread safety: every method may be called from several threads; the store, validator,
// gazetteer and vocabulary are shared and must outlive this object.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/base/utc_time.h"
#include "core/geo/gazetteer.h"
#include "core/listing/validate.h"
#include "core/listing/vocabulary.h"
#include "core/moderation/index_update.h"
#include "core/store/store.h"

namespace kindred {

// The listing as it stands now: the store's latest version, else the index's.
struct CurrentListing {
  std::string json;  // the listing object, compact
  int64_t seq = 0;   // the store sequence (0: from the data files)
  std::string organization;
};

// One line of a maintainer's or moderator's list of listings.
struct ListingSummary {
  std::string id, name, organization, status, last_verified;
  bool stale = false;
  bool ended = false;  // every session of a course or term is over (issue 17)
};

// A submission as proposed in a request body: {"listing": {...}, "note": "..."}.
struct ModerationResult {
  Submission submission;
  bool live = false;       // approve/verify: the index has it
  std::string index_note;  // when not live: why (the store has it; a later sync applies it)
};

// A moderator's merge or split of two listings (duplicate_links.h).
struct DuplicateDecisionResult {
  std::string listing_id, other_id, decision;  // "merge" | "split"
  bool live = false;                           // the index applied it
  std::string index_note;                      // when not live: why
};

inline constexpr std::string_view kReportCategories[] = {"no_longer_meets", "wrong_contact", "wrong_schedule",
                                                         "wrong_location", "closed",         "other"};
inline constexpr size_t kMaxReportMessage = 1000;
inline constexpr size_t kMaxNote = 1000;
// Public suggestions (core/moderation/suggestions.cpp): field limits in bytes.
inline constexpr size_t kMaxSuggestionName = 200, kMaxSuggestionDetails = 2000, kMaxSuggestionWebsite = 500,
                        kMaxSuggestionContact = 200;

// An active (not revoked) moderator.
bool is_moderator(const Principal& p);

class Moderation {
 public:
  Moderation(Store& store, std::string index_path, const ListingValidator& validator, const Gazetteer& gazetteer,
             const Vocabulary& vocabulary);

  // kNotFound when neither the store nor the index has it (closed listings included).
  Expected<CurrentListing> current(const std::string& id);

  // Validates and queues. `body` is the request body. kInvalidArgument for a body that is
  // not {"listing": {...}}; kForbidden (and an audit entry) outside the principal's
  // scope; kInvalidListing with every problem; kInvalidListing too for an update that
  // changes nothing (re-verify instead).
  Expected<Submission> submit(const Principal& by, std::string_view body, const std::string& idempotency_key);

  // Moderators only (kForbidden otherwise, logged). The approved listing's
  // last_verified becomes the submission's date unless the proposal's is later.
  Expected<ModerationResult> approve(const Principal& moderator, int64_t id, const std::string& reason);
  Expected<ModerationResult> reject(const Principal& moderator, int64_t id, const std::string& reason);

  // "Still accurate": last_verified becomes today; nothing else changes. Maintainers of
  // the listing and moderators.
  Expected<ModerationResult> verify(const Principal& by, const std::string& listing_id);

  // A submission, for its submitter or a moderator (kForbidden otherwise).
  Expected<Submission> submission(const Principal& by, int64_t id);
  // Moderators see everyone's; maintainers their own.
  Expected<std::vector<Submission>> submissions(const Principal& by, const std::string& status, size_t limit);

  // Anyone; the listing must exist. No client detail is stored.
  Expected<Report> report(const std::string& listing_id, const std::string& category, const std::string& message);
  // Moderators: every report; maintainers: reports on listings they may change.
  Expected<std::vector<Report>> reports(const Principal& by, bool open_only, size_t limit);
  Expected<Report> resolve_report(const Principal& by, int64_t id);

  // Anyone, with no account: queues a suggestion (action "add" or "correct"; a
  // correction names an existing listing). kInvalidListing with every problem, each
  // with its field as the path. Only the fields given are stored: nothing about the
  // sender but the optional `contact`.
  Expected<Suggestion> suggest(const Suggestion& proposed);
  // Moderators only (kForbidden otherwise, logged).
  Expected<std::vector<Suggestion>> suggestions(const Principal& by, bool pending_only, size_t limit);
  Expected<Suggestion> resolve_suggestion(const Principal& by, int64_t id);

  // Maintainers: the listings they may change (up to `limit`). Moderators: none.
  Expected<std::vector<ListingSummary>> listings_of(const Principal& by, size_t limit);
  // Listings not verified for 12 months: a maintainer's own, or every one for a
  // moderator, oldest first; `total` is how many there are.
  Expected<std::vector<ListingSummary>> stale(const Principal& by, size_t limit, size_t& total);

  // Moderators only (kForbidden otherwise, logged). Merge: `listing_id` is the same
  // meeting as `other_id` and is shown through it (its id answers with it); split: the
  // two are never grouped by the matcher. Both must exist (kNotFound). Stored with an
  // audit entry, then applied to the live index (core/moderation/duplicate_links.h).
  Expected<DuplicateDecisionResult> decide_duplicate(const Principal& moderator, const std::string& listing_id,
                                                     const std::string& other_id, bool merge);

  // Applies every store change the live index lacks (see core/moderation/index_update.h).
  Expected<SyncReport> sync();

  Store& store() { return store_; }

 private:
  bool may_change_listing(const Principal& p, const std::string& id);
  Status refuse(const Principal& p, const std::string& listing_id, const std::string& why);
  ModerationResult after_write(Submission s);

  Store& store_;
  std::string index_path_;
  const ListingValidator& validator_;
  const Gazetteer& gazetteer_;
  const Vocabulary& vocabulary_;
};

}  // namespace kindred
