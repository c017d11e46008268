// @brief See feed_update.h.
#include "core/moderation/feed_update.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include <rapidjson/document.h>

#include "core/index/duplicate_index.h"
#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"

namespace kindred {
namespace {

// The source file recorded in a document's data ("" when unreadable).
std::string source_file(const std::string& data) {
  rapidjson::Document doc;
  doc.Parse(data.data(), data.size());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  auto source = doc.FindMember(schema::kDataSource);
  if (source == doc.MemberEnd() || !source->value.IsObject()) return {};
  auto file = source->value.FindMember("file");
  if (file == source->value.MemberEnd() || !file->value.IsString()) return {};
  return std::string(file->value.GetString(), file->value.GetStringLength());
}

}  // namespace

Expected<FeedUpdateReport> apply_feed_update(const std::string& index_path, const std::string& feed_id,
                                             const std::vector<LoadedListing>& listings, const Gazetteer& gazetteer,
                                             const Vocabulary& vocabulary) {
  const std::string source = "feed:" + feed_id;
  auto lock = IndexStore::lock_writes(index_path);
  if (!lock) return lock.error();
  std::string generation = IndexStore(index_path).current_generation();
  if (generation.empty()) return make_error(ErrorCode::kNotFound, index_path + ": no index here (run kindred-index build)");
  FeedUpdateReport report;
  try {
    Xapian::WritableDatabase db(generation, Xapian::DB_OPEN);
    // The feed's documents now: their ids share the feed's prefix, and the stored source
    // tells them apart from another feed whose id extends this one's ("a" and "a-b").
    std::unordered_map<std::string, std::string> current;  // id term -> document data
    std::unordered_set<std::string> others;                // id terms another source owns
    const std::string prefix = schema::term(schema::kIdPrefix, feed_id + "-");
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      auto posting = db.postlist_begin(*t);
      if (posting == db.postlist_end(*t)) continue;
      std::string data = db.get_document(*posting).get_data();
      if (source_file(data) == source) {
        current.emplace(*t, std::move(data));
      } else {
        others.insert(*t);
      }
    }
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    std::unordered_set<std::string> spelling_seen, wanted;
    std::vector<std::pair<std::string, Xapian::Document>> writes;  // id term -> new document
    std::vector<std::string> touched;                               // id terms written or deleted
    for (const LoadedListing& loaded : listings) {
      std::string id_term = schema::term(schema::kIdPrefix, loaded.listing.id);
      if (!wanted.insert(id_term).second) continue;  // validation already refused duplicates
      if (others.count(id_term) || (!current.count(id_term) && db.term_exists(id_term))) {
        ++report.kept_other_source;
        continue;
      }
      Xapian::Document doc = make_document(loaded, compute_fields(loaded.listing, gazetteer), vocabulary, tg);
      auto it = current.find(id_term);
      if (it != current.end() && it->second == doc.get_data()) {
        ++report.unchanged;
        continue;
      }
      ++(it == current.end() ? report.added : report.changed);
      add_spelling_words(db, loaded.listing.name, spelling_seen);
      touched.push_back(id_term);
      writes.emplace_back(id_term, std::move(doc));
    }
    const size_t written = touched.size();
    for (const auto& [id_term, data] : current) {
      if (!wanted.count(id_term)) touched.push_back(id_term);
    }
    if (touched.empty()) return report;
    // Other copies of the meetings this changes must be regrouped (duplicate_index.h): a
    // copy hidden behind one this feed drops is shown again in this same commit. Their
    // name keys as they were, and as they will be.
    std::set<std::string> keys = name_keys_of(db, touched);
    for (auto& [id_term, doc] : writes) db.replace_document(id_term, doc);
    for (size_t i = written; i < touched.size(); ++i) db.delete_document(touched[i]);
    report.removed = touched.size() - written;
    touched.resize(written);
    for (const auto& key : name_keys_of(db, touched)) keys.insert(key);
    reconcile_duplicates(db, keys);
    db.commit();
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kIo, index_path + ": applying feed " + feed_id + ": " + e.get_description());
  }
  return report;
}

}  // namespace kindred
