// @brief Full index build into a fresh generation, then an atomic publish.
#include "core/index/index_build.h"

#include <cctype>
#include <chrono>
#include <filesystem>

#include <xapian.h>

#include "core/base/text_fold.h"
#include "core/index/duplicate_index.h"
#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"
#include "core/index/internal/shard_pipeline.h"

namespace kindred {
namespace {

// Synonyms for the QueryParser: every word people type for a facet value, its label and
// its own name lead to the value's term ("skin picking" -> XTbfrb). Single words are
// stored both as typed and in the stemmed "Z" form the parser looks up with STEM_SOME;
// phrases as their lower-case words joined by one space (FLAG_AUTO_MULTIWORD_SYNONYMS).
// The same words go into the spelling dictionary so "bipoler" can become "bipolar".
// Phrases are folded like the text and the queries ("depresión" is stored as "depresion").
// Single words get their English-stemmed key only: every query is also parsed with the
// English stemmer (search_text.h), which reaches "duelo" and "deuil" through it, while
// Spanish or French keys would collide with English words ("bipoler" and Spanish
// "bipolar" both stem to "bipol").
void add_vocabulary_terms(Xapian::WritableDatabase& db, const Vocabulary& vocabulary) {
  Xapian::Stem stem("english");
  auto add = [&](std::string phrase, const std::string& target) {
    phrase = fold_accents(phrase);
    for (auto& c : phrase) c = (c == '-') ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (phrase.find_first_not_of(' ') == std::string::npos) return;
    if (phrase.find(' ') == std::string::npos) {
      db.add_synonym(phrase, target);
      db.add_synonym("Z" + stem(phrase), target);
      db.add_spelling(phrase);
    } else {
      db.add_synonym(phrase, target);
      size_t start = 0;
      while (start < phrase.size()) {
        size_t end = phrase.find(' ', start);
        if (end == std::string::npos) end = phrase.size();
        if (end - start > 3) db.add_spelling(phrase.substr(start, end - start));
        start = end + 1;
      }
    }
  };
  for (const Facet& facet : vocabulary.facets()) {
    std::string_view prefix = schema::facet_prefix(facet.name);
    if (prefix.empty() || facet.computed) continue;
    for (const VocabularyValue& v : facet.values) {
      std::string target = schema::term(prefix, v.value);
      add(v.value, target);
      add(v.label, target);
      for (const auto& [language, label] : v.labels) add(label, target);
      for (const auto& s : v.synonyms) add(s, target);
    }
  }
}

}  // namespace

Expected<BuildReport> build_index(const BuildInput& input, LoadResult& read, const std::string& index_path,
                                  const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                  const BuildProgress& progress, const BuildFinish& finish,
                                  const BuildOptions& options) {
  using Clock = std::chrono::steady_clock;
  IndexStore store(index_path);
  if (Status s = store.lock(); !s) return s.error();
  auto generation = store.new_generation();
  if (!generation) return generation.error();
  // The shards sit beside the generation in the generations directory, so whatever a
  // killed build leaves there is removed by the next one (IndexStore::new_generation).
  const std::string shard_dir = *generation + ".shards";

  BuildReport report;
  report.generation = *generation;
  auto fail = [&](Error e) {
    std::error_code ec;
    std::filesystem::remove_all(shard_dir, ec);
    std::filesystem::remove_all(*generation, ec);
    return e;
  };
  std::error_code ec;
  std::filesystem::create_directory(shard_dir, ec);
  if (ec) return fail(make_error(ErrorCode::kIo, shard_dir + ": " + ec.message()));
  auto pipeline = internal::run_shard_pipeline(input, read, shard_dir, gazetteer, vocabulary, options, progress);
  if (!pipeline) return fail(pipeline.error());
  report.timings = pipeline->timings;
  report.jobs = pipeline->jobs;
  for (auto& shard : pipeline->shards) {
    report.indexed += shard.indexed;
    report.placed += shard.placed;
    for (auto& w : shard.warnings) report.warnings.push_back(std::move(w));
    shard.warnings.clear();
  }
  report.shards = pipeline->shards.size();
  if (report.indexed == 0 && !read.rejected.empty()) {
    return fail(make_error(ErrorCode::kInvalidArgument,
                           "every listing was rejected; the previous index is left as it was"));
  }
  try {
    // The shards hold consecutive runs of the documents in source order; compact() numbers
    // each source's documents after the previous one's, so every docid (the order of equal
    // relevance) is the one a one-thread build gives.
    auto start = Clock::now();
    if (pipeline->shards.empty()) {
      Xapian::WritableDatabase(*generation, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS).commit();
    } else {
      Xapian::Database all;
      for (const auto& shard : pipeline->shards) all.add_database(Xapian::Database(shard.path));
      std::filesystem::remove(*generation, ec);  // compact() makes the directory itself
      all.compact(*generation);
    }
    std::filesystem::remove_all(shard_dir, ec);
    report.timings.merge = std::chrono::duration<double>(Clock::now() - start).count();

    start = Clock::now();
    Xapian::WritableDatabase db(*generation, Xapian::DB_OPEN);
    // Spelling data comes from the vocabulary and from names (collect_spelling_words), not
    // from every indexed word: at a million listings TermGenerator's FLAG_SPELLING grew
    // the spelling table until the build failed ("DatabaseCorruptError: Too few chunks
    // of compressed data" at 425k documents), and it cost ~15% of build time.
    for (const auto& word : pipeline->spelling) db.add_spelling(word);
    pipeline->spelling = {};
    add_vocabulary_terms(db, vocabulary);
    db.set_metadata("kindred:format", "1");
    db.commit();
    // Two feeds' copies of one meeting: one shown, the others hidden behind it (committed
    // first, so the regrouping reads every document through the posting lists).
    reconcile_duplicates(db, all_name_keys(db));
    db.commit();
    if (progress) progress(report.indexed, report.indexed);
    // From here to the publish, no incremental update may touch the live generation:
    // whatever `finish` applies, and everything applied before, is in the new one.
    auto write_lock = IndexStore::lock_writes(index_path);
    if (!write_lock) return fail(write_lock.error());
    if (finish) {
      if (Status s = finish(db); !s) return fail(s.error());
      db.commit();
    }
    report.duplicates_hidden = hidden_duplicates(db);
    db.close();
    report.timings.finish = std::chrono::duration<double>(Clock::now() - start).count();
    // Not fail(): once the stub may name the generation, it must not be removed.
    if (Status s = store.publish(*generation); !s) return s.error();
  } catch (const Xapian::Error& e) {
    return fail(make_error(ErrorCode::kIo, index_path + ": building the index failed: " + e.get_description()));
  }
  return report;
}

Expected<BuildReport> build_index(const LoadResult& loaded, const std::string& index_path,
                                  const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                  const BuildProgress& progress, const BuildFinish& finish,
                                  const BuildOptions& options) {
  if (loaded.accepted.empty() && !loaded.rejected.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "every listing was rejected; the previous index is left as it was");
  }
  BuildInput input;
  input.more = &loaded.accepted;
  LoadResult read;  // the listings were read and checked already
  return build_index(input, read, index_path, gazetteer, vocabulary, progress, finish, options);
}

}  // namespace kindred
