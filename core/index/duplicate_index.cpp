// @brief See duplicate_index.h.
#include "core/index/duplicate_index.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <xapian/geospatial.h>

#include "core/index/duplicate_match.h"
#include "core/index/index_document.h"
#include "core/index/index_schema.h"

namespace kindred {
namespace {

std::string member(const rapidjson::Value& obj, const char* name) {
  if (!obj.IsObject()) return {};
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                       : std::string();
}

std::string encode_copies(const std::vector<CopySource>& copies) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& c : copies) {
    w.StartObject();
    for (const auto& [k, v] : {std::pair{"id", &c.id}, {"origin", &c.origin}, {"name", &c.name}, {"url", &c.url}}) {
      w.Key(k);
      w.String(v->c_str(), static_cast<rapidjson::SizeType>(v->size()));
    }
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

// One document of a name key: what the matcher needs, and its marks now.
struct KeyDocument {
  Xapian::docid docid;
  MeetingCopy copy;
  CopySource source;
  bool hidden;
  std::string duplicate_of, copies;
};

}  // namespace

CopySource copy_source(const rapidjson::Value& data) {
  CopySource out;
  if (!data.IsObject()) return out;
  auto listing = data.FindMember(schema::kDataListing);
  auto source = data.FindMember(schema::kDataSource);
  if (source != data.MemberEnd()) out.origin = member(source->value, "file");
  if (listing == data.MemberEnd()) return out;
  out.id = member(listing->value, "id");
  auto sources = listing->value.FindMember("sources");
  if (sources != listing->value.MemberEnd() && sources->value.IsArray() && !sources->value.Empty()) {
    out.name = member(sources->value[0], "name");
    out.url = member(sources->value[0], "url");
  }
  return out;
}

std::vector<CopySource> decode_copies(const std::string& slot_value) {
  std::vector<CopySource> out;
  if (slot_value.empty()) return out;
  rapidjson::Document doc;
  doc.Parse(slot_value.data(), slot_value.size());
  if (doc.HasParseError() || !doc.IsArray()) return out;
  for (const auto& c : doc.GetArray()) {
    out.push_back({member(c, "id"), member(c, "origin"), member(c, "name"), member(c, "url")});
  }
  return out;
}

std::set<std::string> name_keys_of(const Xapian::Database& db, const std::vector<std::string>& id_terms) {
  std::set<std::string> keys;
  const std::string prefix(schema::kNameKeyPrefix);
  for (const auto& id_term : id_terms) {
    for (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term); ++p) {
      auto t = db.termlist_begin(*p);
      for (t.skip_to(prefix); t != db.termlist_end(*p) && (*t).rfind(prefix, 0) == 0; ++t) {
        keys.insert((*t).substr(prefix.size()));
      }
    }
  }
  return keys;
}

std::set<std::string> all_name_keys(const Xapian::Database& db) {
  std::set<std::string> keys;
  const std::string prefix(schema::kNameKeyPrefix);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) keys.insert((*t).substr(prefix.size()));
  return keys;
}

std::vector<DuplicateLink> duplicate_links(const Xapian::Database& db) {
  std::vector<DuplicateLink> out;
  std::string text = db.get_metadata(std::string(schema::kDuplicateLinksKey));
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsArray()) return out;
  for (const auto& l : doc.GetArray()) {
    out.push_back({member(l, "listing_id"), member(l, "other_id"), member(l, "decision") != "split"});
  }
  return out;
}

namespace {

std::string encode_links(const std::vector<DuplicateLink>& links) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& l : links) {
    w.StartObject();
    w.Key("listing_id");
    w.String(l.listing_id.c_str());
    w.Key("other_id");
    w.String(l.other_id.c_str());
    w.Key("decision");
    w.String(l.merge ? "merge" : "split");
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

std::vector<std::string> id_terms(const std::vector<DuplicateLink>& links) {
  std::vector<std::string> out;
  for (const auto& l : links) {
    out.push_back(schema::term(schema::kIdPrefix, l.listing_id));
    out.push_back(schema::term(schema::kIdPrefix, l.other_id));
  }
  return out;
}

// Whether a document carries a duplicate mark: hidden behind another copy, or kept for some.
// Reads two values and one posting list position, not the document's data.
bool has_marks(const Xapian::Database& db, Xapian::docid docid) {
  Xapian::Document doc = db.get_document(docid, Xapian::DOC_ASSUME_VALID);
  if (!doc.get_value(schema::kSlotCopies).empty() || !doc.get_value(schema::kSlotDuplicateOf).empty()) return true;
  const std::string dup_term(schema::kDuplicateTerm);
  auto p = db.postlist_begin(dup_term);
  p.skip_to(docid);
  return p != db.postlist_end(dup_term) && *p == docid;
}

// The document `docid` as the matcher sees it, with its marks now.
KeyDocument read_document(const Xapian::Database& db, Xapian::docid docid) {
  const std::string dup_term(schema::kDuplicateTerm), key_prefix(schema::kNameKeyPrefix);
  Xapian::Document doc = db.get_document(docid);
  rapidjson::Document data;
  std::string text = doc.get_data();
  data.Parse(text.data(), text.size());
  KeyDocument d{docid, {}, copy_source(data), has_term(doc, dup_term), doc.get_value(schema::kSlotDuplicateOf),
                doc.get_value(schema::kSlotCopies)};
  d.copy.id = d.source.id;
  d.copy.origin = d.source.origin;
  auto t = doc.termlist_begin();
  t.skip_to(key_prefix);
  if (t != doc.termlist_end() && (*t).rfind(key_prefix, 0) == 0) d.copy.name_key = (*t).substr(key_prefix.size());
  d.copy.times_key = weekly_times_key(decode_meetings(doc.get_value(schema::kSlotSchedule)));
  Xapian::LatLongCoords coords;
  coords.unserialise(doc.get_value(schema::kSlotCoords));
  if (!coords.empty()) {
    const Xapian::LatLongCoord& c = *coords.begin();
    d.copy.lat = c.latitude;
    d.copy.lon = c.longitude > 180 ? c.longitude - 360 : c.longitude;  // Xapian keeps 0..360
  }
  return d;
}

// reconcile_duplicates, with the documents of `extra` id terms regrouped as well.
DuplicateReport regroup(Xapian::WritableDatabase& db, const std::set<std::string>& keys,
                        const std::vector<std::string>& extra) {
  DuplicateReport report;
  const std::string dup_term(schema::kDuplicateTerm);
  // The copies to regroup: those of `keys`, and every listing a moderator's decision names
  // with the copies of its name key (its group may reach beyond the keys asked for).
  const std::vector<DuplicateLink> links = duplicate_links(db);
  std::set<std::string> all_keys = keys;
  all_keys.merge(name_keys_of(db, id_terms(links)));
  // A fresh build's documents carry no mark at all: then no lone copy needs looking at.
  const bool any_marks = db.get_termfreq(dup_term) > 0 || db.get_value_freq(schema::kSlotCopies) > 0 ||
                         db.get_value_freq(schema::kSlotDuplicateOf) > 0;
  std::set<Xapian::docid> ids;
  for (const std::string& key : all_keys) {
    const std::string key_term = std::string(schema::kNameKeyPrefix) + key;
    auto p = db.postlist_begin(key_term);
    if (p == db.postlist_end(key_term)) continue;
    const Xapian::docid first = *p;
    // A copy alone under its name key is a group of one unless a decision names it (those
    // are added below): with no mark to clear, reading it would change nothing. Most keys
    // are like this, and at a million listings reading each one cost a build 34 s.
    if (++p == db.postlist_end(key_term) && !(any_marks && has_marks(db, first))) continue;
    ids.insert(first);
    for (; p != db.postlist_end(key_term); ++p) ids.insert(*p);
  }
  std::vector<std::string> named = id_terms(links);
  named.insert(named.end(), extra.begin(), extra.end());
  for (const auto& term : named) {
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) ids.insert(*p);
  }
  std::vector<KeyDocument> docs;
  for (Xapian::docid id : ids) docs.push_back(read_document(db, id));
  std::vector<MeetingCopy> copies;
  std::map<std::string, size_t> by_id;
  for (size_t i = 0; i < docs.size(); ++i) {
    copies.push_back(docs[i].copy);
    by_id.emplace(docs[i].copy.id, i);
  }
  // What each document should carry: (hidden, duplicate_of, copies).
  std::vector<std::tuple<bool, std::string, std::string>> want(docs.size());
  for (const DuplicateGroup& g : find_duplicates(copies, links)) {
    std::vector<CopySource> sources;
    for (const auto& id : g.members) sources.push_back(docs[by_id.at(id)].source);
    std::get<2>(want[by_id.at(g.kept)]) = encode_copies(sources);
    for (const auto& id : g.hidden) want[by_id.at(id)] = {true, g.kept, ""};
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    const KeyDocument& d = docs[i];
    const auto& [hide, of, list] = want[i];
    if (d.hidden == hide && d.duplicate_of == of && d.copies == list) continue;
    Xapian::Document doc = db.get_document(d.docid);
    if (d.hidden && !hide) doc.remove_term(dup_term);
    if (hide && !d.hidden) doc.add_boolean_term(dup_term);
    auto set_value = [&](Xapian::valueno slot, const std::string& v) {
      if (v.empty()) {
        if (!doc.get_value(slot).empty()) doc.remove_value(slot);  // Xapian throws for an absent one
      } else {
        doc.add_value(slot, v);
      }
    };
    set_value(schema::kSlotDuplicateOf, of);
    set_value(schema::kSlotCopies, list);
    db.replace_document(d.docid, doc);
    ++report.documents_changed;
  }
  return report;
}

}  // namespace

DuplicateReport reconcile_duplicates(Xapian::WritableDatabase& db, const std::set<std::string>& keys) {
  return regroup(db, keys, {});
}

DuplicateReport apply_duplicate_links(Xapian::WritableDatabase& db, const std::vector<DuplicateLink>& links) {
  const std::vector<DuplicateLink> before = duplicate_links(db);
  if (before == links) return {};
  // The listings the old decisions named are regrouped too: a merge undone shows its
  // listing again, even one with no name key that only the decision reached.
  const std::vector<std::string> named_before = id_terms(before);
  db.set_metadata(std::string(schema::kDuplicateLinksKey), links.empty() ? std::string() : encode_links(links));
  return regroup(db, name_keys_of(db, named_before), named_before);
}

size_t hidden_duplicates(const Xapian::Database& db) { return db.get_termfreq(std::string(schema::kDuplicateTerm)); }

}  // namespace kindred
