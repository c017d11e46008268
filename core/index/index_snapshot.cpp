// @brief Loading an IndexSnapshot from posting lists and value streams; LiveIndex.
#include "core/index/index_snapshot.h"

#include <malloc.h>
#include <sys/stat.h>

#include <algorithm>
#include <limits>

#include <xapian/geospatial.h>

#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"
#include "core/schedule/schedule.h"

namespace kindred {
namespace {

std::vector<Xapian::docid> postlist(const Xapian::Database& db, const std::string& term) {
  std::vector<Xapian::docid> ids;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.push_back(*it);
  return ids;
}

// Every value after `prefix` among the terms with that prefix. A longer prefix that
// starts the same way ("XC" vs "XCOST") is told apart by its next character: our values
// are lower case, prefixes upper case.
std::unordered_map<std::string, Postings> load_prefix(const Xapian::Database& db, std::string_view prefix,
                                                      Xapian::docid max_docid) {
  std::unordered_map<std::string, Postings> out;
  std::string p(prefix);
  for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
    std::string term = *t;
    if (term.size() > p.size() && term[p.size()] >= 'A' && term[p.size()] <= 'Z') continue;
    out.emplace(term.substr(p.size()), Postings(postlist(db, term), max_docid));
  }
  return out;
}

// Every document of `all` by its name value, then docid, as Xapian's sort by value
// orders them (a document without the value sorts as ""). The names are read into one
// buffer, not a string each: at a million listings that is one 30 MB block, freed
// whole after the sort, instead of a million small ones left in the heap.
std::vector<Xapian::docid> load_name_order(const Xapian::Database& db, const DocSet& all) {
  std::vector<Xapian::docid> ids;
  std::vector<size_t> at;
  std::string names;
  DocSet named(db.get_lastdocid());
  for (auto v = db.valuestream_begin(schema::kSlotName); v != db.valuestream_end(schema::kSlotName); ++v) {
    ids.push_back(v.get_docid());
    at.push_back(names.size());
    names += *v;
    named.add(v.get_docid());
  }
  at.push_back(names.size());
  const std::string_view text(names);
  auto name = [&](uint32_t i) { return text.substr(at[i], at[i + 1] - at[i]); };
  // Most comparisons are settled by 8 bytes packed into a number, taken after the prefix
  // every name shares ("synthetic " in the bench's data), zero-padded: a shorter name
  // sorts first either way. Equal numbers fall back to comparing the names.
  size_t common = ids.empty() ? 0 : name(0).size();
  for (uint32_t i = 1; i < ids.size() && common > 0; ++i) {
    std::string_view a = name(0), b = name(i);
    size_t n = 0;
    while (n < common && n < b.size() && a[n] == b[n]) ++n;
    common = n;
  }
  std::vector<std::pair<uint64_t, uint32_t>> order(ids.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    std::string_view n = name(i);
    uint64_t key = 0;
    for (size_t k = 0; k < 8; ++k) {
      key = (key << 8) | (common + k < n.size() ? static_cast<unsigned char>(n[common + k]) : 0u);
    }
    order[i] = {key, i};
  }
  // ids ascend (a value stream is in docid order), so an index tie-break is a docid one.
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    int c = name(a.second).compare(name(b.second));
    return c < 0 || (c == 0 && a.second < b.second);
  });
  std::vector<Xapian::docid> out;
  out.reserve(all.count());
  all.for_each([&](Xapian::docid id) {
    if (!named.contains(id)) out.push_back(id);
  });
  for (const auto& [key, i] : order) out.push_back(ids[i]);
  return out;
}

}  // namespace

Expected<std::shared_ptr<const IndexSnapshot>> IndexSnapshot::load(const Xapian::Database& db,
                                                                   const std::string& generation,
                                                                   size_t rank_depth) {
  auto snap = std::make_shared<IndexSnapshot>();
  try {
    snap->generation_ = generation;
    snap->revision_ = db.get_revision();
    snap->uuid_ = db.get_uuid();
    Xapian::docid max = db.get_lastdocid();
    snap->max_docid_ = max;
    snap->listing_count_ = db.get_doccount();

    DocSet all(max);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) all.add(*it);
    snap->findable_ = all;
    Postings(postlist(db, schema::term(schema::kStatusPrefix, "closed")), max).remove_from(snap->findable_);
    // A feed copy of a meeting another listing shows (duplicate_index.h): every search set
    // starts from findable, so leaving it out here keeps the total and each facet count exact.
    Postings(postlist(db, std::string(schema::kDuplicateTerm)), max).remove_from(snap->findable_);
    snap->remote_ = DocSet(max);
    for (const char* a : {"online", "phone"}) {
      Postings(postlist(db, schema::term(schema::kAttendancePrefix, a)), max).add_to(snap->remote_);
    }
    for (const auto& name : search_facet_names()) {
      if (schema::facet_prefix(name).empty()) continue;  // computed per request ("starts")
      FacetPostings facet{name, load_prefix(db, schema::facet_prefix(name), max), {}};
      if (facet.values.size() > FacetPostings::kByDocumentFrom) facet.by_document = DocValues(facet.values, max);
      snap->facets_.push_back(std::move(facet));
    }
    snap->service_areas_ = load_prefix(db, schema::kServiceAreaPrefix, max);

    const float kNone = std::numeric_limits<float>::quiet_NaN();
    snap->lat_.assign(max + 1, kNone);
    snap->lon_.assign(max + 1, kNone);
    std::vector<PlacedGrid::Point> points;
    for (auto v = db.valuestream_begin(schema::kSlotCoords); v != db.valuestream_end(schema::kSlotCoords); ++v) {
      Xapian::LatLongCoords coords;
      coords.unserialise(*v);
      if (coords.empty()) continue;
      const Xapian::LatLongCoord& c = *coords.begin();
      snap->lat_[v.get_docid()] = static_cast<float>(c.latitude);
      // Xapian normalises longitudes to 0..360 (its geospatial code is experimental); we use -180..180.
      snap->lon_[v.get_docid()] = static_cast<float>(c.longitude > 180 ? c.longitude - 360 : c.longitude);
      points.push_back({snap->lat_[v.get_docid()], snap->lon_[v.get_docid()], v.get_docid()});
    }
    snap->placed_ = PlacedGrid(std::move(points));
    snap->term_sets_ = std::make_unique<TermSets>(snap->revision_, max);
    snap->rank_cache_ = std::make_unique<RankCache>(snap->revision_, rank_depth);
    // One copy of each distinct schedule: at a million listings a copy per listing was
    // the largest part of the server's memory, and most listings share theirs.
    snap->schedule_of_.assign(max + 1, 0);
    std::unordered_map<std::string, uint32_t> seen;
    std::vector<std::pair<std::optional<SysSeconds>, std::optional<SysSeconds>>> bounds;  // per schedule
    for (auto v = db.valuestream_begin(schema::kSlotSchedule); v != db.valuestream_end(schema::kSlotSchedule); ++v) {
      auto [it, added] = seen.emplace(*v, static_cast<uint32_t>(snap->schedules_.size() + 1));
      if (added) {
        snap->schedules_.push_back(*v);
        std::vector<Meeting> meetings = decode_meetings(*v);
        bounds.emplace_back(schedule_start(meetings), schedule_end(meetings));
      }
      snap->schedule_of_[v.get_docid()] = it->second;
      const auto& [start, end] = bounds[it->second - 1];
      if (start) snap->starts_.emplace_back(start->time_since_epoch().count(), v.get_docid());
      if (end) snap->ends_.emplace_back(end->time_since_epoch().count(), v.get_docid());
    }
    std::sort(snap->starts_.begin(), snap->starts_.end());
    std::sort(snap->ends_.begin(), snap->ends_.end());
    snap->name_order_ = load_name_order(db, all);
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kCorrupt, generation + ": " + e.get_description());
  }
  // Loading passes through tens of MB at a million listings (posting lists, the names'
  // sort) and frees them; glibc keeps freed heap for reuse, which a server that loads
  // once per generation never needs. Hand it back, so the resident set is what stays.
  malloc_trim(0);
  return std::shared_ptr<const IndexSnapshot>(std::move(snap));
}

const FacetPostings* IndexSnapshot::facet(const std::string& name) const {
  for (const auto& f : facets_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Postings* IndexSnapshot::service_area(const std::string& code_lower) const {
  auto it = service_areas_.find(code_lower);
  return it == service_areas_.end() ? nullptr : &it->second;
}

std::vector<Meeting> IndexSnapshot::meetings(Xapian::docid id) const {
  uint32_t n = schedule_id(id);
  return n == 0 ? std::vector<Meeting>{} : schedule(n);
}

std::vector<Meeting> IndexSnapshot::schedule(uint32_t n) const { return decode_meetings(schedules_[n - 1]); }

namespace {

int64_t epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The listings of `sorted` (instant, docid) with an instant in (from, to].
DocSet between(const std::vector<std::pair<int64_t, Xapian::docid>>& sorted, int64_t from, int64_t to,
               Xapian::docid max_docid) {
  DocSet out(max_docid);
  auto it = std::upper_bound(sorted.begin(), sorted.end(), std::make_pair(from, std::numeric_limits<Xapian::docid>::max()));
  for (; it != sorted.end() && it->first <= to; ++it) out.add(it->second);
  return out;
}

}  // namespace

DocSet IndexSnapshot::ended_at(std::chrono::system_clock::time_point now) const {
  return between(ends_, std::numeric_limits<int64_t>::min(), epoch_seconds(now), max_docid_);
}

DocSet IndexSnapshot::starting_in(std::chrono::system_clock::time_point from,
                                  std::chrono::system_clock::time_point to) const {
  return between(starts_, epoch_seconds(from), epoch_seconds(to), max_docid_);
}

LiveIndex::LiveIndex(std::string index_path, size_t rank_depth)
    : path_(std::move(index_path)), rank_depth_(rank_depth) {}

namespace {

uint64_t file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return (static_cast<uint64_t>(st.st_ino) << 20) ^ static_cast<uint64_t>(st.st_mtim.tv_nsec) ^
         (static_cast<uint64_t>(st.st_mtim.tv_sec) << 32);
}

// Glass rewrites its version file ("iamglass", by rename) on every commit.
std::string version_file(const std::string& generation) { return generation + "/iamglass"; }

}  // namespace

Expected<std::shared_ptr<const IndexSnapshot>> LiveIndex::current() {
  // A build renames a new stub into place, so the stub's inode tells us a swap happened;
  // an incremental update commits, so the version file's inode tells us that.
  uint64_t stub = file_identity(IndexStore::stub_file(path_));
  bool have_stub = stub != 0;
  std::shared_ptr<const IndexSnapshot> have;
  uint64_t have_identity = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    have = snapshot_;
    have_identity = identity_;
  }
  if (have) {
    if (!have_stub) return have;
    if ((stub ^ (file_identity(version_file(have->generation())) * 31)) == have_identity) return have;
  }
  if (!have_stub) return make_error(ErrorCode::kNotFound, path_ + ": no index here (run kindred-index build)");
  // Loading a big index takes a while: while one thread loads, the others go on with
  // the snapshot they have (on first load there is none, so they wait).
  std::unique_lock<std::mutex> loading(load_mu_, std::defer_lock);
  if (have) {
    if (!loading.try_lock()) return have;
  } else {
    loading.lock();
  }
  std::string generation = IndexStore(path_).current_generation();
  // Identity before opening: a commit between the two makes us load again next time,
  // never miss one.
  uint64_t identity = stub ^ (file_identity(version_file(generation)) * 31);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (snapshot_ && identity == identity_) return snapshot_;  // loaded meanwhile
  }
  try {
    Xapian::Database db(generation);
    auto snap = IndexSnapshot::load(db, generation, rank_depth_);
    if (!snap) return have ? Expected<std::shared_ptr<const IndexSnapshot>>(have) : snap.error();
    {
      std::lock_guard<std::mutex> lock(mu_);
      snapshot_ = *snap;
      identity_ = identity;
    }
    if (have) carrier_.carry(*have, *snap);
    return *snap;
  } catch (const Xapian::Error& e) {
    if (have) return have;
    return make_error(ErrorCode::kCorrupt, path_ + ": " + e.get_description());
  }
}

}  // namespace kindred
