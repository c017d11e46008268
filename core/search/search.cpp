// @brief Searcher: one request through filters, place, text, exact disjunctive facet
// counts, ordering and paging, to typed hits.
#include "core/search/search.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <date/date.h>
#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/index/duplicate_index.h"
#include "core/index/index_schema.h"
#include "core/index/index_snapshot.h"
#include "core/listing/freshness.h"
#include "core/listing/translation.h"
#include "core/schedule/schedule.h"
#include "core/search/correction.h"
#include "core/search/crisis.h"
#include "core/search/crisis_rank.h"
#include "core/search/nearby.h"
#include "core/search/search_filters.h"
#include "core/search/search_text.h"
#include "core/search/starts_facet.h"
#include "core/base/json_build.h"
#include "core/search/search_understand.h"
#include "core/search/understand.h"

namespace kindred {
namespace {

using date::sys_seconds;

// From this many matching listings on (or a quarter of the directory, so a small index
// takes the same path), a relevance page comes from the kept ranking (rank_cache.h):
// below it Xapian weighs every match in well under a millisecond.
constexpr uint64_t kRankCacheFrom = 2000;
// Browsing by name walks the generation's name order when that reads at most this many
// documents, expected (max_docid / matches per listing wanted): a membership test each,
// about a nanosecond, where Xapian's sort reads a stored name per match (microseconds).
// At a million listings a set of 9,000 reads ~2,300 for its first page, not 9,000 names;
// only sets of a few hundred or fewer go to Xapian.
constexpr uint64_t kNameWalkReads = 200000;

std::string str(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// obj[name] when it is an object, else an empty one.
const rapidjson::Value& member(const rapidjson::Value& obj, const char* name) {
  static const rapidjson::Value kEmpty(rapidjson::kObjectType);
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsObject() ? it->value : kEmpty;
}

// Next meetings per distinct schedule (index_snapshot.h), kept by one searcher across its
// requests on one snapshot (refresh() starts afresh for the next). An answer worked out at
// `from` still holds at a later `now` while now < its start (schedule.h:
// next_meeting_start), so a next-meeting sort over 60,000 listings rarely works out any
// schedule again, and a result card's next meeting is worked out once per meeting, not
// per request; time moving on only redoes the schedules whose meeting has begun since.
// An answer of "none within the horizon" holds only within its second.
class KeptNextMeetings {
 public:
  // The start after `now` of schedule `n` (1..schedule_count()) of `snap`, in seconds
  // since the epoch; nullopt when it has none within the horizon.
  std::optional<int64_t> start(const IndexSnapshot& snap, uint32_t n, sys_seconds now) {
    if (from_.size() != snap.schedule_count() + 1) {  // first use since the searcher's refresh()
      from_.assign(snap.schedule_count() + 1, kUnknown);
      start_.assign(snap.schedule_count() + 1, kNone);
    }
    const int64_t t = now.time_since_epoch().count();
    if (!holds(from_[n], start_[n], t)) {
      std::optional<SysSeconds> start = next_meeting_start(snap.schedule(n), now);
      from_[n] = t;
      start_[n] = start ? start->time_since_epoch().count() : kNone;
    }
    if (start_[n] == kNone) return std::nullopt;
    return start_[n];
  }

  // The whole next occurrence of schedule `n`, with its local times' text, for the
  // listings shown: at most kMaxOccurrences kept, dropped together when that fills. The
  // reference holds until the next call.
  const std::optional<Occurrence>& occurrence(const IndexSnapshot& snap, uint32_t n, sys_seconds now) {
    const int64_t t = now.time_since_epoch().count();
    auto it = occurrences_.find(n);
    if (it != occurrences_.end()) {
      const auto& [from, next] = it->second;
      if (holds(from, next ? next->start.time_since_epoch().count() : kNone, t)) return next;
      occurrences_.erase(it);
    }
    if (occurrences_.size() >= kMaxOccurrences) occurrences_.clear();
    return occurrences_.emplace(n, std::make_pair(t, next_meeting(snap.schedule(n), now))).first->second.second;
  }

 private:
  static constexpr int64_t kUnknown = std::numeric_limits<int64_t>::min();
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
  static constexpr size_t kMaxOccurrences = 8192;
  // Whether an answer worked out at `from`, starting at `start` (kNone: none), holds at `t`.
  static bool holds(int64_t from, int64_t start, int64_t t) {
    return from != kUnknown && from <= t && (start == kNone ? from == t : t < start);
  }
  std::vector<int64_t> from_, start_;  // by schedule number; [0] unused
  std::unordered_map<uint32_t, std::pair<int64_t, std::optional<Occurrence>>> occurrences_;  // from, answer
};

// The first `want` members of `full` in the order Xapian gives a text's matches, from the
// text's kept ranking (rank_cache.h); nullopt when the kept part cannot settle them. With
// `learning` (a crisis flag, crisis_rank.h) the order is support offerings first, then
// learning ones, each part by relevance: the kept ranking restricted to either part is
// that part's order, so it settles the page when it holds enough of the parts the page
// reaches, counted exactly from the bitmaps.
std::optional<std::vector<Xapian::docid>> page_from_ranking(const RankCache::Ranking& ranking, const DocSet& full,
                                                            size_t want, const DocSet* learning) {
  std::vector<Xapian::docid> support, learn;
  const uint64_t support_total = learning ? full.count() - full.count_and(*learning) : full.count();
  const size_t support_wanted = static_cast<size_t>(std::min<uint64_t>(want, support_total));
  const size_t learn_wanted = want - support_wanted;
  for (Xapian::docid id : ranking.ids) {
    if (support.size() == support_wanted && learn.size() == learn_wanted) break;
    if (!full.contains(id)) continue;
    if (learning && learning->contains(id)) {
      if (learn.size() < learn_wanted) learn.push_back(id);
    } else if (support.size() < support_wanted) {
      support.push_back(id);
    }
  }
  if (!ranking.complete && (support.size() < support_wanted || learn.size() < learn_wanted)) return std::nullopt;
  support.insert(support.end(), learn.begin(), learn.end());
  return support;
}

// Sets `enquire` to rank `text`'s matches within `set`: by relevance, or, for someone who
// may be in danger (`support_first`), groups, warmlines and peer programs before trainings
// and courses, each part in relevance order.
void rank_in_set(Xapian::Enquire& enquire, const Xapian::Query& text, const DocSet& set, SupportFirst* support_first) {
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, filter_query(set)));
  if (support_first) enquire.set_sort_by_key_then_relevance(support_first, false);
}

// Next meetings for one request, from the searcher's kept ones: the whole occurrence
// (with its local times' text) for the listings shown; only the start for ordering.
class NextMeetings {
 public:
  NextMeetings(const IndexSnapshot& snap, sys_seconds now, KeptNextMeetings& kept)
      : snap_(snap), now_(now), kept_(kept) {}
  std::optional<Occurrence> of(Xapian::docid id) {
    uint32_t n = snap_.schedule_id(id);
    if (n == 0) return std::nullopt;
    return kept_.occurrence(snap_, n, now_);
  }
  std::optional<int64_t> start_of(Xapian::docid id) {
    uint32_t n = snap_.schedule_id(id);
    if (n == 0) return std::nullopt;
    return kept_.start(snap_, n, now_);
  }

 private:
  const IndexSnapshot& snap_;
  sys_seconds now_;
  KeptNextMeetings& kept_;
};

}  // namespace

struct Searcher::Impl {
  Impl(LiveIndex& l, const Vocabulary& v, const Gazetteer& g, const CrisisPhrases* c)
      : live(l), vocabulary(v), gazetteer(g), crisis(c), speller(v) {}

  LiveIndex& live;
  const Vocabulary& vocabulary;
  const Gazetteer& gazetteer;
  const CrisisPhrases* crisis;  // may be null
  Speller speller;
  std::shared_ptr<const IndexSnapshot> snap;
  Xapian::Database db;

  Status refresh() {
    // A replica reuses its directory names (replica_0, replica_1) for different
    // databases: a snapshot is only used with the database it was loaded from (same
    // UUID), never with another, so no answer mixes two indexes. A mismatch means the
    // directory was replaced after the snapshot was taken; a fresh look settles it.
    for (int attempt = 0;; ++attempt) {
      auto current = live.current();
      if (!current) return current.error();
      if (snap && current->get() == snap.get()) return Ok{};
      // A new generation, or a new revision of this one (an incremental update). The
      // database may be a commit ahead of the snapshot for a moment; DocSet ignores ids
      // the snapshot does not know, and the next request loads the newer snapshot.
      try {
        if (snap && (*current)->generation() == snap->generation() && (*current)->uuid() == snap->uuid()) {
          db.reopen();
        } else {
          db = Xapian::Database((*current)->generation());
        }
        if (db.get_uuid() != (*current)->uuid()) throw Xapian::DatabaseOpeningError("replaced since its snapshot");
      } catch (const Xapian::Error& e) {
        // A replica removes its previous directory as soon as it switches: a snapshot
        // of it that another thread is replacing right now cannot be opened. The next
        // look finds the new one (LiveIndex loads it meanwhile).
        snap.reset();
        if (attempt >= 40) return make_error(ErrorCode::kInternal, "opening the index: " + e.get_description());
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        continue;
      }
      snap = *current;
      cards.clear();  // read from the old revision's documents
      plans.clear();  // they point into the old snapshot
      plans_snapshot = nullptr;
      unverified_snapshot = nullptr;
      next_kept = KeptNextMeetings();  // numbered by the old snapshot's schedules
      return Ok{};
    }
  }

  // Listings last verified before `date` (YYYY-MM-DD), from the value stream once per
  // snapshot and date, not per query.
  const DocSet& unverified_before(const std::string& date) {
    std::string cutoff;
    for (char c : date) {
      if (c != '-') cutoff += c;
    }
    if (unverified_snapshot != snap.get() || unverified_cutoff != cutoff) {
      unverified = DocSet(snap->max_docid());
      for (auto it = db.valuestream_begin(schema::kSlotLastVerified); it != db.valuestream_end(schema::kSlotLastVerified);
           ++it) {
        if (*it < cutoff) unverified.add(it.get_docid());
      }
      unverified_snapshot = snap.get();
      unverified_cutoff = cutoff;
    }
    return unverified;
  }
  DocSet unverified;
  const IndexSnapshot* unverified_snapshot = nullptr;
  std::string unverified_cutoff;

  std::optional<QueryReader> reader;  // built on the first query with text
  KeptNextMeetings next_kept;

  // The findable document of listing `id`; for a hidden copy of a duplicated meeting, the
  // document shown for it (duplicate_index.h). nullopt when there is none.
  std::optional<Xapian::docid> find_listing(const std::string& id, bool follow = true) {
    std::string term = schema::term(schema::kIdPrefix, id);
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    if (snap->findable().contains(*it)) return *it;
    std::string kept = db.get_document(*it).get_value(schema::kSlotDuplicateOf);
    if (kept.empty() || !follow) return std::nullopt;
    return find_listing(kept, false);
  }

  Expected<SearchResult> run(const SearchRequest& asked);
  // One search: q read as a sentence (unless asked.understand is false), then matched.
  // `searched` receives the request actually searched (the sentence's parts applied).
  Expected<SearchResult> run_query(const SearchRequest& asked, bool crisis_flag, SearchRequest& searched);
  // `rank`: words that order but never filter (a sentence read whole into filters).
  std::vector<Xapian::docid> order(const SearchRequest& req, const DocSet& full, const ParsedText* text,
                                   const std::optional<PlaceFilter>& place, NextMeetings& next,
                                   Xapian::MSet& mset, bool crisis_flag, const ParsedText* rank);
  // The page of `full` in the order words-then-name gives it, from the kept ranking of
  // `rank`; nullopt when that ranking cannot settle it (Xapian orders the full set then).
  std::optional<std::vector<Xapian::docid>> page_by_words_then_name(const DocSet& full, const ParsedText& rank,
                                                                    size_t first, size_t want);
  // The first `want` (at most RankCache::kFilteredDepth) of `full` in the order Xapian
  // gives `text`'s matches (support offerings first under `support_first`), from the
  // generation's kept best of this set, ranked with Xapian and kept the first time.
  std::vector<Xapian::docid> best_of_set(const RankCache::Ranking& ranking, const ParsedText& text, const DocSet& full,
                                         size_t want, SupportFirst* support_first);
  Hit make_hit(Xapian::docid id, const SearchRequest& req, const std::optional<PlaceFilter>& place,
               NextMeetings& next, const Xapian::MSet* mset);
  // What a result card shows from the listing's stored JSON, in one language: every field
  // of Hit that depends only on the document and `lang` (its dated sessions too, from the
  // snapshot's schedule), and the description snippets are cut from. Reading it (the
  // document's data from disk, inflating and parsing it) was over a third of the
  // server's time at 100,000 listings, and the results people ask for recur, so each
  // searcher keeps up to kMaxCards of them for its snapshot, dropped whole when that
  // fills or the snapshot changes (about 1 KB each: 8 MB).
  struct Card {
    Hit fields;
    std::string description;
  };
  static constexpr size_t kMaxCards = 8192;
  std::unordered_map<std::string, std::shared_ptr<const Card>> cards;  // by docid bytes, then lang
  std::shared_ptr<const Card> card(Xapian::docid id, const std::string& lang);
  std::vector<FacetCounts> count_facets(const DocSet& base, const std::map<std::string, DocSet>& selections,
                                        const SearchRequest& req, const std::map<std::string, DocSet>& starts);

  // A facet's values in display order with labels and postings, per index generation.
  struct FacetPlanEntry {
    std::string stored, value, label;
    const Postings* postings;  // nullptr when no listing has the value
    int32_t number = -1;       // in the facet's by_document numbering, when there is one
  };
  struct FacetPlan {
    std::string name, label;
    bool closed = true;
    std::vector<FacetPlanEntry> entries;
    const DocValues* by_document = nullptr;  // regions: counted in one pass over the scope
  };
  std::vector<FacetPlan> plans;
  const IndexSnapshot* plans_snapshot = nullptr;  // the snapshot `plans` were made for
  const std::vector<FacetPlan>& facet_plans();
};

Expected<SearchResult> Searcher::Impl::run(const SearchRequest& asked) {
  size_t chars = 0;
  for (char c : asked.q) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // code points
  if (chars > kMaxQueryChars) {
    return make_error(ErrorCode::kInvalidArgument,
                      "q: longer than " + std::to_string(kMaxQueryChars) + " characters (" + std::to_string(chars) + ")");
  }
  // Crisis words are read in what the person typed, before the sentence is taken apart
  // ("want to die" loses its stop words) and before anything is corrected.
  const bool crisis_flag = crisis && !asked.q.empty() && crisis->matches(asked.q);
  SearchRequest searched;
  auto result = run_query(asked, crisis_flag, searched);
  if (!result || searched.q.empty() || !asked.correct_spelling) return result;
  // Only the text left after the sentence's parts were taken out is spelled: a place
  // name or a day is never "corrected". A correction is applied when that text finds
  // nothing and the corrected text finds something, and offered as a suggestion when
  // it found something already.
  std::optional<std::string> fix = speller.correct(searched.q, db, snap->generation());
  if (fix && result->total == 0) {
    SearchRequest again = searched;
    again.q = *fix;
    again.understand = false;  // already read
    SearchRequest searched_again;
    auto second = run_query(again, crisis_flag, searched_again);
    if (second && second->total > 0) {
      second->corrected = Correction{searched.q, *fix};
      second->understood = std::move(result->understood);
      if (second->understood) second->understood->q = *fix;
      return second;
    }
  } else if (fix) {
    if (auto parsed = parse_text(*fix, db, false, searched.lang); parsed && !parsed->empty &&
        match_set(db, parsed->query, snap->max_docid(), &snap->term_sets()).count_and(snap->findable()) > 0) {
      result->suggestion = *fix;
    }
  }
  // A sentence rarely has every one of its words in one listing ("I have bipolar and feel
  // alone"): rather than nothing, the listings with some of them, marked as such.
  if (result->total == 0 && content_words(searched.q) >= 2) {
    SearchRequest again = searched;
    again.understand = false;  // already read
    again.any_word = true;
    SearchRequest searched_again;
    auto wider = run_query(again, crisis_flag, searched_again);
    if (wider && wider->total > 0) {
      wider->relaxed = true;
      wider->understood = std::move(result->understood);
      return wider;
    }
  }
  return result;
}

Expected<SearchResult> Searcher::Impl::run_query(const SearchRequest& asked, bool crisis_flag,
                                                 SearchRequest& searched) {
  if (asked.page < 1) return make_error(ErrorCode::kInvalidArgument, "page: must be 1 or more");
  if (asked.per_page < 1 || asked.per_page > kMaxPerPage) {
    return make_error(ErrorCode::kInvalidArgument, "per_page: must be between 1 and " + std::to_string(kMaxPerPage));
  }
  if (Status s = refresh(); !s) return s.error();
  const IndexSnapshot& s = *snap;

  // A sentence's place, days, times, attendance, language and community become
  // parameters (understand.h); the request as asked is kept when nothing was read.
  std::optional<UnderstoodQuery> understood;
  std::optional<SearchRequest> read_request;
  bool near_from_text = false;
  if (asked.understand && !asked.q.empty()) {
    if (!reader) reader.emplace(vocabulary, gazetteer);
    Understanding reading = reader->read(asked.q, [&](std::string_view q) { return is_listing_name(db, q); });
    if (reading.changed) {
      understood.emplace();
      read_request = apply_understanding(reading, asked, *understood, near_from_text);
    }
  }
  // From here on `req` is what is searched. Anything that must see the words exactly as
  // typed (crisis phrases: "want to die" loses its stop words) reads `asked.q`.
  const SearchRequest& req = read_request ? *read_request : asked;
  searched = req;

  // Courses and terms (issue 17): the `starts` windows at this request's `now`.
  const std::map<std::string, DocSet> starts = starts_sets(s, req.now);
  auto selections = facet_selections(req, s, vocabulary, gazetteer, &starts);
  if (!selections) return selections.error();
  auto place = place_filter(req, s, gazetteer);
  if (!place) return place.error();
  if (req.sort == SortOrder::kDistance && !*place) {
    return make_error(ErrorCode::kInvalidArgument, "sort: distance needs near or lat and lon");
  }

  SearchResult result;
  result.crisis = crisis_flag;
  DocSet base = s.findable();
  base.subtract(s.ended_at(req.now));  // a course whose every session is over (issue 17)
  if (!req.verified_since.empty()) base.subtract(unverified_before(req.verified_since));
  const DocSet eligible = *place ? base : DocSet();
  std::optional<ParsedText> text;
  if (!req.q.empty()) {
    auto parsed = parse_text(req.q, db, req.any_word, req.lang);
    if (!parsed) return parsed.error();
    if (!parsed->empty) base &= match_set(db, parsed->query, s.max_docid(), &s.term_sets());
    text = std::move(*parsed);
  }
  // When the whole text was read into filters ("two-spirit" -> community lgbtq), its
  // words still order the filtered listings (they never filter them): the two-spirit
  // circle comes before other LGBTQ+ groups.
  std::optional<ParsedText> rank_words;
  if (req.q.empty() && !asked.q.empty() && read_request) {
    if (auto parsed = parse_text(asked.q, db, false, req.lang); parsed && !parsed->empty) rank_words = std::move(*parsed);
  }
  if (*place) {
    DocSet in_place = (*place)->near;
    in_place |= (*place)->serving;
    base &= in_place;
    result.place = (*place)->used;
    if (understood && near_from_text) understood->near = (*place)->used.place;
  }
  result.understood = std::move(understood);

  DocSet full = base;
  for (const auto& [facet, set] : *selections) full &= set;
  result.total = full.count();
  result.facets = count_facets(base, *selections, req, starts);

  NextMeetings next(s, date::floor<std::chrono::seconds>(req.now), next_kept);
  Xapian::MSet mset;
  std::vector<Xapian::docid> page =
      order(req, full, text && !text->empty ? &*text : nullptr, *place, next, mset, crisis_flag,
            rank_words ? &*rank_words : nullptr);
  for (Xapian::docid id : page) {
    result.hits.push_back(make_hit(id, req, *place, next, text && !text->empty ? &mset : nullptr));
  }
  if (*place) {
    // Never a dead end near a place (nearby.h).
    result.online_serving_place = online_serving_place(**place, full);
    if (in_person_matches(s, **place, full) < kNearbyWanted) {
      for (Xapian::docid id : general_nearby(s, **place, eligible, full)) {
        result.also_nearby.push_back(make_hit(id, req, *place, next, nullptr));
        result.also_nearby.back().general = true;
      }
    }
  }
  return result;
}

const std::vector<Searcher::Impl::FacetPlan>& Searcher::Impl::facet_plans() {
  if (!plans.empty() && plans_snapshot == snap.get()) return plans;
  // Display order and labels depend only on the index and the vocabulary: work them out
  // once per snapshot, not per query (regions alone can have thousands of values).
  plans.clear();
  for (const auto& name : search_facet_names()) {
    FacetPlan plan;
    plan.name = name;
    const Facet* vocab_facet = vocabulary.facet(name);
    // Facets the vocabulary does not list (region) get their name as a label: "Region".
    plan.label = vocab_facet ? vocab_facet->label : std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
    plan.closed = vocab_facet && vocab_facet->closed;
    const FacetPostings* postings = snap->facet(name);  // null for "starts" (per request)
    auto add = [&](const std::string& stored) {
      const Postings* found = nullptr;
      if (postings) {
        if (auto it = postings->values.find(stored); it != postings->values.end()) found = &it->second;
      }
      auto [value, label] = present_facet_value(name, stored, vocabulary, gazetteer);
      int32_t number = plan.by_document ? plan.by_document->number(stored) : -1;
      plan.entries.push_back({stored, value, label, found, number});
    };
    if (postings && postings->by_document.built()) plan.by_document = &postings->by_document;
    if (plan.closed) {
      for (const auto& v : vocab_facet->values) add(normalise_facet_value(name, v.value, vocabulary, gazetteer).value());
    } else if (postings) {
      std::vector<std::string> stored;
      for (const auto& [value, p] : postings->values) stored.push_back(value);
      std::sort(stored.begin(), stored.end());
      for (const auto& v : stored) add(v);
    }
    plans.push_back(std::move(plan));
  }
  plans_snapshot = snap.get();
  return plans;
}

std::vector<FacetCounts> Searcher::Impl::count_facets(const DocSet& base,
                                                      const std::map<std::string, DocSet>& selections,
                                                      const SearchRequest& req,
                                                      const std::map<std::string, DocSet>& starts) {
  std::vector<FacetCounts> out;
  for (const FacetPlan& plan : facet_plans()) {
    // Disjunctive: every other facet's selection narrows this facet's counts; its own does
    // not. Without another selection the scope is the base itself, not a copy of it.
    const DocSet* scope = &base;
    DocSet narrowed;
    for (const auto& [facet, set] : selections) {
      if (facet == plan.name) continue;
      if (scope == &base) scope = &(narrowed = base);
      narrowed &= set;
    }
    std::set<std::string> selected;
    if (auto it = req.filters.find(plan.name); it != req.filters.end()) {
      for (const auto& v : it->second.include) {
        if (auto norm = normalise_facet_value(plan.name, v, vocabulary, gazetteer)) selected.insert(*norm);
      }
    }
    FacetCounts counts;
    counts.name = plan.name;
    const bool english = req.lang == "en";
    counts.label = english || !vocabulary.facet(plan.name) ? plan.label : vocabulary.facet_label(plan.name, req.lang);
    // (count, entry) for each value shown, ordered before any string is copied: an open
    // facet can show thousands of regions.
    std::vector<std::pair<uint64_t, uint32_t>> shown;
    const std::vector<uint64_t> by_number = plan.by_document ? plan.by_document->count(*scope) : std::vector<uint64_t>{};
    const bool starts_facet = plan.name == kStartsFacet;
    for (uint32_t i = 0; i < plan.entries.size(); ++i) {
      const auto& e = plan.entries[i];
      uint64_t n = 0;
      if (plan.by_document) {
        n = e.number >= 0 ? by_number[static_cast<size_t>(e.number)] : 0;
      } else if (e.postings) {
        n = e.postings->count_in(*scope);
      }
      if (starts_facet) {
        auto it = starts.find(e.stored);
        n = it == starts.end() ? 0 : it->second.count_and(*scope);
      }
      // Closed facets show every value; open ones (languages, regions) only those that
      // match something here or are selected, not thousands of zeros.
      if (plan.closed || n > 0 || selected.count(e.stored) > 0) shown.emplace_back(n, i);
    }
    if (!plan.closed) {
      // Most frequent first, ties in the plan's order (entry numbers are that order). Only
      // the first req.facet_values are shown, and every selected one besides (in order), so
      // only those are sorted: an open facet can match thousands of regions.
      auto before = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
      if (shown.size() > req.facet_values) {
        auto top = shown.begin() + static_cast<std::ptrdiff_t>(req.facet_values);
        std::partial_sort(shown.begin(), top, shown.end(), before);
        auto past = std::partition(top, shown.end(), [&](const auto& e) { return selected.count(plan.entries[e.second].stored) > 0; });
        std::sort(top, past, before);
        counts.more = static_cast<uint64_t>(shown.end() - past);
        shown.erase(past, shown.end());
      } else {
        std::sort(shown.begin(), shown.end(), before);
      }
    }
    counts.values.reserve(shown.size());
    for (const auto& [n, i] : shown) {
      const auto& e = plan.entries[i];
      const VocabularyValue* listed = english ? nullptr : vocabulary.find(plan.name, e.stored);
      counts.values.push_back({e.value, listed ? vocabulary.label(plan.name, e.stored, req.lang) : e.label, n,
                               selected.count(e.stored) > 0});
    }
    out.push_back(std::move(counts));
  }
  return out;
}

std::vector<Xapian::docid> Searcher::Impl::order(const SearchRequest& req, const DocSet& full, const ParsedText* text,
                                                 const std::optional<PlaceFilter>& place, NextMeetings& next,
                                                 Xapian::MSet& mset, bool crisis_flag, const ParsedText* rank) {
  const size_t first = static_cast<size_t>(req.page - 1) * req.per_page;
  const size_t want = first + req.per_page;
  std::vector<Xapian::docid> page;
  bool by_text = req.sort == SortOrder::kRelevance && text;
  bool by_distance = req.sort == SortOrder::kDistance || (req.sort == SortOrder::kRelevance && !text && place);
  if (by_text || (!by_distance && req.sort != SortOrder::kNext)) {
    Xapian::Enquire enquire(db);
    std::optional<SupportFirst> support_first;
    if (crisis_flag) support_first.emplace(*snap);
    const uint64_t matches = by_text ? full.count() : 0;
    if (matches >= kRankCacheFrom || (matches > 0 && matches * 4 >= snap->max_docid())) {
      // Many matches: take the page from the generation's kept ranking of this text
      // (rank_cache.h), then let Xapian weight just the page, for its snippets and scores.
      auto ranking = snap->rank_cache().ranking(db, text->query);
      auto members = ranking ? page_from_ranking(*ranking, full, want, support_first ? &support_first->learning() : nullptr)
                             : std::nullopt;
      if (!members && ranking && want <= RankCache::kFilteredDepth) {
        // The kept ranking holds too few of this set (a broad word in a narrow filter):
        // its best come from the set's own kept ranking, made here the first time.
        members = best_of_set(*ranking, *text, full, want, support_first ? &*support_first : nullptr);
      }
      if (members) {
        DocSet shown(snap->max_docid());
        for (size_t i = first; i < members->size(); ++i) shown.add((*members)[i]);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text->query, filter_query(shown)));
        mset = enquire.get_mset(0, req.per_page);
        // The kept order, which is Xapian's for the same request (the mset is relevance
        // order, which differs under a crisis flag).
        page.assign(members->begin() + static_cast<std::ptrdiff_t>(std::min(first, members->size())), members->end());
        return page;
      }
    }
    if (by_text) {
      rank_in_set(enquire, text->query, full, support_first ? &*support_first : nullptr);
    } else if (rank && req.sort == SortOrder::kRelevance) {
      // Every listing of `full`, those the words match first, then by name.
      const uint64_t listed = full.count();
      if (listed >= kRankCacheFrom || listed * 4 >= snap->max_docid()) {
        if (auto kept = page_by_words_then_name(full, *rank, first, want)) return std::move(*kept);
      }
      enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, filter_query(full), rank->query));
      enquire.set_sort_by_relevance_then_value(schema::kSlotName, false);
    } else if (full.count() > 0 && snap->max_docid() / full.count() * want <= kNameWalkReads) {
      // Browsing: alphabetical by name, a stable order a person can page through. A set
      // that is not tiny takes its page from the generation's name order
      // (index_snapshot.h), reading about max_docid / matches documents per listing shown.
      size_t skipped = 0;
      for (Xapian::docid id : snap->name_order()) {
        if (!full.contains(id)) continue;
        if (skipped < first) {
          ++skipped;
          continue;
        }
        page.push_back(id);
        if (page.size() == static_cast<size_t>(req.per_page)) break;
      }
      return page;
    } else {
      // Browsing a narrow set: Xapian sorts its few matches in the same order.
      enquire.set_query(filter_query(full));
      enquire.set_sort_by_value(schema::kSlotName, false);
    }
    mset = enquire.get_mset(static_cast<Xapian::doccount>(first), req.per_page);
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(*it);
    return page;
  }
  // Distance or next meeting: a key per document, listings without one last (by docid).
  std::vector<std::pair<double, Xapian::docid>> keyed;
  full.for_each([&](Xapian::docid id) {
    double key = std::numeric_limits<double>::infinity();
    if (req.sort == SortOrder::kNext) {
      if (auto start = next.start_of(id)) key = static_cast<double>(*start);
    } else if (snap->has_coords(id) && place->near.contains(id)) {
      key = distance_km(place->used.place.lat, place->used.place.lon, snap->lat(id), snap->lon(id));
    }
    keyed.emplace_back(key, id);
  });
  size_t end = std::min(want, keyed.size());
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(end), keyed.end());
  for (size_t i = first; i < end; ++i) page.push_back(keyed[i].second);
  return page;
}

std::optional<std::vector<Xapian::docid>> Searcher::Impl::page_by_words_then_name(const DocSet& full,
                                                                                  const ParsedText& rank,
                                                                                  size_t first, size_t want) {
  auto ranking = snap->rank_cache().ranking(db, rank.query);
  if (!ranking) return std::nullopt;
  // Xapian orders AND_MAYBE(full, words) by weight, ties by name then docid; `full` adds
  // no weight, so each member's weight is its weight in the words' own ranking. Take the
  // members of the kept ranking down to the page's last weight, every tie included.
  std::vector<std::pair<double, Xapian::docid>> members;
  size_t i = 0;
  for (; i < ranking->ids.size(); ++i) {
    if (!full.contains(ranking->ids[i])) continue;
    if (members.size() >= want && ranking->weights[i] < members[want - 1].first) break;
    members.emplace_back(ranking->weights[i], ranking->ids[i]);
  }
  if (members.size() < want) return std::nullopt;  // the page runs into listings the words miss
  if (i == ranking->ids.size() && !ranking->complete && ranking->weights.back() >= members[want - 1].first) {
    return std::nullopt;  // ties of the page's last weight may lie beyond the kept depth
  }
  std::vector<std::tuple<double, std::string, Xapian::docid>> keyed;
  for (const auto& [weight, id] : members) keyed.emplace_back(weight, db.get_document(id).get_value(schema::kSlotName), id);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
    return std::get<2>(a) < std::get<2>(b);
  });
  std::vector<Xapian::docid> page;
  for (size_t k = first; k < want; ++k) page.push_back(std::get<2>(keyed[k]));
  return page;
}

std::vector<Xapian::docid> Searcher::Impl::best_of_set(const RankCache::Ranking& ranking, const ParsedText& text,
                                                       const DocSet& full, size_t want, SupportFirst* support_first) {
  const RankCache& cache = snap->rank_cache();
  // The text (its own ranking's key), the set and the order name the answer.
  std::string key = ranking.key + full.fingerprint();
  key += support_first ? 's' : 'r';
  auto best = cache.filtered(key);
  if (!best) {
    Xapian::Enquire enquire(db);
    rank_in_set(enquire, text.query, full, support_first);
    Xapian::MSet ranked = enquire.get_mset(0, static_cast<Xapian::doccount>(RankCache::kFilteredDepth));
    auto made = std::make_shared<RankCache::Ranking>();
    for (auto it = ranked.begin(); it != ranked.end(); ++it) made->ids.push_back(*it);
    made->complete = made->ids.size() < RankCache::kFilteredDepth;
    cache.keep_filtered(db, key, made);
    best = std::move(made);
  }
  return {best->ids.begin(), best->ids.begin() + static_cast<std::ptrdiff_t>(std::min(want, best->ids.size()))};
}

std::shared_ptr<const Searcher::Impl::Card> Searcher::Impl::card(Xapian::docid id, const std::string& lang) {
  std::string key(reinterpret_cast<const char*>(&id), sizeof id);
  key += lang;
  if (auto it = cards.find(key); it != cards.end()) return it->second;
  auto made = std::make_shared<Card>();
  Hit& hit = made->fields;
  rapidjson::Document data;
  Xapian::Document doc = db.get_document(id);
  parse_json(doc.get_data(), data);
  rapidjson::Value& l = data[schema::kDataListing];
  // Shown in the asked language where the listing has it (translation.h).
  hit.text_language = shown_text_language(l, lang);
  show_in_language(l, hit.text_language, data.GetAllocator());
  std::vector<CopySource> copies = decode_copies(doc.get_value(schema::kSlotCopies));
  if (copies.empty()) copies.push_back(copy_source(data));
  for (auto& c : copies) hit.sources.push_back({std::move(c.id), std::move(c.origin), std::move(c.name), std::move(c.url)});
  hit.id = str(l, "id");
  hit.name = str(l, "name");
  hit.kind = str(l, "kind");
  if (l.HasMember("organization")) hit.organization = str(l["organization"], "name");
  for (const auto& a : l["attendance"].GetArray()) hit.attendance.emplace_back(a.GetString());
  made->description = str(l, "description");
  hit.status = l.HasMember("status") ? str(l, "status") : "active";
  hit.last_verified = str(l, "last_verified");
  hit.topics = json::get_texts(l, "topics");
  hit.communities = json::get_texts(l, "communities");
  hit.languages = json::get_texts(l, "languages");
  hit.cost = str(l, "cost");
  hit.facilitation = str(l, "facilitation");
  hit.schedule_note = str(l, "schedule_note");
  hit.phone = str(member(l, "contact"), "phone");
  const rapidjson::Value& where = member(l, "location");
  hit.locality = str(where, "locality");
  hit.region = str(where, "region");
  hit.postal_code = str(where, "postal_code");
  hit.country = str(where, "country");
  if (const auto& r = member(l, "registration"); r.MemberCount() > 0) {
    hit.registration = Registration{str(r, "url"), str(r, "deadline"), str(r, "note")};
  }
  for (const Meeting& m : snap->meetings(id)) {  // none without a schedule
    for (const Occurrence& o : dated_sessions(m)) {
      hit.sessions.push_back({o.start_local, o.timezone});
      hit.session_ends.push_back(o.end_local);
    }
    if (!m.until.empty() && m.until > hit.until) hit.until = m.until;
  }
  // A database a commit ahead of the snapshot (refresh()) answers this request only.
  if (db.get_revision() != snap->revision()) return made;
  if (cards.size() >= kMaxCards) cards.clear();
  return cards.emplace(std::move(key), std::move(made)).first->second;
}

Hit Searcher::Impl::make_hit(Xapian::docid id, const SearchRequest& req, const std::optional<PlaceFilter>& place,
                             NextMeetings& next, const Xapian::MSet* mset) {
  std::shared_ptr<const Card> c = card(id, req.lang);
  Hit hit = c->fields;
  const std::string& description = c->description;
  if (mset) {
    hit.snippet = make_snippet(*mset, description);
  } else {
    hit.snippet = description.size() <= 200 ? description : description.substr(0, description.rfind(' ', 200)) + "…";
  }
  hit.stale = is_stale(hit.last_verified, req.now);
  if (place) {
    if (snap->has_coords(id)) {
      hit.distance_km = distance_km(place->used.place.lat, place->used.place.lon, snap->lat(id), snap->lon(id));
    }
    hit.serves_place = place->serving.contains(id) && !place->near.contains(id);
  }
  if (auto n = next.of(id)) hit.next_meeting = NextMeeting{n->start_local, n->timezone};
  if (mset) {
    for (auto it = mset->begin(); it != mset->end(); ++it) {
      if (*it == id) hit.score = it.get_weight();
    }
  }
  return hit;
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Expected<Searcher> Searcher::open(LiveIndex& index, const Vocabulary& vocabulary, const Gazetteer& gazetteer,
                                  const CrisisPhrases* crisis) {
  auto impl = std::unique_ptr<Impl>(new Impl(index, vocabulary, gazetteer, crisis));
  if (Status s = impl->refresh(); !s) return s.error();
  return Searcher(std::move(impl));
}

Expected<SearchResult> Searcher::search(const SearchRequest& request) {
  // A build may swap the index between our snapshot check and a read; Xapian then says
  // so, and a fresh attempt sees the new generation (a replica applying several
  // changesets in a row may need more than one).
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->run(request);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt > 2) return make_error(ErrorCode::kInternal, e.get_description());
      impl_->snap.reset();
    } catch (const Xapian::DatabaseError& e) {
      return make_error(ErrorCode::kInternal, "index: " + e.get_description());
    } catch (const Xapian::Error& e) {
      return make_error(ErrorCode::kInvalidArgument, "q: cannot be searched: " + e.get_msg());
    }
  }
}

Expected<std::string> Searcher::listing_json(const std::string& id) {
  for (int attempt = 0;; ++attempt) {
    try {
      if (Status s = impl_->refresh(); !s) return s.error();
      auto found = impl_->find_listing(id);
      if (!found) return make_error(ErrorCode::kNotFound, "no listing with id \"" + id + "\"");
      Xapian::Document doc = impl_->db.get_document(*found);
      rapidjson::Document data;
      if (Status s = parse_json(doc.get_data(), data); !s || !data.IsObject()) {
        return make_error(ErrorCode::kInternal, "stored listing " + id + " cannot be read");
      }
      std::vector<CopySource> copies = decode_copies(doc.get_value(schema::kSlotCopies));
      if (copies.empty()) copies.push_back(copy_source(data));
      rapidjson::Value list(rapidjson::kArrayType);
      auto& a = data.GetAllocator();
      for (const auto& c : copies) {
        rapidjson::Value item(rapidjson::kObjectType);
        item.AddMember("id", rapidjson::Value(c.id.c_str(), a), a);
        item.AddMember("origin", rapidjson::Value(c.origin.c_str(), a), a);
        item.AddMember("name", rapidjson::Value(c.name.c_str(), a), a);
        if (!c.url.empty()) item.AddMember("url", rapidjson::Value(c.url.c_str(), a), a);
        list.PushBack(item, a);
      }
      data.AddMember("copies", list, a);
      if (copy_source(data).id != id) data.AddMember("requested_id", rapidjson::Value(id.c_str(), a), a);
      return to_json(data);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt > 2) return make_error(ErrorCode::kInternal, e.get_description());
      impl_->snap.reset();  // as in search(): one fresh attempt on the new generation
    } catch (const Xapian::Error& e) {
      return make_error(ErrorCode::kInternal, "index: " + e.get_description());
    }
  }
}

uint64_t Searcher::listing_count() {
  if (!impl_->refresh()) return 0;
  return impl_->snap->findable().count();
}

}  // namespace kindred
