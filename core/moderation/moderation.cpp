// @brief See moderation.h.
#include "core/moderation/moderation.h"

#include <algorithm>

#include <xapian.h>

#include "core/base/json_util.h"
#include "core/base/utc_time.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"
#include "core/listing/freshness.h"
#include "core/moderation/duplicate_links.h"
#include "core/moderation/listing_diff.h"
#include "core/schedule/schedule.h"

namespace kindred {
namespace {

std::string member_string(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return {};
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}

// The "listing" object stored in an index document, as compact JSON.
std::optional<std::string> listing_of_document(const Xapian::Document& doc) {
  rapidjson::Document data;
  if (!parse_json(doc.get_data(), data) || !data.IsObject()) return std::nullopt;
  auto it = data.FindMember(schema::kDataListing);
  if (it == data.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  return to_json(it->value);
}

ListingSummary summarize(const std::string& json, std::chrono::system_clock::time_point now) {
  ListingSummary s;
  rapidjson::Document doc;
  if (!parse_json(json, doc) || !doc.IsObject()) return s;
  s.id = member_string(doc, "id");
  s.name = member_string(doc, "name");
  s.status = member_string(doc, "status");
  if (s.status.empty()) s.status = "active";
  s.last_verified = member_string(doc, "last_verified");
  if (doc.HasMember("organization")) s.organization = member_string(doc["organization"], "name");
  s.stale = is_stale(s.last_verified, now);
  // Courses and terms (issue 17): every session over; search no longer finds it.
  auto end = schedule_end(listing_from_json(doc).schedule);
  s.ended = end && *end <= now;
  return s;
}

// Sets "last_verified" of a listing object to `date` (YYYY-MM-DD).
std::string with_last_verified(const rapidjson::Value& listing, const std::string& date) {
  rapidjson::Document copy;
  copy.CopyFrom(listing, copy.GetAllocator());
  rapidjson::Value v(date.c_str(), static_cast<rapidjson::SizeType>(date.size()), copy.GetAllocator());
  if (copy.HasMember("last_verified")) {
    copy["last_verified"] = v;
  } else {
    copy.AddMember("last_verified", v, copy.GetAllocator());
  }
  return to_json(copy);
}

}  // namespace

bool is_moderator(const Principal& p) { return p.role == Role::kModerator && p.revoked_at.empty(); }

Moderation::Moderation(Store& store, std::string index_path, const ListingValidator& validator,
                       const Gazetteer& gazetteer, const Vocabulary& vocabulary)
    : store_(store),
      index_path_(std::move(index_path)),
      validator_(validator),
      gazetteer_(gazetteer),
      vocabulary_(vocabulary) {}

Expected<CurrentListing> Moderation::current(const std::string& id) {
  CurrentListing out;
  auto stored = store_.listing(id);
  if (!stored) return stored.error();
  if (*stored) {
    out.json = (*stored)->json;
    out.seq = (*stored)->seq;
  } else {
    try {
      Xapian::Database db(index_path_);
      std::string term = schema::term(schema::kIdPrefix, id);
      auto it = db.postlist_begin(term);
      if (it == db.postlist_end(term)) return make_error(ErrorCode::kNotFound, "no listing " + id);
      auto json = listing_of_document(db.get_document(*it));
      if (!json) return make_error(ErrorCode::kCorrupt, "listing " + id + ": unreadable in the index");
      out.json = std::move(*json);
    } catch (const Xapian::Error& e) {
      return make_error(ErrorCode::kIo, index_path_ + ": " + e.get_description());
    }
  }
  rapidjson::Document doc;
  if (!parse_json(out.json, doc) || !doc.IsObject()) return make_error(ErrorCode::kCorrupt, "listing " + id + ": unreadable");
  if (doc.HasMember("organization")) out.organization = member_string(doc["organization"], "name");
  return out;
}

bool Moderation::may_change_listing(const Principal& p, const std::string& id) {
  auto cur = current(id);
  return cur && may_change(p, id, cur->organization);
}

Status Moderation::refuse(const Principal& p, const std::string& listing_id, const std::string& why) {
  store_.audit(p.name, "refused", listing_id, why);  // best effort: the refusal stands anyway
  return make_error(ErrorCode::kForbidden, why);
}

Expected<Submission> Moderation::submit(const Principal& by, std::string_view body,
                                        const std::string& idempotency_key) {
  rapidjson::Document doc;
  if (Status s = parse_json(body, doc); !s) {
    return make_error(ErrorCode::kInvalidArgument, "the body is not valid JSON: " + s.error().message);
  }
  if (!doc.IsObject() || !doc.HasMember("listing")) {
    return make_error(ErrorCode::kInvalidArgument, "the body must be {\"listing\": {...}, \"note\": \"...\"}");
  }
  for (auto m = doc.MemberBegin(); m != doc.MemberEnd(); ++m) {
    std::string name = m->name.GetString();
    if (name != "listing" && name != "note") {
      return make_error(ErrorCode::kInvalidArgument, "unknown field \"" + name + "\" in the body (listing, note)");
    }
  }
  std::string note;
  if (doc.HasMember("note")) {
    if (!doc["note"].IsString() || doc["note"].GetStringLength() > kMaxNote) {
      return make_error(ErrorCode::kInvalidArgument, "note: a string of at most " + std::to_string(kMaxNote) + " bytes");
    }
    note = doc["note"].GetString();
  }
  if (by.role != Role::kMaintainer) return refuse(by, "", "only maintainers submit listings").error();
  const rapidjson::Value& proposed = doc["listing"];
  std::string id = member_string(proposed, "id");
  std::string organization = proposed.IsObject() && proposed.HasMember("organization")
                                 ? member_string(proposed["organization"], "name")
                                 : std::string();

  // Scope first, so that nobody learns anything about listings they may not change.
  std::optional<CurrentListing> base;
  if (!id.empty()) {
    auto cur = current(id);
    if (cur) {
      base = std::move(*cur);
    } else if (cur.error().code != ErrorCode::kNotFound) {
      return cur.error();
    }
    if (base && !may_change(by, id, base->organization)) {
      return refuse(by, id, "this token may not change listing " + id).error();
    }
    // Without an organisation name the validator below says so (422), next to the field.
    if (!organization.empty() && !may_change(by, id, organization)) {
      return refuse(by, id, "this token may not submit listings for organization \"" + organization + "\"").error();
    }
  }
  auto problems = validator_.validate(proposed, "listing");
  if (!problems.empty()) {
    Error e = make_error(ErrorCode::kInvalidListing,
                         "the listing has " + std::to_string(problems.size()) + " problem(s); nothing was queued");
    e.details = std::move(problems);
    return e;
  }
  Submission s;
  s.listing_id = id;
  s.action = base ? "update" : "create";
  s.proposed_json = to_json(proposed);
  s.note = note;
  rapidjson::Document before;
  if (base) {
    s.base_json = base->json;
    s.base_seq = base->seq;
    if (!parse_json(base->json, before)) return make_error(ErrorCode::kCorrupt, "listing " + id + ": unreadable");
  }
  s.diff = diff_json(before, proposed);
  if (s.diff.empty()) {
    Error e = make_error(ErrorCode::kInvalidListing, "nothing changes; to confirm the listing is still accurate, "
                                                     "use POST /api/v1/listings/" + id + "/verify");
    e.details.push_back({"listing", "identical to the current listing"});
    return e;
  }
  return store_.submit(by, s, idempotency_key);
}

ModerationResult Moderation::after_write(Submission s) {
  ModerationResult r;
  r.submission = std::move(s);
  auto synced = sync();
  r.live = synced.ok();
  if (!synced) r.index_note = synced.error().message + " (the change is saved; the next sync applies it)";
  return r;
}

Expected<ModerationResult> Moderation::approve(const Principal& moderator, int64_t id, const std::string& reason) {
  if (!is_moderator(moderator)) return refuse(moderator, "", "only a moderator may approve").error();
  auto sub = store_.submission(id);
  if (!sub) return sub.error();
  rapidjson::Document proposed;
  if (!parse_json(sub->proposed_json, proposed) || !proposed.IsObject()) {
    return make_error(ErrorCode::kCorrupt, "submission " + std::to_string(id) + ": unreadable");
  }
  // The maintainer vouched for the facts when submitting.
  std::string submitted_on = sub->submitted_at.substr(0, 10);
  std::string final_json = member_string(proposed, "last_verified") < submitted_on
                               ? with_last_verified(proposed, submitted_on)
                               : sub->proposed_json;
  rapidjson::Document before, after;
  if (!sub->base_json.empty() && !parse_json(sub->base_json, before)) {
    return make_error(ErrorCode::kCorrupt, "submission " + std::to_string(id) + ": unreadable");
  }
  if (!parse_json(final_json, after)) return make_error(ErrorCode::kCorrupt, "submission unreadable");
  // A re-verification since the submission (only last_verified moved) does not make it
  // stale: approving it must not fail because the maintainer clicked "still accurate".
  int64_t expected_seq = sub->base_seq;
  auto now = current(sub->listing_id);
  if (now && now->seq != sub->base_seq && !sub->base_json.empty()) {
    rapidjson::Document latest;
    if (parse_json(now->json, latest)) {
      auto moved = diff_json(before, latest);
      if (moved.empty() || (moved.size() == 1 && moved[0].field == "last_verified")) expected_seq = now->seq;
    }
  }
  auto approved = store_.approve(id, moderator, expected_seq, final_json, diff_json(before, after), reason);
  if (!approved) return approved.error();
  return after_write(std::move(*approved));
}

Expected<ModerationResult> Moderation::reject(const Principal& moderator, int64_t id, const std::string& reason) {
  if (!is_moderator(moderator)) return refuse(moderator, "", "only a moderator may reject").error();
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return make_error(ErrorCode::kInvalidArgument, "reason: say why, so the maintainer can fix it");
  }
  auto rejected = store_.reject(id, moderator, reason);
  if (!rejected) return rejected.error();
  ModerationResult r;
  r.submission = std::move(*rejected);
  return r;
}

Expected<ModerationResult> Moderation::verify(const Principal& by, const std::string& listing_id) {
  auto cur = current(listing_id);
  if (!cur) return cur.error();
  if (!is_moderator(by) && !may_change(by, listing_id, cur->organization)) {
    return refuse(by, listing_id, "this token may not verify listing " + listing_id).error();
  }
  rapidjson::Document doc;
  if (!parse_json(cur->json, doc) || !doc.IsObject()) return make_error(ErrorCode::kCorrupt, "listing unreadable");
  std::string today = utc_date(std::chrono::system_clock::now());
  std::string old = member_string(doc, "last_verified");
  std::string json = with_last_verified(doc, today);
  std::vector<FieldChange> changes;
  if (old != today) changes.push_back({"last_verified", "\"" + old + "\"", "\"" + today + "\""});
  auto stored = store_.verify(by, listing_id, cur->seq, json, changes);
  if (!stored) return stored.error();
  Submission s;
  s.listing_id = listing_id;
  s.action = "verify";
  s.status = SubmissionStatus::kApproved;
  s.proposed_json = json;
  s.diff = changes;
  s.submitted_by = by.name;
  return after_write(std::move(s));
}

Expected<Submission> Moderation::submission(const Principal& by, int64_t id) {
  auto sub = store_.submission(id);
  if (!sub) return sub.error();
  if (!is_moderator(by) && sub->submitted_by != by.name) {
    return refuse(by, sub->listing_id, "submission " + std::to_string(id) + " is not yours").error();
  }
  return sub;
}

Expected<std::vector<Submission>> Moderation::submissions(const Principal& by, const std::string& status,
                                                          size_t limit) {
  return store_.submissions(status, is_moderator(by) ? 0 : by.id, limit);
}

Expected<Report> Moderation::report(const std::string& listing_id, const std::string& category,
                                    const std::string& message) {
  if (std::find(std::begin(kReportCategories), std::end(kReportCategories), category) == std::end(kReportCategories)) {
    std::string allowed;
    for (auto c : kReportCategories) allowed += (allowed.empty() ? "" : ", ") + std::string(c);
    return make_error(ErrorCode::kInvalidArgument, "category: one of " + allowed);
  }
  if (message.size() > kMaxReportMessage) {
    return make_error(ErrorCode::kInvalidArgument, "message: at most " + std::to_string(kMaxReportMessage) + " bytes");
  }
  auto cur = current(listing_id);
  if (!cur) return cur.error();
  return store_.add_report(listing_id, category, message);
}

Expected<std::vector<Report>> Moderation::reports(const Principal& by, bool open_only, size_t limit) {
  if (is_moderator(by)) return store_.reports({}, open_only, limit);
  auto mine = listings_of(by, 10000);
  if (!mine) return mine.error();
  if (mine->empty()) return std::vector<Report>();
  std::vector<std::string> ids;
  for (const auto& l : *mine) ids.push_back(l.id);
  return store_.reports(ids, open_only, limit);
}

Expected<Report> Moderation::resolve_report(const Principal& by, int64_t id) {
  auto r = store_.report(id);
  if (!r) return r.error();
  if (!is_moderator(by) && !may_change_listing(by, r->listing_id)) {
    return refuse(by, r->listing_id, "report " + std::to_string(id) + " is about a listing this token may not change")
        .error();
  }
  return store_.resolve_report(id, by);
}

Expected<std::vector<ListingSummary>> Moderation::listings_of(const Principal& by, size_t limit) {
  std::vector<ListingSummary> out;
  if (by.role != Role::kMaintainer) return out;
  auto now = std::chrono::system_clock::now();
  try {
    Xapian::Database db(index_path_);
    std::vector<Xapian::docid> ids;
    auto collect = [&](const std::string& term) {
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.push_back(*it);
    };
    for (const auto& id : by.listing_ids) collect(schema::term(schema::kIdPrefix, id));
    for (const auto& org : by.organizations) collect(schema::organization_term(org));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (Xapian::docid d : ids) {
      if (out.size() >= limit) break;
      auto json = listing_of_document(db.get_document(d));
      if (!json) continue;
      ListingSummary s = summarize(*json, now);
      // The index may lag the store for a moment; the store's version is the record.
      if (auto stored = store_.listing(s.id); stored && *stored) s = summarize((*stored)->json, now);
      if (may_change(by, s.id, s.organization)) out.push_back(std::move(s));
    }
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kIo, index_path_ + ": " + e.get_description());
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Expected<std::vector<ListingSummary>> Moderation::stale(const Principal& by, size_t limit, size_t& total) {
  std::vector<ListingSummary> out;
  total = 0;
  auto now = std::chrono::system_clock::now();
  if (!is_moderator(by)) {
    auto mine = listings_of(by, 100000);
    if (!mine) return mine.error();
    for (auto& s : *mine) {
      if (!s.stale || s.status == "closed") continue;
      ++total;
      out.push_back(std::move(s));
    }
  } else {
    try {
      Xapian::Database db(index_path_);
      std::vector<std::pair<std::string, Xapian::docid>> old;  // last_verified (YYYYMMDD), docid
      for (auto it = db.valuestream_begin(schema::kSlotLastVerified); it != db.valuestream_end(schema::kSlotLastVerified);
           ++it) {
        std::string v = *it;
        std::string date = v.size() == 8 ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2) : v;
        if (is_stale(date, now)) old.emplace_back(v, it.get_docid());
      }
      std::sort(old.begin(), old.end());
      for (const auto& [date, d] : old) {
        auto json = listing_of_document(db.get_document(d));
        if (!json) continue;
        ListingSummary s = summarize(*json, now);
        if (s.status == "closed" || !s.stale) continue;
        ++total;
        if (out.size() < limit) out.push_back(std::move(s));
      }
    } catch (const Xapian::Error& e) {
      return make_error(ErrorCode::kIo, index_path_ + ": " + e.get_description());
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.last_verified < b.last_verified; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Expected<SyncReport> Moderation::sync() {
  auto report = sync_index(index_path_, store_, validator_, gazetteer_, vocabulary_);
  if (!report) return report;
  // Moderators' merge and split decisions, for an index built without them (no --store).
  if (auto links = sync_duplicate_links(index_path_, store_); !links) report->warnings.push_back(links.error().message);
  return report;
}

}  // namespace kindred
