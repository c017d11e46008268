// @brief The store's migrations (see store_schema.h). Times are RFC 3339 UTC text.
#include "core/store/store_schema.h"

#include <string>

#include "core/store/sqlite_util.h"

namespace kindred {
namespace {

const char* const kMigrations[] = {
    // 1: people, tokens, listings, submissions, audit log, reports.
    R"sql(
CREATE TABLE principals (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('maintainer', 'moderator')),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE scopes (
  principal_id INTEGER NOT NULL REFERENCES principals(id),
  kind TEXT NOT NULL CHECK (kind IN ('organization', 'listing')),
  value TEXT NOT NULL,
  PRIMARY KEY (principal_id, kind, value)
);
-- Only SHA-256 of the token is kept; token_id is its public part.
CREATE TABLE tokens (
  token_id TEXT PRIMARY KEY,
  principal_id INTEGER NOT NULL REFERENCES principals(id),
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
-- Every approved version of every listing, in order; seq is what the index tracks.
CREATE TABLE listing_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  listing_id TEXT NOT NULL,
  json TEXT NOT NULL,
  at TEXT NOT NULL,
  submission_id INTEGER
);
-- The current version of each listing the store knows (it overrides data/listings).
CREATE TABLE listings (
  id TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX listings_by_seq ON listings(seq);
CREATE TABLE submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  listing_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  proposed_json TEXT NOT NULL,
  base_json TEXT NOT NULL,
  base_seq INTEGER NOT NULL,
  diff_json TEXT NOT NULL,
  submitted_by INTEGER NOT NULL REFERENCES principals(id),
  submitted_at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT,
  decided_by INTEGER REFERENCES principals(id),
  decided_at TEXT,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX submissions_idempotency ON submissions(submitted_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX submissions_by_status ON submissions(status, id);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  listing_id TEXT NOT NULL DEFAULT '',
  submission_id INTEGER,
  changes_json TEXT NOT NULL DEFAULT '[]',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- Public reports: no client address, no account.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  listing_id TEXT NOT NULL,
  category TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_by INTEGER REFERENCES principals(id),
  resolved_at TEXT
);
CREATE INDEX reports_by_listing ON reports(listing_id, id);
)sql",
    // 2: moderators' decisions about duplicate meetings (core/index/duplicate_match.h).
    // merge: listing_id is hidden behind other_id; split: the pair is never matched. One
    // decision per pair, in either order (the store replaces the older one).
    R"sql(
CREATE TABLE duplicate_decisions (
  listing_id TEXT NOT NULL,
  other_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('merge', 'split')),
  decided_by INTEGER NOT NULL REFERENCES principals(id),
  decided_at TEXT NOT NULL,
  PRIMARY KEY (listing_id, other_id),
  CHECK (listing_id <> other_id)
);
)sql",
    // 3: public suggestions ("add or correct a group"): no account, no client address;
    // contact only when the sender typed one to be asked about it.
    R"sql(
CREATE TABLE suggestions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  action TEXT NOT NULL CHECK (action IN ('add', 'correct')),
  listing_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL,
  website TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  resolved_by INTEGER REFERENCES principals(id),
  resolved_at TEXT
);
CREATE INDEX suggestions_by_status ON suggestions(status, id);
)sql",
};

constexpr int kVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

Expected<int> user_version(sqlite3* db) {
  sql::Stmt st(db, "PRAGMA user_version");
  if (!st.ok() || st.step() != SQLITE_ROW) return sql::error(db, "reading the store's schema version");
  return static_cast<int>(st.int64(0));
}

}  // namespace

int store_schema_version() { return kVersion; }

Status migrate_store(sqlite3* db, const std::string& path) {
  auto version = user_version(db);
  if (!version) return version.error();
  if (*version > kVersion) {
    return make_error(ErrorCode::kCorrupt, path + ": store schema version " + std::to_string(*version) +
                                               " is newer than this program's (" + std::to_string(kVersion) +
                                               "); upgrade Kindred");
  }
  for (int v = *version; v < kVersion; ++v) {
    sql::Transaction tx(db);
    if (Status s = tx.begin(); !s) return s;
    // The version is re-read inside the transaction: another process may have migrated.
    auto now = user_version(db);
    if (!now) return now.error();
    if (*now > v) continue;
    std::string doing = path + ": migration " + std::to_string(v + 1);
    if (Status s = sql::exec(db, kMigrations[v], doing); !s) return s;
    std::string bump = "PRAGMA user_version = " + std::to_string(v + 1);
    if (Status s = sql::exec(db, bump.c_str(), doing); !s) return s;
    if (Status s = tx.commit(); !s) return s;
  }
  return Ok{};
}

}  // namespace kindred
