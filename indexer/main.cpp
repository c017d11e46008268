// @brief kindred-index: validate listing files, build the index, build and query the
// gazetteer. A thin command line over core; exit codes are the contract in design.md.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/geo/gazetteer.h"
#include "core/index/index_build.h"
#include "core/listing/listing_source.h"
#include "core/listing/schema_check.h"
#include "core/listing/validate.h"
#include "core/listing/vocabulary.h"
#include "core/moderation/duplicate_links.h"
#include "core/moderation/index_update.h"
#include "core/store/store.h"
#include "indexer/feeds_cmd.h"
#include "indexer/gazetteer_cmd.h"
#include "indexer/link_check_cmd.h"

namespace {

namespace fs = std::filesystem;
using namespace kindred;

constexpr int kExitOk = 0;
constexpr int kExitFatal = 1;
constexpr int kExitSomeRejected = 2;

const char* kUsage =
    "usage:\n"
    "  kindred-index validate [options] FILE|DIR...   check listing files; every problem as FILE: PATH: MESSAGE\n"
    "  kindred-index build --data DIR --out INDEX [options]\n"
    "                                                 build a new index and swap it in atomically\n"
    "  kindred-index fetch --feeds FILE [--cache DIR] [--force] [--accept-drops]\n"
    "                                                 refresh the feeds' cached copies (one line per feed)\n"
    "  kindred-index check-links --index INDEX --out FILE\n"
    "                                                 check every contact URL; results per listing\n"
    "  kindred-index gazetteer --src DIR --out FILE   compile the fetched gazetteer sources\n"
    "  kindred-index place [--gazetteer FILE] TEXT    look a place up\n"
    "options:\n"
    "  --schema FILE      listing schema   (default: DATA/schema/kindred-1.schema.json, else data/schema/...)\n"
    "  --vocabulary FILE  vocabularies     (default: DATA/vocabulary.json, else data/vocabulary.json)\n"
    "  --gazetteer FILE   compiled gazetteer (default: var/gazetteer/gazetteer.bin)\n"
    "  --store FILE       build: include the approved changes in this store (var/kindred.db);\n"
    "                     changes approved while the build runs are applied before the swap\n"
    "  --feeds FILE       build: also fetch and include these feeds (data/feeds.json format)\n"
    "  --cache DIR        build: the feeds' last good copies (default: var/feeds)\n"
    "  --jobs N           build: threads that read, check and index (default: one per core)\n"
    "exit status: 0 all valid/accepted; 2 build indexed some but rejected others (or a feed could not be\n"
    "refreshed and its last good copy was used); 1 invalid or fatal\n";

struct Options {
  std::string data, out, schema, vocabulary, store, gazetteer = "var/gazetteer/gazetteer.bin";
  std::string feeds, cache = feeds::kDefaultCacheDir;
  std::vector<std::string> inputs;
  BuildOptions build;
};

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--data") ok = value(o.data);
    else if (a == "--out") ok = value(o.out);
    else if (a == "--schema") ok = value(o.schema);
    else if (a == "--store") ok = value(o.store);
    else if (a == "--vocabulary") ok = value(o.vocabulary);
    else if (a == "--gazetteer") ok = value(o.gazetteer);
    else if (a == "--feeds") ok = value(o.feeds);
    else if (a == "--cache") ok = value(o.cache);
    else if (a == "--jobs") {
      std::string n;
      ok = value(n);
      if (ok && (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) < 1)) {
        std::cerr << "kindred-index: --jobs must be a whole number from 1 to 999, not \"" << n << "\"\n";
        return false;
      }
      if (ok) o.build.jobs = static_cast<unsigned>(std::stoi(n));
    }
    else if (a.rfind("--", 0) == 0) {
      std::cerr << "kindred-index: unknown option " << a << "\n";
      return false;
    } else {
      o.inputs.push_back(a);
    }
    if (!ok) {
      std::cerr << "kindred-index: " << a << " needs a value\n";
      return false;
    }
  }
  return true;
}

// A file under the data directory when it has one, else the repository default.
std::string data_file(const std::string& given, const std::string& data_dir, const std::string& rel) {
  if (!given.empty()) return given;
  if (!data_dir.empty() && fs::exists(fs::path(data_dir) / rel)) return (fs::path(data_dir) / rel).string();
  return (fs::path("data") / rel).string();
}

int fatal(const Error& e) {
  std::cerr << "kindred-index: " << e.message << "\n";
  for (const auto& d : e.details) std::cerr << "  " << d.path << ": " << d.message << "\n";
  return kExitFatal;
}

struct Contract {
  SchemaChecker schema;
  Gazetteer gazetteer;
};

Expected<Contract> load_contract(const Options& o) {
  auto schema = SchemaChecker::load(data_file(o.schema, o.data, "schema/kindred-1.schema.json"));
  if (!schema) return schema.error();
  auto gazetteer = Gazetteer::open(o.gazetteer);
  if (!gazetteer) {
    Error e = gazetteer.error();
    e.message += " (run scripts/setup, or pass --gazetteer FILE)";
    return e;
  }
  return Contract{std::move(*schema), std::move(*gazetteer)};
}

Expected<std::vector<std::string>> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    if (fs::is_directory(in)) {
      auto found = find_listing_files(in);
      if (!found) return found.error();
      files.insert(files.end(), found->begin(), found->end());
    } else {
      files.push_back(in);  // a missing file is reported by the loader, with the others
    }
  }
  return files;
}

int run_validate(const Options& o) {
  if (o.inputs.empty()) {
    std::cerr << kUsage;
    return kExitFatal;
  }
  auto contract = load_contract(o);
  if (!contract) return fatal(contract.error());
  auto files = expand_inputs(o.inputs);
  if (!files) return fatal(files.error());
  ListingValidator validator(contract->schema, contract->gazetteer);
  LoadResult result = load_listings(*files, validator);
  for (const auto& p : result.problems) std::cout << format_problem(p) << "\n";
  std::cerr << "kindred-index: " << result.files << " files, " << result.accepted.size()
            << " listings valid, " << result.rejected.size() << " rejected, "
            << result.problems.size() << " problems\n";
  return result.problems.empty() ? kExitOk : kExitFatal;
}

int run_build(const Options& o) {
  if (o.data.empty() || o.out.empty()) {
    std::cerr << "kindred-index build: --data DIR and --out INDEX are required\n" << kUsage;
    return kExitFatal;
  }
  auto contract = load_contract(o);
  if (!contract) return fatal(contract.error());
  auto vocabulary = Vocabulary::load(data_file(o.vocabulary, o.data, "vocabulary.json"));
  if (!vocabulary) return fatal(vocabulary.error());
  std::string listings_dir = fs::is_directory(fs::path(o.data) / "listings")
                                 ? (fs::path(o.data) / "listings").string() : o.data;
  auto files = find_listing_files(listings_dir);
  if (!files) return fatal(files.error());
  if (files->empty()) return fatal(make_error(ErrorCode::kNotFound, listings_dir + ": no *.json or *.jsonl listing files"));

  std::cerr << "[index] reading and indexing " << files->size() << " files from " << listings_dir << "\n";
  ListingValidator validator(contract->schema, contract->gazetteer);
  // Feeds' and the store's listings are few and held in memory; the files are streamed
  // through the build (index_build.h), which checks the feeds' ids against the files'.
  LoadResult extra;  // feeds' listings, and every problem with them or with the store's
  size_t failed_feeds = 0;  // feeds that could not be refreshed (their last good copy is used)
  if (!o.feeds.empty()) {
    auto added = feeds::add_feeds_to_build({o.feeds, o.cache, data_file("", o.data, "meeting-guide-types.json")},
                                           contract->gazetteer, validator, extra);
    if (!added) return fatal(added.error());
    failed_feeds = *added;
  }
  // The store is the record of approved changes: its listings override the files', and
  // whatever is approved while we build is applied just before the publish.
  std::unique_ptr<Store> store;
  int64_t store_seq = 0;
  std::vector<LoadedListing> stored_listings;
  if (!o.store.empty()) {
    auto opened = Store::open(o.store);
    if (!opened) return fatal(opened.error());
    store = std::move(*opened);
    auto stored = store->all_listings();
    if (!stored) return fatal(stored.error());
    store_seq = stored->seq;
    stored_listings = load_stored_listings(stored->listings, validator, extra);
    std::cerr << "[index] " << stored->listings.size() << " listings from the store " << o.store << " (seq "
              << store_seq << ")\n";
  }
  BuildFinish finish;
  if (store) {
    finish = [&](Xapian::WritableDatabase& db) -> Status {
      auto later = store->listings_since(store_seq);
      if (!later) return later.error();
      int64_t seq = later->empty() ? store_seq : later->back().seq;
      SyncReport caught = apply_stored_listings(db, *later, seq, validator, contract->gazetteer, *vocabulary);
      for (const auto& w : caught.warnings) std::cerr << "warning: " << w << "\n";
      if (caught.applied > 0) std::cerr << "[index] " << caught.applied << " approved while building, applied\n";
      // Moderators' merge and split decisions: the store keeps them across rebuilds.
      if (Status s = apply_store_duplicate_links(db, *store); !s) return s;
      return Ok{};
    };
  }
  BuildInput input{*files, &validator, &extra.accepted, store ? &stored_listings : nullptr, o.data};
  LoadResult read;
  auto report = build_index(
      input, read, o.out, contract->gazetteer, *vocabulary,
      [](size_t done, size_t) { std::cerr << "[index] " << done << " documents\n"; }, finish, o.build);
  size_t rejected = read.rejected.size() + extra.rejected.size();
  for (const LoadResult* r : {&read, &extra}) {
    for (const auto& p : r->problems) std::cerr << format_problem(p) << "\n";
  }
  for (const LoadResult* r : {&read, &extra}) {
    for (const auto& rejected_listing : r->rejected) {
      // The id names a feed item's slug ("<feed id>-<slug>"), which the feed's own editors know.
      rapidjson::Document doc;
      std::string id = parse_json(rejected_listing.json, doc).ok() ? json::get_text(doc, "id") : "";
      std::cerr << "rejected: " << rejected_listing.file
                << (rejected_listing.path.empty() ? "" : ": " + rejected_listing.path)
                << (id.empty() ? "" : " (id " + id + ")") << "\n";
    }
  }
  if (!report) return fatal(report.error());
  const BuildTimings& t = report->timings;
  std::cerr << "[index] " << report->indexed << " listings indexed, " << rejected << " rejected; " << report->jobs
            << " threads, " << report->shards << " shards; CPU seconds (summed over threads): read " << t.read
            << ", parse and validate " << t.check << ", documents " << t.document << ", Xapian writes " << t.write
            << ", shard commits " << t.commit << "; wall seconds: merge " << t.merge << ", spelling, synonyms, duplicates and finish " << t.finish << "\n";
  for (const auto& w : report->warnings) std::cerr << "warning: " << w << "\n";
  std::cout << "indexed " << report->indexed << " listings into " << o.out << " ("
            << report->placed << " placed on the map, " << rejected << " rejected)\n";
  if (report->duplicates_hidden > 0) {
    std::cout << "duplicates: " << report->duplicates_hidden
              << " feed copies of meetings another listing already shows, hidden behind it\n";
  }
  return rejected == 0 && failed_feeds == 0 ? kExitOk : kExitSomeRejected;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cerr << kUsage;
    return argc < 2 ? kExitFatal : kExitOk;
  }
  std::string command = argv[1];
  if (command == "gazetteer" || command == "place") return run_gazetteer_command(argc, argv);
  if (command == "fetch") return feeds::run_fetch_command(argc, argv);
  if (command == "check-links") return links::run_check_links_command(argc, argv);
  Options options;
  if (!parse_options(argc, argv, options)) return kExitFatal;
  if (command == "validate") return run_validate(options);
  if (command == "build") return run_build(options);
  std::cerr << "kindred-index: unknown command \"" << command << "\"\n" << kUsage;
  return kExitFatal;
}
