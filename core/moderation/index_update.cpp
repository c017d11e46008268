// @brief See index_update.h.
#include "core/moderation/index_update.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/base/json_util.h"
#include "core/index/duplicate_index.h"
#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"

namespace kindred {

Expected<LoadedListing> load_stored_listing(const StoredListing& stored, const ListingValidator& validator) {
  LoadedListing out;
  out.source = SourceListing{"store", "seq " + std::to_string(stored.seq), stored.json};
  rapidjson::Document doc;
  if (Status s = parse_json(stored.json, doc); !s) return s.error();
  auto problems = validator.validate(doc, "");
  if (!problems.empty()) {
    Error e = make_error(ErrorCode::kInvalidListing, "stored listing " + stored.id + " (seq " +
                                                         std::to_string(stored.seq) + ") is not valid: " +
                                                         problems.front().path + ": " + problems.front().message);
    e.details = std::move(problems);
    return e;
  }
  out.listing = listing_from_json(doc);
  if (out.listing.id != stored.id) {
    return make_error(ErrorCode::kCorrupt, "stored listing " + stored.id + " has id " + out.listing.id);
  }
  return out;
}

std::vector<LoadedListing> load_stored_listings(const std::vector<StoredListing>& stored,
                                                const ListingValidator& validator, LoadResult& report) {
  std::vector<LoadedListing> out;
  for (const StoredListing& s : stored) {
    auto item = load_stored_listing(s, validator);
    if (!item) {
      const Error& e = item.error();
      if (e.details.empty()) {
        report.problems.push_back({"store", {s.id, e.message}});
      } else {
        for (const Problem& p : e.details) report.problems.push_back({"store", {s.id + ": " + p.path, p.message}});
      }
      report.rejected.push_back(SourceListing{"store", "seq " + std::to_string(s.seq), s.json});
      continue;
    }
    out.push_back(std::move(*item));
  }
  return out;
}

void merge_stored_listings(LoadResult& loaded, const std::vector<StoredListing>& stored,
                           const ListingValidator& validator) {
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < loaded.accepted.size(); ++i) by_id.emplace(loaded.accepted[i].listing.id, i);
  for (LoadedListing& item : load_stored_listings(stored, validator, loaded)) {
    auto it = by_id.find(item.listing.id);
    if (it != by_id.end()) {
      loaded.accepted[it->second] = std::move(item);
    } else {
      by_id.emplace(item.listing.id, loaded.accepted.size());
      loaded.accepted.push_back(std::move(item));
    }
  }
}

int64_t applied_store_seq(const Xapian::Database& db) {
  std::string text = db.get_metadata(std::string(schema::kStoreSeqKey));
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18) return 0;
  return std::stoll(text);
}

SyncReport apply_stored_listings(Xapian::WritableDatabase& db, const std::vector<StoredListing>& listings,
                                 int64_t seq, const ListingValidator& validator, const Gazetteer& gazetteer,
                                 const Vocabulary& vocabulary) {
  SyncReport report;
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  std::unordered_set<std::string> spelling_seen;
  std::set<std::string> keys;  // name keys to regroup (duplicate_index.h), as they were and are
  for (const StoredListing& stored : listings) {
    auto loaded = load_stored_listing(stored, validator);
    if (!loaded) {
      report.warnings.push_back(loaded.error().message + "; the index keeps its previous version");
      continue;
    }
    ComputedFields computed = compute_fields(loaded->listing, gazetteer);
    std::vector<std::string> id_term{schema::term(schema::kIdPrefix, loaded->listing.id)};
    keys.merge(name_keys_of(db, id_term));
    db.replace_document(id_term.front(), make_document(*loaded, computed, vocabulary, tg));
    keys.merge(name_keys_of(db, id_term));
    add_spelling_words(db, loaded->listing.name, spelling_seen);
    ++report.applied;
  }
  // A stored listing is never hidden by a feed copy; the feed copies of its meeting are.
  reconcile_duplicates(db, keys);
  report.seq = seq;
  db.set_metadata(std::string(schema::kStoreSeqKey), std::to_string(seq));
  return report;
}

Expected<SyncReport> sync_index(const std::string& index_path, Store& store, const ListingValidator& validator,
                                const Gazetteer& gazetteer, const Vocabulary& vocabulary) {
  // Most calls (the server's periodic one) find the index up to date: tell that from a
  // read-only handle, without the write lock or a writable database.
  auto latest = store.latest_seq();
  if (!latest) return latest.error();
  try {
    int64_t at = applied_store_seq(Xapian::Database(index_path));
    if (at >= *latest) return SyncReport{0, at, {}};
  } catch (const Xapian::Error&) {
    // The path below says what is wrong, with the write lock held.
  }
  auto lock = IndexStore::lock_writes(index_path);
  if (!lock) return lock.error();
  std::string generation = IndexStore(index_path).current_generation();
  if (generation.empty()) return make_error(ErrorCode::kNotFound, index_path + ": no index here (run kindred-index build)");
  try {
    Xapian::WritableDatabase db(generation, Xapian::DB_OPEN);
    int64_t from = applied_store_seq(db);
    auto changed = store.listings_since(from);
    if (!changed) return changed.error();
    if (changed->empty()) return SyncReport{0, from, {}};
    int64_t to = changed->back().seq;
    SyncReport report = apply_stored_listings(db, *changed, to, validator, gazetteer, vocabulary);
    db.commit();
    return report;
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kIo, index_path + ": updating the index: " + e.get_description());
  }
}

}  // namespace kindred
