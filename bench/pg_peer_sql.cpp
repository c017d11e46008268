// @brief A SearchRequest as one PostgreSQL statement, and its answer (see pg_peer_sql.h).
#include "bench/pg_peer_sql.h"

#include <chrono>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "bench/pg_peer_server.h"
#include "core/search/search_filters.h"

namespace kindred::bench {
namespace {

struct Column {
  const char* facet;
  const char* column;
  bool single;  // one value per listing (a text column), else a text[] column
};

// Search facets in search_facet_names() order, then accessibility (reached by synonyms only).
constexpr Column kColumns[] = {
    {"kind", "kind", true},          {"topic", "topics", false},    {"community", "communities", false},
    {"attendance", "attendance", false}, {"language", "languages", false}, {"cost", "cost", true},
    {"facilitation", "facilitation", true}, {"region", "regions", false}, {"day", "days", false},
    {"time_of_day", "times_of_day", false}, {"accessibility", "accessibility", false}};

const Column* column_of(const std::string& facet) {
  for (const auto& c : kColumns) {
    if (facet == c.facet) return &c;
  }
  return nullptr;
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "ARRAY[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + sql_literal(values[i]);
  return out + "]::text[]";
}

// The listing has any of `values` in this facet (GIN `&&` on arrays).
std::string has_any(const Column& c, const std::vector<std::string>& values) {
  if (c.single) return std::string(c.column) + " = ANY(" + text_array(values) + ")";
  return std::string(c.column) + " && " + text_array(values);
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string timestamp_literal(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "'%Y-%m-%d %H:%M:%S+00'::timestamptz", &tm);
  return buf;
}

// The place as Kindred's place_filter() understands it: the point, the radius, and the
// nearest named place's country and region for service areas.
Expected<PlaceUsed> resolve_place(const SearchRequest& req, const Gazetteer& gazetteer) {
  PlaceUsed used;
  used.radius_km = req.radius_km.value_or(kDefaultRadiusKm);
  if (!(used.radius_km > 0 && used.radius_km <= kMaxRadiusKm)) {
    return make_error(ErrorCode::kInvalidArgument, "radius_km: out of range");
  }
  if (req.lat && req.lon) {
    used.place = gazetteer.nearest(*req.lat, *req.lon).value_or(Place{});
    used.place.lat = *req.lat;
    used.place.lon = *req.lon;
    return used;
  }
  auto found = gazetteer.lookup(req.near, 1);
  if (found.empty()) return make_error(ErrorCode::kInvalidArgument, "near: no place found for \"" + req.near + "\"");
  used.place = found.front();
  return used;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}


struct Selection {
  std::string facet, condition;  // condition: true when the listing passes this facet's filter
};

// Each filtered facet: (any included value) AND NOT (any excluded value), values checked
// and normalised as Kindred does.
Expected<std::vector<Selection>> selections_of(const SearchRequest& req, const Vocabulary& vocabulary,
                                               const Gazetteer& gazetteer) {
  std::vector<Selection> out;
  for (const auto& [facet, filter] : req.filters) {
    const Column* c = column_of(facet);
    if (!c || facet == "accessibility") return make_error(ErrorCode::kInvalidArgument, facet + ": not a facet");
    if (filter.include.empty() && filter.exclude.empty()) continue;
    std::vector<std::string> inc, exc;
    for (bool including : {true, false}) {
      for (const auto& v : including ? filter.include : filter.exclude) {
        auto stored = normalise_facet_value(facet, v, vocabulary, gazetteer);
        if (!stored) return stored.error();
        (including ? inc : exc).push_back(*stored);
      }
    }
    std::string cond = inc.empty() ? "" : has_any(*c, inc);
    if (!exc.empty()) cond += (cond.empty() ? "NOT (" : " AND NOT (") + has_any(*c, exc) + ")";
    out.push_back({facet, cond});
  }
  return out;
}

// The synonyms' facet values as alternatives: "topics && ARRAY['self-harm']", one per facet.
std::vector<std::string> synonym_conditions(const TextGroup& group) {
  std::map<std::string, std::vector<std::string>> by_facet;
  for (const auto& [facet, value] : group.synonyms) by_facet[facet].push_back(value);
  std::vector<std::string> out;
  for (const auto& [facet, values] : by_facet) out.push_back(has_any(*column_of(facet), values));
  return out;
}

struct TextSql {
  std::string where;  // " AND (group) AND (group)..."; empty without text
  std::string rank;   // the ranking expression
  std::string query;  // every group's words ANDed, as a tsquery expression
};

TextSql text_sql(const ParsedWords& words) {
  TextSql out;
  std::string all_words, bonus;
  for (size_t g = 0; g < words.groups.size(); ++g) {
    const TextGroup& group = words.groups[g];
    std::string tsq = tsquery_text(group, words.prefix_last && g + 1 == words.groups.size());
    std::vector<std::string> alternatives;
    if (!tsq.empty()) {
      alternatives.push_back("tsv @@ to_tsquery('kindred', " + sql_literal(tsq) + ")");
      all_words += (all_words.empty() ? "" : " & ") + tsq;
    }
    for (const auto& cond : synonym_conditions(group)) {
      alternatives.push_back(cond);
      // Listings reached through a synonym (a topic, say) rank above passing mentions,
      // as Kindred gives facet terms weight: a small bonus per group.
      bonus += " + (" + cond + ")::int * 0.1";
    }
    std::string cond;
    for (const auto& a : alternatives) cond += (cond.empty() ? "" : " OR ") + a;
    out.where += " AND (" + cond + ")";
  }
  // An empty to_tsquery() would make the server send a NOTICE with every row.
  out.query = all_words.empty() ? "''::tsquery" : "to_tsquery('kindred', " + sql_literal(all_words) + ")";
  out.rank = "ts_rank_cd(tsv, " + out.query + ")" + bonus;
  return out;
}

struct PlaceSql {
  std::string point, radius_m;  // ll_to_earth(...) of the place; the radius in metres
  std::string where;            // " AND (near OR serving)"
};

Expected<PlaceSql> place_sql(const SearchRequest& req, const Gazetteer& gazetteer) {
  auto used = resolve_place(req, gazetteer);
  if (!used) return used.error();
  const Place& p = used->place;
  PlaceSql out;
  out.point = "ll_to_earth(" + number(p.lat) + ", " + number(p.lon) + ")";
  out.radius_m = number(used->radius_km * 1000);
  std::vector<std::string> areas = {"worldwide"};
  for (const std::string& code : {lower(p.country), lower(p.region_code)}) {
    if (!code.empty()) areas.push_back(code);
  }
  // The box is the GiST index's part; the distance makes the circle exact.
  out.where = " AND ((earth_box(" + out.point + ", " + out.radius_m + ") @> ll_to_earth(lat, lon) AND earth_distance(" +
              out.point + ", ll_to_earth(lat, lon)) <= " + out.radius_m +
              ") OR (attendance && ARRAY['online','phone'] AND service_area && " + text_array(areas) + "))";
  return out;
}

// A listing failing two selections counts nowhere (every facet's counts apply all the
// other selections), so `base` keeps only listings failing at most one: an OR of the
// all-but-one conjunctions, which bitmap index scans can serve.
std::string countable(const std::vector<Selection>& selections) {
  if (selections.size() < 2) return "";
  std::string any;
  for (size_t skip = 0; skip < selections.size(); ++skip) {
    std::string all_but;
    for (size_t j = 0; j < selections.size(); ++j) {
      if (j != skip) all_but += (all_but.empty() ? "(" : " AND (") + selections[j].condition + ")";
    }
    any += (any.empty() ? "(" : " OR (") + all_but + ")";
  }
  return " AND (" + any + ")";
}

// Every facet's counts in one pass over `base` and one GROUP BY (faster here than a
// GROUP BY per facet, each rescanning `base`): each row yields its values of each facet
// whose OTHER selections it passes.
// A facet without a column here ("starts", issue 17: courses starting soon, cut per
// request from dated sessions, which synthetic listings do not have) is not counted; were
// Kindred to count something there, the agreement check would report it.
std::string counts_sql(const std::vector<Selection>& selections) {
  std::string s = "UNION ALL SELECT f, v, count(*), NULL FROM base CROSS JOIN LATERAL (";
  bool first = true;
  for (const auto& name : search_facet_names()) {
    const Column* c = column_of(name);
    if (!c) continue;
    std::string others = "true";
    for (const auto& sel : selections) {
      if (sel.facet != name) others += " AND s_" + sel.facet;
    }
    s += std::string(first ? "" : " UNION ALL ") + "SELECT '" + name + "', " +
         (c->single ? std::string(c->column) : "unnest(" + std::string(c->column) + ")") + " WHERE " + others;
    first = false;
  }
  return s + ") x(f, v) GROUP BY 1, 2\n";
}

}  // namespace

PgTranslator::PgTranslator(const Vocabulary& vocabulary, const Gazetteer& gazetteer)
    : vocabulary_(vocabulary), gazetteer_(gazetteer), text_(vocabulary) {}

Expected<std::string> PgTranslator::sql(const SearchRequest& req) const {
  auto selections = selections_of(req, vocabulary_, gazetteer_);
  if (!selections) return selections.error();
  ParsedWords words = req.q.empty() ? ParsedWords{} : text_.parse(req.q);
  TextSql text = text_sql(words);
  const bool has_place = !req.near.empty() || req.lat || req.lon;
  PlaceSql place;
  if (has_place) {
    auto p = place_sql(req, gazetteer_);
    if (!p) return p.error();
    place = *p;
  } else if (req.sort == SortOrder::kDistance) {
    return make_error(ErrorCode::kInvalidArgument, "sort: distance needs near or lat and lon");
  }
  const bool by_text = req.sort == SortOrder::kRelevance && !words.groups.empty();
  const bool by_distance = req.sort == SortOrder::kDistance || (req.sort == SortOrder::kRelevance && !by_text && has_place);
  const bool by_next = req.sort == SortOrder::kNext;

  // base: the text and place matches that can count somewhere, with each facet's
  // selection as a boolean column s_<facet>; matched: those passing every selection.
  std::string s = "WITH base AS MATERIALIZED (SELECT id, kind, cost, facilitation, topics, communities, attendance, "
                  "languages, regions, days, times_of_day";
  for (const auto& sel : *selections) s += ", (" + sel.condition + ") AS s_" + sel.facet;
  if (by_text) s += ", " + text.rank + " AS score";
  if (by_distance) s += ", earth_distance(" + place.point + ", ll_to_earth(lat, lon)) AS dist";
  if (!by_text && !by_distance && !by_next) s += ", sort_name";
  s += " FROM listings WHERE status <> 'closed'" + text.where + place.where + countable(*selections) + ")";
  std::string all = "true";
  for (const auto& sel : *selections) all += " AND s_" + sel.facet;
  s += ", matched AS MATERIALIZED (SELECT * FROM base WHERE " + all + ")";

  // page: the requested page of hits and their sort key.
  const std::string next_of = "(SELECT min(meeting_next(m.dow, m.start_min, m.tz, m.freq, m.wom, m.anchor, " +
                              timestamp_literal(req.now) + ")) FROM meetings m WHERE m.listing = ";
  std::string key = by_text       ? "score"
                    : by_distance ? "CASE WHEN dist <= " + place.radius_m + " THEN dist END"
                    : by_next     ? next_of + "matched.id)"
                                  : "sort_name";
  std::string order = by_text ? "key DESC, id" : "key, id";
  s += ", page AS (SELECT id, " + key + " AS key FROM matched ORDER BY " + order + " LIMIT " +
       std::to_string(req.per_page) + " OFFSET " + std::to_string(static_cast<uint64_t>(req.page - 1) * req.per_page) +
       ")\n";

  s += "SELECT 't'::text AS k, NULL::text AS v, count(*)::bigint AS n, NULL::text AS x FROM matched\n";
  s += counts_sql(*selections);
  // The hits as the API would send them (Kindred builds the same fields for each hit,
  // its next meeting included).
  std::string snippet = by_text ? "ts_headline('kindred', l.doc->>'description', " + text.query +
                                      ", 'StartSel=\"\",StopSel=\"\",MaxWords=35,MinWords=15')"
                                : "left(l.doc->>'description', 200)";
  std::string distance_km =
      has_place ? "earth_distance(" + place.point + ", ll_to_earth(l.lat, l.lon)) / 1000" : std::string("NULL");
  s += "UNION ALL SELECT 'h', l.listing_id, row_number() OVER (ORDER BY " + order +
       "), json_build_object('id', l.listing_id, 'name', l.doc->>'name', 'kind', l.kind, 'organization', "
       "l.doc->'organization'->>'name', 'attendance', l.attendance, 'snippet', " + snippet + ", 'distance_km', " +
       distance_km + ", 'next_meeting', " + (by_next ? "p.key" : next_of + "l.id)") +
       ")::text FROM page p JOIN listings l USING (id)\n";
  if (!words.words.empty()) {
    // Spelling: for each word the text has nowhere, a known word within two edits, the
    // closest and commonest first (as Xapian's suggestion picks), among the candidates the
    // trigram index finds.
    s += "UNION ALL SELECT 's', w, 0, (SELECT word FROM words WHERE word % w AND levenshtein(word, w) <= 2 "
         "ORDER BY levenshtein(word, w), ndoc DESC, word LIMIT 1) FROM unnest(" + text_array(words.words) +
         ") w WHERE NOT EXISTS (SELECT 1 FROM words WHERE word = w)\n";
  }
  return s;
}

Expected<PgAnswer> read_answer(PGresult* r, const std::string& q) {
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    return make_error(ErrorCode::kInternal, std::string("PostgreSQL: ") + PQresultErrorMessage(r));
  }
  PgAnswer a;
  std::map<uint64_t, std::string> hits;
  std::map<std::string, std::string> corrections;
  for (int i = 0, n = PQntuples(r); i < n; ++i) {
    std::string k = PQgetvalue(r, i, 0), v = PQgetvalue(r, i, 1);
    uint64_t count = std::strtoull(PQgetvalue(r, i, 2), nullptr, 10);
    if (k == "t") a.total = count;
    else if (k == "h") hits[count] = v;
    else if (k == "s") {
      if (!PQgetisnull(r, i, 3)) corrections[v] = PQgetvalue(r, i, 3);
    } else a.facets[k][v] = count;
  }
  for (auto& [pos, id] : hits) a.hit_ids.push_back(std::move(id));
  if (!corrections.empty()) {
    // The query's words with each unknown one replaced.
    std::string out, word;
    for (size_t i = 0; i <= q.size(); ++i) {
      char c = i < q.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(q[i]))) : ' ';
      if (c == ' ') {
        auto it = corrections.find(word);
        if (!word.empty()) out += (out.empty() ? "" : " ") + (it == corrections.end() ? word : it->second);
        word.clear();
      } else {
        word += c;
      }
    }
    a.suggestion = out;
  }
  return a;
}

}  // namespace kindred::bench
