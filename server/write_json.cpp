// @brief See write_json.h.
#include "server/write_json.h"

#include <rapidjson/document.h>

#include "server/json_writer.h"

namespace kindred::http {
namespace {

using jw::field;
using jw::finish;
using jw::key;
using jw::raw;
using jw::Writer;

void put_changes(Writer& w, const std::vector<FieldChange>& changes) {
  key(w, "diff");
  w.StartArray();
  for (const auto& c : changes) {
    w.StartObject();
    field(w, "field", c.field);
    if (!c.old_json.empty()) raw(w, "old", c.old_json);
    if (!c.new_json.empty()) raw(w, "new", c.new_json);
    w.EndObject();
  }
  w.EndArray();
}

void put_submission(Writer& w, const Submission& s, bool with_listings) {
  w.StartObject();
  if (s.id > 0) {
    key(w, "id");
    w.Int64(s.id);
  }
  field(w, "listing_id", s.listing_id);
  {
    // The name as proposed, so that lists read without a request per item.
    rapidjson::Document proposed;
    proposed.Parse(s.proposed_json.c_str(), s.proposed_json.size());
    if (!proposed.HasParseError() && proposed.IsObject() && proposed.HasMember("name") && proposed["name"].IsString()) {
      field(w, "listing_name", proposed["name"].GetString());
    }
  }
  field(w, "action", s.action);
  field(w, "status", status_name(s.status));
  field(w, "submitted_by", s.submitted_by);
  field(w, "submitted_at", s.submitted_at);
  field(w, "note", s.note);
  if (!s.decided_at.empty()) {
    field(w, "decided_by", s.decided_by);
    field(w, "decided_at", s.decided_at);
    field(w, "reason", s.reason);
  }
  put_changes(w, s.diff);
  if (with_listings) {
    raw(w, "proposed", s.proposed_json);
    raw(w, "current", s.base_json);
  }
  w.EndObject();
}

void put_report(Writer& w, const Report& r) {
  w.StartObject();
  key(w, "id");
  w.Int64(r.id);
  field(w, "listing_id", r.listing_id);
  field(w, "category", r.category);
  field(w, "message", r.message);
  field(w, "created_at", r.created_at);
  field(w, "status", r.status);
  if (!r.resolved_at.empty()) {
    field(w, "resolved_by", r.resolved_by);
    field(w, "resolved_at", r.resolved_at);
  }
  w.EndObject();
}

void put_summaries(Writer& w, const std::vector<ListingSummary>& list) {
  key(w, "listings");
  w.StartArray();
  for (const auto& l : list) {
    w.StartObject();
    field(w, "id", l.id);
    field(w, "name", l.name);
    field(w, "organization", l.organization);
    field(w, "status", l.status);
    field(w, "last_verified", l.last_verified);
    key(w, "stale");
    w.Bool(l.stale);
    key(w, "ended");  // issue 17
    w.Bool(l.ended);
    w.EndObject();
  }
  w.EndArray();
}

void put_strings(Writer& w, const char* k, const std::vector<std::string>& list) {
  key(w, k);
  w.StartArray();
  for (const auto& s : list) jw::put(w, s);
  w.EndArray();
}

}  // namespace

std::string submission_json(const Submission& s, const ModerationResult* result) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "submission");
  put_submission(w, s, true);
  if (result) {
    key(w, "live");
    w.Bool(result->live);
    if (!result->index_note.empty()) field(w, "index_note", result->index_note);
  }
  w.EndObject();
  return finish(buf);
}

std::string submissions_json(const std::vector<Submission>& list) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "submissions");
  w.StartArray();
  for (const auto& s : list) put_submission(w, s, false);
  w.EndArray();
  w.EndObject();
  return finish(buf);
}

std::string report_json(const Report& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "report");
  put_report(w, r);
  w.EndObject();
  return finish(buf);
}

std::string duplicate_decision_json(const DuplicateDecisionResult& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "decision");
  w.StartObject();
  field(w, "listing_id", r.listing_id);
  field(w, "other_id", r.other_id);
  field(w, "decision", r.decision);
  w.EndObject();
  key(w, "live");
  w.Bool(r.live);
  if (!r.index_note.empty()) field(w, "index_note", r.index_note);
  w.EndObject();
  return finish(buf);
}

std::string reports_json(const std::vector<Report>& list) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "reports");
  w.StartArray();
  for (const auto& r : list) put_report(w, r);
  w.EndArray();
  w.EndObject();
  return finish(buf);
}

namespace {

void put_suggestion(Writer& w, const Suggestion& s) {
  w.StartObject();
  key(w, "id");
  w.Int64(s.id);
  field(w, "action", s.action);
  field(w, "listing_id", s.listing_id);
  field(w, "name", s.name);
  field(w, "details", s.details);
  field(w, "website", s.website);
  field(w, "contact", s.contact);
  field(w, "created_at", s.created_at);
  field(w, "status", s.status);
  if (!s.resolved_by.empty()) field(w, "resolved_by", s.resolved_by);
  if (!s.resolved_at.empty()) field(w, "resolved_at", s.resolved_at);
  w.EndObject();
}

}  // namespace

std::string suggestion_json(const Suggestion& s) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "suggestion");
  put_suggestion(w, s);
  w.EndObject();
  return finish(buf);
}

std::string suggestions_json(const std::vector<Suggestion>& list) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "suggestions");
  w.StartArray();
  for (const auto& s : list) put_suggestion(w, s);
  w.EndArray();
  w.EndObject();
  return finish(buf);
}

std::string me_json(const Principal& p, const std::vector<ListingSummary>& listings) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  field(w, "name", p.name);
  field(w, "role", role_name(p.role));
  put_strings(w, "organizations", p.organizations);
  put_strings(w, "listing_ids", p.listing_ids);
  put_summaries(w, listings);
  w.EndObject();
  return finish(buf);
}

std::string stale_json(size_t total, const std::vector<ListingSummary>& listings) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "total");
  w.Uint64(total);
  put_summaries(w, listings);
  w.EndObject();
  return finish(buf);
}

std::string current_json(const CurrentListing& c) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  raw(w, "listing", c.json);
  key(w, "seq");
  w.Int64(c.seq);
  w.EndObject();
  return finish(buf);
}

}  // namespace kindred::http
