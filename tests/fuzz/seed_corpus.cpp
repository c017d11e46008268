// @brief kindred-fuzz-seeds TARGET DIR: writes the seed corpus of one fuzz target into DIR.
//
// Seeds come from the repository as it is at run time (nothing big is copied into
// tests/fuzz): the fixture files whole, and cut into one small seed per listing, meeting
// or service, since the fuzzer mutates small inputs much faster; the HSDS export of the
// fixture listings (the attribute and schedule shapes our own exports carry); and the
// hand-written lines of tests/fuzz/seeds/TARGET.txt, one seed per line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/interop/hsds_export.h"
#include "core/listing/listing_source.h"
#include "core/listing/vocabulary.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace kindred;
namespace fs = std::filesystem;

class SeedWriter {
 public:
  explicit SeedWriter(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
  void add(const std::string& kind, const std::string& bytes) {
    if (!seen_.insert(bytes).second) return;  // the fuzzer would drop duplicates anyway
    std::ofstream out(dir_ / (kind + "-" + std::to_string(++count_)), std::ios::binary);
    out << bytes;
  }
  void add_file(const fs::path& path) {
    if (auto text = read_file(path.string())) add(path.filename().string(), *text);
  }
  size_t count() const { return count_; }

 private:
  fs::path dir_;
  std::set<std::string> seen_;
  size_t count_ = 0;
};

std::vector<fs::path> files_under(const std::string& rel,
                                  const std::vector<std::string>& extensions) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::path root = rel.front() == '/' ? fs::path(rel) : fs::path(fuzz::source_path(rel));
  if (!fs::is_directory(root, ec)) return out;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    for (const auto& e : extensions) {
      if (it->is_regular_file() && it->path().extension() == e) out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The listing files of the fixtures and of data/listings (whole files, every shape).
std::vector<fs::path> listing_files() {
  std::vector<fs::path> out;
  for (const char* dir : {"tests/fixtures/listings", "tests/fixtures/invalid",
                          "tests/fixtures/browser", "data/listings"}) {
    for (auto& p : files_under(dir, {".json", ".jsonl"})) out.push_back(p);
  }
  return out;
}

LoadResult load_fixture_listings() {
  std::vector<std::string> files;
  for (const auto& p : listing_files()) files.push_back(p.string());
  return load_listings(files, fuzz::env().validator);
}

void line_seeds(const std::string& target, SeedWriter& out) {
  std::ifstream in(fuzz::source_path("tests/fuzz/seeds/" + target + ".txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.rfind("# ", 0) == 0) continue;
    out.add("line", line);
  }
}

void listing_seeds(SeedWriter& out) {
  for (const auto& p : listing_files()) out.add_file(p);
  LoadResult r = load_fixture_listings();
  for (const auto& l : r.accepted) out.add("listing", l.source.json);
  for (const auto& s : r.rejected) {
    if (!s.json.empty()) out.add("rejected", s.json);
  }
}

void meeting_guide_seeds(SeedWriter& out) {
  // Real feeds from the third-party samples, when present, beside our own fixtures.
  auto feeds = files_under(fuzz::sample_path("meeting-guide"), {".json"});
  if (feeds.empty()) std::fprintf(stderr, "seeds: third-party Meeting Guide samples absent; skipped\n");
  for (const auto& p : feeds) {
    if (p.filename() == "types.json") continue;
    out.add_file(p);
    auto text = read_file(p.string());
    rapidjson::Document doc;
    if (!text || !parse_json(*text, doc).ok() || !doc.IsArray()) continue;
    for (const auto& m : doc.GetArray()) out.add("meeting", "[" + to_json(m) + "]");
  }
}

void hsds_seeds(SeedWriter& out) {
  // service.json and service_list.json are schemas and openapi.json an API description:
  // only the full example is a service.
  fs::path example = fuzz::sample_path("hsds-3.0/examples/service_full.json");
  std::error_code exists_ec;
  if (fs::is_regular_file(example, exists_ec)) out.add_file(example);
  else std::fprintf(stderr, "seeds: third-party HSDS example absent; skipped\n");
  auto vocabulary = Vocabulary::load(fuzz::source_path("data/vocabulary.json"));
  if (!vocabulary) return;
  LoadResult r = load_fixture_listings();
  std::vector<std::string> stored;
  for (const auto& l : r.accepted) stored.push_back("{\"listing\":" + l.source.json + "}");
  // A fixed instant: the same repository gives the same seeds.
  HsdsExportContext context{*vocabulary, fuzz::env().gazetteer,
                            SysSeconds(std::chrono::seconds(1795000000))};
  std::string page =
      hsds_service_list(stored, stored.size(), 1, static_cast<uint32_t>(stored.size()), context);
  out.add("page", page);
  rapidjson::Document doc;
  if (!parse_json(page, doc).ok() || !doc.IsObject() || !doc.HasMember("contents")) return;
  for (const auto& s : doc["contents"].GetArray()) out.add("service", to_json(s));
}

void gazetteer_seeds(SeedWriter& out) {
  LoadResult r = load_fixture_listings();
  for (const auto& l : r.accepted) {
    if (!l.listing.location) continue;
    const Location& loc = *l.listing.location;
    out.add("place", loc.locality + ", " + loc.region);
    out.add("locate", loc.postal_code + "|" + loc.locality + "|" + loc.region + "|" + loc.country);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr
        << "usage: kindred-fuzz-seeds listing|meeting_guide|hsds|search_params|gazetteer DIR\n";
    return 2;
  }
  const std::string target = argv[1];
  SeedWriter out(argv[2]);
  if (target == "listing")
    listing_seeds(out);
  else if (target == "meeting_guide")
    meeting_guide_seeds(out);
  else if (target == "hsds")
    hsds_seeds(out);
  else if (target == "gazetteer")
    gazetteer_seeds(out);
  else if (target != "search_params") {
    std::cerr << "kindred-fuzz-seeds: unknown target " << target << "\n";
    return 2;
  }
  line_seeds(target, out);
  std::cout << target << ": " << out.count() << " seeds in " << argv[2] << "\n";
  return 0;
}
