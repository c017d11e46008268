// @brief Listing -> Xapian document: facet terms, weighted text, values, stored JSON.
#include "core/index/index_document.h"

#include <cctype>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <xapian/geospatial.h>

#include "core/base/text.h"
#include "core/base/text_fold.h"
#include "core/index/duplicate_match.h"
#include "core/index/index_schema.h"
#include "core/schedule/schedule.h"

namespace kindred {
namespace {

namespace sc = schema;

void add_terms(Xapian::Document& doc, std::string_view prefix, const std::vector<std::string>& values) {
  for (const auto& v : values) doc.add_boolean_term(sc::term(prefix, v));
}

// Facet terms that text queries reach through synonyms ("dermatillomania" -> XTbfrb)
// carry a wdf, so a listing *about* the topic outranks one that mentions it in passing.
void add_weighted_terms(Xapian::Document& doc, std::string_view prefix,
                        const std::vector<std::string>& values) {
  for (const auto& v : values) doc.add_term(sc::term(prefix, v), sc::kFacetLabelWeight);
}

void index_labels(Xapian::TermGenerator& tg, const Vocabulary& vocab, std::string_view facet,
                  const std::vector<std::string>& values) {
  for (const auto& v : values) {
    tg.index_text(vocab.label(facet, v), sc::kFacetLabelWeight);
    tg.increase_termpos();
  }
}

// A Snowball stemmer that remembers its answers. A build stems every word of every
// listing, and a directory's words repeat: most are a few thousand common ones. Looking
// a word up costs a fraction of stemming it again (issue 16: Snowball was about 7% of a
// build's CPU). The answer is the stemmer's own, so the index is the same either way.
class RememberingStem : public Xapian::StemImplementation {
 public:
  explicit RememberingStem(const std::string& algorithm) : stem_(algorithm) {}

  std::string operator()(const std::string& word) override {
    auto it = seen_.find(word);
    if (it != seen_.end()) return it->second;
    // Bounded: a directory with more distinct words than this starts afresh, so memory
    // stays within a few megabytes a language and thread whatever the directory holds.
    if (seen_.size() >= kMaxWords) seen_.clear();
    return seen_.emplace(word, stem_(word)).first->second;
  }

  std::string get_description() const override { return stem_.get_description(); }

 private:
  static constexpr size_t kMaxWords = 50000;
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> seen_;
};

// One stemmer per language and thread: Xapian::Stem is not safe to share between threads
// (and the remembered words are the thread's own).
const Xapian::Stem& stemmer_for(const std::string& language) {
  thread_local std::map<std::string, Xapian::Stem> stems;
  auto it = stems.find(language);
  if (it == stems.end()) {
    std::string name = stemmer_name(language);
    it = stems.emplace(language, Xapian::Stem(new RememberingStem(name.empty() ? "english" : name))).first;
  }
  return it->second;
}

// Indexes the text fields of one language: folded (accents off, so "depresion" finds
// "depresión"), stemmed for `language`; text in another language than English is also
// indexed with English stems (no positions), so a query stemmed only in English (a page
// in English, lang=en) still reaches it.
class LanguageIndexer {
 public:
  LanguageIndexer(Xapian::TermGenerator& tg, std::string language) : tg_(tg), language_(std::move(language)) {}

  // Prefixed text (a name's "S" terms) is only ever matched word by word, never as a phrase:
  // no positions, which a build spends most of its time writing.
  void text(const std::string& text, unsigned weight, const std::string& prefix = "") {
    if (text.empty()) return;
    std::string folded = fold_accents(text);
    tg_.set_stemmer(stemmer_for(language_));
    if (prefix.empty()) {
      tg_.index_text(folded, weight);
    } else {
      tg_.index_text_without_positions(folded, weight, prefix);
    }
    if (language_ != "en") {
      tg_.set_stemmer(stemmer_for("en"));
      tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
      tg_.index_text_without_positions(folded, weight, prefix);
      tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    }
    tg_.set_stemmer(stemmer_for("en"));
  }

 private:
  Xapian::TermGenerator& tg_;
  std::string language_;
};

std::string stored_data(const LoadedListing& loaded, const ComputedFields& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key(sc::kDataListing);
  const std::string& json = loaded.source.json;
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  w.Key(sc::kDataComputed);
  w.StartObject();
  if (c.lat && c.lon) {
    w.Key("lat");
    w.Double(*c.lat);
    w.Key("lon");
    w.Double(*c.lon);
  }
  if (!c.geocoded_from.empty()) {
    w.Key("geocoded_from");
    w.String(c.geocoded_from.c_str());
  }
  if (!c.place_timezone.empty()) {
    w.Key("place_timezone");
    w.String(c.place_timezone.c_str());
  }
  w.EndObject();
  w.Key(sc::kDataSource);
  w.StartObject();
  w.Key("file");
  w.String(loaded.source.file.c_str());
  w.Key("path");
  w.String(loaded.source.path.c_str());
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

}  // namespace

std::string encode_meetings(const std::vector<Meeting>& meetings) {
  std::string out;
  for (const auto& m : meetings) {
    for (size_t i = 0; i < m.days.size(); ++i) out += (i ? " " : "") + m.days[i];
    out += "|" + std::to_string(m.start_minute) + "|" + std::to_string(m.end_minute.value_or(-1)) + "|" +
           m.timezone + "|" + m.frequency + "|" + std::to_string(m.week_of_month) + "|" + m.anchor_date + "|";
    for (size_t i = 0; i < m.dates.size(); ++i) out += (i ? " " : "") + m.dates[i];
    out += "|" + m.from + "|" + m.until + "\n";
  }
  return out;
}

std::vector<Meeting> decode_meetings(const std::string& text) {
  std::vector<Meeting> out;
  for (const auto& line : split(text, '\n')) {
    auto f = split(line, '|');
    if (f.size() != 7 && f.size() != 10) continue;  // 7: written before courses (issue 17)
    Meeting m;
    m.days = split(f[0], ' ');
    m.start_minute = std::atoi(f[1].c_str());
    if (int end = std::atoi(f[2].c_str()); end >= 0) m.end_minute = end;
    m.timezone = f[3];
    m.frequency = f[4];
    m.week_of_month = std::atoi(f[5].c_str());
    m.anchor_date = f[6];
    if (f.size() == 10) {
      if (!f[7].empty()) m.dates = split(f[7], ' ');
      m.from = f[8];
      m.until = f[9];
    }
    if (m.days.size() == 1 && m.days[0].empty()) m.days.clear();  // a dated entry
    out.push_back(std::move(m));
  }
  return out;
}

std::string time_of_day(int start_minute, const Vocabulary& vocabulary) {
  const Facet* facet = vocabulary.facet("time_of_day");
  if (!facet) return "";
  for (const auto& v : facet->values) {
    int from = parse_hhmm(v.from), to = parse_hhmm(v.to);
    if (from < 0 || to < 0) continue;
    bool inside = from < to ? (start_minute >= from && start_minute < to)
                            : (start_minute >= from || start_minute < to);  // wraps midnight
    if (inside) return v.value;
  }
  return "";
}

ComputedFields compute_fields(const Listing& listing, const Gazetteer& gazetteer) {
  ComputedFields c;
  if (!listing.location) return c;
  const Location& loc = *listing.location;
  if (loc.lat && loc.lon) {
    c.lat = loc.lat;
    c.lon = loc.lon;
    c.geocoded_from = "listing";
    return c;
  }
  auto place = gazetteer.locate(loc.postal_code, loc.locality, loc.region, loc.country);
  if (!place) return c;
  c.lat = place->lat;
  c.lon = place->lon;
  c.geocoded_from = place->postal_code.empty() ? "locality" : "postal_code";
  c.place_timezone = place->timezone;
  return c;
}

Xapian::Document make_document(const LoadedListing& loaded, const ComputedFields& computed,
                               const Vocabulary& vocab, Xapian::TermGenerator& tg) {
  const Listing& l = loaded.listing;
  Xapian::Document doc;
  tg.set_document(doc);
  tg.set_stemmer(stemmer_for("en"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

  LanguageIndexer own(tg, own_text_language(l.languages));
  own.text(l.name, sc::kNameWeight);
  own.text(l.name, 1, std::string(sc::kNamePrefix));
  tg.increase_termpos();
  std::string organization = fold_accents(l.organization_name);
  tg.index_text(organization, sc::kFacetLabelWeight);
  // Nothing searches the "XO" words as a phrase (the query parser has no such prefix): no positions.
  tg.index_text_without_positions(organization, 1, std::string(sc::kOrganizationPrefix));
  doc.add_boolean_term(sc::organization_term(l.organization_name));
  tg.increase_termpos();
  tg.index_text(vocab.label("kind", l.kind), sc::kFacetLabelWeight);
  tg.increase_termpos();
  index_labels(tg, vocab, "topic", l.topics);
  index_labels(tg, vocab, "community", l.communities);
  for (const std::string* text : {&l.description, &l.eligibility, &l.schedule_note}) {
    own.text(*text, sc::kBodyWeight);
    tg.increase_termpos();
  }
  if (l.location) {
    tg.index_text(fold_accents(l.location->locality), sc::kBodyWeight);
    tg.increase_termpos();
  }
  // Each translation is searchable in its own language, with the same weights.
  for (const auto& translation : l.translations) {
    // Not a structured binding: C++17 lambdas cannot capture those (clang refuses).
    const auto& fields = translation.second;
    LanguageIndexer other(tg, translation.first);
    auto field = [&](const char* name) {
      auto it = fields.find(name);
      return it == fields.end() ? std::string() : it->second;
    };
    other.text(field("name"), sc::kNameWeight);
    other.text(field("name"), 1, std::string(sc::kNamePrefix));
    tg.increase_termpos();
    for (const char* name : {"description", "eligibility", "schedule_note"}) {
      other.text(field(name), sc::kBodyWeight);
      tg.increase_termpos();
    }
  }

  doc.add_boolean_term(sc::term(sc::kIdPrefix, l.id));
  add_weighted_terms(doc, sc::kKindPrefix, {l.kind});
  add_weighted_terms(doc, sc::kTopicPrefix, l.topics);
  add_weighted_terms(doc, sc::kCommunityPrefix, l.communities);
  add_weighted_terms(doc, sc::kAttendancePrefix, l.attendance);
  add_weighted_terms(doc, sc::kAccessibilityPrefix, l.accessibility);
  add_terms(doc, sc::kServiceAreaPrefix, l.service_area);
  for (const auto& area : l.service_area) {
    // The region facet covers listings that serve a region as well as those in it.
    if (area.find('-') != std::string::npos) doc.add_boolean_term(sc::term(sc::kRegionPrefix, area));
  }
  for (const auto& tag : l.languages) {
    doc.add_term(sc::term(sc::kLanguagePrefix, tag), sc::kFacetLabelWeight);
    doc.add_boolean_term(sc::term(sc::kLanguagePrefix, tag.substr(0, tag.find('-'))));
  }
  add_weighted_terms(doc, sc::kCostPrefix, {l.cost});
  add_weighted_terms(doc, sc::kFacilitationPrefix, {l.facilitation});
  doc.add_boolean_term(sc::term(sc::kStatusPrefix, l.status));
  if (l.location) {
    doc.add_boolean_term(sc::term(sc::kRegionPrefix, l.location->region));
    doc.add_boolean_term(sc::term(sc::kCountryPrefix, l.location->country));
  }
  for (const auto& m : l.schedule) {
    add_terms(doc, sc::kDayPrefix, session_weekdays(m));  // a course's dates count too
    std::string tod = time_of_day(m.start_minute, vocab);
    if (!tod.empty()) doc.add_boolean_term(sc::term(sc::kTimeOfDayPrefix, tod));
  }

  if (computed.lat && computed.lon) {
    doc.add_boolean_term(std::string(sc::kHasLocationTerm));
    Xapian::LatLongCoords coords;
    coords.append(Xapian::LatLongCoord(*computed.lat, *computed.lon));
    doc.add_value(sc::kSlotCoords, coords.serialise());
    // Only a placed listing with meetings can be a copy of another (duplicate_match.h).
    std::string key = meeting_name_key(l.name);
    if (!key.empty() && !l.schedule.empty()) {
      doc.add_boolean_term(std::string(sc::kNameKeyPrefix) + utf8_prefix(key, sc::kMaxExactBytes));
    }
  }
  std::string verified = l.last_verified;
  verified.erase(std::remove(verified.begin(), verified.end(), '-'), verified.end());
  doc.add_value(sc::kSlotLastVerified, verified);
  doc.add_value(sc::kSlotName, sc::term("", l.name));
  doc.add_value(sc::kSlotStatus, l.status);
  if (!l.schedule.empty()) doc.add_value(sc::kSlotSchedule, encode_meetings(l.schedule));
  doc.set_data(stored_data(loaded, computed));
  return doc;
}

void collect_spelling_words(const std::string& text, std::unordered_set<std::string>& seen,
                            std::vector<std::string>& out) {
  std::string word;
  bool letters_only = true;
  auto flush = [&] {
    if (word.size() >= 4 && letters_only && seen.insert(word).second) out.push_back(word);
    word.clear();
    letters_only = true;
  };
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      if (std::isdigit(c)) letters_only = false;
      word += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
}

void add_spelling_words(Xapian::WritableDatabase& db, const std::string& text,
                        std::unordered_set<std::string>& seen) {
  std::vector<std::string> words;
  collect_spelling_words(text, seen, words);
  for (const auto& w : words) db.add_spelling(w);
}


}  // namespace kindred
