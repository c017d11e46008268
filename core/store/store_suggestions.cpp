// @brief The store's public suggestions ("add or correct a group"). See store.h.
#include <sqlite3.h>

#include "core/store/internal/store_internal.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

namespace kindred {
namespace {

constexpr const char* kColumns =
    "SELECT s.id, s.action, s.listing_id, s.name, s.details, s.website, s.contact, s.created_at, s.status, "
    "COALESCE(p.name, ''), COALESCE(s.resolved_at, '') FROM suggestions s "
    "LEFT JOIN principals p ON p.id = s.resolved_by";

Suggestion read_suggestion(const sql::Stmt& st) {
  Suggestion s;
  s.id = st.int64(0);
  s.action = st.text(1);
  s.listing_id = st.text(2);
  s.name = st.text(3);
  s.details = st.text(4);
  s.website = st.text(5);
  s.contact = st.text(6);
  s.created_at = st.text(7);
  s.status = st.text(8);
  s.resolved_by = st.text(9);
  s.resolved_at = st.text(10);
  return s;
}

Expected<Suggestion> suggestion_by_id(sqlite3* db, int64_t id) {
  sql::Stmt st(db, std::string(kColumns) + " WHERE s.id = ?");
  if (!st.ok()) return sql::error(db, "reading a suggestion");
  st.bind(1, id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return make_error(ErrorCode::kNotFound, "no suggestion " + std::to_string(id));
  if (rc != SQLITE_ROW) return sql::error(db, "reading a suggestion");
  return read_suggestion(st);
}

}  // namespace

Expected<Suggestion> Store::add_suggestion(const Suggestion& s) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_,
               "INSERT INTO suggestions (action, listing_id, name, details, website, contact, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return sql::error(db_, "saving a suggestion");
  st.bind(1, s.action).bind(2, s.listing_id).bind(3, s.name).bind(4, s.details).bind(5, s.website);
  st.bind(6, s.contact).bind(7, utc_now());
  if (st.step() != SQLITE_DONE) return sql::error(db_, "saving a suggestion");
  return suggestion_by_id(db_, sqlite3_last_insert_rowid(db_));
}

Expected<std::vector<Suggestion>> Store::suggestions(bool pending_only, size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, std::string(kColumns) + " WHERE (?1 = 0 OR s.status = 'pending') ORDER BY s.id DESC LIMIT ?2");
  if (!st.ok()) return sql::error(db_, "reading suggestions");
  st.bind(1, int64_t{pending_only ? 1 : 0}).bind(2, static_cast<int64_t>(limit));
  std::vector<Suggestion> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_suggestion(st));
  if (rc != SQLITE_DONE) return sql::error(db_, "reading suggestions");
  return out;
}

Expected<Suggestion> Store::resolve_suggestion(int64_t id, const Principal& by) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  sql::Stmt st(db_, "UPDATE suggestions SET status = 'done', resolved_by = ?, resolved_at = ? "
                    "WHERE id = ? AND status = 'pending'");
  if (!st.ok()) return sql::error(db_, "resolving a suggestion");
  st.bind(1, by.id).bind(2, utc_now()).bind(3, id);
  if (st.step() != SQLITE_DONE) return sql::error(db_, "resolving a suggestion");
  if (sqlite3_changes(db_) == 0) return make_error(ErrorCode::kNotFound, "no pending suggestion " + std::to_string(id));
  auto s = suggestion_by_id(db_, id);
  if (!s) return s.error();
  if (Status a = store_detail::append_audit(db_, by.name, "resolve-suggestion", s->listing_id, 0, {},
                                            "suggestion " + std::to_string(id));
      !a) {
    return a.error();
  }
  if (Status c = tx.commit(); !c) return c.error();
  return s;
}

}  // namespace kindred
