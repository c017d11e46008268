// @brief The fixture index and searcher shared by the search tests.
#include "tests/search_support.h"

#include <stdexcept>

#include "tests/test_support.h"

namespace kindred::test {

const std::string& fixture_index() {
  static TempDir dir;
  static const std::string path = [] {
    std::string out = dir.file("index");
    auto r = run_command(binary_path("indexer/kindred-index") + " build --data tests/fixtures/listings --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the fixture index failed:\n" + r.output);
    return out;
  }();
  return path;
}

Searcher& fixture_searcher() {
  static LiveIndex live(fixture_index());
  static Searcher searcher = [] {
    auto s = Searcher::open(live, vocabulary(), gazetteer());
    if (!s) throw std::runtime_error(s.error().message);
    return std::move(s).value();
  }();
  return searcher;
}

std::chrono::system_clock::time_point fixed_now() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1795348800));
}

SearchRequest request() {
  SearchRequest r;
  r.now = fixed_now();
  return r;
}

uint64_t facet_count(const SearchResult& r, const std::string& facet, const std::string& value) {
  for (const auto& f : r.facets) {
    if (f.name != facet) continue;
    for (const auto& v : f.values) {
      if (v.value == value) return v.count;
    }
  }
  return 0;
}

}  // namespace kindred::test
