// @brief kindred-bench-pg: the PostgreSQL 15 peer of the benchmark. Starts a private
// server, loads the same listings Kindred indexes, runs the same query mix through libpq
// (one statement per query, planned each time: no prepared statements), checks on a
// sample that PostgreSQL and Kindred agree on every total and facet count, and writes
// the figures as JSON.
//
// Usage (from the repo root, for data/ and var/gazetteer/):
//   kindred-bench-pg --listings FILE.jsonl --queries N --seed S --index KINDRED_INDEX
//                    --out RESULTS.json [--workdir DIR] [--check-sample 100] [--warmup N]
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "bench/percentile.h"
#include "bench/pg_peer_check.h"
#include "bench/pg_peer_load.h"
#include "bench/pg_peer_server.h"
#include "bench/pg_peer_sql.h"
#include "core/index/index_snapshot.h"

using namespace kindred;
using namespace kindred::bench;

namespace {

// The peer reads q as words only; Kindred would also read "veterans" or "women" in a
// sentence as a community filter (core/search/understand.h), and search a misspelling
// that finds nothing as corrected (core/search/correction.h). The agreement check
// compares the two on the same, literal reading.
SearchRequest literal(SearchRequest request) {
  request.understand = false;
  request.correct_spelling = false;
  request.facet_values = kMaxFacetValues;  // every value, so that every count is compared
  return request;
}


using Clock = std::chrono::steady_clock;

const char* const kUsage =
    "usage: kindred-bench-pg --listings FILE.jsonl --queries N --seed S --index KINDRED_INDEX --out RESULTS.json\n"
    "                        [--workdir DIR] [--check-sample N] [--warmup N] [--gazetteer FILE] [--show I]\n"
    "       kindred-bench-pg --dump-sql FILE --queries N --seed S   (the SQL of every query, no server)\n"
    "       (run from the repo root; --warmup defaults to one full pass of the mix)\n";

struct Options {
  std::string listings, index, out, workdir = "/tmp";
  std::string gazetteer = "var/gazetteer/gazetteer.bin", vocabulary = "data/vocabulary.json",
              schema = "data/schema/kindred-1.schema.json";
  size_t queries = 1000, check_sample = 100;
  long warmup = -1;  // -1: the whole mix once
  long show = -1;    // a query to print (SQL, EXPLAIN ANALYZE, both answers) instead of timing
  std::string dump_sql;  // write every query's SQL here and stop
  uint64_t seed = 7;
};

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; i += 2) {
    std::string a = argv[i];
    if (i + 1 >= argc) return false;
    std::string v = argv[i + 1];
    if (a == "--listings") o.listings = v;
    else if (a == "--index") o.index = v;
    else if (a == "--out") o.out = v;
    else if (a == "--workdir") o.workdir = v;
    else if (a == "--gazetteer") o.gazetteer = v;
    else if (a == "--queries") o.queries = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--seed") o.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--check-sample") o.check_sample = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--warmup") o.warmup = std::strtol(v.c_str(), nullptr, 10);
    else if (a == "--show") o.show = std::strtol(v.c_str(), nullptr, 10);
    else if (a == "--dump-sql") o.dump_sql = v;
    else return false;
  }
  if (!o.dump_sql.empty()) return o.queries > 0;
  return !o.listings.empty() && !o.index.empty() && !o.out.empty() && o.queries > 0;
}

// One request through PostgreSQL: translate, send, receive every row, read them.
Expected<PgAnswer> run_query(PGconn* conn, const PgTranslator& translator, const SearchRequest& request) {
  auto sql = translator.sql(request);
  if (!sql) return sql.error();
  PGresult* r = PQexec(conn, sql->c_str());
  auto answer = read_answer(r, request.q);
  PQclear(r);
  return answer;
}

// --show I: one query of the mix in detail, for finding out why the two disagree or why
// PostgreSQL is slow on it.
int show_query(PGconn* c, const PgTranslator& translator, const BenchQuery& q, const std::string& index,
               const Vocabulary& vocabulary, const Gazetteer& gazetteer) {
  auto sql = translator.sql(q.request);
  if (!sql) return std::cerr << sql.error().message << "\n", 1;
  std::cout << q.query_class << ": q=\"" << q.request.q << "\" " << to_query_string(q.request) << "\n" << *sql << "\n";
  PGresult* r = PQexec(c, ("EXPLAIN (ANALYZE, BUFFERS) " + *sql).c_str());
  for (int i = 0; i < PQntuples(r); ++i) std::cout << PQgetvalue(r, i, 0) << "\n";
  PQclear(r);
  auto pg = run_query(c, translator, q.request);
  LiveIndex live(index);
  auto searcher = Searcher::open(live, vocabulary, gazetteer);
  if (!pg || !searcher) return 1;
  auto k = searcher->search(literal(q.request));
  if (!k) return std::cerr << k.error().message << "\n", 1;
  std::cout << "total: kindred " << k->total << ", postgres " << pg->total << "\nfacet value=kindred/postgres:\n";
  for (const auto& f : k->facets) {
    std::cout << f.name << ":";
    for (const auto& v : f.values) {
      if (v.count == 0) continue;
      std::string stored = v.value;  // PostgreSQL has the lower-case form ("us-id")
      for (auto& ch : stored) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const auto& pv = pg->facets[f.name];
      auto it = pv.find(stored);
      std::cout << " " << v.value << "=" << v.count << "/" << (it == pv.end() ? 0 : it->second);
    }
    std::cout << "\n";
  }
  std::cout << "hits (kindred | postgres):\n";
  for (size_t i = 0; i < std::max(k->hits.size(), pg->hit_ids.size()); ++i) {
    std::cout << "  " << (i < k->hits.size() ? k->hits[i].id : "-") << " | "
              << (i < pg->hit_ids.size() ? pg->hit_ids[i] : "-") << "\n";
  }
  std::cout << "suggestion: kindred \"" << k->suggestion.value_or("") << "\", postgres \""
            << pg->suggestion.value_or("") << "\"\n";
  return 0;
}

struct Timed {
  size_t i;
  std::string query_class;
  double ms;
  uint64_t total;
  bool ok;
};

void write_results(const Options& o, const std::string& version, const PgLoadReport& load,
                   const std::vector<Timed>& timed, const CheckReport& check, double warmup_queries) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("postgres_version"); w.String(version.c_str());
  w.Key("rows"); w.Uint64(load.rows);
  w.Key("rejected"); w.Uint64(load.rejected);
  w.Key("build_seconds"); w.Double(load.total_seconds);
  w.Key("build_rate"); w.Double(static_cast<double>(load.rows) / load.total_seconds);
  w.Key("build_phases"); w.StartObject();
  w.Key("validate_seconds"); w.Double(load.validate_seconds);
  w.Key("copy_seconds"); w.Double(load.copy_seconds);
  w.Key("index_seconds"); w.Double(load.index_seconds);
  w.EndObject();
  w.Key("size_bytes"); w.Uint64(load.size_bytes);
  w.Key("size_parts"); w.StartObject();
  for (const auto& [name, bytes] : load.size_parts) { w.Key(name.c_str()); w.Uint64(bytes); }
  w.EndObject();
  w.Key("database_bytes"); w.Uint64(load.database_bytes);
  w.Key("warmup_queries"); w.Double(warmup_queries);
  w.Key("queries"); w.StartArray();
  for (const auto& t : timed) {
    w.StartObject();
    w.Key("i"); w.Uint64(t.i);
    w.Key("class"); w.String(t.query_class.c_str());
    w.Key("ms"); w.Double(t.ms);
    w.Key("total"); w.Uint64(t.total);
    if (!t.ok) { w.Key("error"); w.Bool(true); }
    w.EndObject();
  }
  w.EndArray();
  w.Key("check"); w.StartObject();
  w.Key("sample"); w.Uint64(check.sample);
  w.Key("agreeing"); w.Uint64(check.agreeing);
  w.Key("same_page_1"); w.StartObject();
  w.Key("sample"); w.Uint64(check.ordered);
  w.Key("same"); w.Uint64(check.same_page);
  w.EndObject();
  w.Key("misspelled_same_suggestion"); w.StartObject();
  w.Key("sample"); w.Uint64(check.misspelled);
  w.Key("same"); w.Uint64(check.same_suggestion);
  w.EndObject();
  w.Key("disagreements"); w.StartArray();
  for (const auto& d : check.disagreements) {
    w.StartObject();
    w.Key("query"); w.Uint64(d.query);
    w.Key("class"); w.String(d.query_class.c_str());
    w.Key("facet"); w.String(d.facet.c_str());
    w.Key("value"); w.String(d.value.c_str());
    w.Key("kindred"); w.Uint64(d.kindred);
    w.Key("postgres"); w.Uint64(d.postgres);
    if (!d.note.empty()) { w.Key("note"); w.String(d.note.c_str()); }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  std::ofstream(o.out, std::ios::trunc) << buf.GetString() << "\n";
}

int run(const Options& o) {
  auto gazetteer = Gazetteer::open(o.gazetteer);
  auto vocabulary = Vocabulary::load(o.vocabulary);
  auto schema = SchemaChecker::load(o.schema);
  for (const Error* e : {gazetteer ? nullptr : &gazetteer.error(), vocabulary ? nullptr : &vocabulary.error(),
                         schema ? nullptr : &schema.error()}) {
    if (e) {
      std::cerr << "kindred-bench-pg: " << e->message << " (run from the repo root)\n";
      return 1;
    }
  }
  if (!o.dump_sql.empty()) {  // the translation alone, for reading: no server needed
    PgTranslator translator(*vocabulary, *gazetteer);
    auto mix = make_query_mix(load_places(*gazetteer), o.queries, o.seed);
    std::ofstream out(o.dump_sql, std::ios::trunc);
    for (size_t i = 0; i < mix.size(); ++i) {
      auto sql = translator.sql(mix[i].request);
      out << "-- " << i << " " << mix[i].query_class << ": " << to_query_string(mix[i].request) << "\n"
          << (sql ? *sql : "-- " + sql.error().message) << ";\n";
    }
    return out ? 0 : 1;
  }
  PgServerOptions server_options;
  server_options.workdir = o.workdir;
  auto server = PgServer::start(server_options);
  if (!server) {
    std::cerr << "kindred-bench-pg: " << server.error().message << "\n";
    return 1;
  }
  auto conn = pg_connect((*server)->conninfo());
  if (!conn) {
    std::cerr << "kindred-bench-pg: " << conn.error().message << "\n";
    return 1;
  }
  PGconn* c = conn->get();
  // NOTICEs would go to our stderr. A transposed letter leaves few trigrams in common
  // ("famliy" and "family" share 3 of 11): a lower bar than pg_trgm's 0.3 finds them.
  (void)pg_exec(c, "SET client_min_messages = warning; SET pg_trgm.similarity_threshold = 0.15");
  auto version = pg_value(c, "SHOW server_version");
  std::cerr << "[pg] PostgreSQL " << (version ? *version : "?") << " in " << (*server)->dir() << "; loading "
            << o.listings << "\n";
  auto load = pg_load(c, o.listings, *schema, *vocabulary, *gazetteer);
  if (!load) {
    std::cerr << "kindred-bench-pg: load: " << load.error().message << "\n";
    return 1;
  }
  std::cerr << "[pg] " << load->rows << " listings (" << load->rejected << " rejected) in " << load->total_seconds
            << " s (validate " << load->validate_seconds << ", copy " << load->copy_seconds << ", indexes "
            << load->index_seconds << "): " << static_cast<double>(load->rows) / load->total_seconds
            << " listings/s; " << static_cast<double>(load->size_bytes) / 1e6 << " MB (database "
            << static_cast<double>(load->database_bytes) / 1e6
            << " MB)\n";

  PgTranslator translator(*vocabulary, *gazetteer);
  auto mix = make_query_mix(load_places(*gazetteer), o.queries, o.seed);
  if (o.show >= 0) {
    size_t i = static_cast<size_t>(o.show);
    int rc = i < mix.size() ? show_query(c, translator, mix[i], o.index, *vocabulary, *gazetteer) : 1;
    return rc;
  }
  size_t warm = o.warmup < 0 ? mix.size() : std::min(mix.size(), static_cast<size_t>(o.warmup));
  for (size_t i = 0; i < warm; ++i) (void)run_query(c, translator, mix[i].request);
  std::vector<Timed> timed;
  std::map<std::string, std::vector<double>> by_class;
  std::vector<double> all;
  size_t errors = 0;
  for (size_t i = 0; i < mix.size(); ++i) {
    auto start = Clock::now();
    auto answer = run_query(c, translator, mix[i].request);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!answer) {
      if (++errors <= 5) std::cerr << "query " << i << ": " << answer.error().message << "\n";
    }
    timed.push_back({i, mix[i].query_class, ms, answer ? answer->total : 0, answer.ok()});
    by_class[mix[i].query_class].push_back(ms);
    all.push_back(ms);
  }

  CheckReport check;
  LiveIndex live(o.index);
  auto searcher = Searcher::open(live, *vocabulary, *gazetteer);
  if (!searcher) {
    std::cerr << "kindred-bench-pg: " << o.index << ": " << searcher.error().message << "\n";
    return 1;
  }
  for (size_t i : check_sample(mix, o.check_sample)) {
    compare_answers(i, mix[i], searcher->search(literal(mix[i].request)), run_query(c, translator, mix[i].request),
                    check);
  }
  for (const auto& d : check.disagreements) {
    std::cerr << "disagree: query " << d.query << " (" << d.query_class << ", q=\"" << mix[d.query].request.q
              << "\" " << to_query_string(mix[d.query].request) << "): " << d.facet << " " << d.value
              << ": kindred " << d.kindred << ", postgres " << d.postgres << (d.note.empty() ? "" : " " + d.note)
              << "\n";
  }
  write_results(o, version ? *version : "", *load, timed, check, static_cast<double>(warm));

  std::cerr << "| class | queries | p50 ms | p99 ms |\n|---|---|---|---|\n";
  for (const auto& [cls, v] : by_class) {
    std::cerr << "| " << cls << " | " << v.size() << " | " << percentile(v, 0.5) << " | " << percentile(v, 0.99)
              << " |\n";
  }
  std::cerr << "| all | " << all.size() << " | " << percentile(all, 0.5) << " | " << percentile(all, 0.99) << " |\n";
  std::cerr << "[pg] " << errors << " query errors; counts agree on " << check.agreeing << " of " << check.sample
            << " sampled queries; for the record: the same page 1 for " << check.same_page << " of " << check.ordered
            << " sorted by distance, name or next meeting, the same spelling suggestion for " << check.same_suggestion
            << " of " << check.misspelled << " misspelled; results in " << o.out << "\n";
  return errors == 0 && check.agreeing == check.sample ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_options(argc, argv, o)) {
    std::cerr << kUsage;
    return 1;
  }
  return run(o);  // the server is stopped and removed before this returns
}
