// @brief Opening the store, people and tokens, authentication, and the audit log.
// Listings, submissions and reports are in store_records.cpp.
#include "core/store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>

#include "core/base/utc_time.h"
#include "core/store/internal/store_internal.h"
#include "core/store/sqlite_util.h"
#include "core/store/store_schema.h"
#include "core/store/token.h"

namespace kindred {
namespace {

constexpr std::string_view kTokenPrefix = "kdr_";
constexpr size_t kTokenIdHex = 12;      // 48 bits: public, unique, for listing and revoking
constexpr size_t kTokenSecretHex = 64;  // 256 bits of secret

Expected<std::vector<std::string>> scope_values(sqlite3* db, int64_t principal_id, const char* kind) {
  sql::Stmt st(db, "SELECT value FROM scopes WHERE principal_id = ? AND kind = ? ORDER BY value");
  if (!st.ok()) return sql::error(db, "reading scopes");
  st.bind(1, principal_id).bind(2, kind);
  std::vector<std::string> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.text(0));
  if (rc != SQLITE_DONE) return sql::error(db, "reading scopes");
  return out;
}

Expected<Principal> load_principal(sqlite3* db, sql::Stmt& st) {
  Principal p;
  p.id = st.int64(0);
  p.name = st.text(1);
  p.role = st.text(2) == "moderator" ? Role::kModerator : Role::kMaintainer;
  p.created_at = st.text(3);
  p.revoked_at = st.text(4);
  auto orgs = scope_values(db, p.id, "organization");
  if (!orgs) return orgs.error();
  auto ids = scope_values(db, p.id, "listing");
  if (!ids) return ids.error();
  p.organizations = std::move(*orgs);
  p.listing_ids = std::move(*ids);
  return p;
}

constexpr const char* kPrincipalColumns = "SELECT id, name, role, created_at, COALESCE(revoked_at, '') FROM principals";

Expected<Principal> principal_by_name(sqlite3* db, const std::string& name) {
  sql::Stmt st(db, std::string(kPrincipalColumns) + " WHERE name = ?");
  if (!st.ok()) return sql::error(db, "reading principals");
  st.bind(1, name);
  int rc = st.step();
  if (rc == SQLITE_DONE) return make_error(ErrorCode::kNotFound, "no maintainer or moderator named \"" + name + "\"");
  if (rc != SQLITE_ROW) return sql::error(db, "reading principals");
  return load_principal(db, st);
}

Status add_scopes(sqlite3* db, int64_t principal_id, const std::vector<std::string>& organizations,
                  const std::vector<std::string>& listing_ids) {
  auto add = [&](const char* kind, const std::string& value) -> Status {
    sql::Stmt st(db, "INSERT OR IGNORE INTO scopes (principal_id, kind, value) VALUES (?, ?, ?)");
    if (!st.ok()) return sql::error(db, "granting scope");
    st.bind(1, principal_id).bind(2, kind).bind(3, value);
    if (st.step() != SQLITE_DONE) return sql::error(db, "granting scope");
    return Ok{};
  };
  for (const auto& o : organizations) {
    if (Status s = add("organization", o); !s) return s;
  }
  for (const auto& l : listing_ids) {
    if (Status s = add("listing", l); !s) return s;
  }
  return Ok{};
}

// Creates a token row; the caller holds the transaction.
Expected<std::pair<std::string, std::string>> insert_token(sqlite3* db, int64_t principal_id) {
  std::string id = random_hex(kTokenIdHex / 2);
  std::string secret = random_hex(kTokenSecretHex / 2);
  if (id.empty() || secret.empty()) return make_error(ErrorCode::kInternal, "the system's random source failed");
  std::string token = std::string(kTokenPrefix) + id + "_" + secret;
  sql::Stmt st(db, "INSERT INTO tokens (token_id, principal_id, hash, created_at) VALUES (?, ?, ?, ?)");
  if (!st.ok()) return sql::error(db, "creating a token");
  st.bind(1, id).bind(2, principal_id).bind(3, sha256_hex(token)).bind(4, utc_now());
  if (st.step() != SQLITE_DONE) return sql::error(db, "creating a token");
  return std::make_pair(id, token);
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

const char* role_name(Role role) { return role == Role::kModerator ? "moderator" : "maintainer"; }

std::string utc_now() { return utc_rfc3339(std::chrono::system_clock::now()); }

bool may_change(const Principal& p, const std::string& listing_id, const std::string& organization) {
  if (!p.revoked_at.empty() || p.role != Role::kMaintainer) return false;
  return std::find(p.listing_ids.begin(), p.listing_ids.end(), listing_id) != p.listing_ids.end() ||
         (!organization.empty() &&
          std::find(p.organizations.begin(), p.organizations.end(), organization) != p.organizations.end());
}

Expected<std::unique_ptr<Store>> Store::open(const std::string& path) {
  std::unique_ptr<Store> store(new Store());
  store->path_ = path;
  int rc = sqlite3_open_v2(path.c_str(), &store->db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = store->db_ ? sqlite3_errmsg(store->db_) : "out of memory";
    return make_error(ErrorCode::kIo, path + ": cannot open the store: " + message);
  }
  sqlite3_busy_timeout(store->db_, 10000);
  sqlite3_extended_result_codes(store->db_, 1);
  // WAL: readers never block the writer. synchronous=FULL: a commit is on disk before
  // we answer, so an accepted submission survives power loss, not only a crash.
  const char* pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
  if (Status s = sql::exec(store->db_, pragmas, path + ": setting up the store"); !s) {
    if (s.error().message.find("not a database") != std::string::npos) {
      return make_error(ErrorCode::kCorrupt, path + ": not a Kindred store (not an SQLite database)");
    }
    return s.error();
  }
  if (Status s = migrate_store(store->db_, path); !s) return s.error();
  return store;
}

Store::~Store() { sqlite3_close_v2(db_); }

int Store::schema_version() {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, "PRAGMA user_version");
  return st.ok() && st.step() == SQLITE_ROW ? static_cast<int>(st.int64(0)) : -1;
}

Expected<NewToken> Store::add_principal(const std::string& name, Role role,
                                        const std::vector<std::string>& organizations,
                                        const std::vector<std::string>& listing_ids) {
  if (name.empty() || name.size() > 200) {
    return make_error(ErrorCode::kInvalidArgument, "a name must be 1 to 200 characters");
  }
  if (role == Role::kModerator && (!organizations.empty() || !listing_ids.empty())) {
    return make_error(ErrorCode::kInvalidArgument, "moderators review everything; they take no --org or --listing");
  }
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  {
    sql::Stmt st(db_, "INSERT INTO principals (name, role, created_at) VALUES (?, ?, ?)");
    if (!st.ok()) return sql::error(db_, "adding " + name);
    st.bind(1, name).bind(2, role_name(role)).bind(3, utc_now());
    int rc = st.step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
      return make_error(ErrorCode::kConflict, "\"" + name + "\" exists already (use new-token or grant)");
    }
    if (rc != SQLITE_DONE) return sql::error(db_, "adding " + name);
  }
  int64_t id = sqlite3_last_insert_rowid(db_);
  if (Status s = add_scopes(db_, id, organizations, listing_ids); !s) return s.error();
  auto token = insert_token(db_, id);
  if (!token) return token.error();
  if (Status s = store_detail::append_audit(db_, "admin", "add-" + std::string(role_name(role)), "", 0, {},
                                            name);
      !s) {
    return s.error();
  }
  if (Status s = tx.commit(); !s) return s.error();
  auto p = principal_by_name(db_, name);
  if (!p) return p.error();
  return NewToken{std::move(*p), token->second, token->first};
}

Status Store::grant(const std::string& name, const std::vector<std::string>& organizations,
                    const std::vector<std::string>& listing_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s;
  auto p = principal_by_name(db_, name);
  if (!p) return p.error();
  if (p->role != Role::kMaintainer) return make_error(ErrorCode::kInvalidArgument, name + " is a moderator");
  if (Status s = add_scopes(db_, p->id, organizations, listing_ids); !s) return s;
  std::string detail = name;
  for (const auto& o : organizations) detail += " org:" + o;
  for (const auto& l : listing_ids) detail += " listing:" + l;
  if (Status s = store_detail::append_audit(db_, "admin", "grant", "", 0, {}, detail); !s) return s;
  return tx.commit();
}

Expected<NewToken> Store::new_token(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  auto p = principal_by_name(db_, name);
  if (!p) return p.error();
  if (!p->revoked_at.empty()) return make_error(ErrorCode::kInvalidArgument, name + " is revoked");
  auto token = insert_token(db_, p->id);
  if (!token) return token.error();
  if (Status s = store_detail::append_audit(db_, "admin", "new-token", "", 0, {}, name + " " + token->first); !s) {
    return s.error();
  }
  if (Status s = tx.commit(); !s) return s.error();
  return NewToken{std::move(*p), token->second, token->first};
}

Status Store::revoke_token(const std::string& token_id) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s;
  sql::Stmt st(db_, "UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL");
  if (!st.ok()) return sql::error(db_, "revoking a token");
  st.bind(1, utc_now()).bind(2, token_id);
  if (st.step() != SQLITE_DONE) return sql::error(db_, "revoking a token");
  if (sqlite3_changes(db_) == 0) {
    return make_error(ErrorCode::kNotFound, "no active token " + token_id + " (see `list`)");
  }
  if (Status s = store_detail::append_audit(db_, "admin", "revoke-token", "", 0, {}, token_id); !s) return s;
  return tx.commit();
}

Status Store::revoke_principal(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s;
  auto p = principal_by_name(db_, name);
  if (!p) return p.error();
  if (!p->revoked_at.empty()) return make_error(ErrorCode::kInvalidArgument, name + " is revoked already");
  std::string now = utc_now();
  for (const char* q : {"UPDATE principals SET revoked_at = ? WHERE id = ?",
                        "UPDATE tokens SET revoked_at = ? WHERE principal_id = ? AND revoked_at IS NULL"}) {
    sql::Stmt st(db_, q);
    if (!st.ok()) return sql::error(db_, "revoking " + name);
    st.bind(1, now).bind(2, p->id);
    if (st.step() != SQLITE_DONE) return sql::error(db_, "revoking " + name);
  }
  if (Status s = store_detail::append_audit(db_, "admin", "revoke", "", 0, {}, name); !s) return s;
  return tx.commit();
}

Expected<std::vector<Principal>> Store::principals() {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, std::string(kPrincipalColumns) + " ORDER BY name");
  if (!st.ok()) return sql::error(db_, "reading principals");
  std::vector<Principal> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    auto p = load_principal(db_, st);
    if (!p) return p.error();
    out.push_back(std::move(*p));
  }
  if (rc != SQLITE_DONE) return sql::error(db_, "reading principals");
  return out;
}

Expected<std::vector<TokenInfo>> Store::tokens() {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_,
               "SELECT t.token_id, p.name, t.created_at, COALESCE(t.revoked_at, '') FROM tokens t "
               "JOIN principals p ON p.id = t.principal_id ORDER BY p.name, t.created_at");
  if (!st.ok()) return sql::error(db_, "reading tokens");
  std::vector<TokenInfo> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
  if (rc != SQLITE_DONE) return sql::error(db_, "reading tokens");
  return out;
}

Expected<Principal> Store::authenticate(const std::string& token) {
  auto refuse = [] { return make_error(ErrorCode::kUnauthorized, "the token is not valid (unknown, malformed or revoked)"); };
  // kdr_<12 hex>_<64 hex>
  if (token.size() != kTokenPrefix.size() + kTokenIdHex + 1 + kTokenSecretHex ||
      token.compare(0, kTokenPrefix.size(), kTokenPrefix) != 0 || token[kTokenPrefix.size() + kTokenIdHex] != '_') {
    return refuse();
  }
  std::string id = token.substr(kTokenPrefix.size(), kTokenIdHex);
  if (!is_hex(id) || !is_hex(std::string_view(token).substr(kTokenPrefix.size() + kTokenIdHex + 1))) return refuse();
  std::string hash = sha256_hex(token);
  std::lock_guard<std::mutex> lock(mu_);
  // The principal's columns as kPrincipalColumns has them, then the token's hash.
  sql::Stmt st(db_,
               "SELECT p.id, p.name, p.role, p.created_at, COALESCE(p.revoked_at, ''), t.hash FROM tokens t "
               "JOIN principals p ON p.id = t.principal_id "
               "WHERE t.token_id = ? AND t.revoked_at IS NULL AND p.revoked_at IS NULL");
  if (!st.ok()) return sql::error(db_, "checking a token");
  st.bind(1, id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return refuse();
  if (rc != SQLITE_ROW) return sql::error(db_, "checking a token");
  if (!constant_time_equal(st.text(5), hash)) return refuse();
  return load_principal(db_, st);
}

Status Store::audit(const std::string& actor, const std::string& action, const std::string& listing_id,
                    const std::string& detail) {
  std::lock_guard<std::mutex> lock(mu_);
  return store_detail::append_audit(db_, actor, action, listing_id, 0, {}, detail);
}

Expected<std::vector<AuditEntry>> Store::audit_log(int64_t after_id, size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_,
               "SELECT id, at, actor, action, listing_id, COALESCE(submission_id, 0), changes_json, detail "
               "FROM audit WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return sql::error(db_, "reading the audit log");
  st.bind(1, after_id).bind(2, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    AuditEntry e;
    e.id = st.int64(0);
    e.at = st.text(1);
    e.actor = st.text(2);
    e.action = st.text(3);
    e.listing_id = st.text(4);
    e.submission_id = st.int64(5);
    e.changes = store_detail::changes_from_json(st.text(6));
    e.detail = st.text(7);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return sql::error(db_, "reading the audit log");
  return out;
}

}  // namespace kindred
