// make_document's stemmed terms: the same as Snowball's own answer for every word, in
// each language, also after a thread's remembered words pass their bound and start afresh
// (RememberingStem in core/index/index_document.cpp).
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "core/index/index_document.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

// Distinct lowercase words, with endings an English stemmer removes ("...ing", "...ness").
std::string pseudo_word(size_t n) {
  static const char* const kEndings[] = {"ing", "ness", "ed", "s", "ational"};
  std::string w = "q";
  for (size_t v = n; v; v /= 26) w += static_cast<char>('a' + v % 26);
  return w + kEndings[n % 5];
}

std::set<std::string> terms_of(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  return out;
}

Xapian::Document document_for(const std::string& id, const std::vector<std::string>& words,
                              const std::string& language, Xapian::TermGenerator& tg) {
  LoadedListing loaded;
  Listing& l = loaded.listing;
  l.id = id;
  l.name = "Group " + id;
  l.kind = "group";
  l.languages = {language};
  for (const auto& w : words) l.description += w + " ";
  return make_document(loaded, ComputedFields{}, test::vocabulary(), tg);
}

}  // namespace

TEST_CASE("every stemmed term is Snowball's own, past the remembered words' bound and per language",
          "[index]") {
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  Xapian::Stem english("english"), spanish("spanish");

  // 320 listings of 200 new words each: 64,000 distinct words, more than a thread's
  // stemmer remembers (50,000), so it starts afresh partway; the last listing repeats
  // the first one's words, asked again after that.
  std::vector<std::vector<std::string>> texts;
  for (size_t d = 0; d < 320; ++d) {
    std::vector<std::string> words;
    for (size_t i = 0; i < 200; ++i) words.push_back(pseudo_word(d * 200 + i + 1));
    texts.push_back(std::move(words));
  }
  texts.push_back(texts.front());
  size_t checked = 0;
  for (size_t d = 0; d < texts.size(); ++d) {
    auto terms = terms_of(document_for("doc-" + std::to_string(d), texts[d], "en", tg));
    for (const auto& w : texts[d]) {
      INFO("listing " << d << ", word " << w);
      REQUIRE(terms.count("Z" + english(w)) == 1);
      ++checked;
    }
  }
  CHECK(checked == 321 * 200);

  // Spanish text: Spanish stems for its own language, English ones beside them. The two
  // languages' remembered words never answer for each other.
  std::vector<std::string> words = {"corriendo", "grupos", "apoyo", "hablando", "recuperación"};
  for (int round = 0; round < 2; ++round) {
    auto terms = terms_of(document_for("es-" + std::to_string(round), words, "es", tg));
    auto en_terms = terms_of(document_for("en-" + std::to_string(round), {"corriendo", "grupos"}, "en", tg));
    for (const auto& w : {std::string("corriendo"), std::string("grupos"), std::string("apoyo"),
                          std::string("hablando")}) {
      INFO("round " << round << ", word " << w);
      CHECK(terms.count("Z" + spanish(w)) == 1);
      CHECK(terms.count("Z" + english(w)) == 1);
    }
    CHECK(spanish("corriendo") != english("corriendo"));
    CHECK(en_terms.count("Z" + english("corriendo")) == 1);
    CHECK(en_terms.count("Z" + spanish("corriendo")) == 0);
  }
}
