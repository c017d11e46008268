// @brief `kindred-index gazetteer` and `kindred-index place`: thin commands over core/gazetteer.
#include "indexer/gazetteer_cmd.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/geo/gazetteer.h"

namespace kindred {
namespace {

constexpr const char* kDefaultSrc = "var/gazetteer/src";
constexpr const char* kDefaultOut = "var/gazetteer/gazetteer.bin";

int usage() {
  std::fprintf(stderr,
               "usage: kindred-index gazetteer [--src DIR] [--out FILE]\n"
               "       kindred-index place [--gazetteer FILE] [--limit N] TEXT...\n");
  return 1;
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int build(int argc, char** argv) {
  std::string src = kDefaultSrc, out = kDefaultOut;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--src" && i + 1 < argc)
      src = argv[++i];
    else if (a == "--out" && i + 1 < argc)
      out = argv[++i];
    else
      return usage();
  }
  std::fprintf(stderr, "[gazetteer] building %s from %s ...\n", out.c_str(), src.c_str());
  auto start = std::chrono::steady_clock::now();
  auto stats = build_gazetteer(src, out);
  if (!stats) {
    std::fprintf(stderr, "[gazetteer] error: %s\n", stats.error().message.c_str());
    return 1;
  }
  std::printf(
      "[gazetteer] %zu places, %zu postal codes, %zu countries, %zu regions -> %s (%.1f s)\n",
      stats->places, stats->postal_codes, stats->countries, stats->regions, out.c_str(),
      ms_since(start) / 1000);
  return 0;
}

int place(int argc, char** argv) {
  std::string file = kDefaultOut;
  size_t limit = 5;
  std::vector<std::string> queries;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--gazetteer" && i + 1 < argc) {
      file = argv[++i];
    } else if (a == "--limit" && i + 1 < argc) {
      char* end = nullptr;
      unsigned long n = std::strtoul(argv[++i], &end, 10);
      if (*end || n == 0 || n > 100) return usage();
      limit = n;
    } else if (a.rfind("--", 0) == 0) {
      return usage();
    } else {
      queries.push_back(a);
    }
  }
  if (queries.empty()) return usage();
  auto g = Gazetteer::open(file);
  if (!g) {
    std::fprintf(stderr, "[gazetteer] error: %s\n", g.error().message.c_str());
    return 1;
  }
  for (const auto& q : queries) {
    auto start = std::chrono::steady_clock::now();
    auto places = g->lookup(q, limit);
    double ms = ms_since(start);
    std::printf("%s  (%zu in %.3f ms)\n", q.c_str(), places.size(), ms);
    for (size_t i = 0; i < places.size(); ++i) {
      const Place& p = places[i];
      std::string where = p.name;
      if (!p.postal_code.empty()) where += " " + p.postal_code;
      if (!p.admin1.empty()) where += ", " + p.admin1;
      if (!p.region_code.empty()) where += " (" + p.region_code + ")";
      where += ", " + p.country;
      std::printf("  %zu. %s  %.5f,%.5f  %s  pop %u\n", i + 1, where.c_str(), p.lat, p.lon,
                  p.timezone.c_str(), p.population);
    }
  }
  return 0;
}

}  // namespace

int run_gazetteer_command(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string cmd = argv[1];
  if (cmd == "gazetteer") return build(argc, argv);
  if (cmd == "place") return place(argc, argv);
  return usage();
}

}  // namespace kindred
