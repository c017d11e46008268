// @brief The search core's contract: a typed request in, a typed result out. No HTTP.
//
// Semantics (design.md): text with stemming, vocabulary synonyms and last-word prefix
// matching; facets OR within, AND across, "-value" excludes; counts exact and
// disjunctive (a facet's own selection does not narrow its own counts); `near` or
// lat/lon with a radius, plus online/phone listings whose service area covers the place;
// closed listings never found; sort by relevance, distance or next meeting.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/index/index_schema.h"
#include "core/listing/listing.h"
#include "core/listing/vocabulary.h"

namespace kindred {

struct FacetFilter {
  std::vector<std::string> include;  // OR within the facet
  std::vector<std::string> exclude;  // given as "-value"
};

enum class SortOrder { kRelevance, kDistance, kNext };

// Thousands of regions match a broad search at a million listings: listing them all made
// an answer 170 KB, most of a request's cost over HTTP and too much for a phone, and no
// person reads past the first hundred (a place typed narrows faster). Like Solr's
// facet.limit, the default is 100; a client that needs more asks (the bench's count
// check asks for all, to compare every count with PostgreSQL).
inline constexpr uint32_t kDefaultFacetValues = 100;
inline constexpr uint32_t kMaxFacetValues = 100000;

struct SearchRequest {
  std::string q;                       // free text; may be empty
  std::string near;                    // place text or postal code; empty = none
  std::string country;                 // ISO 3166-1 alpha-2: its places rank first for `near`
  std::optional<double> lat, lon;      // instead of near
  std::optional<double> radius_km;     // default kDefaultRadiusKm when a place is given
  std::map<std::string, FacetFilter> filters;  // key: a name from search_facet_names()
  SortOrder sort = SortOrder::kRelevance;
  uint32_t page = 1;                   // 1-based
  uint32_t per_page = 20;              // 1..kMaxPerPage
  // An open facet (region, language) lists at most this many values, the most frequent,
  // and every selected one besides: 1..kMaxFacetValues.
  uint32_t facet_values = kDefaultFacetValues;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  // Set by the server, never by a client: listings last verified before this date
  // (YYYY-MM-DD) are left out, until someone re-verifies them. Empty: none left out.
  std::string verified_since;
  // Read q as a sentence (understand.h): a place, days, times, attendance, language and
  // community in it become parameters, unless given explicitly.
  bool understand = true;
  // false ("spelling=as-typed"): q is searched as typed, with no correction applied or
  // suggested (the page's "search instead for ...").
  bool correct_spelling = true;
  // Match listings with any word of q, most words first. Set by the search itself for
  // the fallback that SearchResult::relaxed reports; callers leave it false.
  bool any_word = false;
  // The answer language (search_params.h parse_lang): facet labels and each hit's text
  // are in it where they exist, and q is stemmed for it as well as for English.
  std::string lang = "en";
};

inline constexpr double kDefaultRadiusKm = 50;
inline constexpr double kMaxRadiusKm = 1000;
inline constexpr uint32_t kMaxPerPage = 100;
// q may hold this many characters (Unicode code points) of any script; 180 Chinese
// characters are 540 bytes and fine.
inline constexpr size_t kMaxQueryChars = 500;

struct NextMeeting {
  std::string start;     // RFC 3339 with the meeting's own offset, "2026-11-24T18:30:00-08:00"
  std::string timezone;  // the meeting's IANA zone
};

// One copy of the meeting a hit stands for: the listing itself, and any feed copies of the
// same meeting hidden behind it (core/index/duplicate_index.h).
struct HitSource {
  std::string listing_id;  // "sanjose-1234"; the listing route answers for each of them
  std::string origin;      // "feed:sanjose", a data file, or "store"
  std::string name, url;   // the copy's first source: the feed's name and URL
};

struct Hit {
  std::string id, name, kind, organization, snippet;
  // The language of name, snippet and schedule_note: the request's lang when the listing
  // is in it or has a translation in it, else the listing's own text language.
  std::string text_language;
  std::vector<HitSource> sources;      // one entry, or one per copy of a duplicated meeting
  std::vector<std::string> attendance;
  std::optional<double> distance_km;   // when a place was given and the listing has one
  bool serves_place = false;           // included because its service area covers the place
  std::optional<NextMeeting> next_meeting;
  std::string status;                  // "active" | "paused"
  std::string last_verified;           // YYYY-MM-DD
  bool stale = false;                  // last verified more than 12 months before `now`
  bool general = false;                // in also_nearby: general support, not a match for q
  // What a result card shows, so a search is one request (the listing's own fields).
  std::vector<std::string> topics, communities, languages;
  std::string cost, facilitation, schedule_note, phone;  // phone: contact.phone, E.164
  std::string locality, region, postal_code, country;    // location, without the street
  double score = 0;
  // --- Courses and terms (issue 17) ---
  std::vector<NextMeeting> sessions;          // every dated session in order (start, zone)
  std::vector<std::string> session_ends;      // the end of each of `sessions`, RFC 3339
  std::string until;                          // the last day of a bounded series, if one is
  std::optional<Registration> registration;   // the listing's registration, when it has one
};

struct FacetValueCount {
  std::string value, label;
  uint64_t count = 0;
  bool selected = false;
};

struct FacetCounts {
  std::string name, label;
  std::vector<FacetValueCount> values;
  uint64_t more = 0;  // values that match something but were not listed (SearchRequest::facet_values)
};

struct PlaceUsed {
  Place place;           // how `near` (or lat/lon) was understood
  double radius_km = kDefaultRadiusKm;
  std::vector<Place> alternatives;  // other places the text could mean (place_choice.h)
};

// What was read from q as a sentence, when that changed anything.
struct UnderstoodQuery {
  std::string q;                      // the text searched
  std::optional<Place> near;          // the place taken from q (not from `near`)
  std::map<std::string, std::vector<std::string>> filters;  // facets taken from q
};

// q found nothing, and `to`, its spelling corrected (core/search/correction.h), found
// what the result holds.
struct Correction {
  std::string from, to;
};

struct SearchResult {
  uint64_t total = 0;
  std::vector<Hit> hits;
  std::vector<FacetCounts> facets;
  std::optional<PlaceUsed> place;
  std::optional<std::string> suggestion;  // a corrected query, when q looks misspelled
  std::optional<UnderstoodQuery> understood;
  // With a place, when fewer than kNearbyWanted in-person listings within the radius
  // match: general peer and mental-health support within it, nearest first (nearby.h).
  std::vector<Hit> also_nearby;
  std::optional<uint64_t> online_serving_place;  // with a place: matches included by service area
  std::optional<Correction> corrected;    // q found nothing; these are the results for `to`
  // q holds a crisis phrase (core/search/crisis.h). Support offerings then rank before
  // trainings and courses (kind peer-training, recovery-college).
  bool crisis = false;
  // No listing has every word of q (nor of its correction): these have some of them,
  // the most and rarest first. Only for two or more words, and never with spelling=as-typed.
  bool relaxed = false;
};

class LiveIndex;      // core/index/index_snapshot.h: the live generation and its shared snapshot
class CrisisPhrases;  // core/search/crisis.h

// Searches one index. Not thread-safe: use one Searcher per thread (Xapian handles are
// per thread). The live index, vocabulary and gazetteer are shared by all searchers and
// must outlive them. A Searcher switches to a newly published index on its next call.
class Searcher {
 public:
  // `crisis` (may be null: nothing is ever flagged) must outlive the Searcher too.
  static Expected<Searcher> open(LiveIndex& index, const Vocabulary& vocabulary,
                                 const Gazetteer& gazetteer, const CrisisPhrases* crisis = nullptr);
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  // kInvalidArgument (with the parameter named in the message) for a request that cannot
  // be answered: unknown facet or value, radius out of range, unknown place, bad query
  // syntax. Never throws.
  Expected<SearchResult> search(const SearchRequest& request);

  // The stored document JSON of one listing ({"listing":..., "computed":..., "source":...,
  // "copies": [{"id", "origin", "name", "url"}...]}); kNotFound if there is no such id or
  // the listing is closed. The id of a hidden copy of a duplicated meeting answers with the
  // listing shown for it, plus "requested_id": a saved link never goes dead.
  Expected<std::string> listing_json(const std::string& id);

  uint64_t listing_count();

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kindred
