// @brief `kindred-index fetch` and `build --feeds` (see feeds_cmd.h).
#include "indexer/feeds_cmd.h"

#include <iostream>

#include "core/interop/feed_config.h"
#include "core/interop/meeting_guide.h"
#include "indexer/feeds.h"

namespace kindred::feeds {
namespace {

constexpr int kExitOk = 0, kExitFatal = 1, kExitSomeFailed = 2;

struct Loaded {
  std::vector<FeedSpec> feeds;
  MeetingGuideTypes types;
};

Expected<Loaded> load(const std::string& feeds_file, const std::string& types_file) {
  auto feeds = load_feeds(feeds_file);
  if (!feeds) return feeds.error();
  auto types = MeetingGuideTypes::load(types_file);
  if (!types) return types.error();
  return Loaded{std::move(*feeds), std::move(*types)};
}

size_t report(const std::vector<FeedOutcome>& outcomes) {
  size_t failed = 0;
  for (const auto& o : outcomes) {
    std::cerr << describe(o) << "\n";
    failed += o.state == FeedState::kFailed || o.state == FeedState::kHeld;
  }
  return failed;
}

void print_error(const Error& e) {
  std::cerr << "kindred-index: " << e.message << "\n";
  for (const auto& d : e.details) std::cerr << "  " << d.path << ": " << d.message << "\n";
}

}  // namespace

int run_fetch_command(int argc, char** argv) {
  BuildFeeds o;
  std::string gazetteer_path = "var/gazetteer/gazetteer.bin";
  RefreshOptions refresh;
  refresh.hold_drops = true;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--feeds") ok = value(o.feeds_file);
    else if (a == "--cache") ok = value(o.cache_dir);
    else if (a == "--types") ok = value(o.types_file);
    else if (a == "--gazetteer") ok = value(gazetteer_path);
    else if (a == "--force") refresh.force = true;
    else if (a == "--accept-drops") refresh.hold_drops = false;
    else ok = false;
    if (!ok) {
      std::cerr << "usage: kindred-index fetch --feeds FILE [--cache DIR] [--force] [--accept-drops] [--types FILE]\n"
                   "                           [--gazetteer FILE]\n";
      return kExitFatal;
    }
  }
  if (o.feeds_file.empty()) o.feeds_file = "data/feeds.json";
  auto loaded = load(o.feeds_file, o.types_file);
  if (!loaded) return print_error(loaded.error()), kExitFatal;
  auto gazetteer = Gazetteer::open(gazetteer_path);
  if (!gazetteer) return print_error(gazetteer.error()), kExitFatal;
  ImportContext context{*gazetteer, &loaded->types, "", latest_date_on_earth(refresh.now)};
  size_t failed = report(refresh_feeds(loaded->feeds, FeedCache(o.cache_dir), refresh, context));
  return failed ? kExitSomeFailed : kExitOk;
}

Expected<size_t> add_feeds_to_build(const BuildFeeds& options, const Gazetteer& gazetteer,
                                    const ListingValidator& validator, LoadResult& into) {
  auto loaded = load(options.feeds_file, options.types_file);
  if (!loaded) return loaded.error();
  RefreshOptions refresh;
  refresh.hold_drops = true;  // a shrunken feed waits for `fetch --accept-drops`
  ImportContext context{gazetteer, &loaded->types, "", latest_date_on_earth(refresh.now)};
  FeedCache cache(options.cache_dir);
  size_t failed = report(refresh_feeds(loaded->feeds, cache, refresh, context));
  for (const auto& line : include_feeds(loaded->feeds, cache, context, validator, into)) std::cerr << line << "\n";
  return failed;
}

}  // namespace kindred::feeds
