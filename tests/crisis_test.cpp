// @brief Crisis words: folding, the phrase file's checks, and matching with its variants
// (case, accents, punctuation, stretched letters, one-letter typos) and its non-matches.
#include <catch2/catch.hpp>

#include "core/search/crisis.h"
#include "core/base/text_fold.h"
#include "tests/test_support.h"

using namespace kindred;

TEST_CASE("fold: case, accents, apostrophes and punctuation are set aside", "[crisis][fold]") {
  using V = std::vector<std::string>;
  CHECK(folded_words("Suicídio, DON'T  self-harm!") == V{"suicidio", "dont", "self", "harm"});
  CHECK(folded_words("Idées SUICIDAIRES; ÇA, œuvre, straße") == V{"idees", "suicidaires", "ca", "oeuvre", "strasse"});
  CHECK(folded_words("don\u2019t") == V{"dont"});
  CHECK(folded_words("抑郁症 депрессия") == V{"抑郁症", "депрессия"});  // other scripts kept as typed
  CHECK(folded_words("\xFF\xFEok").size() == 1);                       // invalid bytes break words
  CHECK(folded_words("").empty());
  CHECK(squeeze_repeats("dieeee") == "die");
  CHECK(squeeze_repeats("allee") == "allee");  // doubles stay
  CHECK(edit_distance("anxeity", "anxiety", 2) == 1);  // a swap is one edit
  CHECK(edit_distance("depresion", "depression", 2) == 1);
  CHECK(edit_distance("queer", "peer", 2) == 2);
  CHECK(edit_distance("abc", "xyzxyz", 2) == 3);  // more than the limit: limit + 1
}

TEST_CASE("within_one_edit agrees with edit_distance(a, b, 1) <= 1", "[crisis][fold]") {
  CHECK(within_one_edit("anxeity", "anxiety"));
  CHECK(within_one_edit("suicde", "suicide"));
  CHECK(within_one_edit("suicide", "suicides"));
  CHECK(within_one_edit("", "a"));
  CHECK_FALSE(within_one_edit("queer", "peer"));
  CHECK_FALSE(within_one_edit("abcd", "badc"));  // two swaps
  // Every pair of short words over a small alphabet, where one-edit neighbours are dense.
  std::vector<std::string> words{""};
  for (size_t n = 0, from = 0; n < 4; ++n) {
    size_t to = words.size();
    for (size_t i = from; i < to; ++i) {
      for (char c : {'a', 'b', 'c'}) words.push_back(words[i] + c);
    }
    from = to;
  }
  size_t near = 0;
  for (const auto& a : words) {
    for (const auto& b : words) {
      const bool expected = edit_distance(a, b, 1) <= 1;
      near += expected;
      if (within_one_edit(a, b) != expected) FAIL_CHECK("\"" << a << "\" and \"" << b << "\"");
    }
  }
  CHECK(words.size() == 121);
  CHECK(near > 1000);
}

TEST_CASE("crisis: the shipped list loads, in English, Spanish and French", "[crisis]") {
  const CrisisPhrases& c = test::crisis_phrases();
  CHECK(c.size() >= 80);
  for (const char* q : {"suicide", "Suicidal", "kill myself", "I want to kill myself", "want to die", "wanna dieeee",
                        "self harm tonight", "self-harm", "SELFHARM", "overdose", "overdosed last week",
                        "sucide", "suicde", "i don't want to live", "dont want to live", "end my life",
                        "quiero morir", "QUIERO MORIRME", "suicidio", "me quiero suicidar", "pensamientos suicidas",
                        "sobredosis", "envie de mourir", "je veux me suicider", "idées suicidaires",
                        "Mettre fin à mes jours", "suicide loss survivors",
                        "i keep thinking about ending it all",  // a page audit's sentence, missed once
                        "thinking about jumping off a bridge", "shooting myself"}) {  // the -ing forms too
    INFO(q);
    CHECK(c.matches(q));
  }
  for (const char* q : {"", "bipolar", "die", "killer whales", "dying plants", "suicide squad"}) {
    INFO(q);
    // "suicide squad" still names the word: flagging is cheap, missing danger is not.
    CHECK(c.matches(q) == (std::string(q) == "suicide squad"));
  }
  for (const char* q : {"peer support", "grief group", "self esteem", "kill time", "my life story"}) {
    INFO(q);
    CHECK_FALSE(c.matches(q));
  }
  // "overdone" is one edit from "overdose", and an everyday word the list names: as typed.
  CHECK_FALSE(c.matches("overdone"));
  CHECK(c.matches("overdoes"));
}

TEST_CASE("crisis: an everyday word stands only for itself, in any language's query", "[crisis]") {
  auto list = [](const char* everyday) {
    std::string json = R"({"format": "kindred-crisis-phrases/1", "languages": [
        {"language": "en", "phrases": ["cutting myself"]},
        {"language": "fr", "phrases": ["me pendre"])";
    json += everyday;
    json += "}]}";
    auto c = CrisisPhrases::parse(json, "x.json");
    REQUIRE(c);
    return *c;
  };
  const CrisisPhrases without = list("");
  const CrisisPhrases with = list(R"(, "everyday_words": ["Putting", "prendre"])");
  CHECK(without.matches("putting myself first"));  // one edit from "cutting"
  CHECK(without.matches("me prendre en main"));
  CHECK_FALSE(with.matches("putting myself first"));  // named by the French list, folded
  CHECK_FALSE(with.matches("me prendre en main"));
  for (const CrisisPhrases* c : {&without, &with}) {  // typos of the phrase words still match
    CHECK(c->matches("cuting myself"));
    CHECK(c->matches("i keep cutting myself"));
    CHECK(c->matches("me pendr"));
  }
}

TEST_CASE("crisis: a malformed phrase file is refused with every problem", "[crisis]") {
  auto bad = CrisisPhrases::parse(
      R"({"format": "kindred-crisis-phrases/2", "colour": 1,
          "languages": [{"language": "en", "phrases": ["ok", "", 3], "extra": true,
                         "everyday_words": ["fine", "two words", 4]}, 7]})",
      "crisis.json");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kCorrupt);
  CHECK(bad.error().message.rfind("crisis.json: ", 0) == 0);
  std::vector<std::string> paths;
  for (const auto& p : bad.error().details) paths.push_back(p.path);
  using V = std::vector<std::string>;
  CHECK(paths == V{"colour", "format", "languages[0].extra", "languages[0].everyday_words[1]",
                   "languages[0].everyday_words[2]", "languages[0].phrases[1]", "languages[0].phrases[2]",
                   "languages[1]"});
  CHECK_FALSE(CrisisPhrases::parse(
      R"({"format": "kindred-crisis-phrases/1", "languages": [{"language": "en", "phrases": ["x"], "everyday_words": "y"}]})",
      "x.json"));
  CHECK_FALSE(CrisisPhrases::parse("{", "x.json"));
  CHECK_FALSE(CrisisPhrases::parse(R"({"format": "kindred-crisis-phrases/1", "languages": []})", "x.json"));
  auto missing = CrisisPhrases::load("/nonexistent/crisis.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK_FALSE(CrisisPhrases().matches("suicide"));  // no list, no flag
}
