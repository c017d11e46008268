// @brief See shard_pipeline.h. The threads share three things, each behind its own mutex:
// the reader (one chunk at a time), the turn (the id rule and the spelling words, applied
// chunk by chunk in source order, so the result is the one-thread build's), and the results.
#include "core/index/internal/shard_pipeline.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "core/index/index_document.h"

namespace kindred::internal {
namespace {

// The calling thread's CPU time: on a shared machine wall time mostly measures the others.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};

double since(double start) { return Clock::now() - start; }

// The next records in source order: file records (to check), a range of `more`, or the
// store's listings that replaced nothing (the last chunk).
struct Chunk {
  size_t number = 0;
  std::vector<ListingRecord> records;
  size_t more_begin = 0, more_end = 0;
  bool leftover_overrides = false;
};

std::string placement_warning(const LoadedListing& item) {
  const Location& loc = *item.listing.location;
  return item.source.file + ": " + item.listing.id + ": no place found for \"" + loc.locality + ", " + loc.region +
         "\"" + (loc.postal_code.empty() ? "" : " or postal code " + loc.postal_code) +
         "; it is indexed but will not appear in distance searches";
}

// `file` relative to `root` when it lies inside it ("listings/us-ca.json"); else as named.
std::string relative_to(const std::string& root, const std::string& file) {
  std::filesystem::path base = std::filesystem::path(root).lexically_normal();
  if (base.filename().empty()) base = base.parent_path();  // "data/" names "data"
  std::filesystem::path rel = std::filesystem::path(file).lexically_normal().lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return file;
  return rel.generic_string();
}

class Pipeline {
 public:
  Pipeline(const BuildInput& input, LoadResult& read, std::string shard_dir, const Gazetteer& gazetteer,
           const Vocabulary& vocabulary, const BuildOptions& options, const BuildProgress& progress)
      : input_(input), read_(read), shard_dir_(std::move(shard_dir)), gazetteer_(gazetteer),
        vocabulary_(vocabulary), chunk_(std::max<size_t>(1, options.chunk_listings)),
        commit_every_(std::max<size_t>(1, options.shard_commit_every)), progress_(progress),
        reader_(input.files) {
    if (input.overrides) {
      used_.assign(input.overrides->size(), false);
      for (size_t i = 0; i < input.overrides->size(); ++i) override_of_.emplace((*input.overrides)[i].listing.id, i);
    }
  }

  Expected<PipelineResult> run(unsigned jobs) {
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < jobs; ++i) threads.emplace_back([this] { work(); });
    work();  // this thread is one of the workers
    for (auto& t : threads) t.join();
    if (error_) return *error_;
    PipelineResult out;
    out.jobs = jobs;
    for (auto& [number, shard] : shards_) out.shards.push_back(std::move(shard));
    out.spelling = std::move(spelling_);
    out.timings = timings_;
    read_.files = reader_.files_opened();
    return out;
  }

 private:
  // Takes the next chunk; false when there is none or the build has failed.
  bool take(Chunk& chunk, double& read_seconds) {
    auto start = Clock::now();
    std::lock_guard<std::mutex> lock(input_mu_);
    if (failed_) return false;
    chunk.number = next_number_;
    if (!files_done_) {
      if (reader_.next(chunk_, chunk.records)) {
        ++next_number_;
        read_seconds += since(start);
        return true;
      }
      files_done_ = true;
    }
    size_t more = input_.more ? input_.more->size() : 0;
    if (more_pos_ < more) {
      chunk.more_begin = more_pos_;
      chunk.more_end = more_pos_ = std::min(more, more_pos_ + chunk_);
      ++next_number_;
      return true;
    }
    if (!leftovers_taken_ && input_.overrides) {
      leftovers_taken_ = true;
      chunk.leftover_overrides = true;
      ++next_number_;
      return true;
    }
    return false;
  }

  // A store listing with the same id stands where the accepted one would.
  const LoadedListing* resolve(const LoadedListing* item) {
    auto it = override_of_.find(item->listing.id);
    if (it == override_of_.end()) return item;
    used_[it->second] = true;
    return &(*input_.overrides)[it->second];
  }

  // The id rule and the spelling words for one chunk, in source order (called in turn).
  void file_in_order(Chunk& chunk, std::vector<CheckedListing>& checked, std::vector<LoadedListing>& owned,
                     std::vector<const LoadedListing*>& docs) {
    for (auto& c : checked) {
      if (auto accepted = file_checked(std::move(c), ids_, read_)) {
        owned.push_back(std::move(*accepted));  // reserved: pointers into it stay valid
        if (!input_.files_root.empty()) owned.back().source.file = relative_to(input_.files_root, owned.back().source.file);
        docs.push_back(resolve(&owned.back()));
      }
    }
    for (size_t i = chunk.more_begin; i < chunk.more_end; ++i) {
      const LoadedListing& item = (*input_.more)[i];
      if (auto problem = ids_.conflict(item.listing.id, item.source.path)) {
        read_.problems.push_back({item.source.file, std::move(*problem)});
        read_.rejected.push_back(item.source);
        continue;
      }
      ids_.accept(item.listing.id, item.source);
      docs.push_back(resolve(&item));
    }
    if (chunk.leftover_overrides) {
      for (size_t i = 0; i < used_.size(); ++i) {
        if (!used_[i]) docs.push_back(&(*input_.overrides)[i]);
      }
    }
    for (const LoadedListing* d : docs) {
      collect_spelling_words(d->listing.name, spelling_seen_, spelling_);
      collect_spelling_words(d->listing.organization_name, spelling_seen_, spelling_);
    }
  }

  Shard write_shard(size_t number, const std::vector<const LoadedListing*>& docs, Xapian::TermGenerator& tg,
                    BuildTimings& t) {
    char name[32];
    std::snprintf(name, sizeof name, "/%08zu", number);
    Shard shard;
    shard.path = shard_dir_ + name;
    // A shard is scratch: the merged generation is what must be durable, and a build
    // killed midway throws its shards away. So no fsync, and DB_DANGEROUS: Xapian updates
    // the shard's blocks in place instead of copying each changed block on commit, about
    // 4% of a build at a million listings (docs/architecture.md, "The build").
    const int flags = Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
    Xapian::WritableDatabase db(shard.path, flags);
    for (const LoadedListing* item : docs) {
      auto start = Clock::now();
      ComputedFields computed = compute_fields(item->listing, gazetteer_);
      if (item->listing.location) {
        if (computed.lat) {
          ++shard.placed;
        } else {
          shard.warnings.push_back(placement_warning(*item));
        }
      }
      Xapian::Document doc = make_document(*item, computed, vocabulary_, tg);
      auto made = Clock::now();
      db.add_document(doc);
      // Xapian keeps a writer's uncommitted changes in ordered maps (per term, per
      // document) whose every insert slows as they grow; committing every few hundred
      // documents keeps them small. At 100k listings (chunks of 10,000, two threads),
      // every 1,000 rather than once took Xapian's write time from 36.5 to 21.3
      // CPU-seconds and the peak from 376 to 163 MB. With jemalloc (indexer/CMakeLists.txt),
      // every 250 beat every 500 by about 2% and every 1,000 by 5%; every 100 lost again
      // (index_build.h). A shard is scratch (no fsync): a commit is cheap.
      if (++shard.indexed % commit_every_ == 0) db.commit();
      t.document += made - start;
      t.write += since(made);
      report_progress();
    }
    auto start = Clock::now();
    db.commit();
    db.close();
    t.commit += since(start);
    return shard;
  }

  void report_progress() {
    constexpr size_t kProgressEvery = 5000;
    size_t done = ++indexed_;
    if (!progress_ || done % kProgressEvery != 0) return;
    std::lock_guard<std::mutex> lock(progress_mu_);
    progress_(done, 0);
  }

  void work() {
    BuildTimings t;
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    try {
      Chunk chunk;
      while (take(chunk, t.read)) {
        auto start = Clock::now();
        std::vector<CheckedListing> checked;
        checked.reserve(chunk.records.size());
        for (auto& r : chunk.records) checked.push_back(check_record(std::move(r), *input_.validator));
        chunk.records.clear();
        t.check += since(start);

        std::vector<LoadedListing> owned;
        owned.reserve(checked.size());
        std::vector<const LoadedListing*> docs;
        {
          std::unique_lock<std::mutex> lock(turn_mu_);
          turn_cv_.wait(lock, [&] { return turn_ == chunk.number || failed_; });
          if (failed_) break;
          file_in_order(chunk, checked, owned, docs);
          ++turn_;
          turn_cv_.notify_all();
        }
        checked.clear();
        if (!docs.empty()) {
          Shard shard = write_shard(chunk.number, docs, tg, t);
          std::lock_guard<std::mutex> lock(result_mu_);
          shards_.emplace(chunk.number, std::move(shard));
        }
        chunk = Chunk{};
      }
    } catch (const Xapian::Error& e) {
      fail(make_error(ErrorCode::kIo, "writing a shard failed: " + e.get_description()));
    } catch (const std::exception& e) {
      fail(make_error(ErrorCode::kIo, std::string("building failed: ") + e.what()));
    }
    std::lock_guard<std::mutex> lock(result_mu_);
    timings_.read += t.read;
    timings_.check += t.check;
    timings_.document += t.document;
    timings_.write += t.write;
    timings_.commit += t.commit;
  }

  void fail(Error e) {
    {
      std::lock_guard<std::mutex> lock(result_mu_);
      if (!error_) error_ = std::move(e);
    }
    // Both flags' readers wait on these mutexes; set under them so no wait misses it.
    std::lock_guard<std::mutex> in(input_mu_);
    std::lock_guard<std::mutex> turn(turn_mu_);
    failed_ = true;
    turn_cv_.notify_all();
  }

  const BuildInput& input_;
  LoadResult& read_;
  const std::string shard_dir_;
  const Gazetteer& gazetteer_;
  const Vocabulary& vocabulary_;
  const size_t chunk_;
  const size_t commit_every_;
  const BuildProgress& progress_;

  std::mutex input_mu_;  // the reader and what comes after the files
  ListingReader reader_;
  bool files_done_ = false, leftovers_taken_ = false;
  size_t more_pos_ = 0, next_number_ = 0;

  std::mutex turn_mu_;  // everything applied in source order
  std::condition_variable turn_cv_;
  size_t turn_ = 0;
  bool failed_ = false;  // written under input_mu_ and turn_mu_ both
  UniqueIds ids_;
  std::unordered_map<std::string, size_t> override_of_;
  std::vector<bool> used_;
  std::unordered_set<std::string> spelling_seen_;
  std::vector<std::string> spelling_;

  std::mutex result_mu_;
  std::map<size_t, Shard> shards_;
  std::optional<Error> error_;
  BuildTimings timings_;

  std::mutex progress_mu_;
  std::atomic<size_t> indexed_{0};
};

}  // namespace

Expected<PipelineResult> run_shard_pipeline(const BuildInput& input, LoadResult& read, const std::string& shard_dir,
                                            const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                            const BuildOptions& options, const BuildProgress& progress) {
  if (!input.files.empty() && !input.validator) {
    return make_error(ErrorCode::kInvalidArgument, "a build that reads files needs a validator");
  }
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  Pipeline pipeline(input, read, shard_dir, gazetteer, vocabulary, options, progress);
  return pipeline.run(jobs);
}

}  // namespace kindred::internal
