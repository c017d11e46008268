// @brief kindred-serve: the v1 HTTP API and the page, over one live index. A thin main:
// options, the shared read-only data, signals; everything else is in server/ and core/.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <iostream>
#include <string>
#include <thread>

#include "core/geo/gazetteer.h"
#include "core/index/index_snapshot.h"
#include "core/interop/feed_config.h"
#include "core/interop/meeting_guide.h"
#include "core/listing/schema_check.h"
#include "core/listing/validate.h"
#include "core/listing/vocabulary.h"
#include "core/moderation/moderation.h"
#include "core/search/crisis.h"
#include "core/store/store.h"
#include "server/api.h"
#include "server/fatal_signal.h"
#include "server/feed_refresher.h"
#include "server/http_server.h"
#include "server/ready_notify.h"

namespace {

using namespace kindred;

const char* kUsage =
    "usage: kindred-serve --index INDEX --port N [options]\n"
    "  --host ADDRESS       address to bind (default 127.0.0.1; put a TLS proxy such as nginx in front)\n"
    "  --threads N          worker threads (default: two per core)\n"
    "  --web DIR            the page's files (default: web)\n"
    "  --gazetteer FILE     compiled gazetteer (default: var/gazetteer/gazetteer.bin)\n"
    "  --vocabulary FILE    vocabularies (default: data/vocabulary.json)\n"
    "  --meeting-guide-types FILE\n"
    "                       type codes for the Meeting Guide export (default: data/meeting-guide-types.json;\n"
    "                       without it the export carries no type codes)\n"
    "  --crisis-phrases FILE  phrases that flag a search as crisis (default: crisis-phrases.json\n"
    "                       beside the vocabulary file, data/crisis-phrases.json)\n"
    "  --store FILE         enable submissions, moderation and reports, recorded in this SQLite\n"
    "                       file (created if needed; e.g. var/kindred.db)\n"
    "  --schema FILE        listing schema for submissions (default: data/schema/kindred-1.schema.json)\n"
    "  --hide-unverified-after-months N\n"
    "                       leave listings verified longer ago out of search (default 0: never)\n"
    "  --submission-rate N  changes per minute per token (default 30)\n"
    "  --report-rate N      public reports per minute per client (default 2, bursts of 5)\n"
    "  --suggestion-rate N  public suggestions per minute per client (default 2, bursts of 5)\n"
    "  --link-status FILE   link checker verdicts (kindred-index check-links --out FILE)\n"
    "  --feeds FILE         refresh these feeds (data/feeds.json format) every refresh_minutes on a\n"
    "                       background thread, applying changes to the live index in place; status at\n"
    "                       GET /api/v1/feeds (moderators; needs --store) and on /metrics\n"
    "  --feed-cache DIR     the feeds' last good copies (default: var/feeds, as kindred-index uses)\n"
    "  --feed-refresh-seconds N\n"
    "                       refresh every feed every N seconds instead of its refresh_minutes (tests, demos)\n"
    "  --replica-of URL     serve as a read replica of the primary at URL: INDEX is kept by xapian-replicate,\n"
    "                       writes are answered 421 naming URL (no --store or --feeds; docs/operations.md)\n";

struct Options {
  std::string index, web = "web", gazetteer = "var/gazetteer/gazetteer.bin", vocabulary = "data/vocabulary.json";
  std::string store, schema = "data/schema/kindred-1.schema.json";
  std::string meeting_guide_types = "data/meeting-guide-types.json";
  bool meeting_guide_types_given = false;
  std::string link_status, crisis_phrases;  // crisis_phrases "": beside the vocabulary
  std::string feeds, feed_cache = "var/feeds";
  int feed_refresh_seconds = 0;
  http::ServerOptions server;
  http::ApiOptions api;
  http::WriteLimits limits;
  bool port_given = false;
};

bool parse_count(const std::string& text, unsigned long max, unsigned long& out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::stoul(text);
  return out <= max;
}

bool parse_options(int argc, char** argv, Options& o) {
  unsigned hw = std::thread::hardware_concurrency();
  // Two per core: a search holds its thread for milliseconds, and a connection belongs to
  // one thread, so with one per core a request can wait behind its thread's search while
  // the other core is idle. With two the kernel shares the cores between the threads that
  // have work (docs/architecture.md, "Where a search's time goes").
  o.server.threads = hw > 0 ? 2 * hw : 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "kindred-serve: " << a << " needs a value\n";
      return false;
    }
    std::string v = argv[++i];
    unsigned long n = 0;
    if (a == "--index") {
      o.index = v;
    } else if (a == "--port") {
      if (!parse_count(v, 65535, n)) {
        std::cerr << "kindred-serve: --port must be 0..65535\n";
        return false;
      }
      o.server.port = static_cast<uint16_t>(n);
      o.port_given = true;
    } else if (a == "--threads") {
      if (!parse_count(v, 1024, n) || n == 0) {
        std::cerr << "kindred-serve: --threads must be 1..1024\n";
        return false;
      }
      o.server.threads = n;
    } else if (a == "--host") {
      o.server.host = v;
    } else if (a == "--web") {
      o.web = v;
    } else if (a == "--gazetteer") {
      o.gazetteer = v;
    } else if (a == "--vocabulary") {
      o.vocabulary = v;
    } else if (a == "--store") {
      o.store = v;
    } else if (a == "--schema") {
      o.schema = v;
    } else if (a == "--meeting-guide-types") {
      o.meeting_guide_types = v;
      o.meeting_guide_types_given = true;
    } else if (a == "--crisis-phrases") {
      o.crisis_phrases = v;
    } else if (a == "--hide-unverified-after-months") {
      if (!parse_count(v, 1200, n)) {
        std::cerr << "kindred-serve: --hide-unverified-after-months must be 0..1200\n";
        return false;
      }
      o.api.hide_unverified_after_months = static_cast<int>(n);
    } else if (a == "--submission-rate" || a == "--report-rate" || a == "--suggestion-rate") {
      if (!parse_count(v, 1000000, n) || n == 0) {
        std::cerr << "kindred-serve: " << a << " must be 1..1000000\n";
        return false;
      }
      if (a == "--submission-rate") {
        o.limits.submissions_per_minute = o.limits.submissions_burst = static_cast<double>(n);
      } else if (a == "--report-rate") {
        o.limits.reports_per_minute = static_cast<double>(n);
        o.limits.reports_burst = std::max(5.0, static_cast<double>(n));
      } else {
        o.limits.suggestions_per_minute = static_cast<double>(n);
        o.limits.suggestions_burst = std::max(5.0, static_cast<double>(n));
      }
    } else if (a == "--link-status") {
      o.link_status = v;
    } else if (a == "--feeds") {
      o.feeds = v;
    } else if (a == "--feed-cache") {
      o.feed_cache = v;
    } else if (a == "--feed-refresh-seconds") {
      if (!parse_count(v, 86400 * 7, n) || n == 0) {
        std::cerr << "kindred-serve: --feed-refresh-seconds must be 1..604800\n";
        return false;
      }
      o.feed_refresh_seconds = static_cast<int>(n);
    } else if (a == "--replica-of") {
      if (v.empty()) {
        std::cerr << "kindred-serve: --replica-of needs the primary's address\n";
        return false;
      }
      o.api.primary = v;
    } else {
      std::cerr << "kindred-serve: unknown option " << a << "\n";
      return false;
    }
  }
  if (o.index.empty() || !o.port_given) {
    std::cerr << "kindred-serve: --index and --port are required\n";
    return false;
  }
  if (!o.api.primary.empty() && (!o.store.empty() || !o.feeds.empty())) {
    std::cerr << "kindred-serve: --replica-of cannot take --store or --feeds: only the primary writes\n";
    return false;
  }
  return true;
}

int fail(const std::string& message) {
  std::cerr << "kindred-serve: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_options(argc, argv, o)) {
    std::cerr << kUsage;
    return 1;
  }
  auto vocabulary = Vocabulary::load(o.vocabulary);
  if (!vocabulary) return fail(vocabulary.error().message);
  if (o.crisis_phrases.empty()) {
    // The two lists are data of one kind and travel together.
    auto slash = o.vocabulary.rfind('/');
    o.crisis_phrases = (slash == std::string::npos ? std::string() : o.vocabulary.substr(0, slash + 1)) + "crisis-phrases.json";
  }
  auto crisis = CrisisPhrases::load(o.crisis_phrases);
  if (!crisis) return fail(crisis.error().message);
  o.api.crisis_phrases = &*crisis;
  auto gazetteer = Gazetteer::open(o.gazetteer);
  if (!gazetteer) return fail(gazetteer.error().message);
  // Only the Meeting Guide export's type codes need it: a missing default is a warning.
  auto mg_types = MeetingGuideTypes::load(o.meeting_guide_types);
  if (mg_types) {
    o.api.meeting_guide_types = &*mg_types;
  } else if (o.meeting_guide_types_given) {
    return fail(mg_types.error().message);
  } else {
    std::cerr << "kindred-serve: warning: " << mg_types.error().message
              << "; the Meeting Guide export carries no type codes\n";
  }
  LiveIndex index(o.index);
  uint64_t listings = 0;
  {
    auto snapshot = index.current();
    if (!snapshot) return fail(snapshot.error().message);
    listings = (*snapshot)->findable().count();
  }

  // Pistache's threads inherit this mask, so SIGTERM/SIGINT reach only sigwait() below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server
  http::report_fatal_signals("kindred-serve");  // a crash leaves its stack in the log

  // Submissions: the store, the validator the indexer uses, and the moderation workflow.
  std::unique_ptr<Store> store;
  std::optional<SchemaChecker> schema;
  std::unique_ptr<ListingValidator> validator;
  std::unique_ptr<Moderation> moderation;
  std::unique_ptr<http::WriteApi> writes;
  if (!o.store.empty() || !o.feeds.empty()) {
    auto loaded = SchemaChecker::load(o.schema);
    if (!loaded) return fail(loaded.error().message);
    schema.emplace(std::move(*loaded));
    validator = std::make_unique<ListingValidator>(*schema, *gazetteer);
  }
  if (!o.store.empty()) {
    auto opened = Store::open(o.store);
    if (!opened) return fail(opened.error().message);
    store = std::move(*opened);
    moderation = std::make_unique<Moderation>(*store, o.index, *validator, *gazetteer, *vocabulary);
    writes = std::make_unique<http::WriteApi>(*moderation, o.limits);
    // The store is the record: whatever the index lacks (an approval whose sync a kill
    // interrupted, or a rebuild without --store) is applied before we answer anyone.
    auto synced = moderation->sync();
    if (!synced) return fail(synced.error().message);
    for (const auto& w : synced->warnings) std::cerr << "kindred-serve: warning: " << w << "\n";
    std::cout << "kindred-serve: store " << o.store << " (index at seq " << synced->seq << ", "
              << synced->applied << " applied now)" << std::endl;
  }

  // Feeds: fetched and applied on their own thread; handlers only read the status.
  std::unique_ptr<http::FeedRefresher> refresher;
  if (!o.feeds.empty()) {
    auto specs = load_feeds(o.feeds);
    if (!specs) {
      fail(specs.error().message);
      for (const auto& d : specs.error().details) std::cerr << "  " << d.path << ": " << d.message << "\n";
      return 1;
    }
    if (!mg_types) return fail("--feeds needs the Meeting Guide type table: " + mg_types.error().message);
    http::FeedRefresherOptions feed_options;
    feed_options.index_path = o.index;
    feed_options.cache_dir = o.feed_cache;
    feed_options.refresh_seconds = o.feed_refresh_seconds;
    feed_options.fetch.user_agent = "kindred-serve/1 (peer-support directory; feed refresher)";
    refresher = std::make_unique<http::FeedRefresher>(std::move(*specs), feed_options, *gazetteer, *vocabulary,
                                                      *validator, &*mg_types);
    o.api.feeds = refresher.get();
  }

  http::Api api(index, *vocabulary, *gazetteer, o.web, writes.get(), o.api);
  if (!o.link_status.empty()) {
    auto links = http::LinkStatusTable::load(o.link_status);
    if (!links) return fail(links.error().message);
    api.set_link_status(std::make_shared<const http::LinkStatusTable>(std::move(*links)));
  }
  if (api.static_files().root().empty()) {
    std::cerr << "kindred-serve: warning: web directory " << o.web << " not found; only the API is served\n";
  }
  auto server = http::HttpServer::start(api, o.server);
  if (!server) return fail(server.error().message);
  std::cout << "kindred-serve: listening on http://" << o.server.host << ":" << (*server)->port() << " ("
            << listings << " listings, " << o.server.threads << " threads"
            << (o.api.primary.empty() ? "" : ", read replica of " + o.api.primary) << ")"
            << std::endl;
  if (!http::notify_ready()) std::cerr << "kindred-serve: warning: could not tell systemd we are ready" << std::endl;

  // A full rebuild may publish a generation that lacks recent approvals (built without
  // --store, or from an older store state); a cheap periodic sync puts them back.
  std::mutex sync_mu;
  std::condition_variable sync_cv;
  bool stopping = false;
  std::thread syncer;
  if (moderation) {
    syncer = std::thread([&] {
      std::unique_lock<std::mutex> lock(sync_mu);
      while (!sync_cv.wait_for(lock, std::chrono::seconds(2), [&] { return stopping; })) {
        lock.unlock();
        auto synced = moderation->sync();
        if (!synced) {
          std::cerr << "kindred-serve: index sync: " << synced.error().message << std::endl;
        } else if (synced->applied > 0) {
          std::cout << "kindred-serve: index sync applied " << synced->applied << " listing(s)" << std::endl;
        }
        lock.lock();
      }
    });
  }

  if (refresher) {
    refresher->start();
    std::cout << "kindred-serve: refreshing the feeds of " << o.feeds << " in the background" << std::endl;
  }

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  if (refresher) refresher->stop();
  if (syncer.joinable()) {
    {
      std::lock_guard<std::mutex> lock(sync_mu);
      stopping = true;
    }
    sync_cv.notify_all();
    syncer.join();
  }
  std::cout << "kindred-serve: stopping (" << (signal_number == SIGINT ? "SIGINT" : "SIGTERM") << ")" << std::endl;
  (*server)->shutdown();
  std::cout << "kindred-serve: stopped" << std::endl;
  return 0;
}
