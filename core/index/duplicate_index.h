// @brief Duplicate meetings in the index: hiding feed copies of one meeting behind the copy
// search shows, and keeping that right as feeds change (docs/design.md, "Duplicate meetings").
//
// Every copy stays a document of its own, so a feed that drops its copy deletes only its
// own document (core/moderation/feed_update.h) and the other copies are still there.
// What marks the duplicates:
//  - kDuplicateTerm and kSlotDuplicateOf (the kept id) on each hidden copy. The snapshot
//    leaves documents with the term out of `findable`, which every search set starts from,
//    so the total and every facet count count the meeting once, exactly. (Xapian's collapse
//    key would drop the copies from the page but not from our bitmap counts.)
//  - kSlotCopies on the kept copy: the copies it stands for, shown as the hit's `sources`.
// reconcile_duplicates recomputes the groups of the name keys it is given from what the
// documents hold now; every writer calls it for the keys it touched, before its commit.
// Thread safety: callers hold the index write lock (IndexStore::lock_writes) or build a
// generation nobody else writes.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>
#include <xapian.h>

#include "core/base/error.h"
#include "core/index/duplicate_match.h"

namespace kindred {

// One copy of a meeting as a result names it.
struct CopySource {
  std::string id;      // the listing id of the copy ("sanjose-1234")
  std::string origin;  // "feed:sanjose", a data file, or "store"
  std::string name;    // the listing's first source name ("San Jose feed")
  std::string url;     // and its URL ("" when none)
};

// The source of a stored document's data ({"listing", "computed", "source"}).
CopySource copy_source(const rapidjson::Value& data);

// kSlotCopies of a kept copy, decoded; empty for a document that hides nothing.
std::vector<CopySource> decode_copies(const std::string& slot_value);

// The name key terms (without prefix) of the documents with these id terms (prefix "Q").
std::set<std::string> name_keys_of(const Xapian::Database& db, const std::vector<std::string>& id_terms);
// Every name key in the index.
std::set<std::string> all_name_keys(const Xapian::Database& db);

struct DuplicateReport {
  size_t documents_changed = 0;  // copies whose hidden/kept marks changed
};

// Regroups the copies of the name keys in `keys`, and those of every listing a moderator's
// decision names (duplicate_match.h), and rewrites the marks of every document whose role
// changed. Does not commit.
DuplicateReport reconcile_duplicates(Xapian::WritableDatabase& db, const std::set<std::string>& keys);

// The moderators' decisions the index holds (metadata kDuplicateLinksKey).
std::vector<DuplicateLink> duplicate_links(const Xapian::Database& db);
// Makes `links` the index's decisions and regroups what they, and the ones they replace,
// touch. Does not commit. The store is the record: every writer that has the store
// (a build with --store, a moderator's merge or split) calls this with all of its decisions.
DuplicateReport apply_duplicate_links(Xapian::WritableDatabase& db, const std::vector<DuplicateLink>& links);

// How many copies are hidden now.
size_t hidden_duplicates(const Xapian::Database& db);

}  // namespace kindred
