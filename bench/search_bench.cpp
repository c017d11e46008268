// @brief kindred-bench-search: in-process search latency over an index, per query class.
// Usage: kindred-bench-search --index INDEX [--queries N] [--seed S] [--out FILE.json]
//                             [--paths FILE] [--class NAME] [--answers FILE] [--warmup N]
// --paths writes the mix as /api/v1/search request paths, one a line, for HTTP load tools.
// --out writes every query's latency ({"queries": [{"i", "class", "ms", "total"}]}) so a
// report can pair each query with the same query on another system.
// --answers writes each query's total, hit ids, scores and facet counts, one line a query,
// so two builds' answers can be compared with diff (a faster search must answer the same).
// --class runs only the queries of one class (same mix, same seed: for profiling one class).
// --warmup N runs the mix's first N queries before timing it (default 100); bench/run gives
// it the warm-up it gives PostgreSQL. They are timed too, and written apart ("first_pass"):
// they are what the first searches after opening an index cost, caches empty.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include "bench/percentile.h"
#include "bench/query_mix.h"
#include "core/index/index_snapshot.h"
#include "core/search/crisis.h"

using namespace kindred;

using bench::percentile;

int main(int argc, char** argv) {
  std::string paths_path, out_path, answers_path, only_class, index, gazetteer_path = "var/gazetteer/gazetteer.bin", vocab_path = "data/vocabulary.json";
  size_t count = 2000, warmup = 100;
  uint64_t seed = 7;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--index") index = argv[i + 1];
    else if (a == "--queries") count = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--gazetteer") gazetteer_path = argv[i + 1];
    else if (a == "--out") out_path = argv[i + 1];
    else if (a == "--paths") paths_path = argv[i + 1];
    else if (a == "--class") only_class = argv[i + 1];
    else if (a == "--answers") answers_path = argv[i + 1];
    else if (a == "--warmup") warmup = std::strtoull(argv[i + 1], nullptr, 10);
  }
  auto gazetteer = Gazetteer::open(gazetteer_path);
  auto vocabulary = Vocabulary::load(vocab_path);
  auto crisis = CrisisPhrases::load("data/crisis-phrases.json");  // as kindred-serve searches
  if (index.empty() || !gazetteer || !vocabulary || !crisis) {
    std::cerr << "usage: kindred-bench-search --index INDEX [--queries N] [--seed S] (run from the repo root)\n";
    return 1;
  }
  LiveIndex live(index);
  auto t0 = std::chrono::steady_clock::now();
  auto searcher = Searcher::open(live, *vocabulary, *gazetteer, &*crisis);
  if (!searcher) {
    std::cerr << searcher.error().message << "\n";
    return 1;
  }
  double open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  auto mix = bench::make_query_mix(bench::load_places(*gazetteer), count, seed);
  if (!paths_path.empty()) {
    std::ofstream paths(paths_path, std::ios::trunc);
    for (const auto& q : mix) paths << "/api/v1/search?" << bench::to_query_string(q.request) << "\n";
  }
  if (!only_class.empty()) {
    mix.erase(std::remove_if(mix.begin(), mix.end(), [&](const bench::BenchQuery& q) { return q.query_class != only_class; }),
              mix.end());
  }
  std::vector<std::pair<std::string, double>> first_pass;
  for (size_t i = 0; i < std::min(warmup, mix.size()); ++i) {
    auto start = std::chrono::steady_clock::now();
    (void)searcher->search(mix[i].request);
    first_pass.emplace_back(mix[i].query_class,
                            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }

  std::map<std::string, std::vector<double>> by_class;
  std::vector<double> all;
  size_t errors = 0;
  std::ofstream json;
  if (!out_path.empty()) json.open(out_path, std::ios::trunc);
  json << "{\"queries\": [";
  std::ofstream answers;
  if (!answers_path.empty()) answers.open(answers_path, std::ios::trunc);
  for (size_t i = 0; i < mix.size(); ++i) {
    const auto& q = mix[i];
    auto start = std::chrono::steady_clock::now();
    auto r = searcher->search(q.request);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!r) ++errors;
    if (answers.is_open() && r) {
      answers << i << " " << q.query_class << " total " << r->total << " hits";
      for (const auto& h : r->hits) {
        answers << " " << h.id << "@" << h.score << "[" << h.snippet << "|"
                << (h.next_meeting ? h.next_meeting->start : "") << "]";
      }
      answers << " facets";
      for (const auto& f : r->facets) {
        for (const auto& v : f.values) answers << " " << f.name << ":" << v.value << "=" << v.count;
      }
      answers << " nearby";
      for (const auto& h : r->also_nearby) answers << " " << h.id;
      answers << "\n";
    }
    by_class[q.query_class].push_back(ms);
    all.push_back(ms);
    json << (i ? "," : "") << "\n{\"i\": " << i << ", \"class\": \"" << q.query_class << "\", \"ms\": " << ms
         << ", \"total\": " << (r ? r->total : 0) << "}";
  }
  json << "\n], \"first_pass\": [";
  for (size_t i = 0; i < first_pass.size(); ++i) {
    json << (i ? "," : "") << "\n{\"i\": " << i << ", \"class\": \"" << first_pass[i].first
         << "\", \"ms\": " << first_pass[i].second << "}";
  }
  json << "\n], \"open_ms\": " << open_ms << ", \"listings\": " << searcher->listing_count() << "}\n";
  std::cout << "index " << index << ": " << searcher->listing_count() << " findable listings, opened in "
            << open_ms << " ms; " << mix.size() << " queries, " << errors << " errors\n";
  std::cout << "| class | queries | p50 ms | p99 ms |\n|---|---|---|---|\n";
  for (const auto& [cls, v] : by_class) {
    std::cout << "| " << cls << " | " << v.size() << " | " << percentile(v, 0.5) << " | " << percentile(v, 0.99) << " |\n";
  }
  std::cout << "| all | " << all.size() << " | " << percentile(all, 0.5) << " | " << percentile(all, 0.99) << " |\n";
  return errors == 0 ? 0 : 1;
}
