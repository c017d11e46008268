// @brief Full index build into a fresh generation, then an atomic publish.
#include "core/index/index_build.h"

#include <cctype>
#include <filesystem>
#include <unordered_set>

#include <xapian.h>

#include "core/base/text_fold.h"
#include "core/index/duplicate_index.h"
#include "core/index/index_document.h"
#include "core/index/index_schema.h"
#include "core/index/index_store.h"

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

Expected<BuildReport> build_index(const LoadResult& loaded, const std::string& index_path,
                                  const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                  const BuildProgress& progress, const BuildFinish& finish) {
  if (loaded.accepted.empty() && !loaded.rejected.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "every listing was rejected; the previous index is left as it was");
  }
  IndexStore store(index_path);
  if (Status s = store.lock(); !s) return s.error();
  auto generation = store.new_generation();
  if (!generation) return generation.error();

  BuildReport report;
  report.generation = *generation;
  auto fail = [&](Error e) {
    std::error_code ec;
    std::filesystem::remove_all(*generation, ec);
    return e;
  };
  const size_t total = loaded.accepted.size();
  constexpr size_t kProgressEvery = 5000;
  try {
    Xapian::WritableDatabase db(*generation, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    // Spelling data comes from the vocabulary and from names (add_spelling_words), not
    // from every indexed word: at a million listings TermGenerator's FLAG_SPELLING grew
    // the spelling table until the build failed ("DatabaseCorruptError: Too few chunks
    // of compressed data" at 425k documents), and it cost ~15% of build time.
    std::unordered_set<std::string> spelling_seen;
    for (size_t i = 0; i < total; ++i) {
      const LoadedListing& item = loaded.accepted[i];
      ComputedFields computed = compute_fields(item.listing, gazetteer);
      if (item.listing.location) {
        if (computed.lat) {
          ++report.placed;
        } else {
          const Location& loc = *item.listing.location;
          report.warnings.push_back(item.source.file + ": " + item.listing.id + ": no place found for \"" +
                                    loc.locality + ", " + loc.region + "\"" +
                                    (loc.postal_code.empty() ? "" : " or postal code " + loc.postal_code) +
                                    "; it is indexed but will not appear in distance searches");
        }
      }
      db.add_document(make_document(item, computed, vocabulary, tg));
      add_spelling_words(db, item.listing.name, spelling_seen);
      add_spelling_words(db, item.listing.organization_name, spelling_seen);
      ++report.indexed;
      if (progress && (i + 1) % kProgressEvery == 0) progress(i + 1, total);
    }
    add_vocabulary_terms(db, vocabulary);
    db.set_metadata("kindred:format", "1");
    db.commit();
    // Two feeds' copies of one meeting: one shown, the others hidden behind it (committed
    // first, so the regrouping reads every document through the posting lists).
    reconcile_duplicates(db, all_name_keys(db));
    db.commit();
    if (progress) progress(total, total);
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
    // Not fail(): once the stub may name the generation, it must not be removed.
    if (Status s = store.publish(*generation); !s) return s.error();
  } catch (const Xapian::Error& e) {
    return fail(make_error(ErrorCode::kIo, index_path + ": building the index failed: " + e.get_description()));
  }
  return report;
}

}  // namespace kindred
