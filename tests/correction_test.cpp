// @brief The speller over the real fixture index and vocabulary: what it corrects, what it
// never touches (vocabulary words, protected identity terms, words being typed), and that
// the vocabulary's "protected" flag is read.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <xapian.h>

#include "core/search/correction.h"
#include "tests/search_support.h"
#include "tests/test_support.h"

using namespace kindred;

TEST_CASE("correction: misspelt words become the nearest known word", "[correction]") {
  Speller speller(test::vocabulary());
  Xapian::Database db(test::fixture_index());
  auto fix = [&](const std::string& q) { return speller.correct(q, db, "gen"); };
  CHECK(fix("bipoler ") == std::optional<std::string>("bipolar "));
  CHECK(fix("Bipolr group") == std::optional<std::string>("bipolar group"));  // case of others kept
  CHECK(fix("anxeity ") == std::optional<std::string>("anxiety "));
  CHECK(fix("depresssion ") == std::optional<std::string>("depression "));
  CHECK_FALSE(fix("depresion "));  // Spanish for depression (a vocabulary word), not a typo
  // Vocabulary words are never changed, even where the index lacks them.
  for (const char* q : {"queer", "manic depression", "mood disorder", "two-spirit", "lgbtq+", "vets", "carers"}) {
    INFO(q);
    CHECK_FALSE(fix(q));
  }
  // Protected words are never targets; nearest to one, nothing is offered.
  CHECK_FALSE(fix("qeer "));
  CHECK_FALSE(fix("lesbain "));
  // Short words, operators, other scripts and digits are left alone.
  CHECK_FALSE(fix("xyz "));
  CHECK_FALSE(fix("bipolar AND anxiety OR NOT "));
  CHECK(fix("bipolar NOT depresssion ") == std::optional<std::string>("bipolar NOT depression "));
  CHECK_FALSE(fix("抑郁症 "));
  CHECK_FALSE(fix("депресия "));  // other scripts: never
  // Accents are folded before the look-up, and the index is folded too: Spanish and
  // French spellings of a known word are searched as they are, not corrected.
  CHECK_FALSE(fix("Depresión "));
  CHECK_FALSE(fix("dépression "));
  CHECK_FALSE(fix("Bipólar group"));
  CHECK(fix("Bipóler group") == std::optional<std::string>("bipolar group"));
  CHECK_FALSE(fix("français "));  // a vocabulary word once folded
  CHECK_FALSE(fix("bipoler2 "));
  // The word being typed is a prefix, not a typo.
  CHECK_FALSE(fix("bipo"));
  CHECK_FALSE(fix("hearing voi"));
}

TEST_CASE("correction: the community facet is protected in the shipped vocabulary", "[correction]") {
  const Facet* community = test::vocabulary().facet("community");
  REQUIRE(community);
  CHECK(community->protected_terms);
  CHECK_FALSE(test::vocabulary().facet("topic")->protected_terms);
  Speller speller(test::vocabulary());
  for (const char* w : {"queer", "gay", "lesbian", "bi", "trans", "nonbinary", "two", "spirit", "bipoc", "veterans"}) {
    INFO(w);
    CHECK(speller.is_protected(w));
  }
  CHECK_FALSE(speller.is_protected("peer"));
  CHECK_FALSE(speller.is_protected("college"));  // also a kind of support: an ordinary word
  CHECK(speller.is_vocabulary_word("mood"));
  CHECK(speller.is_vocabulary_word("manic"));
}

// kindred-serve corrects on every searcher thread at once, each with its own Speller and
// database. They once shared one stemmer, whose work buffer two threads then wrote
// together: wrong words, "stemming exception!", or a crash under load. Two threads here
// must give exactly what one gives (and ThreadSanitizer, scripts/test-sanitizers tsan,
// reports any shared write the race needs).
TEST_CASE("correction: spellers on two threads answer as one does", "[correction][threads]") {
  const std::vector<std::string> queries = {"bipoler ", "anxeity ", "depresssion ", "psyhcosis ", "truama group ",
                                            "Bipolr group", "hearing voises "};
  std::vector<std::optional<std::string>> expected;
  {
    Speller speller(test::vocabulary());
    Xapian::Database db(test::fixture_index());
    for (const auto& q : queries) expected.push_back(speller.correct(q, db, "gen"));
  }
  constexpr int kRounds = 4000;
  std::atomic<int> wrong{0}, failed{0};
  auto work = [&] {
    try {
      Speller speller(test::vocabulary());
      Xapian::Database db(test::fixture_index());
      for (int round = 0; round < kRounds; ++round) {
        for (size_t i = 0; i < queries.size(); ++i) {
          if (speller.correct(queries[i], db, "gen") != expected[i]) ++wrong;
        }
      }
    } catch (const std::exception&) {
      ++failed;
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  CHECK(wrong == 0);
  CHECK(failed == 0);
  CHECK(expected[0] == std::optional<std::string>("bipolar "));
}
