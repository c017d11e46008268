// @brief Schema and load of the PostgreSQL peer (see pg_peer_load.h).
#include "bench/pg_peer_load.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <xapian.h>

#include "bench/pg_peer_server.h"
#include "core/index/index_document.h"
#include "core/listing/listing_source.h"
#include "core/listing/validate.h"

namespace kindred::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

const char* const kSchema = R"SQL(
CREATE EXTENSION cube;
CREATE EXTENSION earthdistance;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION fuzzystrmatch;
-- Kindred measures great circles on the mean Earth radius; earthdistance's default is
-- 6378.168 km, which moves a 100 km radius by 112 m. Its docs say to redefine earth().
CREATE OR REPLACE FUNCTION earth() RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS 'SELECT 6371008.8::float8';

-- Snowball English without a stop list (Xapian indexes every word and drops stop words
-- only from queries), and hyphenated words as their parts only, as Xapian splits them.
CREATE TEXT SEARCH DICTIONARY kindred_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION kindred (COPY = english);
ALTER TEXT SEARCH CONFIGURATION kindred
  ALTER MAPPING FOR asciiword, word, numword, hword_asciipart, hword_part, hword_numpart WITH kindred_stem;
ALTER TEXT SEARCH CONFIGURATION kindred DROP MAPPING FOR asciihword, hword, numhword;
-- The same words unstemmed, for the spelling dictionary.
CREATE TEXT SEARCH CONFIGURATION kindred_words (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION kindred_words DROP MAPPING FOR asciihword, hword, numhword;

-- The next start of one meeting day strictly after `after`, from its local wall-clock
-- time in its IANA zone (AT TIME ZONE, so daylight saving is right): weekly = every such
-- weekday; biweekly = weeks (Monday-Sunday) an even number of weeks from anchor's week,
-- never before anchor; monthly = the n-th (0 -> 1st; -1 = last) such weekday of a month,
-- over this month and the next 13. The rules of core/schedule/schedule.h, except at DST edges:
-- PostgreSQL reads a time in a spring-forward gap with the offset before the gap (02:30
-- -> 03:30, Kindred says 03:00) and an ambiguous fall-back time as the later instant
-- (Kindred: the earlier).
CREATE FUNCTION meeting_next(dow int, start_min int, tz text, freq text, wom int, anchor date,
                             after timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT min(t) FROM (
    SELECT (d + make_interval(mins => start_min)) AT TIME ZONE tz AS t FROM (
      -- weekly, biweekly: the next four such weekdays from yesterday (local), or from anchor
      SELECT d FROM (
        SELECT day0 + (dow - extract(dow FROM day0)::int + 7) % 7 + 7 * k AS d
        FROM (SELECT CASE WHEN freq = 'biweekly' THEN greatest(anchor, (after AT TIME ZONE tz)::date - 1)
                          ELSE (after AT TIME ZONE tz)::date - 1 END AS day0) s,
             generate_series(0, 3) k) w
      WHERE freq = 'weekly'
         OR (freq = 'biweekly' AND (d - (anchor - extract(isodow FROM anchor)::int + 1)) / 7 % 2 = 0)
      UNION ALL
      -- monthly: the n-th (or last) such weekday of this month and the next 13
      SELECT d FROM (
        SELECT ms, CASE WHEN wom = -1
                     THEN (ms + interval '1 month')::date - 1
                          - (extract(dow FROM (ms + interval '1 month')::date - 1)::int - dow + 7) % 7
                     ELSE ms + (dow - extract(dow FROM ms)::int + 7) % 7 + 7 * (greatest(wom, 1) - 1) END AS d
        FROM (SELECT (date_trunc('month', after AT TIME ZONE tz) + make_interval(months => k))::date AS ms
              FROM generate_series(0, 13) k) months) m
      WHERE freq = 'monthly' AND date_trunc('month', d::timestamp)::date = ms
    ) days
  ) occurrences
  WHERE t > after
$$;

CREATE TABLE listings (
  id integer PRIMARY KEY,          -- load order, as Kindred's docids
  listing_id text NOT NULL,
  sort_name text NOT NULL,         -- ASCII-lower-cased name: Kindred's browsing order
  kind text NOT NULL, cost text NOT NULL, facilitation text NOT NULL, status text NOT NULL,
  topics text[] NOT NULL, communities text[] NOT NULL, attendance text[] NOT NULL,
  accessibility text[] NOT NULL, languages text[] NOT NULL, regions text[] NOT NULL,
  service_area text[] NOT NULL, days text[] NOT NULL, times_of_day text[] NOT NULL,
  lat float8, lon float8,
  labels text NOT NULL,            -- kind, topic and community labels from the vocabulary
  doc jsonb NOT NULL,              -- the listing as given (Kindred stores it too)
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('kindred', coalesce(doc->>'name', '')), 'A') ||
    setweight(to_tsvector('kindred', coalesce(doc->'organization'->>'name', '') || ' ' || labels), 'B') ||
    setweight(to_tsvector('kindred', coalesce(doc->>'description', '') || ' ' || coalesce(doc->>'eligibility', '')
              || ' ' || coalesce(doc->>'schedule_note', '') || ' ' || coalesce(doc->'location'->>'locality', '')), 'C')
  ) STORED
);
CREATE TABLE meetings (
  listing integer NOT NULL, dow smallint NOT NULL, start_min smallint NOT NULL, tz text NOT NULL,
  freq text NOT NULL, wom smallint NOT NULL, anchor date
);
)SQL";

const char* const kIndexes = R"SQL(
CREATE INDEX listings_tsv ON listings USING gin (tsv);
CREATE INDEX listings_earth ON listings USING gist (ll_to_earth(lat, lon));
CREATE INDEX listings_topics ON listings USING gin (topics);
CREATE INDEX listings_communities ON listings USING gin (communities);
CREATE INDEX listings_attendance ON listings USING gin (attendance);
CREATE INDEX listings_accessibility ON listings USING gin (accessibility);
CREATE INDEX listings_languages ON listings USING gin (languages);
CREATE INDEX listings_regions ON listings USING gin (regions);
CREATE INDEX listings_service_area ON listings USING gin (service_area);
CREATE INDEX listings_days ON listings USING gin (days);
CREATE INDEX listings_times_of_day ON listings USING gin (times_of_day);
CREATE INDEX listings_kind ON listings (kind);
CREATE INDEX listings_cost ON listings (cost);
CREATE INDEX listings_facilitation ON listings (facilitation);
CREATE INDEX listings_sort_name ON listings (sort_name);
CREATE UNIQUE INDEX listings_listing_id ON listings (listing_id);
CREATE INDEX meetings_listing ON meetings (listing);
-- The spelling dictionary, as Kindred's (core/index/index_build.cpp): the words of names and
-- organisation names, letters only, 4+ bytes; the vocabulary's words are added next.
CREATE TABLE words AS
  SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('kindred_words', coalesce(doc->>'name', '') || ' ' ||
      coalesce(doc->'organization'->>'name', '')) FROM listings$$)
  WHERE octet_length(word) >= 4 AND word !~ '[0-9]';
ALTER TABLE words ADD PRIMARY KEY (word);
CREATE INDEX words_trgm ON words USING gin (word gin_trgm_ops);
)SQL";

// COPY text format: backslash escapes for the four characters that would break a row.
void put_text(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

void put_array(std::string& out, const std::vector<std::string>& values) {
  std::string a = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    a += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') a += '\\';
      a += c;
    }
    a += '"';
  }
  put_text(out, a + "}");
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

void add_unique(std::vector<std::string>& to, const std::string& v) {
  if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}

std::vector<std::string> lowered(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) add_unique(out, lower(v));
  return out;
}

// Coordinates exactly as Kindred's snapshot reads them back: Xapian's geo encoding, then
// a float, longitudes in -180..180 (core/index/index_snapshot.cpp).
std::pair<double, double> as_kindred_stores(double lat, double lon) {
  Xapian::LatLongCoords coords;
  coords.append(Xapian::LatLongCoord(lat, lon));
  Xapian::LatLongCoords back;
  back.unserialise(coords.serialise());
  const Xapian::LatLongCoord& c = *back.begin();
  double lon_back = c.longitude > 180 ? c.longitude - 360 : c.longitude;
  return {static_cast<double>(static_cast<float>(c.latitude)), static_cast<double>(static_cast<float>(lon_back))};
}

class CopyWriter {
 public:
  CopyWriter(PGconn* conn, const std::string& sql) : conn_(conn) {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) error_ = PQresultErrorMessage(r);
    PQclear(r);
  }
  std::string& row() { return buf_; }  // append one row ending in '\n', then call sent()
  void sent() {
    if (buf_.size() > (1 << 20)) flush();
  }
  Status finish() {
    flush();
    if (error_.empty() && PQputCopyEnd(conn_, nullptr) != 1) error_ = PQerrorMessage(conn_);
    for (PGresult* r; (r = PQgetResult(conn_)) != nullptr; PQclear(r)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && error_.empty()) error_ = PQresultErrorMessage(r);
    }
    if (!error_.empty()) return make_error(ErrorCode::kInternal, "COPY: " + error_);
    return Ok{};
  }

 private:
  void flush() {
    if (error_.empty() && !buf_.empty() && PQputCopyData(conn_, buf_.data(), static_cast<int>(buf_.size())) != 1) {
      error_ = PQerrorMessage(conn_);
    }
    buf_.clear();
  }
  PGconn* conn_;
  std::string buf_, error_;
};

void put_listing_row(std::string& r, uint64_t id, const LoadedListing& item, const Vocabulary& vocab,
                     const Gazetteer& gazetteer) {
  const Listing& l = item.listing;
  std::vector<std::string> languages, regions, days, times;
  for (const auto& tag : l.languages) {
    add_unique(languages, lower(tag));
    add_unique(languages, lower(tag.substr(0, tag.find('-'))));
  }
  if (l.location) regions.push_back(lower(l.location->region));
  for (const auto& area : l.service_area) {
    if (area.find('-') != std::string::npos) add_unique(regions, lower(area));
  }
  for (const auto& m : l.schedule) {
    for (const auto& d : m.days) add_unique(days, lower(d));
    std::string tod = time_of_day(m.start_minute, vocab);
    if (!tod.empty()) add_unique(times, tod);
  }
  std::string labels = vocab.label("kind", l.kind);
  for (const auto& t : l.topics) labels += " " + vocab.label("topic", t);
  for (const auto& c : l.communities) labels += " " + vocab.label("community", c);

  r += std::to_string(id) + '\t';
  for (const std::string* s : {&l.id, &l.name}) {
    put_text(r, s == &l.name ? lower(*s) : *s);
    r += '\t';
  }
  for (const std::string& s : {lower(l.kind), lower(l.cost), lower(l.facilitation), l.status}) {
    put_text(r, s);
    r += '\t';
  }
  for (const auto& a : {lowered(l.topics), lowered(l.communities), lowered(l.attendance), lowered(l.accessibility),
                        languages, regions, lowered(l.service_area), days, times}) {
    put_array(r, a);
    r += '\t';
  }
  ComputedFields computed = compute_fields(l, gazetteer);
  if (computed.lat && computed.lon) {
    auto [lat, lon] = as_kindred_stores(*computed.lat, *computed.lon);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g\t%.17g\t", lat, lon);
    r += buf;
  } else {
    r += "\\N\t\\N\t";
  }
  put_text(r, labels);
  r += '\t';
  put_text(r, item.source.json);
  r += '\n';
}

int weekday_number(const std::string& day) {  // PostgreSQL's extract(dow): 0 = Sunday
  static const char* const kDays[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  for (int i = 0; i < 7; ++i) {
    if (day == kDays[i]) return i;
  }
  return -1;
}

void put_meeting_rows(std::string& r, uint64_t id, const Listing& l) {
  for (const auto& m : l.schedule) {
    for (const auto& day : m.days) {
      int dow = weekday_number(day);
      if (dow < 0) continue;  // Kindred finds no next meeting for it either
      r += std::to_string(id) + '\t' + std::to_string(dow) + '\t' + std::to_string(m.start_minute) + '\t';
      put_text(r, m.timezone);
      r += '\t' + (m.frequency.empty() ? std::string("weekly") : m.frequency) + '\t' +
           std::to_string(m.week_of_month) + '\t' + (m.anchor_date.empty() ? "\\N" : m.anchor_date) + '\n';
    }
  }
}

// The vocabulary's words join the spelling dictionary as core/index/index_build.cpp adds them:
// hyphens read as spaces; a one-word phrase as it is, longer phrases' words of 4+ bytes.
std::string vocabulary_words_sql(const Vocabulary& vocabulary) {
  std::vector<std::string> words;
  auto add = [&](std::string phrase) {
    phrase = lower(phrase);
    std::replace(phrase.begin(), phrase.end(), '-', ' ');
    bool one = phrase.find(' ') == std::string::npos;
    size_t start = 0;
    while (start < phrase.size()) {
      size_t end = std::min(phrase.find(' ', start), phrase.size());
      if (end > start && (one || end - start > 3)) words.push_back(phrase.substr(start, end - start));
      start = end + 1;
    }
  };
  for (const auto& facet : vocabulary.facets()) {
    if (facet.computed) continue;
    for (const auto& v : facet.values) {
      add(v.value);
      add(v.label);
      for (const auto& phrase : v.synonyms) add(phrase);
    }
  }
  std::string sql = "INSERT INTO words SELECT DISTINCT w, 0 FROM unnest(ARRAY[''";
  for (const auto& w : words) sql += "," + sql_literal(w);
  return sql + "]) w WHERE w <> '' ON CONFLICT DO NOTHING";
}

}  // namespace

Expected<PgLoadReport> pg_load(PGconn* conn, const std::string& listings_file, const SchemaChecker& schema,
                               const Vocabulary& vocabulary, const Gazetteer& gazetteer) {
  PgLoadReport report;
  const auto start = Clock::now();
  ListingValidator validator(schema, gazetteer);
  LoadResult loaded = load_listings({listings_file}, validator);
  if (loaded.accepted.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      loaded.problems.empty() ? listings_file + ": no listings" : format_problem(loaded.problems.front()));
  }
  report.rows = loaded.accepted.size();
  report.rejected = loaded.rejected.size();
  report.validate_seconds = seconds_since(start);

  const auto copy_start = Clock::now();
  if (Status s = pg_exec(conn, "SET synchronous_commit = off; BEGIN;" + std::string(kSchema)); !s) return s.error();
  {
    CopyWriter copy(conn, "COPY listings (id, listing_id, sort_name, kind, cost, facilitation, status, topics, "
                          "communities, attendance, accessibility, languages, regions, service_area, days, "
                          "times_of_day, lat, lon, labels, doc) FROM STDIN");
    for (size_t i = 0; i < loaded.accepted.size(); ++i) {
      put_listing_row(copy.row(), i + 1, loaded.accepted[i], vocabulary, gazetteer);
      copy.sent();
    }
    if (Status s = copy.finish(); !s) return s.error();
  }
  {
    CopyWriter copy(conn, "COPY meetings FROM STDIN");
    for (size_t i = 0; i < loaded.accepted.size(); ++i) {
      put_meeting_rows(copy.row(), i + 1, loaded.accepted[i].listing);
      copy.sent();
    }
    if (Status s = copy.finish(); !s) return s.error();
  }
  if (Status s = pg_exec(conn, "COMMIT"); !s) return s.error();
  report.copy_seconds = seconds_since(copy_start);

  const auto index_start = Clock::now();
  if (Status s = pg_exec(conn, kIndexes); !s) return s.error();
  if (Status s = pg_exec(conn, vocabulary_words_sql(vocabulary)); !s) return s.error();
  for (const char* sql : {"VACUUM ANALYZE listings", "VACUUM ANALYZE meetings", "VACUUM ANALYZE words"}) {
    if (Status s = pg_exec(conn, sql); !s) return s.error();
  }
  report.index_seconds = seconds_since(index_start);
  report.total_seconds = seconds_since(start);

  // Sizes: the listings table (heap and TOAST: the stored JSON, the tsvector, the arrays),
  // its indexes, and the two side tables with theirs.
  const std::pair<const char*, const char*> kParts[] = {
      {"listings_table", "pg_table_size('listings')"},
      {"listings_indexes", "pg_indexes_size('listings')"},
      {"meetings", "pg_total_relation_size('meetings')"},
      {"words", "pg_total_relation_size('words')"},
      {"database", "pg_database_size(current_database())"}};
  for (const auto& [name, expr] : kParts) {
    auto bytes = pg_value(conn, std::string("SELECT ") + expr);
    if (!bytes) return bytes.error();
    uint64_t n = std::stoull(*bytes);
    if (std::string(name) == "database") {
      report.database_bytes = n;
    } else {
      report.size_parts.emplace_back(name, n);
      report.size_bytes += n;
    }
  }
  return report;
}

}  // namespace kindred::bench
