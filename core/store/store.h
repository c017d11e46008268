// @brief The durable record of everything people change: maintainers, moderators and
// their tokens, approved listings, submissions, public reports, and the audit log. One
// SQLite file (WAL, synchronous=FULL), schema migrations in core/store/store_schema.cpp.
//
// The store, not the index, is the record: an approved listing lives in `listings`
// (with a sequence number from `listing_changes`), and the index catches up from it
// (core/moderation/index_update.h). Every write here is one SQLite transaction, committed durably
// before the call returns, so a server killed right after answering loses nothing.
//
// Tokens: "kdr_<id>_<secret>". Only the id and SHA-256(token) are stored; the hash is
// compared in constant time. A token is shown once, when it is created.
//
// Thread safety: every method may be called from any thread (one connection, one mutex;
// writes are rare and short). Several processes may share the file (SQLite's locking,
// with a busy timeout).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"

struct sqlite3;

namespace kindred {

enum class Role { kMaintainer, kModerator };
const char* role_name(Role role);  // "maintainer", "moderator"

struct Principal {
  int64_t id = 0;
  std::string name;
  Role role = Role::kMaintainer;
  std::vector<std::string> organizations;  // listings of these organisations (exact name)
  std::vector<std::string> listing_ids;    // and these listings
  std::string created_at, revoked_at;      // RFC 3339 UTC; revoked_at empty while active
};

struct TokenInfo {
  std::string token_id;  // the public part, for listing and revoking
  std::string principal;
  std::string created_at, revoked_at;
};

// A principal with a freshly created token (the only time the token is known).
struct NewToken {
  Principal principal;
  std::string token;
  std::string token_id;
};

// One field that a change touches: "location.address", with old and new values as
// compact JSON ("" when the field is absent on that side).
struct FieldChange {
  std::string field;
  std::string old_json, new_json;
};

enum class SubmissionStatus { kPending, kApproved, kRejected };
const char* status_name(SubmissionStatus status);

struct Submission {
  int64_t id = 0;
  std::string listing_id;
  std::string action;  // "create" or "update"
  SubmissionStatus status = SubmissionStatus::kPending;
  std::string proposed_json;  // the listing as proposed
  std::string base_json;      // the listing it would replace ("" for a create)
  int64_t base_seq = 0;       // that listing's store sequence (0: from the data files)
  std::vector<FieldChange> diff;
  std::string submitted_by, submitted_at, note;
  std::string decided_by, decided_at, reason;
  bool replayed = false;  // submit(): an earlier submission with the same idempotency key
};

struct StoredListing {
  std::string id, json;
  int64_t seq = 0;
  std::string updated_at;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at, actor, action, listing_id;
  int64_t submission_id = 0;
  std::vector<FieldChange> changes;
  std::string detail;
};

struct Report {
  int64_t id = 0;
  std::string listing_id, category, message, created_at;
  std::string status;  // "open" or "resolved"
  std::string resolved_by, resolved_at;
};

// A moderator's decision about two listings that may be one meeting (docs/design.md,
// "Duplicate meetings"): "merge" hides listing_id behind other_id; "split" keeps the two
// apart whatever the matcher says.
struct DuplicateDecision {
  std::string listing_id, other_id;
  std::string decision;                 // "merge" | "split"
  std::string decided_by, decided_at;   // filled when read
};

// A public "add or correct a group" suggestion: free text for a moderator to act on, from
// anyone, with no account. `contact` is empty unless the sender chose to give one.
struct Suggestion {
  int64_t id = 0;
  std::string action;      // "add" or "correct"
  std::string listing_id;  // the listing to correct ("" for "add")
  std::string name, details, website, contact, created_at;
  std::string status;  // "pending" or "done"
  std::string resolved_by, resolved_at;
};

// Everything a full build needs from the store, read in one transaction.
struct StoreListings {
  std::vector<StoredListing> listings;
  int64_t seq = 0;  // the highest sequence they include
};

class Store {
 public:
  // Opens (creating if needed) and migrates the store. kCorrupt if the file is not a
  // Kindred store or is newer than this program; kIo if it cannot be opened.
  static Expected<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  int schema_version();

  // --- people and tokens (the admin command line) ---
  Expected<NewToken> add_principal(const std::string& name, Role role,
                                   const std::vector<std::string>& organizations,
                                   const std::vector<std::string>& listing_ids);
  Status grant(const std::string& name, const std::vector<std::string>& organizations,
               const std::vector<std::string>& listing_ids);
  Expected<NewToken> new_token(const std::string& name);
  Status revoke_token(const std::string& token_id);
  Status revoke_principal(const std::string& name);  // and every token it has
  Expected<std::vector<Principal>> principals();
  Expected<std::vector<TokenInfo>> tokens();

  // The active principal a token belongs to; kUnauthorized for a malformed, unknown or
  // revoked token, or a revoked principal.
  Expected<Principal> authenticate(const std::string& token);

  // --- listings ---
  Expected<std::optional<StoredListing>> listing(const std::string& id);
  Expected<StoreListings> all_listings();
  // Listings whose latest change is newer than `seq`, oldest change first.
  Expected<std::vector<StoredListing>> listings_since(int64_t seq);
  Expected<int64_t> latest_seq();

  // --- submissions ---
  // Queues a valid submission. With a non-empty idempotency key, a second call by the
  // same principal with the same key returns the first submission (replayed = true).
  Expected<Submission> submit(const Principal& by, const Submission& s, const std::string& idempotency_key);
  Expected<Submission> submission(int64_t id);
  // Newest first; `status` empty for all; `submitted_by` 0 for everyone's.
  Expected<std::vector<Submission>> submissions(const std::string& status, int64_t submitted_by, size_t limit);
  // Approves a pending submission: `final_json` becomes the listing (a new sequence),
  // with the audit entry, in one transaction. kConflict if it was decided already or if
  // the listing's sequence is no longer `expected_seq` (someone changed it meanwhile).
  // `changes` (final_json against the current listing) goes into the audit entry.
  Expected<Submission> approve(int64_t id, const Principal& moderator, int64_t expected_seq,
                               const std::string& final_json, const std::vector<FieldChange>& changes,
                               const std::string& reason);
  Expected<Report> report(int64_t id);
  Expected<Submission> reject(int64_t id, const Principal& moderator, const std::string& reason);
  // Records a re-verification: `json` (the current listing with a new last_verified)
  // becomes the listing, with its audit entry. kConflict if the listing changed since
  // `base_seq` was read.
  Expected<StoredListing> verify(const Principal& by, const std::string& listing_id, int64_t base_seq,
                                 const std::string& json, const std::vector<FieldChange>& changes);

  // --- duplicate meetings ---
  // Records a moderator's decision about the pair, replacing any earlier one about it (in
  // either order), with its audit entry ("merge" or "split"), in one transaction.
  Status decide_duplicate(const Principal& by, const DuplicateDecision& decision);
  // Every decision, oldest first.
  Expected<std::vector<DuplicateDecision>> duplicate_decisions();

  // --- audit ---
  // Appends one entry (refusals, for instance). The log cannot be changed or deleted.
  Status audit(const std::string& actor, const std::string& action, const std::string& listing_id,
               const std::string& detail);
  Expected<std::vector<AuditEntry>> audit_log(int64_t after_id, size_t limit);

  // --- public reports ---
  Expected<Report> add_report(const std::string& listing_id, const std::string& category,
                              const std::string& message);
  // `listing_ids` empty: every listing's. Newest first.
  Expected<std::vector<Report>> reports(const std::vector<std::string>& listing_ids, bool open_only,
                                        size_t limit);
  Expected<Report> resolve_report(int64_t id, const Principal& by);

  // --- public suggestions (core/store/store_suggestions.cpp) ---
  // Stores a pending suggestion as given (the caller validated it); nothing else about
  // the sender. Newest first; `pending_only` leaves out the done ones.
  Expected<Suggestion> add_suggestion(const Suggestion& s);
  Expected<std::vector<Suggestion>> suggestions(bool pending_only, size_t limit);
  // Marks a pending suggestion done, with an audit entry; kNotFound if none is pending.
  Expected<Suggestion> resolve_suggestion(int64_t id, const Principal& by);

 private:
  Store() = default;
  std::string path_;
  sqlite3* db_ = nullptr;
  std::mutex mu_;
};

// True if the principal may change a listing with this id and organisation name.
bool may_change(const Principal& p, const std::string& listing_id, const std::string& organization);

// The current time as RFC 3339 UTC with seconds ("2026-11-22T18:45:00Z").
std::string utc_now();

}  // namespace kindred
