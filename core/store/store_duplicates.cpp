// @brief Store: moderators' merge and split decisions about duplicate meetings.
#include "core/store/internal/store_internal.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

namespace kindred {

using store_detail::append_audit;

Status Store::decide_duplicate(const Principal& by, const DuplicateDecision& d) {
  if (d.decision != "merge" && d.decision != "split") {
    return make_error(ErrorCode::kInvalidArgument, "decision: \"merge\" or \"split\"");
  }
  if (d.listing_id == d.other_id) return make_error(ErrorCode::kInvalidArgument, "a listing is not a duplicate of itself");
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s;
  sql::Stmt drop(db_, "DELETE FROM duplicate_decisions WHERE (listing_id = ?1 AND other_id = ?2) OR "
                      "(listing_id = ?2 AND other_id = ?1)");
  if (!drop.ok()) return sql::error(db_, "recording a duplicate decision");
  drop.bind(1, d.listing_id).bind(2, d.other_id);
  if (drop.step() != SQLITE_DONE) return sql::error(db_, "recording a duplicate decision");
  sql::Stmt add(db_, "INSERT INTO duplicate_decisions (listing_id, other_id, decision, decided_by, decided_at) "
                     "VALUES (?, ?, ?, ?, ?)");
  if (!add.ok()) return sql::error(db_, "recording a duplicate decision");
  add.bind(1, d.listing_id).bind(2, d.other_id).bind(3, d.decision).bind(4, by.id).bind(5, utc_now());
  if (add.step() != SQLITE_DONE) return sql::error(db_, "recording a duplicate decision");
  std::string detail = (d.decision == "merge" ? "into " : "apart from ") + d.other_id;
  if (Status s = append_audit(db_, by.name, d.decision, d.listing_id, 0, {}, detail); !s) return s;
  return tx.commit();
}

Expected<std::vector<DuplicateDecision>> Store::duplicate_decisions() {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, "SELECT d.listing_id, d.other_id, d.decision, p.name, d.decided_at FROM duplicate_decisions d "
                    "JOIN principals p ON p.id = d.decided_by ORDER BY d.decided_at, d.rowid");
  if (!st.ok()) return sql::error(db_, "reading duplicate decisions");
  std::vector<DuplicateDecision> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)});
  if (rc != SQLITE_DONE) return sql::error(db_, "reading duplicate decisions");
  return out;
}

}  // namespace kindred
