// @brief The store's records: listings, submissions (with approval and rejection),
// re-verification, and public reports. See store.h.
#include <sqlite3.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/store/internal/store_internal.h"
#include "core/store/sqlite_util.h"
#include "core/store/store.h"

namespace kindred {

namespace store_detail {

std::string changes_to_json(const std::vector<FieldChange>& changes) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& c : changes) {
    w.StartObject();
    w.Key("field");
    w.String(c.field.c_str(), static_cast<rapidjson::SizeType>(c.field.size()));
    // Values are JSON already; RawValue keeps them exact.
    if (!c.old_json.empty()) {
      w.Key("old");
      w.RawValue(c.old_json.c_str(), c.old_json.size(), rapidjson::kObjectType);
    }
    if (!c.new_json.empty()) {
      w.Key("new");
      w.RawValue(c.new_json.c_str(), c.new_json.size(), rapidjson::kObjectType);
    }
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

std::vector<FieldChange> changes_from_json(const std::string& json) {
  std::vector<FieldChange> out;
  rapidjson::Document doc;
  if (doc.Parse(json.c_str(), json.size()).HasParseError() || !doc.IsArray()) return out;
  auto compact = [](const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
  };
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject() || !item.HasMember("field") || !item["field"].IsString()) continue;
    FieldChange c;
    c.field = item["field"].GetString();
    if (item.HasMember("old")) c.old_json = compact(item["old"]);
    if (item.HasMember("new")) c.new_json = compact(item["new"]);
    out.push_back(std::move(c));
  }
  return out;
}

Status append_audit(sqlite3* db, const std::string& actor, const std::string& action,
                    const std::string& listing_id, int64_t submission_id,
                    const std::vector<FieldChange>& changes, const std::string& detail) {
  sql::Stmt st(db,
               "INSERT INTO audit (at, actor, action, listing_id, submission_id, changes_json, detail) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return sql::error(db, "writing the audit log");
  st.bind(1, utc_now()).bind(2, actor).bind(3, action).bind(4, listing_id);
  if (submission_id > 0) {
    st.bind(5, submission_id);
  } else {
    st.bind_null(5);
  }
  st.bind(6, changes_to_json(changes)).bind(7, detail);
  if (st.step() != SQLITE_DONE) return sql::error(db, "writing the audit log");
  return Ok{};
}

}  // namespace store_detail

namespace {

using store_detail::append_audit;

constexpr const char* kSubmissionColumns =
    "SELECT s.id, s.listing_id, s.action, s.status, s.proposed_json, s.base_json, s.base_seq, s.diff_json, "
    "p.name, s.submitted_at, s.note, COALESCE(d.name, ''), COALESCE(s.decided_at, ''), s.reason "
    "FROM submissions s JOIN principals p ON p.id = s.submitted_by "
    "LEFT JOIN principals d ON d.id = s.decided_by";

SubmissionStatus parse_status(const std::string& s) {
  if (s == "approved") return SubmissionStatus::kApproved;
  if (s == "rejected") return SubmissionStatus::kRejected;
  return SubmissionStatus::kPending;
}

Submission read_submission(const sql::Stmt& st) {
  Submission s;
  s.id = st.int64(0);
  s.listing_id = st.text(1);
  s.action = st.text(2);
  s.status = parse_status(st.text(3));
  s.proposed_json = st.text(4);
  s.base_json = st.text(5);
  s.base_seq = st.int64(6);
  s.diff = store_detail::changes_from_json(st.text(7));
  s.submitted_by = st.text(8);
  s.submitted_at = st.text(9);
  s.note = st.text(10);
  s.decided_by = st.text(11);
  s.decided_at = st.text(12);
  s.reason = st.text(13);
  return s;
}

Expected<Submission> submission_by_id(sqlite3* db, int64_t id) {
  sql::Stmt st(db, std::string(kSubmissionColumns) + " WHERE s.id = ?");
  if (!st.ok()) return sql::error(db, "reading a submission");
  st.bind(1, id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return make_error(ErrorCode::kNotFound, "no submission " + std::to_string(id));
  if (rc != SQLITE_ROW) return sql::error(db, "reading a submission");
  return read_submission(st);
}

// A submission that is still to be decided; kConflict once it has been.
Expected<Submission> pending_submission(sqlite3* db, int64_t id) {
  auto sub = submission_by_id(db, id);
  if (sub && sub->status != SubmissionStatus::kPending) {
    return make_error(ErrorCode::kConflict, "submission " + std::to_string(id) + " was " +
                                                status_name(sub->status) + " already");
  }
  return sub;
}

// The store's current sequence for a listing; 0 when the store has none.
Expected<int64_t> current_seq(sqlite3* db, const std::string& listing_id) {
  sql::Stmt st(db, "SELECT seq FROM listings WHERE id = ?");
  if (!st.ok()) return sql::error(db, "reading a listing");
  st.bind(1, listing_id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return int64_t{0};
  if (rc != SQLITE_ROW) return sql::error(db, "reading a listing");
  return st.int64(0);
}

// Appends a listing version and makes it current; returns its sequence.
Expected<int64_t> put_listing(sqlite3* db, const std::string& id, const std::string& json, int64_t submission_id) {
  std::string now = utc_now();
  {
    sql::Stmt st(db, "INSERT INTO listing_changes (listing_id, json, at, submission_id) VALUES (?, ?, ?, ?)");
    if (!st.ok()) return sql::error(db, "saving a listing");
    st.bind(1, id).bind(2, json).bind(3, now);
    if (submission_id > 0) {
      st.bind(4, submission_id);
    } else {
      st.bind_null(4);
    }
    if (st.step() != SQLITE_DONE) return sql::error(db, "saving a listing");
  }
  int64_t seq = sqlite3_last_insert_rowid(db);
  sql::Stmt st(db,
               "INSERT INTO listings (id, json, seq, updated_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT(id) DO UPDATE SET json = excluded.json, seq = excluded.seq, updated_at = excluded.updated_at");
  if (!st.ok()) return sql::error(db, "saving a listing");
  st.bind(1, id).bind(2, json).bind(3, seq).bind(4, now);
  if (st.step() != SQLITE_DONE) return sql::error(db, "saving a listing");
  return seq;
}

Expected<std::vector<StoredListing>> read_listings(sqlite3* db, sql::Stmt& st) {
  std::vector<StoredListing> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.text(0), st.text(1), st.int64(2), st.text(3)});
  if (rc != SQLITE_DONE) return sql::error(db, "reading listings");
  return out;
}

Status decide(sqlite3* db, int64_t id, const char* status, int64_t moderator, const std::string& reason) {
  sql::Stmt st(db,
               "UPDATE submissions SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
               "WHERE id = ? AND status = 'pending'");
  if (!st.ok()) return sql::error(db, "deciding a submission");
  st.bind(1, status).bind(2, moderator).bind(3, utc_now()).bind(4, reason).bind(5, id);
  if (st.step() != SQLITE_DONE) return sql::error(db, "deciding a submission");
  return Ok{};
}

Status require_moderator(const Principal& p) {
  if (p.role != Role::kModerator) return make_error(ErrorCode::kForbidden, "only a moderator may do this");
  return Ok{};
}

Report read_report(const sql::Stmt& st) {
  return Report{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7)};
}

constexpr const char* kReportColumns =
    "SELECT r.id, r.listing_id, r.category, r.message, r.created_at, r.status, COALESCE(p.name, ''), "
    "COALESCE(r.resolved_at, '') FROM reports r LEFT JOIN principals p ON p.id = r.resolved_by";

Expected<Report> report_by_id(sqlite3* db, int64_t id) {
  sql::Stmt st(db, std::string(kReportColumns) + " WHERE r.id = ?");
  if (!st.ok()) return sql::error(db, "reading a report");
  st.bind(1, id);
  int rc = st.step();
  if (rc == SQLITE_DONE) return make_error(ErrorCode::kNotFound, "no report " + std::to_string(id));
  if (rc != SQLITE_ROW) return sql::error(db, "reading a report");
  return read_report(st);
}

}  // namespace

const char* status_name(SubmissionStatus status) {
  switch (status) {
    case SubmissionStatus::kApproved: return "approved";
    case SubmissionStatus::kRejected: return "rejected";
    case SubmissionStatus::kPending: break;
  }
  return "pending";
}

Expected<std::optional<StoredListing>> Store::listing(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, "SELECT id, json, seq, updated_at FROM listings WHERE id = ?");
  if (!st.ok()) return sql::error(db_, "reading a listing");
  st.bind(1, id);
  auto rows = read_listings(db_, st);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<StoredListing>();
  return std::optional<StoredListing>(std::move(rows->front()));
}

Expected<StoreListings> Store::all_listings() {
  std::lock_guard<std::mutex> lock(mu_);
  // One read transaction, so the listings and the sequence agree.
  if (Status s = sql::exec(db_, "BEGIN", "reading listings"); !s) return s.error();
  StoreListings out;
  {
    sql::Stmt st(db_, "SELECT id, json, seq, updated_at FROM listings ORDER BY id");
    sql::Stmt max(db_, "SELECT COALESCE(MAX(seq), 0) FROM listing_changes");
    if (!st.ok() || !max.ok() || max.step() != SQLITE_ROW) {
      auto e = sql::error(db_, "reading listings");
      sql::exec(db_, "ROLLBACK", "");
      return e;
    }
    out.seq = max.int64(0);
    auto rows = read_listings(db_, st);
    if (!rows) {
      sql::exec(db_, "ROLLBACK", "");
      return rows.error();
    }
    out.listings = std::move(*rows);
  }
  sql::exec(db_, "COMMIT", "");
  return out;
}

Expected<std::vector<StoredListing>> Store::listings_since(int64_t seq) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, "SELECT id, json, seq, updated_at FROM listings WHERE seq > ? ORDER BY seq");
  if (!st.ok()) return sql::error(db_, "reading listings");
  st.bind(1, seq);
  return read_listings(db_, st);
}

Expected<int64_t> Store::latest_seq() {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, "SELECT COALESCE(MAX(seq), 0) FROM listing_changes");
  if (!st.ok() || st.step() != SQLITE_ROW) return sql::error(db_, "reading the sequence");
  return st.int64(0);
}

Expected<Submission> Store::submit(const Principal& by, const Submission& s, const std::string& idempotency_key) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status st = tx.begin(); !st) return st.error();
  if (!idempotency_key.empty()) {
    sql::Stmt st(db_, "SELECT id FROM submissions WHERE submitted_by = ? AND idempotency_key = ?");
    if (!st.ok()) return sql::error(db_, "reading submissions");
    st.bind(1, by.id).bind(2, idempotency_key);
    int rc = st.step();
    if (rc == SQLITE_ROW) {
      auto earlier = submission_by_id(db_, st.int64(0));
      if (!earlier) return earlier.error();
      earlier->replayed = true;
      return earlier;
    }
    if (rc != SQLITE_DONE) return sql::error(db_, "reading submissions");
  }
  sql::Stmt st(db_,
               "INSERT INTO submissions (listing_id, action, status, proposed_json, base_json, base_seq, diff_json, "
               "submitted_by, submitted_at, note, idempotency_key) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return sql::error(db_, "queueing a submission");
  st.bind(1, s.listing_id).bind(2, s.action).bind(3, s.proposed_json).bind(4, s.base_json).bind(5, s.base_seq);
  st.bind(6, store_detail::changes_to_json(s.diff)).bind(7, by.id).bind(8, utc_now()).bind(9, s.note);
  if (idempotency_key.empty()) {
    st.bind_null(10);
  } else {
    st.bind(10, idempotency_key);
  }
  if (st.step() != SQLITE_DONE) return sql::error(db_, "queueing a submission");
  int64_t id = sqlite3_last_insert_rowid(db_);
  if (Status a = append_audit(db_, by.name, "submit", s.listing_id, id, s.diff, s.action); !a) return a.error();
  if (Status c = tx.commit(); !c) return c.error();
  return submission_by_id(db_, id);
}

Expected<Submission> Store::submission(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  return submission_by_id(db_, id);
}

Expected<std::vector<Submission>> Store::submissions(const std::string& status, int64_t submitted_by, size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, std::string(kSubmissionColumns) +
                        " WHERE (?1 = '' OR s.status = ?1) AND (?2 = 0 OR s.submitted_by = ?2) ORDER BY s.id DESC LIMIT ?3");
  if (!st.ok()) return sql::error(db_, "reading submissions");
  st.bind(1, status).bind(2, submitted_by).bind(3, static_cast<int64_t>(limit));
  std::vector<Submission> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_submission(st));
  if (rc != SQLITE_DONE) return sql::error(db_, "reading submissions");
  return out;
}

Expected<Submission> Store::approve(int64_t id, const Principal& moderator, int64_t expected_seq,
                                    const std::string& final_json, const std::vector<FieldChange>& changes,
                                    const std::string& reason) {
  if (Status s = require_moderator(moderator); !s) return s.error();
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  auto sub = pending_submission(db_, id);
  if (!sub) return sub.error();
  auto seq = current_seq(db_, sub->listing_id);
  if (!seq) return seq.error();
  if (*seq != expected_seq) {
    return make_error(ErrorCode::kConflict, "listing " + sub->listing_id +
                                                " changed after this submission was made; reject it and ask for a new one");
  }
  auto new_seq = put_listing(db_, sub->listing_id, final_json, id);
  if (!new_seq) return new_seq.error();
  if (Status s = decide(db_, id, "approved", moderator.id, reason); !s) return s.error();
  if (Status s = append_audit(db_, moderator.name, "approve", sub->listing_id, id, changes, reason); !s) {
    return s.error();
  }
  if (Status s = tx.commit(); !s) return s.error();
  return submission_by_id(db_, id);
}

Expected<Submission> Store::reject(int64_t id, const Principal& moderator, const std::string& reason) {
  if (Status s = require_moderator(moderator); !s) return s.error();
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  auto sub = pending_submission(db_, id);
  if (!sub) return sub.error();
  if (Status s = decide(db_, id, "rejected", moderator.id, reason); !s) return s.error();
  if (Status s = append_audit(db_, moderator.name, "reject", sub->listing_id, id, {}, reason); !s) return s.error();
  if (Status s = tx.commit(); !s) return s.error();
  return submission_by_id(db_, id);
}

Expected<StoredListing> Store::verify(const Principal& by, const std::string& listing_id, int64_t base_seq,
                                      const std::string& json, const std::vector<FieldChange>& changes) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  auto seq = current_seq(db_, listing_id);
  if (!seq) return seq.error();
  if (*seq != base_seq) {
    return make_error(ErrorCode::kConflict, "listing " + listing_id + " changed meanwhile; try again");
  }
  auto new_seq = put_listing(db_, listing_id, json, 0);
  if (!new_seq) return new_seq.error();
  if (Status s = append_audit(db_, by.name, "verify", listing_id, 0, changes, "still accurate"); !s) {
    return s.error();
  }
  if (Status s = tx.commit(); !s) return s.error();
  return StoredListing{listing_id, json, *new_seq, utc_now()};
}

Expected<Report> Store::add_report(const std::string& listing_id, const std::string& category,
                                   const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Stmt st(db_, "INSERT INTO reports (listing_id, category, message, created_at) VALUES (?, ?, ?, ?)");
  if (!st.ok()) return sql::error(db_, "saving a report");
  st.bind(1, listing_id).bind(2, category).bind(3, message).bind(4, utc_now());
  if (st.step() != SQLITE_DONE) return sql::error(db_, "saving a report");
  return report_by_id(db_, sqlite3_last_insert_rowid(db_));
}

Expected<Report> Store::report(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  return report_by_id(db_, id);
}

Expected<std::vector<Report>> Store::reports(const std::vector<std::string>& listing_ids, bool open_only,
                                             size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string q = std::string(kReportColumns) + " WHERE (?1 = 0 OR r.status = 'open')";
  if (!listing_ids.empty()) {
    q += " AND r.listing_id IN (";
    for (size_t i = 0; i < listing_ids.size(); ++i) q += (i ? ", ?" : "?") + std::to_string(i + 3);
    q += ")";
  }
  q += " ORDER BY r.id DESC LIMIT ?2";
  sql::Stmt st(db_, q);
  if (!st.ok()) return sql::error(db_, "reading reports");
  st.bind(1, int64_t{open_only ? 1 : 0}).bind(2, static_cast<int64_t>(limit));
  for (size_t i = 0; i < listing_ids.size(); ++i) st.bind(static_cast<int>(i + 3), listing_ids[i]);
  std::vector<Report> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_report(st));
  if (rc != SQLITE_DONE) return sql::error(db_, "reading reports");
  return out;
}

Expected<Report> Store::resolve_report(int64_t id, const Principal& by) {
  std::lock_guard<std::mutex> lock(mu_);
  sql::Transaction tx(db_);
  if (Status s = tx.begin(); !s) return s.error();
  sql::Stmt st(db_, "UPDATE reports SET status = 'resolved', resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'");
  if (!st.ok()) return sql::error(db_, "resolving a report");
  st.bind(1, by.id).bind(2, utc_now()).bind(3, id);
  if (st.step() != SQLITE_DONE) return sql::error(db_, "resolving a report");
  if (sqlite3_changes(db_) == 0) return make_error(ErrorCode::kNotFound, "no open report " + std::to_string(id));
  auto r = report_by_id(db_, id);
  if (!r) return r.error();
  if (Status s = append_audit(db_, by.name, "resolve-report", r->listing_id, 0, {}, r->category); !s) return s.error();
  if (Status s = tx.commit(); !s) return s.error();
  return r;
}

}  // namespace kindred
