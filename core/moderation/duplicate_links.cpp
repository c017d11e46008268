// @brief See duplicate_links.h; and Moderation::decide_duplicate (moderation.h).
#include "core/moderation/duplicate_links.h"

#include "core/index/duplicate_index.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"
#include "core/moderation/moderation.h"

namespace kindred {

std::vector<DuplicateLink> links_from_decisions(const std::vector<DuplicateDecision>& decisions) {
  std::vector<DuplicateLink> out;
  for (const auto& d : decisions) out.push_back({d.listing_id, d.other_id, d.decision == "merge"});
  return out;
}

Expected<bool> sync_duplicate_links(const std::string& index_path, Store& store) {
  auto decisions = store.duplicate_decisions();
  if (!decisions) return decisions.error();
  const std::vector<DuplicateLink> links = links_from_decisions(*decisions);
  try {
    // Most calls (the server's periodic sync) find them equal: tell from a read-only handle.
    if (duplicate_links(Xapian::Database(index_path)) == links) return false;
  } catch (const Xapian::Error&) {
    // The path below says what is wrong, with the write lock held.
  }
  auto lock = IndexStore::lock_writes(index_path);
  if (!lock) return lock.error();
  std::string generation = IndexStore(index_path).current_generation();
  if (generation.empty()) return make_error(ErrorCode::kNotFound, index_path + ": no index here (run kindred-index build)");
  try {
    Xapian::WritableDatabase db(generation, Xapian::DB_OPEN);
    apply_duplicate_links(db, links);
    db.commit();
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kIo, index_path + ": applying duplicate decisions: " + e.get_description());
  }
  return true;
}

Status apply_store_duplicate_links(Xapian::WritableDatabase& db, Store& store) {
  auto decisions = store.duplicate_decisions();
  if (!decisions) return decisions.error();
  apply_duplicate_links(db, links_from_decisions(*decisions));
  return Ok{};
}

Expected<DuplicateDecisionResult> Moderation::decide_duplicate(const Principal& moderator, const std::string& listing_id,
                                                               const std::string& other_id, bool merge) {
  const char* verb = merge ? "merge" : "split";
  if (!is_moderator(moderator)) {
    return refuse(moderator, listing_id, std::string("only a moderator may ") + verb + " listings").error();
  }
  if (listing_id == other_id) {
    return make_error(ErrorCode::kInvalidArgument, std::string(merge ? "into" : "from") + ": another listing's id");
  }
  for (const std::string* id : {&listing_id, &other_id}) {
    if (auto cur = current(*id); !cur) return cur.error();
  }
  if (Status s = store_.decide_duplicate(moderator, {listing_id, other_id, verb, "", ""}); !s) return s.error();
  DuplicateDecisionResult result{listing_id, other_id, verb, false, ""};
  auto applied = sync_duplicate_links(index_path_, store_);
  if (applied) {
    result.live = true;
  } else {
    result.index_note = applied.error().message + "; the decision is stored, and the next sync or build applies it";
  }
  return result;
}

}  // namespace kindred
